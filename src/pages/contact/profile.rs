//! Everything the contact page shows beside the timeline, computed with
//! `canal_core`: the whole-population analyses once per data set
//! ([`Analyses`]), then one person's view of them ([`Profile`]).
//!
//! Scores, RFM, tiers, pressure and responsiveness are per contact id, as
//! the core computes them; a contact id is one person (the loaders run
//! `canal_core::people::unify`), whose source records the data set keeps:
//! the page lists them with the key that matched.

use canal_core::by_contact::ContactEvents;
use canal_core::consent::{consent_of, ConsentEntry};
use canal_core::identity::{self, IdentityConfig, Person, SourceRecord};
use canal_core::model::{Channel, Dataset, NONE};
use canal_core::people;
use canal_core::pressure::{Eligibility, Pressure, PressureConfig};
use canal_core::responsiveness::{self, ChannelStat, Responsiveness, ResponsivenessConfig};
use canal_core::rfm::{self, RfmCustomer, RfmOptions, RfmResult};
use canal_core::rules::SegmentContext;
use canal_core::scoring::{self, BreakdownLine, Scores, ScoringModel};
use canal_core::tiers::{self, Tier, TierConfig, TierResult};
use std::cell::RefCell;
use std::rc::Rc;

/// The scoring model the contact page uses: the one the Scoring screen
/// uses (kept for the workspace shown, else its starting model), so a
/// contact's score here equals the one shown there.
pub fn default_scoring_model() -> ScoringModel {
    use crate::services::workbench;
    workbench::cached_scoring(workbench::current())
        .unwrap_or_else(crate::pages::scoring::model::starting_model)
}

/// The pressure settings the Pressure screen uses.
pub fn pressure_config() -> PressureConfig {
    use crate::services::workbench;
    workbench::cached_pressure(workbench::current()).unwrap_or_default()
}

/// A scoring model and the scores under it (or why there are none).
pub type ModelScores = (ScoringModel, Result<Scores, String>);

/// The population-wide results the contact page reads, computed once per
/// data set.
pub struct Analyses {
    /// "Now" for pressure, seconds since the epoch.
    pub as_of: i64,
    /// "Now" for scores: the last event or order, as the Scoring screen
    /// scores, so a contact's score reads the same on both.
    pub score_as_of: i64,
    /// Events grouped by contact, as the audience analyses take them.
    pub events: ContactEvents,
    /// The scoring rules.
    pub model: ScoringModel,
    /// Scores, or why they could not be computed.
    pub scores: Result<Scores, String>,
    /// RFM as of the day after the last order.
    pub rfm: RfmResult,
    /// Tiers from RFM's monetary values.
    pub tiers: TierResult,
    /// Responsiveness and preferred channels.
    pub responsiveness: Responsiveness,
    /// Pressure rules (the Pressure screen's).
    pub pressure: PressureConfig,
    /// Scores under a model edited since these analyses were built.
    rescored: RefCell<Option<Rc<ModelScores>>>,
}

impl std::fmt::Debug for Analyses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyses")
            .field("as_of", &self.as_of)
            .field("score_as_of", &self.score_as_of)
            .finish()
    }
}

/// The source records of `contact` (a person) with their identifiers and,
/// when `attributes` is set, their display attributes: the records the
/// loaders merged into it, or its own row.
pub fn identity_records(ds: &Dataset, contact: u32, attributes: bool) -> Vec<SourceRecord> {
    people::person_records(ds, contact, attributes)
}

/// Scores under `model` with the inputs the Scoring screen gives the rules
/// (RFM as of the day after the last order, tiers over the orders up to
/// it), as of `as_of`.
pub fn score_with(
    ds: &Dataset,
    events: &ContactEvents,
    rfm: &RfmResult,
    model: &ScoringModel,
    as_of: i64,
) -> Result<Scores, String> {
    let tiers = rfm.tiers(ds, &TierConfig::default());
    let mut ctx = SegmentContext::new(ds, as_of);
    ctx.set_rfm(rfm);
    ctx.set_tiers(&tiers);
    scoring::score(ds, &mut ctx, events, model, as_of, None).map_err(|e| e.to_string())
}

impl Analyses {
    /// Runs every analysis over `ds` as of `as_of`.
    pub fn build(ds: &Dataset, as_of: i64) -> Self {
        let n = ds.contact_count();
        let events = ContactEvents::build(&ds.events, n);
        let rfm = rfm::rfm(ds, &RfmOptions::default());
        let customers: Vec<(u32, f64)> = rfm
            .customers
            .iter()
            .map(|c| (c.contact, c.monetary))
            .collect();
        let tiers = tiers::tiers(&customers, n, &TierConfig::default());
        let model = default_scoring_model();
        let score_as_of = crate::state::data::span(ds).map_or(0, |s| s.1);
        let scores = score_with(ds, &events, &rfm, &model, score_as_of);
        let responsiveness =
            responsiveness::responsiveness(ds, &events, &ResponsivenessConfig::default());
        Analyses {
            as_of,
            score_as_of,
            events,
            model,
            scores,
            rfm,
            tiers,
            responsiveness,
            pressure: pressure_config(),
            rescored: RefCell::new(None),
        }
    }

