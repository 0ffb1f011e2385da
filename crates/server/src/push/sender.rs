//! The background sender: claims due deliveries, sends them with a bound on
//! requests in flight, and settles each by the push service's answer.
//!
//! Every step takes `now` as an argument and sleeping happens only in
//! [`Sender::run`], so tests drive [`Sender::step`] through retries and
//! restarts without waiting. See the module docs of [`crate::push`] for the
//! at-most-once guarantee.

use super::sends::{event, event_contact};
use super::transport::{Answer, SendError, Transport};
use crate::auth::random_hex;
use crate::db::Db;
use crate::AppError;
use canal_core::EventKind;
use canal_webpush::response::{backoff, classify, Outcome};
use canal_webpush::vapid::{VapidKey, VapidSigner};
use canal_webpush::{PushRequest, Subscription, Topic, Urgency};
use futures_util::StreamExt;
use rand_core::OsRng;
use sqlx::Row;
use std::sync::Arc;
use std::time::Duration;

/// The sender's knobs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Deliveries claimed per step; memory is bounded by this.
    pub batch: usize,
    /// Attempts before a retryable delivery is given up as failed.
    pub max_attempts: u32,
    /// Longest wait for one push service answer.
    pub request_timeout: Duration,
    /// Seconds after which a `sending` row is settled as `unknown`: longer
    /// than any step can take, so no live worker's row is touched.
    pub stale_after: i64,
    /// Pause when nothing is due.
    pub idle_poll: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            concurrency: 32,
            batch: 256,
            max_attempts: 5,
            request_timeout: Duration::from_secs(30),
            // batch / concurrency rounds of at most one timeout each, doubled.
            stale_after: 2 * (256 / 32) * 30,
            idle_poll: Duration::from_secs(2),
        }
    }
}

/// What one step did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Deliveries claimed.
    pub claimed: usize,
    /// Accepted by the push service.
    pub delivered: usize,
    /// Subscription gone (404/410, or removed meanwhile); it was deleted.
    pub expired: usize,
    /// Put back for a later attempt.
    pub retried: usize,
    /// Given up: rejected, unexpected status or too many attempts.
    pub failed: usize,
    /// Sent, but no answer: never resent.
    pub unknown: usize,
}

/// One claimed delivery with what is needed to send it.
#[derive(Debug, Clone)]
pub struct Claimed {
    id: String,
    send_id: String,
    subscription_id: String,
    /// Attempts including this one.
    attempts: u32,
    /// `None` when the subscription was removed after the send was created.
    target: Option<Target>,
    payload: String,
    ttl: u32,
    /// When the send was created; with `ttl`, when the message goes stale.
    created_at: i64,
    urgency: String,
    topic: Option<String>,
    test: bool,
    token: String,
}

#[derive(Debug, Clone)]
struct Target {
    endpoint: String,
    p256dh: String,
    auth: String,
    contact_id: Option<String>,
}

/// How a delivery ends this step.
#[derive(Debug)]
enum Settle {
    Delivered(u16),
    Expired(Option<u16>),
    Retry { status: u16, after: u64 },
    Failed { status: Option<u16>, reason: String },
    Unknown(String),
}

/// Sends pending deliveries through a [`Transport`].
pub struct Sender<T> {
    db: Db,
    signer: VapidSigner,
    transport: Arc<T>,
    config: Config,
    cache: Option<Arc<crate::metrics::Cache>>,
}

impl<T: Transport> Sender<T> {
    /// A sender signing with `key` and naming `subject` as the contact.
    pub fn new(
        db: Db,
        key: VapidKey,
        subject: &str,
        transport: T,
        config: Config,
    ) -> Result<Self, AppError> {
        let signer = VapidSigner::new(key, subject)
            .map_err(|e| AppError::Internal(format!("VAPID subject: {e}")))?;
        Ok(Sender {
            db,
            signer,
            transport: Arc::new(transport),
            config,
            cache: None,
        })
    }

    /// Marks `cache` stale whenever a step records events, so the metrics
    /// endpoints see deliveries at once.
    pub fn with_cache(mut self, cache: Arc<crate::metrics::Cache>) -> Self {
        self.cache = Some(cache);
        self
    }

