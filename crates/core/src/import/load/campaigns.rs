//! Campaign rows into [`crate::model::Dataset::campaigns`]; a campaign seen
//! again (in this file or an earlier one) is updated in place.

use super::FxHashMap;
use super::{bad, cell, date_cell, number_cell, word_cell, Bad, Cols, Cx, Outcome, Vocab};
use crate::import::csv::RecordRef;
use crate::import::decode::field_str;
use crate::import::mapping::Field;
use crate::import::words;
use crate::model::{Campaign, Channel, Dataset, Scope};

pub(crate) struct Campaigns {
    c: Cols,
    channels: Vocab<Channel>,
    scopes: Vocab<Scope>,
    /// Campaign id → index in `Dataset::campaigns`.
    index: FxHashMap<u32, usize>,
}

impl Campaigns {
    pub fn new(c: Cols, ds: &Dataset) -> Self {
        let index = ds
            .campaigns
            .iter()
            .enumerate()
            .map(|(i, k)| (k.id, i))
            .collect();
        Campaigns {
            c,
            channels: Vocab::default(),
            scopes: Vocab::default(),
            index,
        }
    }

    pub fn row(
        &mut self,
        rec: &RecordRef<'_>,
        ds: &mut Dataset,
        cx: &mut Cx,
    ) -> Result<Outcome, Bad> {
        let c = &self.c;
        let id_col = c.get(Field::Campaign).or(c.get(Field::CampaignName));
        let id_raw = cell(rec, c.get(Field::Campaign));
        let name_raw = cell(rec, c.get(Field::CampaignName));
        if id_raw.is_empty() && name_raw.is_empty() {
            return Err(bad(id_col, "missing campaign id and name"));
        }
        let channel = word_cell(
            rec,
            c.get(Field::Channel),
            cx,
            &mut self.channels,
            words::channel,
            "channel",
        )?
        .unwrap_or(cx.default_channel);
        let scope = word_cell(
            rec,
            c.get(Field::Scope),
            cx,
            &mut self.scopes,
            words::scope,
            "scope",
        )?
        .unwrap_or(Scope::Unknown);
        let sent_at = date_cell(rec, c.get(Field::Timestamp), cx, false)?;
        let cost = number_cell(rec, c.get(Field::Cost), cx)?.unwrap_or(0.0);
        let text = |col: Option<usize>, scratch: &mut String| {
            field_str(cell(rec, col), scratch).to_owned()
        };
        let name = if name_raw.is_empty() {
            text(c.get(Field::Campaign), &mut cx.scratch)
        } else {
            text(c.get(Field::CampaignName), &mut cx.scratch)
        };
        let id = if id_raw.is_empty() {
            ds.campaign_ids.intern(&name)
        } else {
            ds.campaign_ids.intern(field_str(id_raw, &mut cx.scratch))
        };
        let campaign = Campaign {
            id,
            name,
            channel,
            scope,
            subject: text(c.get(Field::Subject), &mut cx.scratch),
            message_type: text(c.get(Field::MessageType), &mut cx.scratch),
            sent_at,
            cost,
        };
        match self.index.get(&id) {
            Some(&i) => ds.campaigns[i] = campaign,
            None => {
                self.index.insert(id, ds.campaigns.len());
                ds.campaigns.push(campaign);
            }
        }
        Ok(Outcome::Loaded)
    }
}