    /// The model in force and its scores: the built ones, or, when the
    /// Scoring screen's model changed since, scores under that model
    /// (computed once per change).
    pub fn scores_now(&self, ds: &Dataset) -> Rc<ModelScores> {
        let model = default_scoring_model();
        if model == self.model {
            return Rc::new((self.model.clone(), self.scores.clone()));
        }
        if let Some(r) = self.rescored.borrow().as_ref().filter(|r| r.0 == model) {
            return r.clone();
        }
        let scores = score_with(ds, &self.events, &self.rfm, &model, self.score_as_of);
        let r = Rc::new((model, scores));
        *self.rescored.borrow_mut() = Some(r.clone());
        r
    }
}

/// A contact's score and why.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreView {
    /// Fit (demographic + functional).
    pub fit: f64,
    /// Engagement (decayed interaction points).
    pub engagement: f64,
    /// Fit + engagement.
    pub total: f64,
    /// The highest stage reached, if any.
    pub stage: Option<String>,
    /// Points per rule; rules that gave nothing are left out.
    pub lines: Vec<BreakdownLine>,
}

/// One person as the contact page shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    /// The contact id the page was opened on.
    pub contact: u32,
    /// The contact ids whose timeline and consent are the person's: the
    /// person's own id (the loaders made every person one id).
    pub members: Vec<u32>,
    /// Merged identities with provenance.
    pub person: Person,
    /// Current consent per subject and channel.
    pub consent: Vec<ConsentEntry>,
    /// Score, or why there is none.
    pub score: Result<ScoreView, String>,
    /// RFM values, if the contact has orders.
    pub rfm: Option<RfmCustomer>,
    /// Tier, if the contact has orders.
    pub tier: Option<Tier>,
    /// Pressure now and when the next message may go.
    pub eligibility: Eligibility,
    /// Preferred channel, `None` without enough evidence.
    pub preferred: Option<Channel>,
    /// Messages and responses per channel.
    pub channels: Vec<ChannelStat>,
}

impl Profile {
    /// The profile of `contact` (a dense id of `ds`).
    pub fn build(ds: &Dataset, a: &Analyses, contact: u32) -> Self {
        let members = vec![contact];
        let records = identity_records(ds, contact, true);
        let person = merged_person(&records, &people::config(ds));
        let now = a.scores_now(ds);
        let (model, scores) = (&now.0, &now.1);
        let score = scores.as_ref().map_err(Clone::clone).map(|s| {
            let c = contact as usize;
            let stage = s
                .stage
                .get(c)
                .filter(|&&st| st != u8::MAX)
                .and_then(|&st| model.stages.get(st as usize))
                .map(|st| st.name.clone());
            let mut lines = s.breakdown(ds, &a.events, model, contact);
            lines.retain(|l| l.points != 0.0 || l.hits > 0);
            ScoreView {
                fit: s.fit.get(c).copied().unwrap_or(0.0),
                engagement: s.engagement.get(c).copied().unwrap_or(0.0),
                total: s.total.get(c).copied().unwrap_or(0.0),
                stage,
                lines,
            }
        });
        let pressure_now = pressure_config();
        let pressure = Pressure::new(ds, &a.events, &pressure_now);
        Profile {
            contact,
            person,
            consent: consent_of(ds, &members),
            score,
            rfm: a.rfm.get(contact).cloned(),
            tier: a.tiers.get(contact),
            eligibility: pressure.eligibility(contact, None, a.as_of),
            preferred: a.responsiveness.preferred(contact),
            channels: a.responsiveness.channels(contact),
            members,
        }
    }
}

/// The merged profile of one person's source records: every record with
/// the key that linked it, the union of identifiers, attributes resolved.
/// The records were merged into one person by the same identifiers, so
/// their merge is one person; should it not be, the other records are
/// still listed, unmatched. `config` is the data set's
/// (`people::config`), so phones read in the country it was keyed with.
pub fn merged_person(records: &[SourceRecord], config: &IdentityConfig) -> Person {
    let local = identity::merge(records, config);
    let mut person = local.profile(records, 0, config);
    for p in 1..local.person_count() as u32 {
        let more = local.profile(records, p, config);
        person.records.extend(more.records);
        for (all, extra) in [
            (&mut person.emails, more.emails),
            (&mut person.phones, more.phones),
            (&mut person.external_ids, more.external_ids),
        ] {
            for v in extra {
                if !all.contains(&v) {
                    all.push(v);
                }
            }
        }
    }
    person
}

/// The name of a contact id: the name attribute, else the key.
pub fn display_name(ds: &Dataset, contact: u32) -> Option<&str> {
    ds.contacts
        .name
        .get(contact as usize)
        .filter(|&&t| t != NONE)
        .and_then(|&t| ds.text.try_get(t))
}

#[cfg(test)]
mod tests;
