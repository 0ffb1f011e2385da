//! Event rows of one batch, held in fixed arrays and appended to the
//! event table column by column when the batch ends: a store per cell
//! instead of a `Vec::push` (length, capacity test, pointer, store, new
//! length) per cell, nine times a row.

use crate::model::{EventTable, NONE};

/// Rows held at most; more are appended first.
pub(crate) const ROWS: usize = crate::import::csv::BATCH;

/// One event row's values, as [`EventTable`] stores them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Row {
    pub contact: u32,
    pub ts: i64,
    pub channel: u8,
    pub kind: u8,
    pub meta: u8,
    pub campaign: Option<u32>,
    pub name: Option<u32>,
    pub session: Option<u32>,
    pub value: Option<f32>,
}

/// Up to [`ROWS`] rows not yet in the table. The optional columns hold
/// their absent value where a row has none, and remember whether any row
/// had one: [`super::push_opt`]'s rule (a column is empty or full) is kept by
/// [`Pending::append`].
#[derive(Debug)]
pub(crate) struct Pending {
    len: usize,
    contact: [u32; ROWS],
    ts: [i64; ROWS],
    channel: [u8; ROWS],
    kind: [u8; ROWS],
    meta: [u8; ROWS],
    campaign: [u32; ROWS],
    name: [u32; ROWS],
    session: [u32; ROWS],
    value: [f32; ROWS],
    /// Whether some held row has a campaign, name, session, value.
    some: [bool; 4],
}

impl Default for Pending {
    fn default() -> Self {
        Pending {
            len: 0,
            contact: [0; ROWS],
            ts: [0; ROWS],
            channel: [0; ROWS],
            kind: [0; ROWS],
            meta: [0; ROWS],
            campaign: [NONE; ROWS],
            name: [NONE; ROWS],
            session: [NONE; ROWS],
            value: [f32::NAN; ROWS],
            some: [false; 4],
        }
    }
}

impl Pending {
    /// Holds `r`, appending the held rows to `e` first when full.
    #[inline(always)]
    pub fn push(&mut self, r: Row, e: &mut EventTable) {
        if self.len >= ROWS {
            self.append(e);
        }
        let i = self.len;
        if i >= ROWS {
            // Not reached: `append` empties. Keeps the stores unchecked.
            return;
        }
        self.contact[i] = r.contact;
        self.ts[i] = r.ts;
        self.channel[i] = r.channel;
        self.kind[i] = r.kind;
        self.meta[i] = r.meta;
        self.campaign[i] = r.campaign.unwrap_or(NONE);
        self.name[i] = r.name.unwrap_or(NONE);
        self.session[i] = r.session.unwrap_or(NONE);
        self.value[i] = r.value.unwrap_or(f32::NAN);
        self.some[0] |= r.campaign.is_some();
        self.some[1] |= r.name.is_some();
        self.some[2] |= r.session.is_some();
        self.some[3] |= r.value.is_some();
        self.len = i + 1;
    }

    /// Appends the held rows to `e`, as pushing them one by one would.
    pub fn append(&mut self, e: &mut EventTable) {
        let n = self.len;
        if n == 0 {
            return;
        }
        let before = e.len();
        opt(
            &mut e.campaign,
            before,
            NONE,
            self.some[0],
            &self.campaign[..n],
        );
        opt(&mut e.name, before, NONE, self.some[1], &self.name[..n]);
        opt(
            &mut e.session,
            before,
            NONE,
            self.some[2],
            &self.session[..n],
        );
        opt(
            &mut e.value,
            before,
            f32::NAN,
            self.some[3],
            &self.value[..n],
        );
        e.contact.extend_from_slice(&self.contact[..n]);
        e.ts.extend_from_slice(&self.ts[..n]);
        e.channel.extend_from_slice(&self.channel[..n]);
        e.kind.extend_from_slice(&self.kind[..n]);
        e.meta.extend_from_slice(&self.meta[..n]);
        // Every slot up to `len` is written again before it is read.
        self.len = 0;
        self.some = [false; 4];
    }
}

/// [`super::push_opt`] for `values` (absent where a row has none) at once: an
/// empty column stays empty unless `some`, and is then filled up to the
/// `before` rows already in the table.
fn opt<T: Copy>(col: &mut Vec<T>, before: usize, absent: T, some: bool, values: &[T]) {
    if col.is_empty() {
        if !some {
            return;
        }
        col.resize(before, absent);
    }
    col.extend_from_slice(values);
}

#[cfg(test)]
mod tests {
    use super::super::push_opt;
    use super::*;

    fn row(n: u32, campaign: Option<u32>, value: Option<f32>) -> Row {
        Row {
            contact: n,
            ts: i64::from(n) * 10,
            channel: n as u8,
            kind: (n * 3) as u8,
            meta: (n * 7) as u8,
            campaign,
            name: Some(n + 1),
            session: None,
            value,
        }
    }

    /// The table `rows` make pushed one by one with `push_opt`.
    fn pushed(rows: &[Row]) -> EventTable {
        let mut e = EventTable::default();
        for r in rows {
            let n = e.len();
            push_opt(&mut e.campaign, n, NONE, r.campaign);
            push_opt(&mut e.name, n, NONE, r.name);
            push_opt(&mut e.session, n, NONE, r.session);
            push_opt(&mut e.value, n, f32::NAN, r.value);
            e.contact.push(r.contact);
            e.ts.push(r.ts);
            e.channel.push(r.channel);
            e.kind.push(r.kind);
            e.meta.push(r.meta);
        }
        e
    }

    /// Bit patterns, so NaN compares equal to NaN.
    fn shown(e: &EventTable) -> String {
        let v: Vec<u32> = e.value.iter().map(|v| v.to_bits()).collect();
        format!(
            "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {v:?}",
            e.contact, e.ts, e.channel, e.kind, e.meta, e.campaign, e.name, e.session
        )
    }

    proptest::proptest! {
        /// Held and appended at any points, rows make the same table as
        /// pushed one by one: optional columns empty until a first value.
        #[test]
        fn pending_rows_append_as_pushes(
            rows in proptest::collection::vec(
                (0u32..1000, proptest::option::weighted(0.1, 0u32..9), proptest::option::weighted(0.05, 0.0f32..9.0)),
                0..150,
            ),
            appends in proptest::collection::vec(0usize..150, 0..6),
        ) {
            let rows: Vec<Row> = rows.into_iter().map(|(n, c, v)| row(n, c, v)).collect();
            let mut e = EventTable::default();
            let mut p = Pending::default();
            for (i, r) in rows.iter().enumerate() {
                if appends.contains(&i) {
                    p.append(&mut e);
                }
                p.push(*r, &mut e);
            }
            p.append(&mut e);
            proptest::prop_assert_eq!(shown(&e), shown(&pushed(&rows)));
        }
    }
}
