//! Order rows into [`crate::model::OrderTable`].

use super::{bad, cell, contact_key, date_cell, number_cell, push_opt, Bad, Cols, Cx, Outcome};
use crate::import::csv::RecordRef;
use crate::import::decode::field_str;
use crate::import::mapping::Field;
use crate::import::number::currency_in;
use crate::model::{Dataset, NONE};

pub(crate) struct Orders {
    c: Cols,
    keys: super::Interner,
    /// Rows of a file with several identifier columns find their contact
    /// by all of them.
    ids: super::row_ids::RowIds,
    order_ids: super::Interner,
    /// The previous row's order id, to fold the further line items of a
    /// Shopify-style export (same order, no total) into it.
    prev_order: u32,
}

impl Orders {
    pub fn new(c: Cols) -> Self {
        Orders {
            ids: super::row_ids::RowIds::new(&c),
            c,
            keys: super::Interner::default(),
            order_ids: super::Interner::default(),
            prev_order: NONE,
        }
    }

    pub fn row(
        &mut self,
        rec: &RecordRef<'_>,
        ds: &mut Dataset,
        cx: &mut Cx,
    ) -> Result<Outcome, Bad> {
        let c = &self.c;
        let order_raw = cell(rec, c.get(Field::OrderId));
        let order = (!order_raw.is_empty()).then(|| {
            self.order_ids
                .intern_raw(order_raw, &mut ds.order_ids, &mut cx.scratch)
        });
        let amount_col = c.get(Field::Amount);
        let amount_raw = cell(rec, amount_col);
        if amount_raw.is_empty() {
            if order.is_some() && order == Some(self.prev_order) {
                return Ok(Outcome::Merged);
            }
            return Err(bad(amount_col, "missing amount"));
        }
        let amount = number_cell(rec, amount_col, cx)?.unwrap_or_default();
        contact_key(rec, c, cx)?;
        let ts = date_cell(rec, c.get(Field::Timestamp), cx, true)?.unwrap_or_default();
        let currency_raw = cell(rec, c.get(Field::Currency));
        let currency = if !currency_raw.is_empty() {
            Some(ds.names.intern(field_str(currency_raw, &mut cx.scratch)))
        } else {
            currency_in(amount_raw).map(|code| ds.names.intern(code))
        };

        self.prev_order = order.unwrap_or(NONE);
        let contact = if self.ids.multi {
            self.ids.contact(rec, &self.c, &mut self.keys, ds, cx)
        } else {
            super::contact_id(ds, &mut self.keys, &cx.key)
        };
        let o = &mut ds.orders;
        let n = o.len();
        push_opt(&mut o.currency, n, NONE, currency);
        o.order_id.push(order.unwrap_or(NONE));
        o.contact.push(contact);
        o.ts.push(ts);
        o.amount.push(amount);
        Ok(Outcome::Loaded)
    }
}
