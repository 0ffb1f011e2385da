//! The Channels page's figures: one channel split by scope and by
//! campaign, each row now and over the previous period. Pure, tested
//! natively.

use crate::pages::dashboard::model::Figures;
use crate::state::dashboard::DashboardFilters;
use canal_core::contact_index::ContactIndex;
use canal_core::kpi::{self, Group, GroupBy, KpiQuery};
use canal_core::model::Channel;
use canal_core::Dataset;

/// One row of a breakdown table.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupLine {
    /// The scope or campaign.
    pub group: Group,
    /// Its display name.
    pub label: String,
    /// The chosen period.
    pub current: Figures,
    /// The period before it.
    pub previous: Figures,
}

/// The rows of `channel` grouped `by` scope or campaign, under the page's
/// scope and campaign filters, busiest (most sent) first. Scopes active in
/// either period are listed (a scope that went quiet is news); campaigns
/// only when active in the chosen period, since last period's finished
/// campaigns would fill the table with −100 % rows.
pub fn breakdown(
    ds: &Dataset,
    idx: &ContactIndex,
    filters: &DashboardFilters,
    end: i64,
    channel: Channel,
    by: GroupBy,
) -> Vec<GroupLine> {
    let mut filter = filters.filter();
    filter.channels = Some(vec![channel]);
    let query = KpiQuery {
        filter,
        ..KpiQuery::new(filters.period(end), by)
    };
    let cmp = kpi::kpis_compare(ds, idx, &query);
    let mut groups: Vec<Group> = cmp.current.rows.iter().map(|r| r.group).collect();
    for r in &cmp.previous.rows {
        if by != GroupBy::Campaign && !groups.contains(&r.group) {
            groups.push(r.group);
        }
    }
    let figures = |rows: &[kpi::KpiRow], g: Group| {
        rows.iter()
            .find(|r| r.group == g)
            .map_or_else(Figures::default, |r| Figures::from_counts(r.counts))
    };
    let mut lines: Vec<GroupLine> = groups
        .into_iter()
        .map(|g| GroupLine {
            group: g,
            label: kpi::label(ds, g),
            current: figures(&cmp.current.rows, g),
            previous: figures(&cmp.previous.rows, g),
        })
        .collect();
    lines.sort_by(|a, b| {
        b.current
            .counts
            .sent
            .cmp(&a.current.counts.sent)
            .then_with(|| a.label.cmp(&b.label))
    });
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::dashboard::{Metric, PeriodPreset};
    use canal_core::contact_index::sort_by_contact;
    use canal_core::model::{EventKind, EventRow, Scope, DAY};

    const END: i64 = 100 * DAY;

    fn data() -> (Dataset, ContactIndex) {
        let mut ds = Dataset::default();
        let t = END - 2 * DAY;
        let mut push = |c: &str, t: i64, ch: Channel, k: EventKind, camp: &str, scope: Scope| {
            let mut r = EventRow::new(c, t, ch, k);
            r.campaign = Some(camp);
            r.scope = scope;
            ds.push_event(&r);
        };
        use Channel::{Email, Sms};
        use EventKind::{Clicked, Opened, Sent};
        use Scope::{Engagement as E, Lifecycle as L};
        for c in ["a", "b", "c"] {
            push(c, t, Email, Sent, "news", E);
        }
        push("a", t + 60, Email, Opened, "news", E);
        push("a", t + 90, Email, Clicked, "news", E);
        push("d", t, Email, Sent, "welcome", L);
        push("d", t - 7 * DAY, Email, Sent, "welcome", L);
        // A campaign of the week before only.
        push("f", t - 7 * DAY, Email, Sent, "spring", E);
        push("e", t, Sms, Sent, "promo", E);
        let idx = sort_by_contact(&mut ds);
        (ds, idx)
    }

    fn check(by: GroupBy, scope: Option<Scope>, expected: &[(&str, u64, u64, Option<f64>)]) {
        let (ds, idx) = data();
        let f = DashboardFilters {
            preset: PeriodPreset::Last7,
            scope,
            ..DashboardFilters::default()
        };
        let lines = breakdown(&ds, &idx, &f, END, Channel::Email, by);
        let got: Vec<_> = lines
            .iter()
            .map(|l| {
                (
                    l.label.as_str(),
                    l.current.counts.sent,
                    l.previous.counts.sent,
                    l.current.value(Metric::OpenRate),
                )
            })
            .collect();
        assert_eq!(got, expected, "{by:?} {scope:?}");
    }

    #[test]
    fn one_channel_by_scope_and_campaign() {
        check(
            GroupBy::Scope,
            None,
            &[
                ("engagement", 3, 1, Some(1.0 / 3.0)),
                ("lifecycle", 1, 1, Some(0.0)),
            ],
        );
        check(
            GroupBy::Campaign,
            None,
            &[
                ("news", 3, 0, Some(1.0 / 3.0)),
                ("welcome", 1, 1, Some(0.0)),
            ],
        );
        // "spring" ran only the week before: not a row of this period's
        // campaigns. The SMS promo never shows on the e-mail page; the scope filter
        // narrows the campaigns.
        check(
            GroupBy::Campaign,
            Some(Scope::Lifecycle),
            &[("welcome", 1, 1, Some(0.0))],
        );
    }
}
