//! An in-process token bucket per client IP, for the login and the public
//! endpoints. One process, one map: enough for one machine; behind several
//! servers a shared limiter would be needed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets kept before idle (full) ones are dropped.
const PRUNE_AT: usize = 10_000;

/// A token bucket per IP: `burst` requests at once, refilled at `per_second`.
#[derive(Debug)]
pub struct RateLimiter {
    burst: f64,
    per_second: f64,
    // SipHash on purpose: the keys are chosen by clients.
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    /// A limiter allowing `burst` requests at once and `per_second` after.
    pub fn new(burst: u32, per_second: f64) -> Self {
        RateLimiter {
            burst: f64::from(burst),
            per_second,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `ip` at `now`; `Err(seconds)` says when to retry.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= PRUNE_AT {
            let (burst, rate) = (self.burst, self.per_second);
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.saturating_duration_since(*at).as_secs_f64() * rate < burst
            });
        }
        let (tokens, at) = buckets.entry(ip).or_insert((self.burst, now));
        let refilled = (*tokens
            + now.saturating_duration_since(*at).as_secs_f64() * self.per_second)
            .min(self.burst);
        *at = now;
        if refilled >= 1.0 {
            *tokens = refilled - 1.0;
            Ok(())
        } else {
            *tokens = refilled;
            Err(((1.0 - refilled) / self.per_second).ceil() as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bursts_then_refills() {
        let l = RateLimiter::new(3, 0.5);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        let t0 = Instant::now();
        let answers: Vec<_> = (0..4).map(|_| l.check(ip, t0)).collect();
        assert_eq!(answers, [Ok(()), Ok(()), Ok(()), Err(2)]);
        assert_eq!(l.check(other, t0), Ok(()));
        assert_eq!(l.check(ip, t0 + Duration::from_secs(1)), Err(1));
        assert_eq!(l.check(ip, t0 + Duration::from_secs(2)), Ok(()));
        assert_eq!(l.check(ip, t0 + Duration::from_secs(2)), Err(2));
    }
}