    /// Forever: settle stale rows, then send what is due, pausing when idle.
    pub async fn run(mut self) {
        let mut last_recovery = i64::MIN;
        loop {
            let now = crate::auth::now();
            if now.saturating_sub(last_recovery) >= self.config.stale_after / 2 {
                match self.recover(now).await {
                    Ok(0) => {}
                    Ok(n) => tracing::warn!(n, "push deliveries left in flight settled as unknown"),
                    Err(e) => tracing::error!(error = %e, "push sender recovery failed"),
                }
                last_recovery = now;
            }
            match self.step(now).await {
                Ok(s) if s.claimed > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "push sender step failed"),
            }
            tokio::time::sleep(self.config.idle_poll).await;
        }
    }

    /// Settles `sending` rows older than `stale_after` as `unknown`: their
    /// request may have been delivered, so they are not resent.
    pub async fn recover(&self, now: i64) -> Result<u64, AppError> {
        let _writer = self.db.writer().await;
        let done = sqlx::query(
            "UPDATE push_deliveries SET status = 'unknown', reason = 'interrupted', token = NULL, \
             updated_at = $1 WHERE status = 'sending' AND started_at <= $2",
        )
        .bind(now)
        .bind(now - self.config.stale_after)
        .execute(self.db.pool())
        .await?;
        Ok(done.rows_affected())
    }

    /// Claims and sends one batch of due deliveries.
    pub async fn step(&mut self, now: i64) -> Result<Step, AppError> {
        let claimed = self.claim(now).await?;
        self.deliver(claimed, now).await
    }

    /// Marks up to `batch` due deliveries `sending` under a fresh attempt
    /// token, committed before any request leaves.
    pub async fn claim(&self, now: i64) -> Result<Vec<Claimed>, AppError> {
        let token = random_hex(8)?;
        let (_writer, mut tx) = self.db.begin_write().await?;
        sqlx::query(&format!(
            "UPDATE push_deliveries SET status = 'sending', token = $1, started_at = $2, \
             attempts = attempts + 1, updated_at = $2 WHERE status = 'pending' AND id IN \
             (SELECT id FROM push_deliveries WHERE status = 'pending' AND next_at <= $2 \
             ORDER BY next_at LIMIT {})",
            self.config.batch
        ))
        .bind(&token)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let rows = sqlx::query(
            "SELECT d.id, d.send_id, d.subscription_id, d.attempts, s.endpoint, s.p256dh, s.auth, \
             s.contact_id, p.payload, p.ttl, p.created_at, p.urgency, p.topic, p.test FROM push_deliveries d \
             JOIN push_sends p ON p.id = d.send_id \
             LEFT JOIN push_subscriptions s ON s.id = d.subscription_id WHERE d.token = $1",
        )
        .bind(&token)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                let endpoint: Option<String> = r.try_get("endpoint")?;
                let target = match endpoint {
                    Some(endpoint) => Some(Target {
                        endpoint,
                        p256dh: r.try_get("p256dh")?,
                        auth: r.try_get("auth")?,
                        contact_id: r.try_get("contact_id")?,
                    }),
                    None => None,
                };
                let attempts: i64 = r.try_get("attempts")?;
                let ttl: i64 = r.try_get("ttl")?;
                let test: i64 = r.try_get("test")?;
                Ok(Claimed {
                    id: r.try_get("id")?,
                    send_id: r.try_get("send_id")?,
                    subscription_id: r.try_get("subscription_id")?,
                    attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                    target,
                    payload: r.try_get("payload")?,
                    ttl: u32::try_from(ttl).unwrap_or(0),
                    created_at: r.try_get("created_at")?,
                    urgency: r.try_get("urgency")?,
                    topic: r.try_get("topic")?,
                    test: test != 0,
                    token: token.clone(),
                })
            })
            .collect()
    }

    /// Sends claimed deliveries, at most `concurrency` at once, and settles
    /// them all in one transaction.
    pub async fn deliver(&mut self, claimed: Vec<Claimed>, now: i64) -> Result<Step, AppError> {
        let mut step = Step {
            claimed: claimed.len(),
            ..Step::default()
        };
        if claimed.is_empty() {
            return Ok(step);
        }
        let clock = u64::try_from(now).unwrap_or(0);
        let signer = &mut self.signer;
        let transport = &self.transport;
        let max_attempts = self.config.max_attempts;
        // Requests are built lazily as slots free up, so at most
        // `concurrency` encrypted bodies exist at once.
        let settled: Vec<(Claimed, Settle)> = futures_util::stream::iter(claimed)
            .map(|c| {
                // Nothing is encrypted for a message that will not go out.
                let request = match &c.target {
                    Some(t) if now <= c.stale_at() => Some(build(&c, t, signer, clock)),
                    _ => None,
                };
                let transport = Arc::clone(transport);
                async move {
                    let settle = attempt(&c, request, &*transport, now, max_attempts).await;
                    (c, settle)
                }
            })
            .buffer_unordered(self.config.concurrency.max(1))
            .collect()
            .await;
        self.settle(&settled, now, &mut step).await?;
        Ok(step)
    }

    async fn settle(
        &self,
        settled: &[(Claimed, Settle)],
        now: i64,
        step: &mut Step,
    ) -> Result<(), AppError> {
        let mut events = Vec::new();
        let (_writer, mut tx) = self.db.begin_write().await?;
        for (c, s) in settled {
            let (status, next_at, http, reason): (&str, i64, Option<u16>, Option<String>) = match s
            {
                Settle::Delivered(code) => ("delivered", now, Some(*code), None),
                Settle::Expired(code) => ("expired", now, *code, None),
                Settle::Retry { status, after } => (
                    "pending",
                    now.saturating_add(i64::try_from(*after).unwrap_or(i64::MAX)),
                    Some(*status).filter(|s| *s != 0),
                    None,
                ),
                Settle::Failed { status, reason } => ("failed", now, *status, Some(reason.clone())),
                Settle::Unknown(e) => ("unknown", now, None, Some(e.clone())),
            };
            // The token check leaves a row alone if recovery settled it
            // meanwhile: its outcome was already reported as unknown.
            let done = sqlx::query(
                "UPDATE push_deliveries SET status = $1, next_at = $2, http_status = $3, \
                 reason = $4, token = NULL, updated_at = $5 \
                 WHERE id = $6 AND token = $7 AND status = 'sending'",
            )
            .bind(status)
            .bind(next_at)
            .bind(http.map(i64::from))
            .bind(reason.as_deref())
            .bind(now)
            .bind(&c.id)
            .bind(&c.token)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                continue;
            }
            match s {
                Settle::Delivered(_) => {
                    step.delivered += 1;
                    if !c.test {
                        let contact = c.target.as_ref().and_then(|t| t.contact_id.clone());
                        let contact = event_contact(&c.subscription_id, contact);
                        events.push(event(
                            EventKind::Sent,
                            &c.send_id,
                            &c.subscription_id,
                            contact,
                            now,
                        ));
                    }
                }
                Settle::Expired(_) => {
                    step.expired += 1;
                    sqlx::query("DELETE FROM push_subscriptions WHERE id = $1")
                        .bind(&c.subscription_id)
                        .execute(&mut *tx)
                        .await?;
                }
                Settle::Retry { .. } => step.retried += 1,
                Settle::Failed { status, reason } => {
                    step.failed += 1;
                    if matches!(status, Some(400 | 401 | 403 | 413)) {
                        tracing::error!(delivery = %c.id, status, "push service rejected our request: a bug on our side");
                    } else {
                        tracing::warn!(delivery = %c.id, status, reason, "push delivery failed");
                    }
                }
                Settle::Unknown(e) => {
                    step.unknown += 1;
                    tracing::warn!(delivery = %c.id, error = %e, "push delivery outcome unknown; not resent");
                }
            }
        }
        crate::store::insert_events(&mut tx, &events, now).await?;
        tx.commit().await?;
        if !events.is_empty() {
            if let Some(cache) = &self.cache {
                // The `sent` events feed the KPIs and pressure.
                cache.invalidate();
            }
        }
        Ok(())
    }

    /// The earliest `next_at` of a pending delivery, for a caller that
    /// wants to know when to step next.
    pub async fn next_due(&self) -> Result<Option<i64>, AppError> {
        let row =
            sqlx::query("SELECT MIN(next_at) AS t FROM push_deliveries WHERE status = 'pending'")
                .fetch_one(self.db.pool())
                .await?;
        Ok(row.try_get("t")?)
    }
}

