//! Terse builders for the hand-made data sets of the analytics tests.

// Each test module uses its own subset of these helpers.
#![allow(unused_imports, dead_code)]

use crate::model::{Channel, Dataset, Direction, EventKind, EventRow, Scope};

pub use crate::model::{flags, DAY};
pub use Channel::{Email, Sms, Web, WebPush};
pub use EventKind::*;

/// One event; chain the methods of [`RowExt`] for the optional fields.
pub fn ev(contact: &str, ts: i64, channel: Channel, kind: EventKind) -> EventRow<'_> {
    EventRow::new(contact, ts, channel, kind)
}

/// Setters for the optional parts of an [`EventRow`].
pub trait RowExt<'a> {
    fn camp(self, c: &'a str) -> Self;
    fn flag(self, f: u8) -> Self;
    fn value(self, v: f32) -> Self;
    fn scope(self, s: Scope) -> Self;
    fn named(self, n: &'a str) -> Self;
    fn session(self, s: &'a str) -> Self;
    fn inbound(self) -> Self;
    fn outbound(self) -> Self;
}

impl<'a> RowExt<'a> for EventRow<'a> {
    fn camp(mut self, c: &'a str) -> Self {
        self.campaign = Some(c);
        self
    }
    fn flag(mut self, f: u8) -> Self {
        self.flags |= f;
        self
    }
    fn value(mut self, v: f32) -> Self {
        self.value = Some(v);
        self
    }
    fn scope(mut self, s: Scope) -> Self {
        self.scope = s;
        self
    }
    fn named(mut self, n: &'a str) -> Self {
        self.name = Some(n);
        self
    }
    fn session(mut self, s: &'a str) -> Self {
        self.session = Some(s);
        self
    }
    fn inbound(mut self) -> Self {
        self.direction = Direction::Inbound;
        self
    }
    fn outbound(mut self) -> Self {
        self.direction = Direction::Outbound;
        self
    }
}

/// A data set holding `rows` in order.
pub fn dataset(rows: &[EventRow<'_>]) -> Dataset {
    let mut ds = Dataset::default();
    for r in rows {
        ds.push_event(r);
    }
    ds
}

use crate::kpi::Filter;
use proptest::prelude::*;

const ARB_CHANNELS: [Channel; 4] = [Channel::Email, Channel::Sms, Channel::Web, Channel::WebPush];
const ARB_CONTACTS: [&str; 5] = ["a", "b", "c", "d", "e"];
const ARB_CAMPAIGNS: [&str; 3] = ["x", "y", "z"];
/// The days the events of [`arb_dataset`] span, by default.
pub const ARB_DAYS: i64 = 40;
/// Offsets within a day: some within the machine-open limit of each other.
const ARB_SECS: [i64; 6] = [0, 1, 2, 3, 3600, 7200];

/// contact, day, second offset, channel, kind code, campaign (3 = none),
/// inbound, flags, value.
type ArbRow = (u8, i64, u8, u8, u8, u8, bool, u8, Option<f32>);

fn arb_row(days: i64) -> impl Strategy<Value = ArbRow> {
    (
        0u8..5,
        0i64..days,
        0u8..6,
        prop_oneof![2 => Just(0u8), 1 => 0u8..4],
        0u8..26,
        prop_oneof![2 => Just(0u8), 1 => 0u8..4],
        any::<bool>(),
        prop_oneof![3 => Just(0u8), 1 => 0u8..32],
        proptest::option::of(0f32..100.0),
    )
}

/// Random events (every kind, weighted towards messages so that clicks
/// lead to conversions), over `days` days (few days: many messages
/// seconds apart), 5 contacts, 3 campaigns in
/// scopes, in file order; plus a few orders.
pub fn arb_dataset(days: i64) -> impl Strategy<Value = Dataset> {
    (
        proptest::collection::vec(arb_row(days), 0..120),
        proptest::collection::vec((0u8..5, 0i64..days, 0u8..6), 0..10),
    )
        .prop_map(|(events, orders)| {
            let mut ds = Dataset::default();
            for &(c, day, sec, ch, kind, camp, inbound, fl, value) in &events {
                let kind = EventKind::from_code(kind).filter(|_| kind < 19).unwrap_or(
                    [Sent, Opened, Clicked, Purchase, Converted, Opened, Clicked]
                        [kind as usize % 19 % 7],
                );
                let t = day * DAY + ARB_SECS[sec as usize];
                let mut r = ev(ARB_CONTACTS[c as usize], t, ARB_CHANNELS[ch as usize], kind)
                    .flag(fl)
                    .scope(Scope::from_code(camp).unwrap_or(Scope::Unknown));
                if let Some(c) = ARB_CAMPAIGNS.get(camp as usize) {
                    r = r.camp(c);
                }
                if let Some(v) = value {
                    r = r.value(v);
                }
                r = if inbound { r.inbound() } else { r.outbound() };
                ds.push_event(&r);
            }
            for &(c, day, sec) in &orders {
                let t = day * DAY + ARB_SECS[sec as usize];
                ds.push_order(None, ARB_CONTACTS[c as usize], t, 5.0 + f64::from(sec));
            }
            ds
        })
}

/// Random channel, scope and campaign filters.
pub fn arb_filter() -> impl Strategy<Value = Filter> {
    (
        proptest::option::of(proptest::collection::vec(0usize..4, 0..3)),
        proptest::option::of(proptest::collection::vec(0u8..4, 0..3)),
        proptest::option::of(proptest::collection::vec(0u32..4, 0..3)),
    )
        .prop_map(|(ch, sc, camp)| Filter {
            channels: ch.map(|v| v.into_iter().map(|i| ARB_CHANNELS[i]).collect()),
            scopes: sc.map(|v| v.into_iter().filter_map(Scope::from_code).collect()),
            campaigns: camp,
        })
}
