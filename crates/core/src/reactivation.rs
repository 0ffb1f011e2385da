//! Reactivation of dormant contacts, credited to channels (SPEC §3).
//!
//! Definitions, as computed here:
//! - **Activity**: an event whose kind [`EventKind::is_activity`](crate::model::EventKind::is_activity) (purchase,
//!   session, visit, page view) or whose direction is inbound (reply,
//!   ticket, call, survey…), and every row of the orders table.
//! - A contact is **dormant** at time `t` when its last activity before `t`
//!   is more than [`ReactivationQuery::dormancy`] seconds (default 90 days)
//!   earlier. A contact with no activity at all is not dormant: it was
//!   never active.
//! - A **reactivation** is an activity in the period by a contact that was
//!   dormant just before it. It is credited to the channel of an outbound
//!   message the contact received (`sent`/`delivered`) or clicked in the
//!   [`ReactivationQuery::window`] (default 7 days) up to and including the
//!   activity's time: the last one (default), the first one, or shared
//!   equally among all of them (linear; credits are then fractional).
//!   With no such message it is uncredited.
//! - **Reactivation %** of a channel = credits to the channel / dormant
//!   contacts that received a message (`sent`/`delivered`) on that channel
//!   while dormant, in the period. Both parts are reported.
//! - **Filters** (channel, scope, campaign) are a view, as for the KPIs:
//!   credit is decided over every message, then only credits to messages
//!   the filter accepts are shown per channel (the rest are
//!   `credited_elsewhere`), and only accepted messages make a dormant
//!   contact "reached". Reactivations themselves are activities, which have
//!   no scope or campaign, so `reactivations` and `uncredited` ignore it.

mod walk;

pub(crate) use walk::Reactivations;

#[cfg(test)]
mod reference;

use crate::contact_index::ContactIndex;
use crate::kpi::Filter;
use crate::model::{Channel, Dataset, DAY};
use crate::rate::Period;
use serde::{Deserialize, Serialize};

const CHANNELS: usize = Channel::ALL.len();

/// Which of the recent messages gets the credit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribution {
    /// The latest message in the window.
    LastTouch,
    /// The earliest message in the window.
    FirstTouch,
    /// Every message in the window, equally.
    Linear,
}

/// What to compute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReactivationQuery {
    /// Reactivations in this period are counted.
    pub period: Period,
    /// Seconds without activity after which a contact is dormant (D).
    pub dormancy: i64,
    /// Seconds before a reactivation in which messages get credit (W).
    pub window: i64,
    /// Credit rule.
    pub attribution: Attribution,
    /// Which messages' credits and reach are shown.
    #[serde(default)]
    pub filter: Filter,
}

impl ReactivationQuery {
    /// D = 90 days, W = 7 days, last touch.
    pub fn new(period: Period) -> Self {
        ReactivationQuery {
            period,
            dormancy: 90 * DAY,
            window: 7 * DAY,
            attribution: Attribution::LastTouch,
            filter: Filter::default(),
        }
    }
}

/// One channel's reactivations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelReactivation {
    /// The channel.
    pub channel: Channel,
    /// Reactivations credited (fractional under linear attribution).
    pub credited: f64,
    /// Dormant contacts that received a message on this channel in the
    /// period: the denominator of the rate.
    pub dormant_reached: u64,
    /// credited / dormant_reached; `None` when nobody dormant was reached.
    pub rate: Option<f64>,
}

/// Reactivations over one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReactivationReport {
    /// The period.
    pub period: Period,
    /// All reactivations in the period.
    pub reactivations: u64,
    /// Those with no message to credit.
    pub uncredited: u64,
    /// Credits that went to messages outside the filter.
    #[serde(default)]
    pub credited_elsewhere: f64,
    /// Contacts dormant when the period starts.
    pub dormant_at_start: u64,
    /// Channels with any credit or any dormant contact reached, in channel
    /// order.
    pub channels: Vec<ChannelReactivation>,
}

/// Computes reactivations of `query` over `ds`.
pub fn reactivation(
    ds: &Dataset,
    idx: &ContactIndex,
    query: &ReactivationQuery,
) -> ReactivationReport {
    let periods = [query.period];
    let mut walk = Reactivations::new(ds, query, &periods);
    walk.walk_alone(idx);
    walk.finish()
        .pop()
        .unwrap_or_else(|| unreachable!("one report per period"))
}

/// One outbound message a contact received or clicked (the walk keeps
/// its row instead, see `walk.rs`).
#[cfg(test)]
#[derive(Clone, Copy)]
struct Touch {
    ts: i64,
    channel: u8,
    /// Whether the filter accepts it.
    shown: bool,
}

