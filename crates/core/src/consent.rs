//! Consent per contact × subject × channel (SPEC §6) and audience filtering.
//!
//! The statement with the latest timestamp wins; between statements with the
//! same timestamp the later row wins, because exports list changes in the
//! order they were made. A contact with no statement is `unknown`, and every
//! audience keeps only `opted_in` contacts: silence is not consent.

use crate::bitset::Bits;
use crate::model::{Channel, ConsentStatus, Dataset, NONE};
use serde::Serialize;

/// The status for a stored code (unknown codes read as `Unknown`).
pub fn status_of_code(code: u8) -> ConsentStatus {
    match code {
        1 => ConsentStatus::OptedIn,
        2 => ConsentStatus::OptedOut,
        _ => ConsentStatus::Unknown,
    }
}

/// The current status per contact id for one subject and channel.
pub fn statuses(ds: &Dataset, subject: &str, channel: Channel) -> Vec<ConsentStatus> {
    let n = ds.contact_count();
    let mut latest: Vec<(i64, u8)> = vec![(i64::MIN, 0); n];
    let mut seen = vec![false; n];
    if let Some(subject) = ds.names.lookup(subject) {
        let t = &ds.consent;
        for i in 0..t.contact.len() {
            if t.subject[i] != subject || t.channel[i] != channel.code() {
                continue;
            }
            let c = t.contact[i] as usize;
            if c >= n {
                continue;
            }
            if !seen[c] || t.ts[i] >= latest[c].0 {
                latest[c] = (t.ts[i], t.status[i]);
                seen[c] = true;
            }
        }
    }
    latest.iter().map(|&(_, s)| status_of_code(s)).collect()
}

/// The contacts opted in to `subject` on `channel`.
pub fn opted_in(ds: &Dataset, subject: &str, channel: Channel) -> Bits {
    let s = statuses(ds, subject, channel);
    Bits::from_fn(s.len(), |c| s[c] == ConsentStatus::OptedIn)
}

/// One current consent statement of a contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsentEntry {
    /// Subject (news, offers, …).
    pub subject: String,
    /// Channel.
    pub channel: Channel,
    /// Current status.
    pub status: ConsentStatus,
    /// When it was stated.
    pub ts: i64,
    /// Where it came from, if known.
    pub source: Option<String>,
}

/// The current statement per subject × channel of the contacts in `contacts`
/// (one person after identity merge may be several contact ids), sorted by
/// subject then channel.
pub fn consent_of(ds: &Dataset, contacts: &[u32]) -> Vec<ConsentEntry> {
    let t = &ds.consent;
    // (subject, channel) → (ts, row); few entries per person, so a Vec.
    let mut current: Vec<((u32, u8), (i64, usize))> = Vec::new();
    for i in 0..t.contact.len() {
        if !contacts.contains(&t.contact[i]) {
            continue;
        }
        let key = (t.subject[i], t.channel[i]);
        match current.iter_mut().find(|(k, _)| *k == key) {
            Some((_, best)) if t.ts[i] >= best.0 => *best = (t.ts[i], i),
            Some(_) => {}
            None => current.push((key, (t.ts[i], i))),
        }
    }
    let mut out: Vec<ConsentEntry> = current
        .into_iter()
        .map(|(_, (ts, i))| ConsentEntry {
            subject: ds.names.try_get(t.subject[i]).unwrap_or("").to_string(),
            channel: Channel::from_code(t.channel[i]).unwrap_or(Channel::Email),
            status: status_of_code(t.status[i]),
            ts,
            source: t
                .source
                .get(i)
                .filter(|&&s| s != NONE)
                .and_then(|&s| ds.names.try_get(s))
                .map(str::to_string),
        })
        .collect();
    out.sort_by(|a, b| a.subject.cmp(&b.subject).then(a.channel.cmp(&b.channel)));
    out
}

/// An audience after consent filtering.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Audience {
    /// Contacts that may be messaged, in input order.
    pub kept: Vec<u32>,
    /// Contacts dropped, with their status (`unknown` or `opted_out`).
    pub dropped: Vec<(u32, ConsentStatus)>,
}

