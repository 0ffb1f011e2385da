//! `/api/metrics/*`: the same core computations run by the server, for data
//! sets too large to load into a browser tab.
//!
//! The answers are the core's report types serialised as JSON (see
//! `crates/server/src/routes/metrics.rs`); the app reads them as JSON
//! values rather than keeping a second copy of every report type.

use super::requests::{get_json, ApiError};
use super::wire::Url;
use web_sys::AbortSignal;

/// Which report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    /// KPIs of the period per channel and in total, with the previous period.
    Summary,
    /// KPIs grouped (`group_by`).
    Kpis,
    /// Reactivations credited to channels.
    Reactivation,
    /// A funnel over `steps`.
    Funnel,
    /// Support: inbound share, categories, response time, satisfaction.
    Support,
    /// Sessions.
    Sessions,
    /// Engagement by age band.
    AgeBands,
    /// RFM segments and grid.
    Rfm,
    /// A/B/C tiers.
    Tiers,
}

impl Report {
    /// The endpoint path.
    pub fn path(self) -> &'static str {
        match self {
            Report::Summary => "/api/metrics/summary",
            Report::Kpis => "/api/metrics/kpis",
            Report::Reactivation => "/api/metrics/reactivation",
            Report::Funnel => "/api/metrics/funnel",
            Report::Support => "/api/metrics/support",
            Report::Sessions => "/api/metrics/sessions",
            Report::AgeBands => "/api/metrics/age-bands",
            Report::Rfm => "/api/metrics/rfm",
            Report::Tiers => "/api/metrics/tiers",
        }
    }
}

/// The query parameters the reports read (each reads the ones it needs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MetricsQuery {
    /// Period start (date or RFC 3339).
    pub from: String,
    /// Period end, excluded.
    pub to: String,
    /// `channel`, `campaign`, `scope`, … for [`Report::Kpis`].
    pub group_by: String,
    /// Channel names, comma-separated.
    pub channel: String,
    /// Scope names, comma-separated.
    pub scope: String,
    /// Add the previous period of the same length.
    pub compare: bool,
    /// Funnel steps, comma-separated kinds or names.
    pub steps: String,
    /// Funnel order mode (`strict`, `ordered`, `any`).
    pub mode: String,
    /// RFM as-of date.
    pub as_of: String,
}

impl MetricsQuery {
    /// The request URL of `report`.
    pub fn url(&self, report: Report) -> String {
        Url::new(report.path())
            .param("from", &self.from)
            .param("to", &self.to)
            .param("group_by", &self.group_by)
            .param("channel", &self.channel)
            .param("scope", &self.scope)
            .opt("compare", self.compare.then_some(true))
            .param("steps", &self.steps)
            .param("mode", &self.mode)
            .param("as_of", &self.as_of)
            .build()
    }
}

/// Fetches `report` for `q`.
pub async fn fetch(
    report: Report,
    q: &MetricsQuery,
    signal: Option<&AbortSignal>,
) -> Result<serde_json::Value, ApiError> {
    get_json(&q.url(report), signal).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_urls_carry_only_the_set_parameters() {
        let q = MetricsQuery {
            from: "2026-10-01".into(),
            to: "2026-11-01".into(),
            channel: "email,sms".into(),
            compare: true,
            ..MetricsQuery::default()
        };
        assert_eq!(
            q.url(Report::Summary),
            "/api/metrics/summary?from=2026-10-01&to=2026-11-01&channel=email%2Csms&compare=true"
        );
        assert_eq!(
            MetricsQuery::default().url(Report::AgeBands),
            "/api/metrics/age-bands"
        );
    }
}
