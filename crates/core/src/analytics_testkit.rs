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
