//! A push message as an HTTP request described as data (RFC 8030 §5): the
//! server's HTTP client sends it as `POST endpoint` with these headers.

use rand_core::CryptoRngCore;
use serde::Deserialize;

use crate::vapid::{audience, VapidSigner};
use crate::{Error, SubscriptionKeys};

/// TTL used when none is set: a day, long enough for a device that is
/// offline overnight to still receive the message.
pub const DEFAULT_TTL: u32 = 24 * 60 * 60;
/// Longest topic a push service accepts (RFC 8030 §5.4).
pub const MAX_TOPIC_LEN: usize = 32;

/// A browser's push subscription: where to send and how to encrypt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The push endpoint URL.
    pub endpoint: String,
    /// The receiver's key and auth secret.
    pub keys: SubscriptionKeys,
}

#[derive(Deserialize)]
struct SubscriptionJson {
    endpoint: String,
    keys: KeysJson,
}

#[derive(Deserialize)]
struct KeysJson {
    p256dh: String,
    auth: String,
}

impl Subscription {
    /// Validates the endpoint (an http(s) URL with a host) and the keys, given
    /// as the base64url strings the browser reports.
    pub fn new(endpoint: &str, p256dh: &str, auth: &str) -> Result<Self, Error> {
        check_endpoint(endpoint)?;
        Ok(Self {
            endpoint: endpoint.to_owned(),
            keys: SubscriptionKeys::from_base64(p256dh, auth)?,
        })
    }

    /// Reads the JSON of `PushSubscription.toJSON()`:
    /// `{"endpoint": …, "keys": {"p256dh": …, "auth": …}}`; other fields such
    /// as `expirationTime` are ignored.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let parsed: SubscriptionJson =
            serde_json::from_str(json).map_err(|_| Error::MalformedSubscription)?;
        Self::new(&parsed.endpoint, &parsed.keys.p256dh, &parsed.keys.auth)
    }
}

/// How urgently the user agent should be woken (RFC 8030 §5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Urgency {
    /// Deliver only when on power and Wi-Fi.
    VeryLow,
    /// Deliver on power or Wi-Fi.
    Low,
    /// Deliver unless the battery is low; the default when no header is sent.
    Normal,
    /// Deliver even on low battery.
    High,
}

impl Urgency {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::VeryLow => "very-low",
            Urgency::Low => "low",
            Urgency::Normal => "normal",
            Urgency::High => "high",
        }
    }
}

/// A message topic: a newer message with the same topic replaces one still
/// waiting at the push service (RFC 8030 §5.4).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Topic(String);

impl Topic {
    /// Accepts 1 to 32 characters of the base64url alphabet.
    pub fn new(topic: &str) -> Result<Self, Error> {
        let valid = !topic.is_empty()
            && topic.len() <= MAX_TOPIC_LEN
            && topic
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if valid {
            Ok(Self(topic.to_owned()))
        } else {
            Err(Error::InvalidTopic(topic.to_owned()))
        }
    }

    /// The topic text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An HTTP request to a push service, ready to be sent as `POST endpoint`.
/// Header names are lower-case, as HTTP/2 requires and `http::HeaderName`
/// expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushRequest {
    /// The URL to POST to.
    pub endpoint: String,
    /// Header names and values, in a stable order.
    pub headers: Vec<(&'static str, String)>,
    /// The encrypted body; empty for a push without payload.
    pub body: Vec<u8>,
}

impl PushRequest {
    /// Starts a request to `endpoint`, which must be an http(s) URL.
    pub fn builder(endpoint: &str) -> Result<PushRequestBuilder, Error> {
        check_endpoint(endpoint)?;
        Ok(PushRequestBuilder {
            endpoint: endpoint.to_owned(),
            ttl: DEFAULT_TTL,
            urgency: None,
            topic: None,
            authorization: None,
            body: None,
        })
    }

    /// Encrypts `payload` for `subscription` and signs for its push service:
    /// the usual way to make a request. Set TTL, urgency or topic on the
    /// returned builder.
    pub fn for_subscription<R: CryptoRngCore>(
        subscription: &Subscription,
        payload: &[u8],
        signer: &mut VapidSigner,
        now: u64,
        rng: &mut R,
    ) -> Result<PushRequestBuilder, Error> {
        // Encrypt first: an oversize payload then fails before any signing.
        #[cfg(feature = "ring")]
        let body = {
            // ring draws its own key and salt from the OS.
            let _ = rng;
            crate::message::encrypt_ring(&subscription.keys, payload)?
        };
        #[cfg(not(feature = "ring"))]
        let body = crate::encrypt(&subscription.keys, payload, rng)?;
        let authorization = signer
            .authorization(&subscription.endpoint, now)?
            .to_owned();
        Ok(Self::builder(&subscription.endpoint)?
            .authorization(authorization)
            .encrypted_body(body))
    }

    /// The value of header `name` (lower-case), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Collects the parts of a [`PushRequest`].
#[derive(Debug, Clone)]
pub struct PushRequestBuilder {
    endpoint: String,
    ttl: u32,
    urgency: Option<Urgency>,
    topic: Option<Topic>,
    authorization: Option<String>,
    body: Option<Vec<u8>>,
}

impl PushRequestBuilder {
    /// Seconds the push service keeps the message for an offline device;
    /// 0 means deliver now or never.
    pub fn ttl(mut self, seconds: u32) -> Self {
        self.ttl = seconds;
        self
    }

    /// Sets the `Urgency` header.
    pub fn urgency(mut self, urgency: Urgency) -> Self {
        self.urgency = Some(urgency);
        self
    }

    /// Sets the `Topic` header.
    pub fn topic(mut self, topic: Topic) -> Self {
        self.topic = Some(topic);
        self
    }

    /// Sets the `Authorization` header, normally a VAPID value.
    pub fn authorization(mut self, value: String) -> Self {
        self.authorization = Some(value);
        self
    }

    /// Sets a body already encrypted with `aes128gcm`.
    pub fn encrypted_body(mut self, body: Vec<u8>) -> Self {
        self.body = Some(body);
        self
    }

    /// The finished request. Without a body, no content headers are sent:
    /// the push then only wakes the service worker.
    pub fn build(self) -> PushRequest {
        let mut headers = vec![("ttl", self.ttl.to_string())];
        if let Some(urgency) = self.urgency {
            headers.push(("urgency", urgency.as_str().to_owned()));
        }
        if let Some(topic) = self.topic {
            headers.push(("topic", topic.0));
        }
        if let Some(authorization) = self.authorization {
            headers.push(("authorization", authorization));
        }
        if self.body.is_some() {
            headers.push(("content-encoding", "aes128gcm".to_owned()));
            headers.push(("content-type", "application/octet-stream".to_owned()));
        }
        PushRequest {
            endpoint: self.endpoint,
            headers,
            body: self.body.unwrap_or_default(),
        }
    }
}

fn check_endpoint(endpoint: &str) -> Result<(), Error> {
    audience(endpoint)
        .map(|_| ())
        .map_err(|_| Error::InvalidEndpoint(endpoint.to_owned()))
}
