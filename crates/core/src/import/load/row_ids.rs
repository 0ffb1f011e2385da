//! The contact of a row of an event, order or consent file that has
//! several identifier columns (e-mail, contact id, phone): every identifier
//! of the row takes part, as a record's do in identity reconciliation.

use super::{
    cell, contact_id, find_key, push_email_key, push_phone_key, Cols, Cx, FxHashSet, Interner,
};
use crate::import::csv::RecordRef;
use crate::import::decode::field_str;
use crate::import::mapping::Field;
use crate::model::Dataset;

/// Finds a row's contact from all its identifiers.
#[derive(Debug, Default)]
pub(crate) struct RowIds {
    /// Whether two or more identifier columns are mapped; else the row's
    /// one key ([`super::contact_key`]) is all there is.
    pub multi: bool,
    /// The row's contact id, e-mail and phone as keys.
    ids: [String; 3],
    /// (contact, other contact) pairs a row's identifiers already linked.
    linked: FxHashSet<(u32, u32)>,
}

impl RowIds {
    pub fn new(c: &Cols) -> Self {
        let multi = [Field::Email, Field::ContactId, Field::Phone]
            .iter()
            .filter(|&&f| c.get(f).is_some())
            .count()
            > 1;
        RowIds {
            multi,
            ..RowIds::default()
        }
    }

    /// The contact the row's contact id names, else its e-mail, else its
    /// phone (the id is the record's own name; an e-mail or phone may have
    /// been reused), or a new one keyed as [`super::contact_key`] keys it.
    /// Every other identifier of the row is bound to that contact
    /// ([`Dataset::bind_id`]), so [`crate::people::unify`] joins whoever
    /// else holds it. The caller checked that the row has an identifier.
    ///
    /// Out of line: callers' one-key paths are hot loops.
    #[inline(never)]
    pub fn contact(
        &mut self,
        rec: &RecordRef<'_>,
        c: &Cols,
        keys: &mut Interner,
        ds: &mut Dataset,
        cx: &mut Cx,
    ) -> u32 {
        let [id, email, phone] = &mut self.ids;
        id.clear();
        email.clear();
        phone.clear();
        let raw = cell(rec, c.get(Field::ContactId));
        if !raw.is_empty() {
            id.push_str(field_str(raw, &mut cx.scratch));
        }
        let raw = cell(rec, c.get(Field::Email));
        if !raw.is_empty() {
            push_email_key(field_str(raw, &mut cx.scratch), email);
        }
        let raw = cell(rec, c.get(Field::Phone));
        let phone_ok =
            !raw.is_empty() && push_phone_key(field_str(raw, &mut cx.scratch), &cx.country, phone);
        let (id, email, phone) = (id.as_str(), email.as_str(), phone.as_str());
        // A phone that is no number is the key of a row with nothing else,
        // never an identifier to link by.
        let linkable = [id, email, if phone_ok { phone } else { "" }];
        let found = linkable.map(|s| (!s.is_empty()).then(|| find_key(ds, keys, s)).flatten());
        let contact = match found.iter().find_map(|&f| f) {
            Some(k) => k,
            None => {
                let key = [email, id, phone].into_iter().find(|s| !s.is_empty());
                contact_id(ds, keys, key.unwrap_or_default())
            }
        };
        for (s, f) in linkable.into_iter().zip(found) {
            match f {
                Some(k) if k == contact => {}
                Some(k) if self.linked.insert((contact, k)) => ds.bind_id(s, contact),
                Some(_) => {}
                // Unknown, or the key just given to the contact (which
                // `bind_id` finds naming it).
                None if !s.is_empty() => ds.bind_id(s, contact),
                None => {}
            }
        }
        contact
    }
}