/// Credits one reactivation to the messages in `touches` at or after `since`
/// (`touches` is in time order and ends at the reactivation).
#[cfg(test)]
fn credit(
    touches: &[Touch],
    since: i64,
    rule: Attribution,
    credited: &mut [f64; CHANNELS],
    report: &mut ReactivationReport,
) {
    let credited_any = credit_with(
        touches,
        |k| k.ts,
        since,
        rule,
        |k, share| {
            if k.shown {
                credited[(k.channel as usize).min(CHANNELS - 1)] += share;
            } else {
                report.credited_elsewhere += share;
            }
        },
    );
    if !credited_any {
        report.uncredited += 1;
    }
}

/// The shares [`credit`] gives, handed to `give` in order; false when no
/// message is in the window.
/// `touches` may be of any type, `ts` giving their times.
fn credit_with<T>(
    touches: &[T],
    ts: impl Fn(&T) -> i64,
    since: i64,
    rule: Attribution,
    mut give: impl FnMut(&T, f64),
) -> bool {
    let start = touches.partition_point(|k| ts(k) < since);
    let window = &touches[start..];
    match (rule, window.first(), window.last()) {
        (_, None, _) | (_, _, None) => return false,
        (Attribution::LastTouch, _, Some(k)) => give(k, 1.0),
        (Attribution::FirstTouch, Some(k), _) => give(k, 1.0),
        (Attribution::Linear, _, _) => {
            let share = 1.0 / window.len() as f64;
            for k in window {
                give(k, share);
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics_testkit::*;
    use crate::model::{EventRow, Scope};

    const D: i64 = 90 * DAY;

    /// `channel credited/reached …; n=reactivations u=uncredited s=dormant at start`.
    fn render(r: &ReactivationReport) -> String {
        let mut s: Vec<String> = r
            .channels
            .iter()
            .map(|c| format!("{} {}/{}", c.channel, c.credited, c.dormant_reached))
            .collect();
        s.push(format!(
            "n={} u={} s={}",
            r.reactivations, r.uncredited, r.dormant_at_start
        ));
        s.join("; ")
    }

    fn check_ds(
        ds: &Dataset,
        tweak: impl Fn(&mut ReactivationQuery),
        expected: &str,
    ) -> ReactivationReport {
        let idx = ContactIndex::build(ds);
        let mut q = ReactivationQuery::new(Period::new(D, 2 * D));
        tweak(&mut q);
        let r = reactivation(ds, &idx, &q);
        assert_eq!(render(&r), expected);
        r
    }

    fn check(
        rows: &[EventRow<'_>],
        tweak: impl Fn(&mut ReactivationQuery),
        expected: &str,
    ) -> ReactivationReport {
        check_ds(&dataset(rows), tweak, expected)
    }

    fn default(_: &mut ReactivationQuery) {}

    #[test]
    fn dormancy_needs_more_than_d() {
        // Visit at 0, next visit exactly 90 days later: not dormant.
        check(
            &[ev("a", 0, Web, Visited), ev("a", D, Web, Visited)],
            default,
            "n=0 u=0 s=0",
        );
        let r = check(
            &[
                ev("a", 0, Web, Visited),
                ev("a", D + 5, Email, Sent),
                ev("a", D + 10, Web, Visited),
            ],
            default,
            "email 1/1; n=1 u=0 s=0",
        );
        assert_eq!(r.channels[0].rate, Some(1.0));
        // A first activity ever is not a reactivation.
        check(
            &[ev("a", D + 5, Email, Sent), ev("a", D + 10, Web, Visited)],
            default,
            "n=0 u=0 s=0",
        );
    }

    #[test]
    fn activity_kinds_and_orders() {
        // Inbound messages are activity; outbound sends are not.
        check(
            &[
                ev("a", 0, Email, Replied),
                ev("a", D + 10, Sms, Sent),
                ev("a", D + 20, Sms, Replied),
            ],
            default,
            "sms 1/1; n=1 u=0 s=0",
        );
        check(
            &[
                ev("a", 0, Web, PageView),
                ev("a", 50 * DAY, Email, Sent),
                ev("a", D + 20, Web, SessionStart),
            ],
            default,
            "n=1 u=1 s=0",
        );
        let mut ds = dataset(&[ev("a", D + 3, Email, Clicked)]);
        ds.push_order(None, "a", 1, 10.0);
        ds.push_order(None, "a", D + 4, 10.0);
        check_ds(&ds, default, "email 1/0; n=1 u=0 s=0");
    }

    #[test]
    fn credit_rules() {
        let rows = [
            ev("a", 0, Web, Visited),
            ev("a", D + 1, Sms, Sent),
            ev("a", D + 2 * DAY, Email, Sent),
            ev("a", D + 3 * DAY, WebPush, Sent),
            ev("a", D + 8 * DAY + 1, Web, Visited),
        ];
        // The SMS is more than 7 days before the visit.
        check(
            &rows,
            default,
            "email 0/1; sms 0/1; web_push 1/1; n=1 u=0 s=0",
        );
        check(
            &rows,
            |q| q.attribution = Attribution::FirstTouch,
            "email 1/1; sms 0/1; web_push 0/1; n=1 u=0 s=0",
        );
        check(
            &rows,
            |q| q.attribution = Attribution::Linear,
            "email 0.5/1; sms 0/1; web_push 0.5/1; n=1 u=0 s=0",
        );
        check(
            &rows,
            |q| q.window = DAY,
            "email 0/1; sms 0/1; web_push 0/1; n=1 u=1 s=0",
        );
    }

    #[test]
    fn reached_counts_dormant_contacts_once_per_channel() {
        check(
            &[
                ev("a", 0, Web, Visited),
                ev("a", D + 1, Email, Sent),
                ev("a", D + 2, Email, Sent),
                // b is active, so its message does not count.
                ev("b", D - 1, Web, Visited),
                ev("b", D + 1, Email, Sent),
                // c is dormant at the start and never comes back.
                ev("c", -10, Web, Visited),
                ev("c", D + 11, Email, Sent),
            ],
            default,
            "email 0/2; n=0 u=0 s=1",
        );
    }

    #[test]
    fn period_bounds() {
        let rows = [
            ev("a", 0, Web, Visited),
            ev("a", 2 * D + 1, Email, Sent),
            ev("a", 2 * D + 2, Web, Visited),
        ];
        check(&rows, default, "n=0 u=0 s=0");
        check(
            &rows,
            |q| q.period = Period::new(2 * D, 3 * D),
            "email 1/1; n=1 u=0 s=1",
        );
    }

    #[test]
    fn filters_show_credits_and_reach_of_accepted_messages() {
        let rows = [
            ev("a", 0, Web, Visited),
            ev("a", D + 1, Email, Sent)
                .camp("news")
                .scope(Scope::Engagement),
            ev("a", D + 2, Email, Sent)
                .camp("order")
                .scope(Scope::Lifecycle),
            ev("a", D + 3, Web, Visited),
            ev("b", 0, Web, Visited),
            ev("b", D + 1, Sms, Sent)
                .camp("promo")
                .scope(Scope::Engagement),
            ev("b", D + 9 * DAY, Web, Visited),
        ];
        check(&rows, default, "email 1/1; sms 0/1; n=2 u=1 s=0");
        // Last touch of a is the lifecycle mail: shown under lifecycle,
        // credited elsewhere under engagement, where a is still reached.
        let r = check(
            &rows,
            |q| q.filter.scopes = Some(vec![Scope::Engagement]),
            "email 0/1; sms 0/1; n=2 u=1 s=0",
        );
        assert_eq!(r.credited_elsewhere, 1.0);
        check(
            &rows,
            |q| q.filter.scopes = Some(vec![Scope::Lifecycle]),
            "email 1/1; n=2 u=1 s=0",
        );
        // Campaign ids are in first-seen order: news = 0, order = 1.
        check(
            &rows,
            |q| q.filter.campaigns = Some(vec![0]),
            "email 0/1; n=2 u=1 s=0",
        );
        check(
            &rows,
            |q| q.filter.channels = Some(vec![Sms]),
            "sms 0/1; n=2 u=1 s=0",
        );
    }

    proptest::proptest! {
        #[test]
        fn every_reactivation_is_credited_once_or_uncredited(
            events in proptest::collection::vec((0u8..4, 0i64..400, 0u8..4), 0..50),
            rule in 0u8..3,
        ) {
            let contacts = ["a", "b", "c", "d"];
            let rows: Vec<EventRow<'_>> = events
                .iter()
                .map(|&(c, day, what)| {
                    let (ch, kind) = [(Web, Visited), (Email, Sent), (Sms, Sent), (Email, Clicked)][what as usize];
                    ev(contacts[c as usize], day * DAY, ch, kind)
                })
                .collect();
            let ds = dataset(&rows);
            let mut q = ReactivationQuery::new(Period::new(100 * DAY, 400 * DAY));
            q.attribution = [Attribution::LastTouch, Attribution::FirstTouch, Attribution::Linear][rule as usize];
            let r = reactivation(&ds, &ContactIndex::build(&ds), &q);
            let credited: f64 = r.channels.iter().map(|c| c.credited).sum();
            proptest::prop_assert!((credited + r.uncredited as f64 - r.reactivations as f64).abs() < 1e-9);
            // A filter moves credit elsewhere but loses none.
            q.filter.channels = Some(vec![Email]);
            let f = reactivation(&ds, &ContactIndex::build(&ds), &q);
            let shown: f64 = f.channels.iter().map(|c| c.credited).sum();
            proptest::prop_assert!((shown + f.credited_elsewhere + f.uncredited as f64 - f.reactivations as f64).abs() < 1e-9);
            proptest::prop_assert_eq!(f.reactivations, r.reactivations);
        }
    }
}
