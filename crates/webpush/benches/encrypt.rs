//! Cost of one push message: RFC 8291 encryption (two P-256 scalar
//! multiplications, HKDF, AES-GCM) plus the VAPID header, signed afresh or
//! taken from the per-origin cache.

use std::hint::black_box;

use canal_webpush::vapid::{Claims, VapidKey, VapidSigner};
use canal_webpush::{encrypt, public_bytes, PushRequest, SecretKey, Subscription};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rand_core::OsRng;

const ENDPOINT: &str = "https://fcm.googleapis.com/fcm/send/abc";
const NOW: u64 = 1_764_000_000;

fn subscription() -> Subscription {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let ua = SecretKey::random(&mut OsRng);
    Subscription::new(
        ENDPOINT,
        &URL_SAFE_NO_PAD.encode(public_bytes(&ua.public_key())),
        &URL_SAFE_NO_PAD.encode([7u8; 16]),
    )
    .expect("generated keys are valid")
}

fn bench(c: &mut Criterion) {
    let subscription = subscription();
    // A typical notification: a title, a line of text and a link.
    let payload = br#"{"title":"Daily KPIs","body":"Email reply rate 12.5% (+1.2 pts)","url":"/channels/email"}"#;
    let key = VapidKey::generate(&mut OsRng);
    let claims = Claims::for_endpoint(ENDPOINT, NOW + 12 * 3600, "mailto:ops@canal.example")
        .expect("valid claims");
    let mut signer = VapidSigner::new(key.clone(), "mailto:ops@canal.example").expect("valid sub");

    let mut group = c.benchmark_group("push_message");
    group.throughput(Throughput::Elements(1));
    group.bench_function("encrypt_only", |b| {
        b.iter(|| encrypt(&subscription.keys, black_box(payload), &mut OsRng).unwrap())
    });
    group.bench_function("vapid_sign_only", |b| {
        b.iter(|| key.authorization(black_box(&claims), NOW).unwrap())
    });
    group.bench_function("encrypt_fresh_vapid", |b| {
        b.iter(|| {
            let header = key.authorization(black_box(&claims), NOW).unwrap();
            let body = encrypt(&subscription.keys, black_box(payload), &mut OsRng).unwrap();
            (header, body)
        })
    });
    group.bench_function("encrypt_cached_vapid_request", |b| {
        b.iter(|| {
            PushRequest::for_subscription(
                &subscription,
                black_box(payload),
                &mut signer,
                NOW,
                &mut OsRng,
            )
            .unwrap()
            .build()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