/// Keeps the contacts opted in to `subject` on `channel`.
pub fn filter_audience(
    ds: &Dataset,
    contacts: &[u32],
    subject: &str,
    channel: Channel,
) -> Audience {
    let s = statuses(ds, subject, channel);
    let mut out = Audience {
        kept: Vec::with_capacity(contacts.len()),
        dropped: Vec::new(),
    };
    for &c in contacts {
        match s.get(c as usize).copied().unwrap_or(ConsentStatus::Unknown) {
            ConsentStatus::OptedIn => out.kept.push(c),
            other => out.dropped.push((c, other)),
        }
    }
    out
}

/// Appends one consent statement (tests, the server's consent endpoint).
pub fn push_consent(
    ds: &mut Dataset,
    contact: &str,
    subject: &str,
    channel: Channel,
    status: ConsentStatus,
    ts: i64,
    source: Option<&str>,
) {
    let contact = ds.contact_id(contact);
    let subject = ds.names.intern(subject);
    let source = source.map_or(NONE, |s| ds.names.intern(s));
    let t = &mut ds.consent;
    t.contact.push(contact);
    t.subject.push(subject);
    t.channel.push(channel.code());
    t.status.push(status as u8);
    t.ts.push(ts);
    t.source.push(source);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConsentStatus::*;

    /// (contact, subject, channel, status, ts)
    type Statement<'a> = (&'a str, &'a str, Channel, ConsentStatus, i64);

    fn dataset(statements: &[Statement<'_>]) -> Dataset {
        let mut ds = Dataset::default();
        for &(c, s, ch, st, ts) in statements {
            push_consent(&mut ds, c, s, ch, st, ts, Some("form"));
        }
        ds
    }

    fn check(
        statements: &[Statement<'_>],
        subject: &str,
        channel: Channel,
        expected: &[ConsentStatus],
    ) {
        let ds = dataset(statements);
        assert_eq!(
            statuses(&ds, subject, channel),
            expected,
            "{subject} {channel}"
        );
    }

    #[test]
    fn latest_statement_wins() {
        let s: &[Statement<'_>] = &[
            ("a", "news", Channel::Email, OptedIn, 10),
            ("a", "news", Channel::Email, OptedOut, 20),
            ("b", "news", Channel::Email, OptedOut, 20),
            ("b", "news", Channel::Email, OptedIn, 10),
            ("c", "news", Channel::Email, OptedOut, 5),
            ("c", "news", Channel::Email, OptedIn, 5),
            ("d", "offers", Channel::Email, OptedIn, 1),
            ("d", "news", Channel::Sms, OptedIn, 1),
        ];
        check(
            s,
            "news",
            Channel::Email,
            &[OptedOut, OptedOut, OptedIn, Unknown],
        );
        check(
            s,
            "news",
            Channel::Sms,
            &[Unknown, Unknown, Unknown, OptedIn],
        );
        check(
            s,
            "offers",
            Channel::Email,
            &[Unknown, Unknown, Unknown, OptedIn],
        );
        check(s, "loyalty", Channel::Email, &[Unknown; 4]);
    }

    #[test]
    fn audiences_keep_only_opted_in() {
        let ds = dataset(&[
            ("a", "news", Channel::WebPush, OptedIn, 1),
            ("b", "news", Channel::WebPush, OptedOut, 1),
            ("c", "news", Channel::Email, OptedIn, 1),
        ]);
        let got = filter_audience(&ds, &[2, 0, 1, 7], "news", Channel::WebPush);
        assert_eq!(got.kept, [0]);
        assert_eq!(got.dropped, [(2, Unknown), (1, OptedOut), (7, Unknown)]);
        assert_eq!(opted_in(&ds, "news", Channel::WebPush).count(), 1);
    }

    #[test]
    fn consent_of_a_person_lists_current_statements() {
        let ds = dataset(&[
            ("a", "offers", Channel::Email, OptedIn, 1),
            ("b", "news", Channel::Email, OptedOut, 3),
            ("a", "news", Channel::Email, OptedIn, 2),
            ("c", "news", Channel::Email, OptedIn, 9),
        ]);
        let got: Vec<(String, ConsentStatus, i64)> = consent_of(&ds, &[0, 1])
            .into_iter()
            .map(|e| (e.subject, e.status, e.ts))
            .collect();
        assert_eq!(
            got,
            [
                ("news".to_string(), OptedOut, 3),
                ("offers".to_string(), OptedIn, 1)
            ]
        );
    }
}
