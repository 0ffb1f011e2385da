//! One person's history across channels (SPEC §8).
//!
//! A person may be several contact ids after identity merge; their events
//! are merged in time order, equal timestamps keeping file (row) order, and
//! grouped by UTC day. Conversations are threaded: an outbound message
//! (`sent`, `call`, `custom`) starts a thread, and each inbound reply
//! (`replied`, an inbound `call`, `survey_response`, `support_ticket`) joins
//! the latest earlier message on the same channel and campaign. Threads are
//! built from the whole history before filtering, so filtering the view to
//! replies still shows which message each one answers.

use crate::by_contact::ContactEvents;
use crate::model::{Channel, Dataset, Direction, EventKind, Scope, DAY, NONE};
use crate::pressure::is_message;
use crate::rfm::date_of_day;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What to show; empty lists show everything.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimelineFilter {
    /// Only these channels.
    pub channels: Vec<Channel>,
    /// Only these kinds.
    pub kinds: Vec<EventKind>,
    /// Only these scopes.
    pub scopes: Vec<Scope>,
}

impl TimelineFilter {
    fn keeps(&self, channel: Channel, kind: EventKind, scope: Scope) -> bool {
        (self.channels.is_empty() || self.channels.contains(&channel))
            && (self.kinds.is_empty() || self.kinds.contains(&kind))
            && (self.scopes.is_empty() || self.scopes.contains(&scope))
    }
}

/// One event on the timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineItem {
    /// Row in the event table.
    pub row: u32,
    /// The contact key it was recorded under.
    pub contact_key: String,
    /// Seconds since the epoch, UTC.
    pub ts: i64,
    /// Channel.
    pub channel: Channel,
    /// Kind.
    pub kind: EventKind,
    /// Direction.
    pub direction: Direction,
    /// Scope.
    pub scope: Scope,
    /// Campaign id, if any.
    pub campaign: Option<String>,
    /// Event name, if any.
    pub name: Option<String>,
    /// Revenue or survey score, if any.
    pub value: Option<f32>,
    /// The conversation it belongs to, if any.
    pub thread: Option<u32>,
}

/// The events of one UTC day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineDay {
    /// The day.
    pub date: NaiveDate,
    /// Its events in time order.
    pub items: Vec<TimelineItem>,
}

/// A conversation: a message and the replies to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Thread {
    /// Thread id (by time of the message).
    pub id: u32,
    /// Channel.
    pub channel: Channel,
    /// Campaign id, if any.
    pub campaign: Option<String>,
    /// Row of the message.
    pub message: u32,
    /// Rows of the replies, in time order.
    pub replies: Vec<u32>,
}

/// A person's timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    /// Days with shown events, oldest first.
    pub days: Vec<TimelineDay>,
    /// Conversations with at least one reply, oldest first.
    pub threads: Vec<Thread>,
    /// Events shown.
    pub shown: u32,
    /// Events of the person before filtering.
    pub total: u32,
}

fn is_reply(kind: EventKind, inbound: bool) -> bool {
    inbound
        && matches!(
            kind,
            EventKind::Replied
                | EventKind::Call
                | EventKind::SurveyResponse
                | EventKind::SupportTicket
        )
}

/// The timeline of the person made of `contacts`.
pub fn timeline(
    ds: &Dataset,
    events: &ContactEvents,
    contacts: &[u32],
    filter: &TimelineFilter,
) -> Timeline {
    let e = &ds.events;
    let mut rows: Vec<u32> = Vec::new();
    let mut people: Vec<u32> = contacts.to_vec();
    people.sort_unstable();
    people.dedup();
    for &c in &people {
        rows.extend_from_slice(events.rows(c));
    }
    rows.sort_by_key(|&r| (e.ts[r as usize], r));

    // Thread per row index in `rows`: the message's position, or NONE.
    let campaign_of = |r: usize| e.campaign.get(r).copied().unwrap_or(NONE);
    let mut open: Vec<((u8, u32), usize)> = Vec::new();
    let mut thread_of = vec![NONE; rows.len()];
    let mut has_reply = vec![false; rows.len()];
    for (i, &r) in rows.iter().enumerate() {
        let r = r as usize;
        let key = (e.channel[r], campaign_of(r));
        if is_message(ds, r) {
            match open.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = i,
                None => open.push((key, i)),
            }
        } else if is_reply(e.kind(r), e.direction(r) == Direction::Inbound) {
            if let Some(&(_, root)) = open.iter().find(|(k, _)| *k == key) {
                thread_of[i] = root as u32;
                has_reply[root] = true;
            }
        }
    }
    // Number threads that got replies, by the message's position.
    let mut thread_id = vec![NONE; rows.len()];
    let mut threads: Vec<Thread> = Vec::new();
    for i in 0..rows.len() {
        if has_reply[i] {
            thread_id[i] = threads.len() as u32;
            let r = rows[i] as usize;
            threads.push(Thread {
                id: threads.len() as u32,
                channel: e.channel(r),
                campaign: ds.campaign_ids.try_get(campaign_of(r)).map(str::to_string),
                message: rows[i],
                replies: Vec::new(),
            });
        } else if thread_of[i] != NONE {
            let t = thread_id[thread_of[i] as usize];
            thread_id[i] = t;
            threads[t as usize].replies.push(rows[i]);
        }
    }

    let mut days: Vec<TimelineDay> = Vec::new();
    let mut shown = 0;
    for (i, &row) in rows.iter().enumerate() {
        let r = row as usize;
        let (channel, kind, scope) = (e.channel(r), e.kind(r), e.scope(r));
        if !filter.keeps(channel, kind, scope) {
            continue;
        }
        shown += 1;
        let date = date_of_day(e.ts[r].div_euclid(DAY));
        if days.last().is_none_or(|d| d.date != date) {
            days.push(TimelineDay {
                date,
                items: Vec::new(),
            });
        }
        let item = TimelineItem {
            row,
            contact_key: ds.keys.try_get(e.contact[r]).unwrap_or("").to_string(),
            ts: e.ts[r],
            channel,
            kind,
            direction: e.direction(r),
            scope,
            campaign: ds.campaign_ids.try_get(campaign_of(r)).map(str::to_string),
            name: e
                .name
                .get(r)
                .and_then(|&n| ds.names.try_get(n))
                .map(str::to_string),
            value: e.value.get(r).copied().filter(|v| !v.is_nan()),
            thread: (thread_id[i] != NONE).then_some(thread_id[i]),
        };
        if let Some(day) = days.last_mut() {
            day.items.push(item);
        }
    }
    Timeline {
        days,
        threads,
        shown,
        total: rows.len() as u32,
    }
}

#[cfg(test)]
mod tests;
