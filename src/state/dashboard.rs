//! The dashboard's filters and view choices, and how they map to the
//! core's `Period` and `Filter`.
//!
//! Everything here is pure: "today" and the end of the data are inputs, so
//! the mapping is tested natively with fixed dates.

use canal_core::contact_index::ContactIndex;
use canal_core::kpi::{Filter, GroupBy, KpiQuery};
use canal_core::model::{Channel, Scope, DAY};
use canal_core::rate::{Bucket, Period};
use canal_core::reactivation::ReactivationQuery;
use canal_core::recompute::{dashboard_figures, DashboardFigures};
use canal_core::Dataset;
use chrono::{DateTime, Months, NaiveDate};
use std::rc::Rc;
use yew::Reducible;

/// A choice of period, ending at the end of the data or today.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PeriodPreset {
    /// The last 7 days.
    Last7,
    /// The last 30 days.
    #[default]
    Last30,
    /// The last 90 days.
    Last90,
    /// The last 12 calendar months, day for day.
    Last12Months,
    /// Two dates, both included.
    Custom {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
}

impl PeriodPreset {
    /// The presets offered besides "custom".
    pub const FIXED: [PeriodPreset; 4] = [
        PeriodPreset::Last7,
        PeriodPreset::Last30,
        PeriodPreset::Last90,
        PeriodPreset::Last12Months,
    ];

    /// A stable name for `<option value>` and tests.
    pub fn slug(self) -> &'static str {
        match self {
            PeriodPreset::Last7 => "7d",
            PeriodPreset::Last30 => "30d",
            PeriodPreset::Last90 => "90d",
            PeriodPreset::Last12Months => "12m",
            PeriodPreset::Custom { .. } => "custom",
        }
    }

    /// The fixed preset called `slug`.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::FIXED.into_iter().find(|p| p.slug() == slug)
    }
}

/// A KPI shown by the dashboard; the slug is the `data-metric` of its
/// elements, which end-to-end tests rely on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Messages sent.
    Sent,
    /// sent − bounced.
    Delivered,
    /// delivered / sent.
    DeliveryRate,
    /// Reliable openers / delivered.
    OpenRate,
    /// Unique clickers / delivered.
    ClickRate,
    /// Unique clickers / reliable openers.
    Ctor,
    /// Unique converters / delivered.
    ConversionRate,
    /// Unsubscribes / delivered.
    UnsubscribeRate,
    /// Complaints / delivered.
    ComplaintRate,
    /// Reactivated dormant contacts.
    Reactivations,
    /// Reactivations credited / dormant contacts reached.
    ReactivationRate,
    /// Credited revenue.
    Revenue,
    /// Campaign cost.
    Cost,
    /// (revenue − cost) / cost.
    Roi,
}

/// What a rise of a metric means for the marketer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Polarity {
    /// Up is good.
    UpIsGood,
    /// Up is bad (unsubscribes, complaints).
    UpIsBad,
    /// Neither (cost, volume).
    Neutral,
}

/// How a metric's value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A whole count.
    Count,
    /// A fraction shown as a percentage.
    Rate,
    /// Money.
    Money,
}

impl Metric {
    /// Every metric, in card order.
    pub const ALL: [Metric; 14] = [
        Metric::Sent,
        Metric::Delivered,
        Metric::DeliveryRate,
        Metric::OpenRate,
        Metric::ClickRate,
        Metric::Ctor,
        Metric::ConversionRate,
        Metric::UnsubscribeRate,
        Metric::ComplaintRate,
        Metric::Reactivations,
        Metric::ReactivationRate,
        Metric::Revenue,
        Metric::Cost,
        Metric::Roi,
    ];

    /// Metrics with a time series (reactivations are per period only).
    pub const SERIES: [Metric; 12] = [
        Metric::Sent,
        Metric::Delivered,
        Metric::DeliveryRate,
        Metric::OpenRate,
        Metric::ClickRate,
        Metric::Ctor,
        Metric::ConversionRate,
        Metric::UnsubscribeRate,
        Metric::ComplaintRate,
        Metric::Revenue,
        Metric::Cost,
        Metric::Roi,
    ];

