//! Adding one data set to another, so that files imported one after the
//! other (contacts, then events, then orders, or a second events export)
//! accumulate into one workspace (SPEC §9).
//!
//! - Contacts meet by key or alias: a contacts file keyed by id, whose
//!   e-mail became an alias, meets an events file keyed by that e-mail, in
//!   either order. A known contact's attributes are overwritten only by
//!   non-empty values (the later file wins, as identity's "most recent
//!   non-empty" does).
//! - Events and orders are appended, except rows that repeat one already in
//!   the base. The model keeps no event id, so an event equal
//!   in every column (contact, time, channel, kind, direction, scope, flags,
//!   campaign, name, session, value) to one of the base is the same event
//!   exported twice; an order whose order id is already there is the same
//!   order (an order without id: same contact, time, amount and currency).
//!   Repeats inside the added data set are kept: one file may hold two real,
//!   identical events (two page views in the same second).
//! - Consent statements are appended (a repeated statement changes nothing:
//!   the latest per subject and channel counts); a campaign whose id is
//!   already there replaces the earlier description.
//! - Then the contact ids become people again ([`crate::people::unify`]):
//!   a new file can link two people of the base. The source records of
//!   people of several records are kept across the merge (see `records`).

use crate::fx::FxHashSet;
use crate::model::{Dataset, Dict, NONE};

mod records;

/// What [`merge_into`] did, for the import screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Contacts of the added data set that were already known.
    pub contacts_matched: u64,
    /// Contacts that were new.
    pub contacts_new: u64,
    /// Events appended.
    pub events_added: u64,
    /// Events left out because the base already had them.
    pub events_duplicate: u64,
    /// Orders appended.
    pub orders_added: u64,
    /// Orders left out because the base already had them.
    pub orders_duplicate: u64,
}

/// Ids of one dictionary translated into another, looked up once each.
struct Remap(Vec<u32>);

impl Remap {
    fn new(from: &Dict) -> Self {
        Remap(vec![NONE; from.len()])
    }

    fn get(&mut self, from: &Dict, to: &mut Dict, id: u32) -> u32 {
        let Some(slot) = self.0.get_mut(id as usize) else {
            return NONE;
        };
        if *slot == NONE {
            *slot = to.intern(from.get(id));
        }
        *slot
    }
}

/// Makes an optional column either empty or `n` long before `adding` rows
/// join it: present when either side has it.
fn align<T: Clone>(col: &mut Vec<T>, other_has: bool, n: usize, absent: T) -> bool {
    let want = !col.is_empty() || other_has;
    if want {
        col.resize(n, absent);
    }
    want
}

/// Adds `other` to `base` (see the module docs for what meets what).
///
/// `base` takes `other`'s phone country when it has no contacts yet; two
/// data sets keyed with different countries should not be merged (check
/// [`Dataset::check_country`] first): `base` keeps its own, and `other`'s
/// keys stay as its country made them.
pub fn merge_into(base: &mut Dataset, other: &Dataset) -> MergeReport {
    if other.phone_country.is_some() {
        if let Ok(c) = base.check_country(other.phone_country) {
            base.phone_country = Some(c);
        }
    }
    let mut report = MergeReport::default();
    let (contacts_before, aliases_before) = (base.keys.len(), base.aliases.len());
    let map = contact_map(base, other, &mut report);
    let kept = records::before(base, other, &map, contacts_before, aliases_before);
    merge_contacts(base, other, &map);
    records::after(base, other, &map, kept);
    merge_events(base, other, &map, &mut report);
    merge_orders(base, other, &map, &mut report);
    merge_campaigns(base, other);
    merge_consent(base, other, &map);
    // A new file can link people the base kept apart (SPEC §7).
    crate::people::unify(base);
    report
}

