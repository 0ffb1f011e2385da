//! Consent rows into [`crate::model::ConsentTable`].

use super::{bad, cell, contact_key, date_cell, word_cell, Bad, Cols, Cx, Outcome, Vocab};
use crate::import::csv::RecordRef;
use crate::import::decode::field_str;
use crate::import::mapping::Field;
use crate::import::words;
use crate::model::{Channel, ConsentStatus, Dataset, NONE};

/// The subject of a consent row that names none.
pub(crate) const ALL_SUBJECTS: &str = "all";

pub(crate) struct Consent {
    c: Cols,
    keys: super::Interner,
    /// Rows of a file with several identifier columns find their contact
    /// by all of them.
    ids: super::row_ids::RowIds,
    channels: Vocab<Channel>,
    statuses: Vocab<ConsentStatus>,
}

impl Consent {
    pub fn new(c: Cols) -> Self {
        Consent {
            ids: super::row_ids::RowIds::new(&c),
            c,
            keys: super::Interner::default(),
            channels: Vocab::default(),
            statuses: Vocab::default(),
        }
    }

    pub fn row(
        &mut self,
        rec: &RecordRef<'_>,
        ds: &mut Dataset,
        cx: &mut Cx,
    ) -> Result<Outcome, Bad> {
        let c = &self.c;
        contact_key(rec, c, cx)?;
        let status_col = c.get(Field::ConsentStatus);
        let status = word_cell(
            rec,
            status_col,
            cx,
            &mut self.statuses,
            words::consent,
            "consent status",
        )?
        .ok_or_else(|| bad(status_col, "missing consent status"))?;
        let channel = word_cell(
            rec,
            c.get(Field::Channel),
            cx,
            &mut self.channels,
            words::channel,
            "channel",
        )?
        .unwrap_or(cx.default_channel);
        let ts = date_cell(rec, c.get(Field::Timestamp), cx, false)?.unwrap_or(i64::MIN);
        let subject_raw = cell(rec, c.get(Field::Subject));
        let subject = if subject_raw.is_empty() {
            ds.names.intern(ALL_SUBJECTS)
        } else {
            ds.names.intern(field_str(subject_raw, &mut cx.scratch))
        };
        let source_raw = cell(rec, c.get(Field::Source));
        let source = if source_raw.is_empty() {
            NONE
        } else {
            ds.names.intern(field_str(source_raw, &mut cx.scratch))
        };
        let contact = if self.ids.multi {
            self.ids.contact(rec, &self.c, &mut self.keys, ds, cx)
        } else {
            super::contact_id(ds, &mut self.keys, &cx.key)
        };
        push(ds, contact, subject, channel, status, ts, source);
        Ok(Outcome::Loaded)
    }
}

/// Appends one consent statement.
pub(crate) fn push(
    ds: &mut Dataset,
    contact: u32,
    subject: u32,
    channel: Channel,
    status: ConsentStatus,
    ts: i64,
    source: u32,
) {
    let t = &mut ds.consent;
    t.contact.push(contact);
    t.subject.push(subject);
    t.channel.push(channel.code());
    t.status.push(status as u8);
    t.ts.push(ts);
    t.source.push(source);
}
