//! The one place requests are made.

use crate::i18n::Text;
use gloo::net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStreamDefaultReader};

/// Why a request failed; the cause is kept for the UI and the console.
/// It is written in the UI's language ([`crate::i18n::current`]); the
/// server's own message stays as the server wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer (server down, network, aborted).
    Network(String),
    /// The server answered with an error status.
    Status {
        /// HTTP status.
        status: u16,
        /// The error message from the JSON body, or the status text.
        message: String,
        /// The error's code from the JSON body (`invalid_setting`, …).
        code: Option<String>,
    },
    /// The answer was not the JSON expected.
    Decode(String),
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = |text: Text| text.get(crate::i18n::current());
        match self {
            ApiError::Network(cause) => write!(f, "{}: {cause}", t(Text::ApiNoAnswer)),
            ApiError::Status {
                status,
                message,
                code,
            } => {
                // The server's generic answers, said in the UI's language;
                // the others name fields and values, in the server's words.
                let said = code
                    .as_deref()
                    .and_then(said_for)
                    .map_or(message.as_str(), t);
                write!(f, "{} {status}: {said}", t(Text::ApiServerAnswered))
            }
            ApiError::Decode(cause) => write!(f, "{}: {cause}", t(Text::ApiUnexpectedAnswer)),
        }
    }
}

/// What the UI says for a server error code whose message is the same
/// whatever the request (`canal-server`'s `AppError`), if it is one.
fn said_for(code: &str) -> Option<Text> {
    Some(match code {
        "not_found" => Text::ApiNotFound,
        "unauthorized" => Text::ApiUnauthorized,
        "rate_limited" => Text::ApiRateLimited,
        "internal" => Text::ApiInternal,
        _ => return None,
    })
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// The server's error code, when it answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Status { code, .. } => code.as_deref(),
            _ => None,
        }
    }
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
    decode(ok(response).await?).await
}

/// `POST path` with a JSON body and decode the JSON answer.
pub(crate) async fn post_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let response = Request::post(path)
        .json(body)
        .map_err(|e| ApiError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    decode(ok(response).await?).await
}

/// `PUT path` with a JSON body and decode the JSON answer.
pub(crate) async fn put_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let response = Request::put(path)
        .json(body)
        .map_err(|e| ApiError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    decode(ok(response).await?).await
}

/// `DELETE path`, ignoring the answer's body.
pub(crate) async fn delete(path: &str) -> Result<(), ApiError> {
    let response = Request::delete(path)
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    ok(response).await.map(drop)
}

/// `POST path` with no body, ignoring the answer's body.
pub(crate) async fn post_empty(path: &str) -> Result<(), ApiError> {
    let response = Request::post(path)
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    ok(response).await.map(drop)
}

/// `GET path` and hand the body to `on_chunk` as it arrives, so a large
/// export never sits in memory (or in one JS string) whole. Returns the
/// bytes read.
pub(crate) async fn get_stream(
    path: &str,
    signal: Option<&AbortSignal>,
    mut on_chunk: impl FnMut(&[u8]),
) -> Result<u64, ApiError> {
    let response = Request::get(path)
        .abort_signal(signal)
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let response = ok(response).await?;
    let Some(body) = response.body() else {
        return Ok(0);
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut buf = Vec::new();
    let mut total = 0u64;
    loop {
        let result = JsFuture::from(reader.read())
            .await
            .map_err(|e| ApiError::Network(format!("{e:?}")))?;
        let done = js_sys::Reflect::get(&result, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(total);
        }
        let value = js_sys::Reflect::get(&result, &"value".into())
            .map_err(|e| ApiError::Decode(format!("{e:?}")))?;
        let chunk = js_sys::Uint8Array::new(&value);
        // One buffer for the whole stream: chunks are copied in, not allocated.
        buf.resize(chunk.length() as usize, 0);
        chunk.copy_to(&mut buf);
        total += buf.len() as u64;
        on_chunk(&buf);
    }
}

/// `response` if its status is a success, else the error it carries.
async fn ok(response: Response) -> Result<Response, ApiError> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let body = response.json::<serde_json::Value>().await.ok();
    let error = body.as_ref().map(|b| &b["error"]);
    let message = error
        .and_then(|e| e["message"].as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| response.status_text());
    let code = error.and_then(|e| e["code"].as_str()).map(str::to_owned);
    Err(ApiError::Status {
        status,
        message,
        code,
    })
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    response
        .json::<T>()
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{set_current, Locale};

    fn status(status: u16, code: &str, message: &str) -> ApiError {
        ApiError::Status {
            status,
            message: message.into(),
            code: Some(code.into()),
        }
    }

    /// The server's generic answers are said in the UI's language; an
    /// answer that names fields keeps the server's words.
    #[test]
    fn generic_server_errors_are_said_in_the_ui_language() {
        let gone = status(404, "not_found", "No such resource.");
        let limited = status(429, "rate_limited", "Too many requests; slow down.");
        let invalid = status(422, "invalid", "1 invalid field(s); nothing was written.");
        set_current(Locale::Es);
        assert_eq!(
            gone.to_string(),
            "el servidor respondió 404: eso no existe en el servidor"
        );
        assert_eq!(
            limited.to_string(),
            "el servidor respondió 429: demasiadas peticiones; espera un momento y vuelve a intentarlo"
        );
        assert_eq!(
            invalid.to_string(),
            "el servidor respondió 422: 1 invalid field(s); nothing was written."
        );
        assert_eq!(
            status(500, "internal", "Something went wrong").to_string(),
            "el servidor respondió 500: algo ha fallado en el servidor; ha quedado registrado"
        );
        set_current(Locale::En);
        assert_eq!(
            status(401, "unauthorized", "Log in or send an API token.").to_string(),
            "the server answered 401: log in again: the session has ended"
        );
        assert_eq!(
            invalid.to_string(),
            "the server answered 422: 1 invalid field(s); nothing was written."
        );
    }
}
