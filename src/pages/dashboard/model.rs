//! What the dashboard shows, computed from the data set in one go per
//! filter change: the figures of every channel and of all channels, for the
//! chosen period and the one before it. Pure, so it is tested natively.

use crate::state::dashboard::{bucket_for, DashboardFilters, Metric};
use canal_core::contact_index::ContactIndex;
use canal_core::kpi::{self, Group, GroupBy, KpiComparison, KpiCounts, KpiQuery, KpiReport, Kpis};
use canal_core::model::{Channel, NONE};
use canal_core::rate::Period;
use canal_core::reactivation::ReactivationReport;
use canal_core::Dataset;

/// The figures of one channel (or all) over one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// Raw counts.
    pub counts: KpiCounts,
    /// KPIs from the counts.
    pub kpis: Kpis,
    /// Reactivations: credited ones for a channel, all of them for "all".
    pub reactivations: f64,
    /// Reactivations credited to the channel(s).
    pub credited: f64,
    /// Dormant contacts the channel(s) reached.
    pub reached: u64,
}

impl Default for Figures {
    fn default() -> Self {
        Figures::from_counts(KpiCounts::default())
    }
}

impl Figures {
    /// Figures from counts, with no reactivation data.
    pub fn from_counts(counts: KpiCounts) -> Self {
        Figures {
            counts,
            kpis: counts.kpis(),
            reactivations: 0.0,
            credited: 0.0,
            reached: 0,
        }
    }

    /// The value of `metric`: rates as fractions, `None` when undefined.
    pub fn value(&self, metric: Metric) -> Option<f64> {
        let k = &self.kpis;
        match metric {
            Metric::Sent => Some(self.counts.sent as f64),
            Metric::Delivered => Some(k.delivered as f64),
            Metric::Reactivations => Some(self.reactivations),
            Metric::ReactivationRate => {
                (self.reached > 0).then(|| self.credited / self.reached as f64)
            }
            Metric::Revenue => Some(k.revenue),
            Metric::Cost => Some(k.cost),
            Metric::Roi => k.roi,
            _ => self
                .fraction(metric)
                .and_then(|(n, d)| (d > 0).then(|| n / d as f64)),
        }
    }

    /// Whether `metric` does not exist for these figures: open rate and
    /// CTOR of messages on channels that do not track opens (SMS, web
    /// push, postal mail…). Shown as "n/a", unlike a rate over nothing yet.
    pub fn not_applicable(&self, metric: Metric) -> bool {
        matches!(metric, Metric::OpenRate | Metric::Ctor)
            && self.counts.open_tracked_delivered == 0
            && self.counts.reliable_openers == 0
            && (self.counts.sent > 0 || self.counts.clicks > 0)
    }

    /// Numerator and denominator of a rate metric, for hover text.
    pub fn fraction(&self, metric: Metric) -> Option<(f64, u64)> {
        let k = &self.kpis;
        let rate = match metric {
            Metric::DeliveryRate => k.delivery_rate,
            Metric::OpenRate => k.open_rate,
            Metric::ClickRate => k.click_rate,
            Metric::Ctor => k.ctor,
            Metric::ConversionRate => k.conversion_rate,
            Metric::UnsubscribeRate => k.unsubscribe_rate,
            Metric::ComplaintRate => k.complaint_rate,
            Metric::ReactivationRate => return Some((self.credited, self.reached)),
            _ => return None,
        };
        Some((rate.num as f64, rate.den))
    }
}

/// One line of the dashboard: a channel (or all) now and before.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The channel; `None` for all channels.
    pub channel: Option<Channel>,
    /// The chosen period.
    pub current: Figures,
    /// The period of the same length before it.
    pub previous: Figures,
}

/// Everything the cards and the table show.
#[derive(Clone, Debug, PartialEq)]
pub struct Overview {
    /// The chosen period.
    pub period: Period,
    /// The period before it.
    pub previous_period: Period,
    /// All channels together.
    pub total: Line,
    /// Channels with any activity in either period, in channel order.
    pub channels: Vec<Line>,
    /// The currency money is shown in.
    pub currency: String,
}

impl Overview {
    /// The line the cards show: the chosen channel's, or the total.
    pub fn selected(&self, channel: Option<Channel>) -> Line {
        match channel {
            None => self.total.clone(),
            Some(c) => self
                .channels
                .iter()
                .find(|l| l.channel == Some(c))
                .cloned()
                .unwrap_or(Line {
                    channel: Some(c),
                    current: Figures::default(),
                    previous: Figures::default(),
                }),
        }
    }
}

/// Computes the overview for `filters`, presets ending at `end`.
pub fn overview(
    ds: &Dataset,
    idx: &ContactIndex,
    filters: &DashboardFilters,
    end: i64,
) -> Overview {
    // KPIs and reactivations of both periods in one walk over the events.
    let f = filters.figures(ds, idx, end);
    let filtered = filters.scope.is_some() || filters.campaign.is_some();
    overview_of(
        &f.kpis,
        &f.reactivation,
        &f.previous_reactivation,
        filtered,
        currency(ds),
    )
}

