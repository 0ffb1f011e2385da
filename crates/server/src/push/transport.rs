//! Sending a [`PushRequest`] over HTTP. A trait so the sender can be driven
//! against anything answering like a push service.

use canal_webpush::PushRequest;
use std::future::Future;
use std::time::Duration;

/// What came back from the push service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The raw `Retry-After` header, if any.
    pub retry_after: Option<String>,
}

/// Why no answer came back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The request never left: no connection could be made. Retrying
    /// cannot deliver twice.
    #[error("not sent: {0}")]
    NotSent(String),
    /// The request may have reached the push service (timeout, reset):
    /// whether it was delivered is unknown.
    #[error("outcome unknown: {0}")]
    Unknown(String),
}

/// Something that POSTs push requests.
pub trait Transport: Send + Sync + 'static {
    /// Sends one request and reads the status.
    fn send(&self, request: PushRequest) -> impl Future<Output = Result<Answer, SendError>> + Send;
}

/// The real client: HTTP/1.1 and HTTP/2 over rustls with the webpki roots,
/// no OpenSSL, one connection pool for every push service.
#[derive(Clone, Debug)]
pub struct Http {
    client: reqwest::Client,
}

impl Http {
    /// A client whose requests give up after `timeout`.
    pub fn new(timeout: Duration) -> Result<Self, crate::AppError> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            // A push endpoint that redirects is misconfigured; following it
            // could POST the message somewhere unvetted.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| crate::AppError::Internal(format!("HTTP client: {e}")))?;
        Ok(Http { client })
    }
}

impl Transport for Http {
    async fn send(&self, request: PushRequest) -> Result<Answer, SendError> {
        let mut builder = self.client.post(&request.endpoint);
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        let response = builder.body(request.body).send().await.map_err(|e| {
            // A connect error means nothing reached the service; a request
            // builder error means nothing was sent at all.
            if e.is_connect() || e.is_builder() {
                SendError::NotSent(e.to_string())
            } else {
                SendError::Unknown(e.to_string())
            }
        })?;
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Ok(Answer {
            status: response.status().as_u16(),
            retry_after,
        })
    }
}