/// Sends one delivery, if it should still go, and decides what becomes of it.
async fn attempt<T: Transport>(
    c: &Claimed,
    request: Option<Result<PushRequest, String>>,
    transport: &T,
    now: i64,
    max_attempts: u32,
) -> Settle {
    let clock = u64::try_from(now).unwrap_or(0);
    let settle = match request {
        // A late message can do harm ("sale ends in an hour"), and the push
        // service cannot tell it is late.
        _ if now > c.stale_at() => Settle::Failed {
            status: None,
            reason: "the TTL lapsed before it could be sent".into(),
        },
        None => Settle::Expired(None),
        Some(Err(reason)) => Settle::Failed {
            status: None,
            reason,
        },
        Some(Ok(request)) => match transport.send(request).await {
            Ok(answer) => judge(&answer, clock, c.attempts, max_attempts),
            Err(SendError::NotSent(e)) if c.attempts >= max_attempts => Settle::Failed {
                status: None,
                reason: format!("not sent after {} attempts: {e}", c.attempts),
            },
            Err(SendError::NotSent(_)) => Settle::Retry {
                status: 0,
                after: backoff(c.attempts),
            },
            Err(SendError::Unknown(e)) => Settle::Unknown(e),
        },
    };
    match settle {
        Settle::Retry { status, after }
            if now.saturating_add(i64::try_from(after).unwrap_or(i64::MAX)) > c.stale_at() =>
        {
            Settle::Failed {
                status: Some(status).filter(|s| *s != 0),
                reason: format!("the TTL lapses before a retry (last status {status})"),
            }
        }
        other => other,
    }
}

