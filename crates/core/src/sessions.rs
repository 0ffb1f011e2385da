//! Session time (SPEC §3): mean and median session duration.
//!
//! Two sources of sessions:
//! - **Explicit**: `session_start` / `session_end` pairs of one contact. When
//!   the events carry a session id, an end closes the open start with the
//!   same id; otherwise it closes the latest open start. A start that is
//!   never closed, or closed by nobody, and an end with no start are
//!   `unpaired` and left out of the durations.
//! - **Inferred**: a contact's visits and page views, cut into sessions
//!   wherever two consecutive ones are more than the gap apart (default 30
//!   minutes); a session lasts from its first to its last event, so a
//!   single-event session lasts 0 s (counted, and reported as
//!   `single_event`, the usual "bounce").
//!
//! A session belongs to the period holding its start.

use crate::contact_index::ContactIndex;
use crate::model::{Dataset, EventKind, NONE};
use crate::rate::{mean_median, Period};
use serde::{Deserialize, Serialize};

/// Where sessions come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionSource {
    /// `session_start` / `session_end` pairs.
    Explicit,
    /// Visits and page views cut at inactivity gaps.
    Inferred,
    /// Explicit when the data has any `session_start`, else inferred.
    Auto,
}

/// What to compute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionQuery {
    /// Sessions starting in this period.
    pub period: Period,
    /// Session source.
    pub source: SessionSource,
    /// Inactivity gap in seconds that ends an inferred session.
    pub gap: i64,
}

impl SessionQuery {
    /// Automatic source, 30-minute gap.
    pub fn new(period: Period) -> Self {
        SessionQuery {
            period,
            source: SessionSource::Auto,
            gap: 30 * 60,
        }
    }
}

/// Session durations over a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionStats {
    /// The source actually used (never `Auto`).
    pub source: SessionSource,
    /// Sessions counted.
    pub sessions: u64,
    /// Mean duration in seconds.
    pub mean_secs: Option<f64>,
    /// Median duration in seconds.
    pub median_secs: Option<f64>,
    /// Inferred sessions of a single event.
    pub single_event: u64,
    /// Explicit starts or ends without a partner.
    pub unpaired: u64,
}

