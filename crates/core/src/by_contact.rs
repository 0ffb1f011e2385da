//! Event rows grouped by contact, each group in time order.
//!
//! Pressure, responsiveness, scoring and timelines all walk one contact's
//! history from oldest to newest. Grouping once (a counting sort by contact,
//! then a stable sort by time inside each group only when the group is not
//! already ordered, which exports usually are) costs two passes over the
//! table; equal timestamps keep file order.

use crate::model::EventTable;

/// Rows of `events` per contact, in time order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactEvents {
    offsets: Vec<u32>,
    rows: Vec<u32>,
}

impl ContactEvents {
    /// Groups the rows of `events` for contacts `0..n` (rows of larger ids
    /// are left out).
    pub fn build(events: &EventTable, n: usize) -> Self {
        let mut offsets = vec![0u32; n + 1];
        for &c in &events.contact {
            if (c as usize) < n {
                offsets[c as usize + 1] += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets[..n].to_vec();
        let mut rows = vec![0u32; offsets[n] as usize];
        for (row, &c) in events.contact.iter().enumerate() {
            if let Some(slot) = fill.get_mut(c as usize) {
                rows[*slot as usize] = row as u32;
                *slot += 1;
            }
        }
        for c in 0..n {
            let group = &mut rows[offsets[c] as usize..offsets[c + 1] as usize];
            if group
                .windows(2)
                .any(|w| events.ts[w[0] as usize] > events.ts[w[1] as usize])
            {
                group.sort_by_key(|&r| events.ts[r as usize]);
            }
        }
        ContactEvents { offsets, rows }
    }

    /// Number of contacts.
    pub fn contact_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Where `contact`'s rows start in [`ContactEvents::all_rows`] (the end
    /// for ids past the last contact), so consecutive contacts can be
    /// processed as one block.
    pub fn offset(&self, contact: u32) -> usize {
        let i = (contact as usize).min(self.offsets.len().saturating_sub(1));
        self.offsets.get(i).map_or(0, |&o| o as usize)
    }

    /// Every row, grouped by contact in id order.
    pub fn all_rows(&self) -> &[u32] {
        &self.rows
    }

    /// Calls `f(contact, items)` for contacts `0..n` in id order, `items`
    /// being the contact's events mapped by `gather`, oldest first.
    ///
    /// A contact's events are scattered over the table (files are in time
    /// order), so reading them contact by contact stalls on a cache miss per
    /// column per event. Here the events of a block of contacts are first
    /// copied in one tight loop, which overlaps those misses, and `f` then
    /// reads memory in order. A block holds about 16 Ki items.
    pub fn for_each_gathered<T>(
        &self,
        n: usize,
        gather: impl Fn(usize) -> T,
        mut f: impl FnMut(u32, &[T]),
    ) {
        const BLOCK_ROWS: usize = 1 << 14;
        let mut block: Vec<T> = Vec::new();
        let mut c = 0;
        while c < n {
            let first = self.offset(c as u32);
            let mut end = c + 1;
            while end < n && self.offset(end as u32 + 1) - first <= BLOCK_ROWS {
                end += 1;
            }
            block.clear();
            block.extend(
                self.rows[first..self.offset(end as u32)]
                    .iter()
                    .map(|&r| gather(r as usize)),
            );
            for contact in c..end {
                let a = self.offset(contact as u32) - first;
                let b = self.offset(contact as u32 + 1) - first;
                f(contact as u32, &block[a..b]);
            }
            c = end;
        }
    }

    /// Row indices of `contact`'s events, oldest first (empty for unknown ids).
    pub fn rows(&self, contact: u32) -> &[u32] {
        let c = contact as usize;
        if c + 1 >= self.offsets.len() {
            return &[];
        }
        &self.rows[self.offsets[c] as usize..self.offsets[c + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(contacts: &[u32], ts: &[i64], n: usize, expected: &[&[u32]]) {
        let events = EventTable {
            contact: contacts.to_vec(),
            ts: ts.to_vec(),
            ..EventTable::default()
        };
        let got = ContactEvents::build(&events, n);
        let groups: Vec<&[u32]> = (0..n as u32).map(|c| got.rows(c)).collect();
        assert_eq!(groups, expected);
        assert!(got.rows(n as u32).is_empty());
        for c in 0..n as u32 {
            let (a, b) = (got.offset(c), got.offset(c + 1));
            assert_eq!(&got.all_rows()[a..b], got.rows(c));
        }
        assert_eq!(got.offset(n as u32 + 5), got.all_rows().len());
        let mut seen = Vec::new();
        got.for_each_gathered(n + 1, |r| events.ts[r], |c, ts| seen.push((c, ts.to_vec())));
        let expected: Vec<(u32, Vec<i64>)> = (0..n as u32 + 1)
            .map(|c| {
                (
                    c,
                    got.rows(c).iter().map(|&r| events.ts[r as usize]).collect(),
                )
            })
            .collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn gathers_across_blocks() {
        // 40,000 rows over 5 contacts, one holding more than a block.
        let contacts: Vec<u32> = (0..40_000u32)
            .map(|i| if i < 30_000 { 4 } else { i % 4 })
            .collect();
        let ts: Vec<i64> = (0..40_000).collect();
        let expected: Vec<Vec<u32>> = (0..5u32)
            .map(|c| {
                (0..40_000u32)
                    .filter(|&i| contacts[i as usize] == c)
                    .collect()
            })
            .collect();
        let groups: Vec<&[u32]> = expected.iter().map(Vec::as_slice).collect();
        check(&contacts, &ts, 5, &groups);
    }

    #[test]
    fn groups_in_time_order_keeping_ties_in_row_order() {
        check(&[0, 1, 0, 0], &[5, 1, 3, 5], 2, &[&[2, 0, 3], &[1]]);
        check(&[1, 1, 1], &[2, 2, 1], 3, &[&[], &[2, 0, 1], &[]]);
        check(&[], &[], 0, &[]);
        check(&[5], &[1], 1, &[&[]]);
    }
}