impl Claimed {
    /// The last second at which sending still makes sense.
    fn stale_at(&self) -> i64 {
        self.created_at.saturating_add(i64::from(self.ttl))
    }
}

fn judge(answer: &Answer, now: u64, attempts: u32, max_attempts: u32) -> Settle {
    match classify(answer.status, answer.retry_after.as_deref(), now, attempts) {
        Outcome::Delivered => Settle::Delivered(answer.status),
        Outcome::Gone => Settle::Expired(Some(answer.status)),
        Outcome::Retry { status, .. } if attempts >= max_attempts => Settle::Failed {
            status: Some(status),
            reason: format!("gave up after {attempts} attempts (last status {status})"),
        },
        Outcome::Retry { status, after } => Settle::Retry { status, after },
        Outcome::Rejected { status } => Settle::Failed {
            status: Some(status),
            reason: format!("rejected with {status}"),
        },
        Outcome::Unexpected { status } => Settle::Failed {
            status: Some(status),
            reason: format!("unexpected status {status}"),
        },
    }
}

fn build(
    c: &Claimed,
    t: &Target,
    signer: &mut VapidSigner,
    now: u64,
) -> Result<PushRequest, String> {
    let subscription =
        Subscription::new(&t.endpoint, &t.p256dh, &t.auth).map_err(|e| e.to_string())?;
    let urgency = match c.urgency.as_str() {
        "very-low" => Urgency::VeryLow,
        "low" => Urgency::Low,
        "high" => Urgency::High,
        _ => Urgency::Normal,
    };
    let mut builder =
        PushRequest::for_subscription(&subscription, c.payload.as_bytes(), signer, now, &mut OsRng)
            .map_err(|e| e.to_string())?
            .ttl(c.ttl)
            .urgency(urgency);
    if let Some(topic) = &c.topic {
        builder = builder.topic(Topic::new(topic).map_err(|e| e.to_string())?);
    }
    Ok(builder.build())
}
