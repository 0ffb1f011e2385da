//! The browser's clock. The core never reads one; the app asks here, once,
//! and passes the time down as data.

/// Seconds since the Unix epoch, now.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Milliseconds since the Unix epoch, for measuring how long a computation
/// took in the page.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
