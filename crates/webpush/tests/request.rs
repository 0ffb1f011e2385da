//! Push requests as data, and a mock push service that checks them.

mod common;

use canal_webpush::vapid::{verify, VapidKey, VapidSigner};
use canal_webpush::{
    decrypt, public_bytes, Error, PushRequest, SecretKey, Subscription, Topic, Urgency,
};
use common::enc;
use rand_core::OsRng;

const UA_PUBLIC: &str =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
const ENDPOINT: &str = "https://push.example.net:8443/wpush/v2/abc";

fn check_topic(topic: &str, ok: bool) {
    let expected = if ok {
        Ok(topic.to_owned())
    } else {
        Err(Error::InvalidTopic(topic.into()))
    };
    assert_eq!(Topic::new(topic).map(|t| t.as_str().to_owned()), expected);
}

#[test]
fn topics() {
    check_topic("a", true);
    check_topic("new-orders_2026", true);
    check_topic("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef", true); // 32
    check_topic("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg", false); // 33
    check_topic("", false);
    check_topic("has space", false);
    check_topic("a+b", false);
    check_topic("a/b", false);
    check_topic("abc=", false);
    check_topic("café", false);
}

#[test]
fn urgencies() {
    let cases = [
        (Urgency::VeryLow, "very-low"),
        (Urgency::Low, "low"),
        (Urgency::Normal, "normal"),
        (Urgency::High, "high"),
    ];
    for (urgency, text) in cases {
        assert_eq!(urgency.as_str(), text);
    }
}

#[test]
fn headers_with_everything_set() {
    let request = PushRequest::builder(ENDPOINT)
        .unwrap()
        .ttl(600)
        .urgency(Urgency::High)
        .topic(Topic::new("orders").unwrap())
        .authorization("vapid t=x.y.z, k=K".into())
        .encrypted_body(vec![1, 2, 3])
        .build();
    assert_eq!(request.endpoint, ENDPOINT);
    assert_eq!(
        request.headers,
        [
            ("ttl", "600".to_owned()),
            ("urgency", "high".to_owned()),
            ("topic", "orders".to_owned()),
            ("authorization", "vapid t=x.y.z, k=K".to_owned()),
            ("content-encoding", "aes128gcm".to_owned()),
            ("content-type", "application/octet-stream".to_owned()),
        ]
    );
    assert_eq!(request.body, [1, 2, 3]);
    assert_eq!(request.header("topic"), Some("orders"));
    assert_eq!(request.header("Topic"), None);
}

#[test]
fn push_without_payload_has_no_content_headers() {
    let request = PushRequest::builder(ENDPOINT).unwrap().ttl(0).build();
    assert_eq!(request.headers, [("ttl", "0".to_owned())]);
    assert!(request.body.is_empty());
    let default_ttl = PushRequest::builder(ENDPOINT).unwrap().build();
    assert_eq!(default_ttl.header("ttl"), Some("86400"));
}

#[test]
fn endpoint_must_be_http_url() {
    for endpoint in [
        "",
        "push.example.net/x",
        "ftp://push.example.net/x",
        "mailto:a@b.c",
    ] {
        assert_eq!(
            PushRequest::builder(endpoint).map(|_| ()).unwrap_err(),
            Error::InvalidEndpoint(endpoint.into())
        );
    }
}

fn check_subscription(json: &str, expected: Result<(), Error>) {
    assert_eq!(
        Subscription::from_json(json).map(|_| ()),
        expected,
        "{json}"
    );
}

#[test]
fn subscription_json() {
    let good = format!(
        r#"{{"endpoint":"{ENDPOINT}","expirationTime":null,"keys":{{"p256dh":"{UA_PUBLIC}","auth":"{AUTH}"}}}}"#
    );
    let parsed = Subscription::from_json(&good).unwrap();
    assert_eq!(parsed.endpoint, ENDPOINT);
    assert_eq!(enc(parsed.keys.public_bytes()), UA_PUBLIC);
    assert_eq!(enc(parsed.keys.auth()), AUTH);
    check_subscription(&good, Ok(()));
    check_subscription("{}", Err(Error::MalformedSubscription));
    check_subscription("not json", Err(Error::MalformedSubscription));
    check_subscription(
        &format!(r#"{{"endpoint":"{ENDPOINT}","keys":{{"p256dh":"{UA_PUBLIC}"}}}}"#),
        Err(Error::MalformedSubscription),
    );
    check_subscription(
        &format!(r#"{{"endpoint":"/relative","keys":{{"p256dh":"{UA_PUBLIC}","auth":"{AUTH}"}}}}"#),
        Err(Error::InvalidEndpoint("/relative".into())),
    );
    check_subscription(
        &format!(r#"{{"endpoint":"{ENDPOINT}","keys":{{"p256dh":"{AUTH}","auth":"{AUTH}"}}}}"#),
        Err(Error::InvalidReceiverKey),
    );
}

/// What a push service does with a request: check VAPID for its own origin,
/// then (standing in for the user agent) decrypt the body.
fn mock_push_service(
    request: &PushRequest,
    origin: &str,
    now: u64,
    ua: &SecretKey,
    auth: &[u8],
) -> Vec<u8> {
    assert_eq!(request.header("content-encoding"), Some("aes128gcm"));
    let authorization = request.header("authorization").expect("VAPID header");
    let verified = verify(authorization, origin, now).expect("VAPID verifies");
    assert_eq!(verified.claims.sub, "mailto:ops@canal.example");
    assert!(request.body.len() <= 4096);
    decrypt(ua, auth, &request.body).expect("body decrypts")
}

#[test]
fn end_to_end_through_a_mock_push_service() {
    let ua = SecretKey::random(&mut OsRng);
    let auth = [0x17u8; 16];
    let subscription = Subscription::new(
        "http://127.0.0.1:8088/push/sub-1",
        &enc(&public_bytes(&ua.public_key())),
        &enc(&auth),
    )
    .unwrap();
    let mut signer =
        VapidSigner::new(VapidKey::generate(&mut OsRng), "mailto:ops@canal.example").unwrap();
    let now = 1_764_000_000;
    let payload = br#"{"title":"Daily KPIs","body":"Email reply rate 12.5%"}"#;
    let request =
        PushRequest::for_subscription(&subscription, payload, &mut signer, now, &mut OsRng)
            .unwrap()
            .urgency(Urgency::Low)
            .build();
    assert_eq!(request.endpoint, "http://127.0.0.1:8088/push/sub-1");
    assert_eq!(request.header("urgency"), Some("low"));
    let received = mock_push_service(&request, "http://127.0.0.1:8088", now + 60, &ua, &auth);
    assert_eq!(received, payload);
    // Same origin, another port: a different audience, so the mock rejects it.
    let authorization = request.header("authorization").unwrap();
    assert!(verify(authorization, "http://127.0.0.1:8089", now).is_err());
}

#[test]
fn for_subscription_rejects_oversize_payload() {
    let subscription = Subscription::new(ENDPOINT, UA_PUBLIC, AUTH).unwrap();
    let mut signer =
        VapidSigner::new(VapidKey::generate(&mut OsRng), "mailto:ops@canal.example").unwrap();
    let result =
        PushRequest::for_subscription(&subscription, &[0; 3994], &mut signer, 0, &mut OsRng);
    assert_eq!(
        result.map(|_| ()).unwrap_err(),
        Error::PlaintextTooLong {
            len: 3994,
            max: 3993
        }
    );
}
