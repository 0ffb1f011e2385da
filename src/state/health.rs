//! What the app knows about its server.

use crate::services::ApiError;
use serde::Deserialize;
use std::rc::Rc;
use yew::Reducible;

/// The body of `GET /api/health`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct HealthReport {
    /// `ok` or `degraded`.
    pub status: String,
    /// Server version.
    pub version: String,
    /// Database status.
    pub database: DatabaseReport,
}

/// The database part of a [`HealthReport`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct DatabaseReport {
    /// `ok`, `error` or `none`.
    pub status: String,
    /// `sqlite` or `postgres`, when there is a database.
    #[serde(default)]
    pub kind: Option<String>,
}

/// The server's state as last seen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Health {
    /// No answer yet.
    #[default]
    Checking,
    /// The server answered.
    Connected(HealthReport),
    /// The last request failed.
    Unreachable {
        /// Why, for the tooltip (written when drawn, in the language shown).
        reason: ApiError,
    },
}

impl Health {
    /// Whether the server answered and its database is fine.
    pub fn is_healthy(&self) -> bool {
        matches!(self, Health::Connected(r) if r.status == "ok")
    }
}

/// The outcome of one health check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HealthAction {
    /// A report arrived.
    Report(HealthReport),
    /// The check failed.
    Failed(ApiError),
}

impl Reducible for Health {
    type Action = HealthAction;

    fn reduce(self: Rc<Self>, action: HealthAction) -> Rc<Self> {
        let next = match action {
            HealthAction::Report(report) => Health::Connected(report),
            HealthAction::Failed(reason) => Health::Unreachable { reason },
        };
        // Polling repeats the same answer; keep the old Rc so nothing re-renders.
        if *self == next {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(status: &str) -> HealthReport {
        HealthReport {
            status: status.into(),
            version: "0.1.0".into(),
            database: DatabaseReport {
                status: "ok".into(),
                kind: Some("sqlite".into()),
            },
        }
    }

    #[test]
    fn transitions() {
        let h = Rc::new(Health::default());
        let up = h.reduce(HealthAction::Report(report("ok")));
        assert!(up.is_healthy());
        let again = up.clone().reduce(HealthAction::Report(report("ok")));
        assert!(Rc::ptr_eq(&up, &again), "same report must not re-render");
        let refused = ApiError::Network("refused".into());
        let down = again.reduce(HealthAction::Failed(refused.clone()));
        assert_eq!(*down, Health::Unreachable { reason: refused });
        let degraded = down.reduce(HealthAction::Report(report("degraded")));
        assert!(!degraded.is_healthy());
    }

    #[test]
    fn parses_the_server_body() {
        let body =
            r#"{"status":"ok","version":"0.1.0","database":{"status":"ok","kind":"sqlite"}}"#;
        let r: HealthReport = serde_json::from_str(body).unwrap();
        assert_eq!(r, report("ok"));
        let none = r#"{"status":"ok","version":"1","database":{"status":"none"}}"#;
        assert_eq!(
            serde_json::from_str::<HealthReport>(none)
                .unwrap()
                .database
                .kind,
            None
        );
    }
}