/// The overview from the reports: the app's own (computed in Wasm) or the
/// server's (`/api/metrics/kpis` and `/api/metrics/reactivation`, the same
/// core types as JSON), so both show a period the same way.
pub fn overview_of(
    cmp: &KpiComparison,
    react_now: &ReactivationReport,
    react_before: &ReactivationReport,
    filtered: bool,
    currency: String,
) -> Overview {
    let channels = Channel::ALL
        .iter()
        .filter_map(|&c| {
            let current = channel_figures(&cmp.current, react_now, c);
            let previous = channel_figures(&cmp.previous, react_before, c);
            let active = [&current, &previous]
                .iter()
                .any(|f| !f.counts.is_empty() || f.reached > 0 || f.credited > 0.0);
            active.then_some(Line {
                channel: Some(c),
                current,
                previous,
            })
        })
        .collect();
    Overview {
        period: cmp.current.period,
        previous_period: cmp.previous.period,
        total: Line {
            channel: None,
            current: total_figures(&cmp.current, react_now, filtered),
            previous: total_figures(&cmp.previous, react_before, filtered),
        },
        channels,
        currency,
    }
}

fn channel_figures(report: &KpiReport, react: &ReactivationReport, c: Channel) -> Figures {
    let counts = report
        .rows
        .iter()
        .find(|r| r.group == Group::Channel(c))
        .map_or_else(KpiCounts::default, |r| r.counts);
    let mut f = Figures::from_counts(counts);
    if let Some(r) = react.channels.iter().find(|r| r.channel == c) {
        f.reactivations = r.credited;
        f.credited = r.credited;
        f.reached = r.dormant_reached;
    }
    f
}

/// All channels: every reactivation counts, credited or not, unless a
/// scope or campaign is chosen: a comeback with no message of that scope or
/// campaign to credit does not belong to it. The rate sums the channels'
/// credits over the channels' reached contacts, like the other rates of the
/// total row.
fn total_figures(report: &KpiReport, react: &ReactivationReport, filtered: bool) -> Figures {
    let mut f = Figures::from_counts(report.total.counts);
    f.credited = react.channels.iter().map(|c| c.credited).sum();
    f.reactivations = if filtered {
        f.credited
    } else {
        react.reactivations as f64
    };
    f.reached = react.channels.iter().map(|c| c.dormant_reached).sum();
    f
}

/// The first currency of the orders table; EUR when there is none.
pub fn currency(ds: &Dataset) -> String {
    ds.orders
        .currency
        .iter()
        .find(|&&c| c != NONE)
        .and_then(|&c| ds.names.try_get(c))
        .filter(|c| !c.is_empty())
        .unwrap_or("EUR")
        .to_owned()
}

/// One point of the series: its bucket and the metric's value there.
pub type SeriesPoint = (Period, Option<f64>);