    /// The `data-metric` name.
    pub fn slug(self) -> &'static str {
        match self {
            Metric::Sent => "sent",
            Metric::Delivered => "delivered",
            Metric::DeliveryRate => "delivery_rate",
            Metric::OpenRate => "open_rate",
            Metric::ClickRate => "click_rate",
            Metric::Ctor => "ctor",
            Metric::ConversionRate => "conversion_rate",
            Metric::UnsubscribeRate => "unsubscribe_rate",
            Metric::ComplaintRate => "complaint_rate",
            Metric::Reactivations => "reactivations",
            Metric::ReactivationRate => "reactivation_rate",
            Metric::Revenue => "revenue",
            Metric::Cost => "cost",
            Metric::Roi => "roi",
        }
    }

    /// The metric called `slug`.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.slug() == slug)
    }

    /// Whether up is good.
    pub fn polarity(self) -> Polarity {
        match self {
            Metric::UnsubscribeRate | Metric::ComplaintRate => Polarity::UpIsBad,
            Metric::Sent | Metric::Cost => Polarity::Neutral,
            _ => Polarity::UpIsGood,
        }
    }

    /// How the value is written.
    pub fn unit(self) -> Unit {
        match self {
            Metric::Sent | Metric::Delivered | Metric::Reactivations => Unit::Count,
            Metric::Revenue | Metric::Cost => Unit::Money,
            _ => Unit::Rate,
        }
    }
}

/// The dashboard's choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DashboardFilters {
    /// Period.
    pub preset: PeriodPreset,
    /// One channel, or all.
    pub channel: Option<Channel>,
    /// One scope, or all.
    pub scope: Option<Scope>,
    /// One campaign id, or all.
    pub campaign: Option<u32>,
    /// The metric of the time series.
    pub series_metric: Metric,
    /// Column the channel table is sorted by, and whether descending.
    pub sort: (Metric, bool),
}

impl Default for DashboardFilters {
    fn default() -> Self {
        DashboardFilters {
            preset: PeriodPreset::default(),
            channel: None,
            scope: None,
            campaign: None,
            series_metric: Metric::Delivered,
            sort: (Metric::Sent, true),
        }
    }
}

/// The start of the UTC day holding `t`.
pub fn day_start(t: i64) -> i64 {
    t.div_euclid(DAY) * DAY
}

/// The UTC date of `t`.
pub fn date_of(t: i64) -> NaiveDate {
    DateTime::from_timestamp(day_start(t), 0)
        .map(|d| d.date_naive())
        .unwrap_or_default()
}

/// Seconds since the epoch at the start of `d`.
pub fn seconds_of(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default()
}

/// The exclusive end of every preset period: the end of the day of the last
/// data when the data is historical (it ends before today), else the end of
/// today.
pub fn period_end(data_end: Option<i64>, today: i64) -> i64 {
    let anchor = match data_end {
        Some(end) if end < day_start(today) => end,
        _ => today,
    };
    day_start(anchor) + DAY
}

impl DashboardFilters {
    /// The period the filters select, with presets ending at `end`
    /// (see [`period_end`]).
    pub fn period(&self, end: i64) -> Period {
        let days_back = |n: i64| Period::new(end - n * DAY, end);
        match self.preset {
            PeriodPreset::Last7 => days_back(7),
            PeriodPreset::Last30 => days_back(30),
            PeriodPreset::Last90 => days_back(90),
            PeriodPreset::Last12Months => {
                let from = date_of(end)
                    .checked_sub_months(Months::new(12))
                    .map_or(end - 365 * DAY, seconds_of);
                Period::new(from, end)
            }
            PeriodPreset::Custom { from, to } => {
                let (a, b) = if from <= to { (from, to) } else { (to, from) };
                Period::new(seconds_of(a), seconds_of(b) + DAY)
            }
        }
    }

    /// The core filter for scope and campaign. The channel is left out: the
    /// channel table compares every channel under the same filter, and the
    /// cards pick the chosen channel's row.
    pub fn filter(&self) -> Filter {
        Filter {
            channels: None,
            scopes: self.scope.map(|s| vec![s]),
            campaigns: self.campaign.map(|c| vec![c]),
        }
    }

    /// The KPIs of the cards and the channel table: every channel, under
    /// [`Self::filter`], over [`Self::period`].
    pub fn kpi_query(&self, end: i64) -> KpiQuery {
        KpiQuery {
            filter: self.filter(),
            ..KpiQuery::new(self.period(end), GroupBy::Channel)
        }
    }

    /// The reactivations beside the KPIs: same period, same filter.
    pub fn reactivation_query(&self, end: i64) -> ReactivationQuery {
        ReactivationQuery {
            filter: self.filter(),
            ..ReactivationQuery::new(self.period(end))
        }
    }

    /// Everything a filter change recomputes for the cards and the table
    /// (KPIs and reactivations of the period and of the one before it), in
    /// one walk over the events instead of four: equal to
    /// `kpis_compare(kpi_query)` and `reactivation(reactivation_query)` for
    /// both periods.
    pub fn figures(&self, ds: &Dataset, idx: &ContactIndex, end: i64) -> DashboardFigures {
        dashboard_figures(ds, idx, &self.kpi_query(end), &self.reactivation_query(end))
    }

    /// [`Self::filter`] narrowed to the chosen channel, for the series.
    pub fn filter_with_channel(&self) -> Filter {
        Filter {
            channels: self.channel.map(|c| vec![c]),
            ..self.filter()
        }
    }
}

