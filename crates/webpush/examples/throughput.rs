//! CPU time per push message, read from the kernel's per-thread accounting
//! (`/proc/thread-self/schedstat`, Linux only) rather than the wall clock, so
//! the figure holds on a machine shared with other builds, where criterion's
//! wall-clock times are inflated by waiting for a core.
//!
//! `cargo run --release -p canal-webpush --example throughput`

use canal_webpush::vapid::{Claims, VapidKey, VapidSigner};
use canal_webpush::{encrypt, public_bytes, PushRequest, SecretKey, Subscription};
use rand_core::OsRng;
use std::hint::black_box;

fn cpu_ns() -> u64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    s.split_whitespace().next().unwrap().parse().unwrap()
}

fn measure(name: &str, n: u32, mut f: impl FnMut()) {
    for _ in 0..n / 10 {
        f();
    }
    let (c0, t0) = (cpu_ns(), std::time::Instant::now());
    for _ in 0..n {
        f();
    }
    let (cpu, wall) = (
        (cpu_ns() - c0) as f64 / n as f64,
        t0.elapsed().as_nanos() as f64 / n as f64,
    );
    println!(
        "{name:32} cpu {:8.1} us/op = {:7.0} op/s per core   (wall {:8.1} us)",
        cpu / 1e3,
        1e9 / cpu,
        wall / 1e3
    );
}

fn main() {
    use base64::Engine;
    let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let ua = SecretKey::random(&mut OsRng);
    let endpoint = "https://fcm.googleapis.com/fcm/send/abc";
    let sub = Subscription::new(
        endpoint,
        &e.encode(public_bytes(&ua.public_key())),
        &e.encode([7u8; 16]),
    )
    .unwrap();
    let payload = br#"{"title":"Daily KPIs","body":"Email reply rate 12.5% (+1.2 pts)","url":"/channels/email"}"#;
    let key = VapidKey::generate(&mut OsRng);
    let now = 1_764_000_000;
    let claims = Claims::for_endpoint(endpoint, now + 43200, "mailto:ops@canal.example").unwrap();
    let mut signer = VapidSigner::new(key.clone(), "mailto:ops@canal.example").unwrap();
    let n = 3000;
    measure("secret_key_random+public", n, || {
        black_box(SecretKey::random(&mut OsRng).public_key());
    });
    measure("encrypt_only", n, || {
        black_box(encrypt(&sub.keys, payload, &mut OsRng).unwrap());
    });
    measure("vapid_sign_only", n, || {
        black_box(key.authorization(&claims, now).unwrap());
    });
    measure("encrypt_fresh_vapid", n, || {
        black_box((
            key.authorization(&claims, now).unwrap(),
            encrypt(&sub.keys, payload, &mut OsRng).unwrap(),
        ));
    });
    #[cfg(feature = "ring")]
    measure("encrypt_ring_only", n, || {
        black_box(canal_webpush::encrypt_ring(&sub.keys, payload).unwrap());
    });
    measure("encrypt_cached_vapid_request", n, || {
        black_box(
            PushRequest::for_subscription(&sub, payload, &mut signer, now, &mut OsRng)
                .unwrap()
                .build(),
        );
    });
}