/// The base contact of every contact of `other`, creating the new ones and
/// binding `other`'s keys and aliases so later data meets them too.
fn contact_map(base: &mut Dataset, other: &Dataset, report: &mut MergeReport) -> Vec<u32> {
    let n = other.keys.len();
    let mut map: Vec<u32> = (0..n as u32)
        .map(|c| base.resolve_key(other.keys.get(c)).unwrap_or(NONE))
        .collect();
    // A contact unknown by its key may be known by one of its aliases.
    for (a, alias) in other.aliases.iter().enumerate() {
        let Some(&owner) = other.alias_of.get(a) else {
            continue;
        };
        if map.get(owner as usize) == Some(&NONE) {
            if let Some(t) = base.resolve_key(alias) {
                map[owner as usize] = t;
            }
        }
    }
    for (c, slot) in map.iter_mut().enumerate() {
        let key = other.keys.get(c as u32);
        if *slot == NONE {
            *slot = base.contact_id(key);
            report.contacts_new += 1;
        } else {
            report.contacts_matched += 1;
            base.add_alias(key, *slot);
        }
    }
    for (a, alias) in other.aliases.iter().enumerate() {
        if let Some(&t) = other.alias_of.get(a).and_then(|&o| map.get(o as usize)) {
            base.add_alias(alias, t);
        }
    }
    // Identifiers `other` had not joined yet still link, after the merge.
    for (c, id) in other.shared_ids.iter() {
        if let Some(&t) = map.get(c as usize) {
            base.bind_id(id, t);
        }
    }
    if base.contacts.len() < base.keys.len() {
        base.contacts.resize(base.keys.len());
    }
    map
}

fn merge_contacts(base: &mut Dataset, other: &Dataset, map: &[u32]) {
    let mut text = Remap::new(&other.text);
    let o = &other.contacts;
    let rows = o.len().min(map.len());
    macro_rules! texts {
        ($($col:ident),+) => {$(
            for c in 0..rows {
                let v = o.$col[c];
                if v != NONE {
                    let t = text.get(&other.text, &mut base.text, v);
                    base.contacts.$col[map[c] as usize] = t;
                }
            }
        )+};
    }
    texts!(name, email, phone, country, city, job_title, company, stage);
    for (c, &t) in map.iter().enumerate().take(rows) {
        let (t, b) = (t as usize, &mut base.contacts);
        if o.birth_year[c] != 0 {
            b.birth_year[t] = o.birth_year[c];
        }
        if o.company_size[c] != 0 {
            b.company_size[t] = o.company_size[c];
        }
        if o.created_at[c] != i64::MIN {
            b.created_at[t] = o.created_at[c];
        }
    }
    for (header, values) in &o.extra {
        let n = base.contacts.len();
        let at = match base.contacts.extra.iter().position(|(h, _)| h == header) {
            Some(at) => at,
            None => {
                base.contacts.extra.push((header.clone(), vec![NONE; n]));
                base.contacts.extra.len() - 1
            }
        };
        for (c, &v) in values.iter().enumerate().take(rows) {
            if v != NONE {
                let t = text.get(&other.text, &mut base.text, v);
                base.contacts.extra[at].1[map[c] as usize] = t;
            }
        }
    }
}

/// An event in the base's id space, for spotting repeats.
type EventKey = (u32, i64, u8, u8, u8, u32, u32, u32, u32);

fn event_key(ds: &Dataset, i: usize) -> EventKey {
    let e = &ds.events;
    let opt = |col: &Vec<u32>| col.get(i).copied().unwrap_or(NONE);
    (
        e.contact[i],
        e.ts[i],
        e.channel[i],
        e.kind[i],
        e.meta[i],
        opt(&e.campaign),
        opt(&e.name),
        opt(&e.session),
        e.value.get(i).map_or(f32::NAN, |v| *v).to_bits(),
    )
}