/// Session durations of `query` over `ds`.
pub fn sessions(ds: &Dataset, idx: &ContactIndex, query: &SessionQuery) -> SessionStats {
    let ev = &ds.events;
    let source = match query.source {
        SessionSource::Auto if ev.kind.contains(&EventKind::SessionStart.code()) => {
            SessionSource::Explicit
        }
        SessionSource::Auto => SessionSource::Inferred,
        s => s,
    };
    let mut durations: Vec<i64> = Vec::new();
    let mut single_event = 0;
    let mut unpaired = 0;
    // Open explicit starts of the current contact: (session id, time).
    let mut open: Vec<(u32, i64)> = Vec::new();
    let p = query.period;
    for c in 0..idx.contacts() {
        let rows = idx.events(c);
        match source {
            SessionSource::Inferred => {
                let mut cur: Option<(i64, i64, u32)> = None;
                let mut close = |s: Option<(i64, i64, u32)>| {
                    if let Some((first, last, n)) = s {
                        if p.contains(first) {
                            durations.push(last - first);
                            single_event += u64::from(n == 1);
                        }
                    }
                };
                for r in rows {
                    if !matches!(ev.kind(r), EventKind::Visited | EventKind::PageView) {
                        continue;
                    }
                    let t = ev.ts[r];
                    cur = match cur {
                        Some((first, last, n)) if t - last <= query.gap => Some((first, t, n + 1)),
                        prev => {
                            close(prev);
                            Some((t, t, 1))
                        }
                    };
                }
                close(cur);
            }
            _ => {
                open.clear();
                for r in rows {
                    let sid = ev.session.get(r).copied().unwrap_or(NONE);
                    let t = ev.ts[r];
                    match ev.kind(r) {
                        EventKind::SessionStart => open.push((sid, t)),
                        EventKind::SessionEnd => {
                            let found = if sid == NONE {
                                open.len().checked_sub(1)
                            } else {
                                open.iter().rposition(|&(s, _)| s == sid)
                            };
                            match found {
                                Some(k) => {
                                    let (_, start) = open.remove(k);
                                    if p.contains(start) {
                                        durations.push(t - start);
                                    }
                                }
                                None => unpaired += 1,
                            }
                        }
                        _ => {}
                    }
                }
                unpaired += open.len() as u64;
            }
        }
    }
    let (mean_secs, median_secs) = mean_median(&mut durations);
    SessionStats {
        source,
        sessions: durations.len() as u64,
        mean_secs,
        median_secs,
        single_event,
        unpaired,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics_testkit::*;
    use crate::model::EventRow;

    /// `source n=.. mean=.. median=.. single=.. unpaired=..`
    fn check(rows: &[EventRow<'_>], source: SessionSource, expected: &str) {
        let ds = dataset(rows);
        let idx = ContactIndex::build(&ds);
        let mut q = SessionQuery::new(Period::new(0, 10_000));
        q.source = source;
        let s = sessions(&ds, &idx, &q);
        let f = |x: Option<f64>| x.map_or("-".to_owned(), |v| v.to_string());
        let got = format!(
            "{:?} n={} mean={} median={} single={} unpaired={}",
            s.source,
            s.sessions,
            f(s.mean_secs),
            f(s.median_secs),
            s.single_event,
            s.unpaired
        );
        assert_eq!(got, expected);
    }

    use SessionSource::{Auto, Explicit, Inferred};

    #[test]
    fn explicit_pairs() {
        check(
            &[ev("a", 0, Web, SessionStart), ev("a", 100, Web, SessionEnd)],
            Auto,
            "Explicit n=1 mean=100 median=100 single=0 unpaired=0",
        );
        check(
            &[
                ev("a", 0, Web, SessionStart),
                ev("a", 60, Web, SessionEnd),
                ev("b", 10, Web, SessionStart),
                ev("b", 40, Web, SessionEnd),
                ev("c", 0, Web, SessionStart),
                ev("c", 300, Web, SessionEnd),
            ],
            Explicit,
            "Explicit n=3 mean=130 median=60 single=0 unpaired=0",
        );
        // A dangling start and an end without start.
        check(
            &[
                ev("a", 0, Web, SessionStart),
                ev("b", 5, Web, SessionEnd),
                ev("c", 1, Web, SessionStart),
                ev("c", 2, Web, SessionEnd),
            ],
            Explicit,
            "Explicit n=1 mean=1 median=1 single=0 unpaired=2",
        );
        // Interleaved sessions pair by id.
        check(
            &[
                ev("a", 0, Web, SessionStart).session("s1"),
                ev("a", 10, Web, SessionStart).session("s2"),
                ev("a", 20, Web, SessionEnd).session("s1"),
                ev("a", 50, Web, SessionEnd).session("s2"),
            ],
            Explicit,
            "Explicit n=2 mean=30 median=30 single=0 unpaired=0",
        );
        // Sessions starting outside the period are left out.
        check(
            &[ev("a", -5, Web, SessionStart), ev("a", 5, Web, SessionEnd)],
            Explicit,
            "Explicit n=0 mean=- median=- single=0 unpaired=0",
        );
    }

    #[test]
    fn inferred_sessions_cut_at_thirty_minutes() {
        check(
            &[
                ev("a", 0, Web, PageView),
                ev("a", 1_800, Web, PageView),
                ev("a", 3_601, Web, Visited),
                ev("a", 3_700, Web, PageView),
                ev("b", 50, Web, Visited),
                ev("b", 60, Email, Sent),
            ],
            Auto,
            "Inferred n=3 mean=633 median=99 single=1 unpaired=0",
        );
        check(
            &[],
            Inferred,
            "Inferred n=0 mean=- median=- single=0 unpaired=0",
        );
    }
}