/// `metric` per bucket of the chosen period, for the chosen channel.
pub fn series(
    ds: &Dataset,
    idx: &ContactIndex,
    filters: &DashboardFilters,
    end: i64,
    metric: Metric,
) -> Vec<SeriesPoint> {
    let period = filters.period(end);
    let query = KpiQuery {
        filter: filters.filter_with_channel(),
        ..KpiQuery::new(period, GroupBy::Total)
    };
    kpi::kpi_series(ds, idx, &query, bucket_for(period))
        .total
        .into_iter()
        .map(|p| (p.period, Figures::from_counts(p.counts).value(metric)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::dashboard::PeriodPreset;
    use canal_core::contact_index::sort_by_contact;
    use canal_core::model::{EventKind, EventRow, DAY};

    const END: i64 = 100 * DAY;

    /// Email: 4 sent, 1 bounced, 2 opened, 1 clicked in the last 7 days;
    /// 2 sent the week before. SMS: 2 sent, 1 clicked.
    fn data() -> (Dataset, ContactIndex) {
        let mut ds = Dataset::default();
        let t = END - 3 * DAY;
        let mut push = |c: &str, t: i64, ch: Channel, k: EventKind| {
            let mut r = EventRow::new(c, t, ch, k);
            r.campaign = Some(if ch == Channel::Sms { "s1" } else { "e1" });
            ds.push_event(&r);
        };
        for c in ["a", "b", "c", "d"] {
            push(c, t, Channel::Email, EventKind::Sent);
        }
        push("d", t + 1, Channel::Email, EventKind::BouncedHard);
        push("a", t + 3600, Channel::Email, EventKind::Opened);
        push("b", t + 3600, Channel::Email, EventKind::Opened);
        push("a", t + 7200, Channel::Email, EventKind::Clicked);
        push("a", t - 7 * DAY, Channel::Email, EventKind::Sent);
        push("b", t - 7 * DAY, Channel::Email, EventKind::Sent);
        push("e", t, Channel::Sms, EventKind::Sent);
        push("f", t, Channel::Sms, EventKind::Sent);
        push("f", t + 60, Channel::Sms, EventKind::Clicked);
        let idx = sort_by_contact(&mut ds);
        (ds, idx)
    }

    fn filters(preset: PeriodPreset) -> DashboardFilters {
        DashboardFilters {
            preset,
            ..DashboardFilters::default()
        }
    }

    fn check(f: &Figures, metric: Metric, expected: Option<f64>) {
        assert_eq!(f.value(metric), expected, "{metric:?}");
    }

    #[test]
    fn overview_splits_channels_and_periods() {
        let (ds, idx) = data();
        let o = overview(&ds, &idx, &filters(PeriodPreset::Last7), END);
        assert_eq!(o.period, Period::new(END - 7 * DAY, END));
        let all = &o.total.current;
        check(all, Metric::Sent, Some(6.0));
        check(all, Metric::Delivered, Some(5.0));
        check(all, Metric::DeliveryRate, Some(5.0 / 6.0));
        // SMS tracks no opens: the open rate is e-mail's alone.
        check(all, Metric::OpenRate, Some(2.0 / 3.0));
        check(all, Metric::ClickRate, Some(2.0 / 5.0));
        check(all, Metric::Roi, None);
        let email = o.selected(Some(Channel::Email));
        check(&email.current, Metric::Delivered, Some(3.0));
        check(&email.current, Metric::OpenRate, Some(2.0 / 3.0));
        check(&email.current, Metric::Ctor, Some(0.5));
        check(&email.previous, Metric::Sent, Some(2.0));
        check(&email.previous, Metric::OpenRate, Some(0.0));
        assert_eq!(email.current.fraction(Metric::OpenRate), Some((2.0, 3)));
        let sms = o.selected(Some(Channel::Sms));
        check(&sms.current, Metric::ClickRate, Some(0.5));
        check(&sms.current, Metric::OpenRate, None);
        check(&sms.current, Metric::Ctor, None);
        assert!(sms.current.not_applicable(Metric::Ctor));
        assert!(sms.current.not_applicable(Metric::OpenRate));
        assert!(!sms.current.not_applicable(Metric::ClickRate));
        assert!(!email.current.not_applicable(Metric::OpenRate));
        check(&sms.previous, Metric::ClickRate, None);
        // A channel with nothing has empty figures, not a missing line.
        let chat = o.selected(Some(Channel::Chat));
        check(&chat.current, Metric::OpenRate, None);
        let listed: Vec<_> = o.channels.iter().map(|l| l.channel).collect();
        assert_eq!(listed, [Some(Channel::Email), Some(Channel::Sms)]);
        assert_eq!(o.currency, "EUR");
    }

    #[test]
    fn series_has_one_point_per_day() {
        let (ds, idx) = data();
        let f = DashboardFilters {
            channel: Some(Channel::Email),
            ..filters(PeriodPreset::Last7)
        };
        let s = series(&ds, &idx, &f, END, Metric::Sent);
        let sent: Vec<_> = s.iter().map(|p| p.1).collect();
        let z = Some(0.0);
        assert_eq!(sent, [z, z, z, z, Some(4.0), z, z]);
        let rate = series(&ds, &idx, &f, END, Metric::OpenRate);
        assert_eq!(rate[4].1, Some(2.0 / 3.0));
        assert_eq!(rate[0].1, None, "no delivery that day: no rate");
    }

    #[test]
    fn reactivations_follow_scope_and_campaign() {
        // a: active 200 days ago, a lifecycle SMS 2 days ago, back yesterday.
        let mut ds = Dataset::default();
        let mut visit = EventRow::new("a", END - 200 * DAY, Channel::Web, EventKind::Visited);
        ds.push_event(&visit);
        let mut sms = EventRow::new("a", END - 2 * DAY, Channel::Sms, EventKind::Sent);
        sms.campaign = Some("welcome");
        sms.scope = canal_core::model::Scope::Lifecycle;
        ds.push_event(&sms);
        visit.ts = END - DAY;
        ds.push_event(&visit);
        let idx = sort_by_contact(&mut ds);
        let with = |scope, campaign| {
            let f = DashboardFilters {
                scope,
                campaign,
                ..filters(PeriodPreset::Last7)
            };
            let o = overview(&ds, &idx, &f, END);
            let sms = o.selected(Some(Channel::Sms)).current;
            (
                o.total.current.value(Metric::Reactivations),
                sms.value(Metric::ReactivationRate),
            )
        };
        use canal_core::model::Scope;
        assert_eq!(with(None, None), (Some(1.0), Some(1.0)));
        assert_eq!(with(Some(Scope::Lifecycle), None), (Some(1.0), Some(1.0)));
        assert_eq!(with(Some(Scope::Engagement), None), (Some(0.0), None));
        assert_eq!(with(None, Some(0)), (Some(1.0), Some(1.0)));
        assert_eq!(with(None, Some(1)), (Some(0.0), None));
    }
}