/// The bucket width that gives a readable series for `period`.
pub fn bucket_for(period: Period) -> Bucket {
    match period.len() / DAY {
        0..=120 => Bucket::Day,
        121..=730 => Bucket::Week,
        _ => Bucket::Month,
    }
}

/// A change to the dashboard's choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DashboardAction {
    /// Choose a period.
    Preset(PeriodPreset),
    /// Move the first day of a custom period (ignored for presets).
    CustomFrom(NaiveDate),
    /// Move the last day of a custom period (ignored for presets).
    CustomTo(NaiveDate),
    /// Choose a channel (`None`: all).
    Channel(Option<Channel>),
    /// Choose a scope (`None`: all).
    Scope(Option<Scope>),
    /// Choose a campaign (`None`: all).
    Campaign(Option<u32>),
    /// Choose the series metric.
    SeriesMetric(Metric),
    /// Sort the table by a column; the same column again flips the order.
    SortBy(Metric),
}

impl Reducible for DashboardFilters {
    type Action = DashboardAction;

    fn reduce(self: Rc<Self>, action: DashboardAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            DashboardAction::Preset(p) => next.preset = p,
            // Each input moves its own end against the current state, so two
            // edits before a render do not undo each other.
            DashboardAction::CustomFrom(d) => {
                if let PeriodPreset::Custom { from, .. } = &mut next.preset {
                    *from = d;
                }
            }
            DashboardAction::CustomTo(d) => {
                if let PeriodPreset::Custom { to, .. } = &mut next.preset {
                    *to = d;
                }
            }
            DashboardAction::Channel(c) => next.channel = c,
            DashboardAction::Scope(s) => next.scope = s,
            DashboardAction::Campaign(c) => next.campaign = c,
            DashboardAction::SeriesMetric(m) => next.series_metric = m,
            DashboardAction::SortBy(m) if m == self.sort.0 => next.sort.1 = !self.sort.1,
            DashboardAction::SortBy(m) => next.sort = (m, true),
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-03-31 00:00:00 UTC, a Tuesday.
    const MAR31: i64 = 1_774_915_200;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn check(preset: PeriodPreset, end: i64, expected: (NaiveDate, NaiveDate)) {
        let f = DashboardFilters {
            preset,
            ..DashboardFilters::default()
        };
        let p = f.period(end);
        assert_eq!(
            (date_of(p.from), date_of(p.to)),
            expected,
            "{preset:?} ending {end}"
        );
        assert_eq!(p.from, day_start(p.from), "periods start at midnight");
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(date_of(MAR31), d(2026, 3, 31));
        assert_eq!(seconds_of(d(2026, 3, 31)), MAR31);
        assert_eq!(date_of(MAR31 + DAY - 1), d(2026, 3, 31));
        assert_eq!(date_of(-1), d(1969, 12, 31));
    }

    #[test]
    fn period_ends_at_the_data_when_it_is_historical() {
        let today = MAR31 + 15 * 3600;
        // Data up to yesterday 18:00: historical, ends with yesterday.
        assert_eq!(period_end(Some(MAR31 - 6 * 3600), today), MAR31);
        // Data up to this morning: live, ends with today.
        assert_eq!(period_end(Some(MAR31 + 60), today), MAR31 + DAY);
        // Data stamped in the future (clock skew): today still.
        assert_eq!(period_end(Some(MAR31 + 9 * DAY), today), MAR31 + DAY);
        assert_eq!(period_end(None, today), MAR31 + DAY);
    }

    #[test]
    fn presets_map_to_whole_days() {
        let end = MAR31 + DAY; // through Mar 31
        check(PeriodPreset::Last7, end, (d(2026, 3, 25), d(2026, 4, 1)));
        check(PeriodPreset::Last30, end, (d(2026, 3, 2), d(2026, 4, 1)));
        check(PeriodPreset::Last90, end, (d(2026, 1, 1), d(2026, 4, 1)));
        check(
            PeriodPreset::Last12Months,
            end,
            (d(2025, 4, 1), d(2026, 4, 1)),
        );
        let custom = |from, to| PeriodPreset::Custom { from, to };
        check(
            custom(d(2026, 2, 1), d(2026, 2, 28)),
            end,
            (d(2026, 2, 1), d(2026, 3, 1)),
        );
        // Dates typed the wrong way round are read the right way round.
        check(
            custom(d(2026, 2, 28), d(2026, 2, 1)),
            end,
            (d(2026, 2, 1), d(2026, 3, 1)),
        );
        check(
            custom(d(2026, 2, 3), d(2026, 2, 3)),
            end,
            (d(2026, 2, 3), d(2026, 2, 4)),
        );
    }

    #[test]
    fn filters_map_to_core_filters() {
        let f = DashboardFilters {
            channel: Some(Channel::Sms),
            scope: Some(Scope::Lifecycle),
            campaign: Some(3),
            ..DashboardFilters::default()
        };
        assert_eq!(
            f.filter(),
            Filter {
                channels: None,
                scopes: Some(vec![Scope::Lifecycle]),
                campaigns: Some(vec![3]),
            }
        );
        assert_eq!(f.filter_with_channel().channels, Some(vec![Channel::Sms]));
        assert_eq!(DashboardFilters::default().filter(), Filter::default());
    }

    #[test]
    fn figures_equal_the_separate_passes() {
        use canal_core::contact_index::sort_by_contact;
        use canal_core::kpi::kpis_compare;
        use canal_core::model::{EventKind, EventRow};
        use canal_core::reactivation::reactivation;
        // a: active 200 days ago, an SMS 2 days ago, back yesterday; b:
        // back 40 days ago after a mail, inside the previous 30 days.
        let mut ds = Dataset::default();
        let rows = [
            ("a", MAR31 - 200 * DAY, Channel::Web, EventKind::Visited),
            ("a", MAR31 - 2 * DAY, Channel::Sms, EventKind::Sent),
            ("a", MAR31 - DAY, Channel::Web, EventKind::Visited),
            ("b", MAR31 - 300 * DAY, Channel::Web, EventKind::Visited),
            ("b", MAR31 - 41 * DAY, Channel::Email, EventKind::Sent),
            (
                "b",
                MAR31 - 41 * DAY + 60,
                Channel::Email,
                EventKind::Opened,
            ),
            ("b", MAR31 - 40 * DAY, Channel::Web, EventKind::Visited),
        ];
        for (c, t, ch, k) in rows {
            ds.push_event(&EventRow::new(c, t, ch, k));
        }
        let idx = sort_by_contact(&mut ds);
        let end = MAR31 + DAY;
        for scope in [None, Some(Scope::Engagement)] {
            let f = DashboardFilters {
                scope,
                ..DashboardFilters::default()
            };
            let got = f.figures(&ds, &idx, end);
            let rq = f.reactivation_query(end);
            let before = ReactivationQuery {
                period: rq.period.previous(),
                ..rq.clone()
            };
            assert_eq!(got.kpis, kpis_compare(&ds, &idx, &f.kpi_query(end)));
            assert_eq!(got.reactivation, reactivation(&ds, &idx, &rq));
            assert_eq!(got.previous_reactivation, reactivation(&ds, &idx, &before));
            assert_eq!(got.reactivation.reactivations, 1, "{scope:?}");
            assert_eq!(got.previous_reactivation.reactivations, 1, "{scope:?}");
        }
    }

    #[test]
    fn buckets_follow_the_length() {
        let days = |n: i64| Period::new(0, n * DAY);
        assert_eq!(bucket_for(days(7)), Bucket::Day);
        assert_eq!(bucket_for(days(120)), Bucket::Day);
        assert_eq!(bucket_for(days(365)), Bucket::Week);
        assert_eq!(bucket_for(days(2000)), Bucket::Month);
    }

    #[test]
    fn reducer_sorts_and_skips_no_ops() {
        let s = Rc::new(DashboardFilters::default());
        let same = s.clone().reduce(DashboardAction::Channel(None));
        assert!(Rc::ptr_eq(&s, &same));
        let s = s.reduce(DashboardAction::SortBy(Metric::OpenRate));
        assert_eq!(s.sort, (Metric::OpenRate, true));
        let s = s.reduce(DashboardAction::SortBy(Metric::OpenRate));
        assert_eq!(s.sort, (Metric::OpenRate, false));
        let s = s.reduce(DashboardAction::Channel(Some(Channel::Email)));
        assert_eq!(s.channel, Some(Channel::Email));
        // Custom ends move one at a time, and only in a custom period.
        let same = s.clone().reduce(DashboardAction::CustomFrom(d(2026, 1, 1)));
        assert!(Rc::ptr_eq(&s, &same));
        let s = s.reduce(DashboardAction::Preset(PeriodPreset::Custom {
            from: d(2026, 3, 1),
            to: d(2026, 3, 31),
        }));
        let s = s.reduce(DashboardAction::CustomFrom(d(2026, 1, 1)));
        let s = s.reduce(DashboardAction::CustomTo(d(2026, 2, 1)));
        assert_eq!(
            s.preset,
            PeriodPreset::Custom {
                from: d(2026, 1, 1),
                to: d(2026, 2, 1)
            }
        );
    }

    #[test]
    fn slugs_round_trip() {
        for m in Metric::ALL {
            assert_eq!(Metric::from_slug(m.slug()), Some(m));
        }
        for p in PeriodPreset::FIXED {
            assert_eq!(PeriodPreset::from_slug(p.slug()), Some(p));
        }
        assert_eq!(PeriodPreset::from_slug("custom"), None);
    }
}
