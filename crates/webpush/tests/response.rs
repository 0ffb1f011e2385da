//! Classifying push service responses.

use canal_webpush::response::{backoff, classify, parse_retry_after, Outcome};

/// 784111777 is Sun, 06 Nov 1994 08:49:37 GMT, the date RFC 9110 uses.
const EPOCH_1994: u64 = 784_111_777;

fn check_retry_after(value: &str, now: u64, expected: Option<u64>) {
    assert_eq!(parse_retry_after(value, now), expected, "{value:?}");
}

#[test]
fn retry_after_values() {
    check_retry_after("120", 0, Some(120));
    check_retry_after(" 120 ", 0, Some(120));
    check_retry_after("0", 5, Some(0));
    check_retry_after("86400", 0, Some(86_400));
    check_retry_after("86401", 0, Some(86_400));
    check_retry_after("99999999999999999999999", 0, Some(86_400));
    check_retry_after("-5", 0, None);
    check_retry_after("1.5", 0, None);
    check_retry_after("+5", 0, None);
    check_retry_after("", 0, None);
    check_retry_after("soon", 0, None);
    check_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", EPOCH_1994 - 90, Some(90));
    check_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", EPOCH_1994 - 90, Some(90));
    check_retry_after("Sun Nov  6 08:49:37 1994", EPOCH_1994 - 90, Some(90));
    check_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", EPOCH_1994, Some(0));
    check_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", EPOCH_1994 + 3600, Some(0));
    check_retry_after(
        "Sun, 06 Nov 1994 08:49:37 GMT",
        EPOCH_1994 - 7 * 86_400,
        Some(86_400),
    );
    check_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", 0, Some(0));
    check_retry_after("Sun, 06 Nov 1994 08:49:37 UTC", EPOCH_1994 - 90, None);
    check_retry_after("Sun, 31 Nov 1994 08:49:37 GMT", 0, None);
    // chrono checks the weekday against the date; a wrong one is no date.
    check_retry_after("Mon, 06 Nov 1994 08:49:37 GMT", EPOCH_1994 - 90, None);
}

fn check(status: u16, retry_after: Option<&str>, attempt: u32, expected: Outcome) {
    let now = EPOCH_1994 - 600;
    assert_eq!(
        classify(status, retry_after, now, attempt),
        expected,
        "{status} {retry_after:?} {attempt}"
    );
}

#[test]
fn outcomes() {
    use Outcome::*;
    check(201, None, 1, Delivered);
    check(202, None, 1, Delivered);
    check(200, None, 1, Delivered);
    check(404, None, 1, Gone);
    check(410, Some("30"), 3, Gone);
    check(
        429,
        Some("120"),
        1,
        Retry {
            status: 429,
            after: 120,
        },
    );
    check(
        429,
        Some("5"),
        4,
        Retry {
            status: 429,
            after: 5,
        },
    ); // the service knows best
    check(
        429,
        Some("Sun, 06 Nov 1994 08:49:37 GMT"),
        1,
        Retry {
            status: 429,
            after: 600,
        },
    );
    check(
        429,
        None,
        1,
        Retry {
            status: 429,
            after: 30,
        },
    );
    check(
        429,
        Some("later"),
        3,
        Retry {
            status: 429,
            after: 120,
        },
    );
    check(
        500,
        None,
        1,
        Retry {
            status: 500,
            after: 30,
        },
    );
    check(
        502,
        None,
        2,
        Retry {
            status: 502,
            after: 60,
        },
    );
    check(
        503,
        Some("300"),
        2,
        Retry {
            status: 503,
            after: 300,
        },
    );
    check(
        503,
        Some("10"),
        2,
        Retry {
            status: 503,
            after: 60,
        },
    );
    check(
        599,
        None,
        20,
        Retry {
            status: 599,
            after: 3600,
        },
    );
    check(
        408,
        None,
        1,
        Retry {
            status: 408,
            after: 30,
        },
    );
    check(400, None, 1, Rejected { status: 400 });
    check(401, None, 1, Rejected { status: 401 });
    check(403, None, 1, Rejected { status: 403 });
    check(413, None, 1, Rejected { status: 413 });
    check(301, None, 1, Unexpected { status: 301 });
    check(405, None, 1, Unexpected { status: 405 });
    check(100, None, 1, Unexpected { status: 100 });
}

#[test]
fn backoff_doubles_then_caps() {
    let cases = [
        (0, 30),
        (1, 30),
        (2, 60),
        (3, 120),
        (4, 240),
        (5, 480),
        (6, 960),
        (7, 1920),
        (8, 3600),
        (64, 3600),
        (65, 3600),
        (u32::MAX, 3600),
    ];
    for (attempt, secs) in cases {
        assert_eq!(backoff(attempt), secs, "attempt {attempt}");
    }
}

proptest::proptest! {
    #[test]
    fn backoff_never_shrinks(attempt in 0u32..200) {
        proptest::prop_assert!(backoff(attempt + 1) >= backoff(attempt));
    }
}