fn merge_events(base: &mut Dataset, other: &Dataset, map: &[u32], report: &mut MergeReport) {
    let seen: FxHashSet<EventKey> = (0..base.events.len()).map(|i| event_key(base, i)).collect();
    let (mut campaigns, mut names, mut sessions) = (
        Remap::new(&other.campaign_ids),
        Remap::new(&other.names),
        Remap::new(&other.sessions),
    );
    let o = &other.events;
    let n = base.events.len();
    let e = &mut base.events;
    let has_campaign = align(&mut e.campaign, !o.campaign.is_empty(), n, NONE);
    let has_name = align(&mut e.name, !o.name.is_empty(), n, NONE);
    let has_session = align(&mut e.session, !o.session.is_empty(), n, NONE);
    let has_value = align(&mut e.value, !o.value.is_empty(), n, f32::NAN);
    for i in 0..o.len() {
        let Some(&contact) = map.get(o.contact[i] as usize) else {
            continue;
        };
        let opt = |col: &Vec<u32>| col.get(i).copied().unwrap_or(NONE);
        let campaign = campaigns.get(
            &other.campaign_ids,
            &mut base.campaign_ids,
            opt(&o.campaign),
        );
        let name = names.get(&other.names, &mut base.names, opt(&o.name));
        let session = sessions.get(&other.sessions, &mut base.sessions, opt(&o.session));
        let value = o.value.get(i).copied().unwrap_or(f32::NAN);
        let key = (
            contact,
            o.ts[i],
            o.channel[i],
            o.kind[i],
            o.meta[i],
            campaign,
            name,
            session,
            value.to_bits(),
        );
        if seen.contains(&key) {
            report.events_duplicate += 1;
            continue;
        }
        let e = &mut base.events;
        e.contact.push(contact);
        e.ts.push(o.ts[i]);
        e.channel.push(o.channel[i]);
        e.kind.push(o.kind[i]);
        e.meta.push(o.meta[i]);
        if has_campaign {
            e.campaign.push(campaign);
        }
        if has_name {
            e.name.push(name);
        }
        if has_session {
            e.session.push(session);
        }
        if has_value {
            e.value.push(value);
        }
        report.events_added += 1;
    }
}

fn merge_orders(base: &mut Dataset, other: &Dataset, map: &[u32], report: &mut MergeReport) {
    let b = &base.orders;
    let currency = |col: &Vec<u32>, i: usize| col.get(i).copied().unwrap_or(NONE);
    let known_ids: FxHashSet<u32> = b
        .order_id
        .iter()
        .copied()
        .filter(|&id| id != NONE)
        .collect();
    let known_rows: FxHashSet<(u32, i64, u64, u32)> = (0..b.len())
        .filter(|&i| b.order_id[i] == NONE)
        .map(|i| {
            (
                b.contact[i],
                b.ts[i],
                b.amount[i].to_bits(),
                currency(&b.currency, i),
            )
        })
        .collect();
    let (mut ids, mut names) = (Remap::new(&other.order_ids), Remap::new(&other.names));
    let o = &other.orders;
    let n = base.orders.len();
    let has_currency = align(&mut base.orders.currency, !o.currency.is_empty(), n, NONE);
    for i in 0..o.len() {
        let Some(&contact) = map.get(o.contact[i] as usize) else {
            continue;
        };
        let id = ids.get(&other.order_ids, &mut base.order_ids, o.order_id[i]);
        let cur = names.get(&other.names, &mut base.names, currency(&o.currency, i));
        let repeat = if id == NONE {
            known_rows.contains(&(contact, o.ts[i], o.amount[i].to_bits(), cur))
        } else {
            known_ids.contains(&id)
        };
        if repeat {
            report.orders_duplicate += 1;
            continue;
        }
        let b = &mut base.orders;
        b.order_id.push(id);
        b.contact.push(contact);
        b.ts.push(o.ts[i]);
        b.amount.push(o.amount[i]);
        if has_currency {
            b.currency.push(cur);
        }
        report.orders_added += 1;
    }
}

fn merge_campaigns(base: &mut Dataset, other: &Dataset) {
    for c in &other.campaigns {
        let Some(key) = other.campaign_ids.try_get(c.id) else {
            continue;
        };
        let id = base.campaign_ids.intern(key);
        let row = crate::model::Campaign { id, ..c.clone() };
        match base.campaigns.iter_mut().find(|b| b.id == id) {
            Some(known) => *known = row,
            None => base.campaigns.push(row),
        }
    }
}

fn merge_consent(base: &mut Dataset, other: &Dataset, map: &[u32]) {
    let mut names = Remap::new(&other.names);
    let o = &other.consent;
    for i in 0..o.contact.len() {
        let Some(&contact) = map.get(o.contact[i] as usize) else {
            continue;
        };
        let subject = names.get(&other.names, &mut base.names, o.subject[i]);
        let source = names.get(&other.names, &mut base.names, o.source[i]);
        let b = &mut base.consent;
        b.contact.push(contact);
        b.subject.push(subject);
        b.channel.push(o.channel[i]);
        b.status.push(o.status[i]);
        b.ts.push(o.ts[i]);
        b.source.push(source);
    }
}

#[cfg(test)]
mod tests;
