//! The one place requests are made.

use gloo::net::http::Request;
use serde::de::DeserializeOwned;
use web_sys::AbortSignal;

/// Why a request failed; the cause is kept for the UI and the console.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an answer (server down, network, aborted).
    #[error("no answer from the server: {0}")]
    Network(String),
    /// The server answered with an error status.
    #[error("the server answered {status}: {message}")]
    Status {
        /// HTTP status.
        status: u16,
        /// The error message from the JSON body, or the status text.
        message: String,
    },
    /// The answer was not the JSON expected.
    #[error("unexpected answer from the server: {0}")]
    Decode(String),
}

/// `GET path` and decode the JSON answer. `signal` aborts it when the caller
/// goes away.
pub(crate) async fn get_json<T: DeserializeOwned>(
    path: &str,
    signal: Option<&AbortSignal>,
) -> Result<T, ApiError> {
    let response = Request::get(path)
        .abort_signal(signal)
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if !response.ok() {
        let status = response.status();
        let message = match response.json::<serde_json::Value>().await {
            Ok(body) => body["error"]["message"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| response.status_text()),
            Err(_) => response.status_text(),
        };
        return Err(ApiError::Status { status, message });
    }
    response
        .json::<T>()
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))
}
