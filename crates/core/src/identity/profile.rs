//! Merged profiles: every source record, the union of identifiers and each
//! attribute resolved (most recent non-empty value, or the most trusted
//! source's when a priority is set).

use super::{Attribute, IdentityConfig, KeyKind, Merge, SourceRecord};
use serde::Serialize;

impl Merge {
    /// The merged profile of `person`: every source record, the union of
    /// identifiers and each attribute resolved.
    pub fn profile(
        &self,
        records: &[SourceRecord],
        person: u32,
        config: &IdentityConfig,
    ) -> Person {
        let members = self.records_of(person);
        let mut person_out = Person {
            person_id: person,
            records: Vec::with_capacity(members.len()),
            emails: Vec::new(),
            phones: Vec::new(),
            external_ids: Vec::new(),
            attributes: Vec::new(),
        };
        for &r in members {
            let Some(rec) = records.get(r as usize) else {
                continue;
            };
            let matched = self.matched_key(r);
            person_out.records.push(ProvenanceRecord {
                source: rec.source.clone(),
                record_id: rec.record_id.clone(),
                matched_key: matched.map(|m| m.0),
                matched_value: matched.map_or_else(String::new, |m| m.1.to_string()),
            });
            for (kind, value) in self.keys_of(r) {
                let list = match kind {
                    KeyKind::Email => &mut person_out.emails,
                    KeyKind::Phone => &mut person_out.phones,
                    KeyKind::ExternalId => &mut person_out.external_ids,
                };
                if !list.iter().any(|v| v == value) {
                    list.push(value.to_string());
                }
            }
        }
        person_out.attributes = resolve_attributes(records, members, config);
        person_out
    }
}

/// A source record inside a merged profile.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProvenanceRecord {
    /// Its source.
    pub source: String,
    /// Its id there.
    pub record_id: String,
    /// Kind of the identifier that linked it.
    pub matched_key: Option<KeyKind>,
    /// That identifier, normalised.
    pub matched_value: String,
}

/// An attribute of a merged profile and where its value came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResolvedAttribute {
    /// Attribute name.
    pub name: String,
    /// The winning value.
    pub value: String,
    /// Its source.
    pub source: String,
    /// Its record id.
    pub record_id: String,
    /// When that source changed it.
    pub updated_at: i64,
    /// Whether other records hold a different non-empty value.
    pub conflict: bool,
}

/// A merged person (SPEC §7).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Person {
    /// Person id.
    pub person_id: u32,
    /// Every source record merged into it.
    pub records: Vec<ProvenanceRecord>,
    /// Distinct normalised e-mails.
    pub emails: Vec<String>,
    /// Distinct E.164 phones.
    pub phones: Vec<String>,
    /// Distinct external ids.
    pub external_ids: Vec<String>,
    /// Attributes, by name.
    pub attributes: Vec<ResolvedAttribute>,
}

impl Person {
    /// The person as one record, e.g. to merge again with new data.
    pub fn to_record(&self, source: &str) -> SourceRecord {
        SourceRecord {
            source: source.to_string(),
            record_id: self.person_id.to_string(),
            emails: self.emails.clone(),
            phones: self.phones.clone(),
            external_ids: self.external_ids.clone(),
            attributes: self
                .attributes
                .iter()
                .map(|a| Attribute {
                    name: a.name.clone(),
                    value: a.value.clone(),
                    updated_at: a.updated_at,
                })
                .collect(),
        }
    }
}

fn resolve_attributes(
    records: &[SourceRecord],
    members: &[u32],
    config: &IdentityConfig,
) -> Vec<ResolvedAttribute> {
    let rank = |source: &str| {
        config
            .source_priority
            .iter()
            .position(|s| s == source)
            .unwrap_or(config.source_priority.len())
    };
    // (name, value, rank, updated_at, record), in input order.
    let mut candidates: Vec<(&str, &str, usize, i64, &SourceRecord)> = Vec::new();
    for &r in members {
        let Some(rec) = records.get(r as usize) else {
            continue;
        };
        for a in &rec.attributes {
            if !a.value.trim().is_empty() {
                candidates.push((
                    &a.name,
                    a.value.trim(),
                    rank(&rec.source),
                    a.updated_at,
                    rec,
                ));
            }
        }
    }
    // Stable, so each name's candidates stay in input order: the most
    // trusted source wins, then recency with the later record winning ties
    // (`supersedes`), as `crate::people::unify` resolves a person's row.
    candidates.sort_by(|a, b| a.0.cmp(b.0));
    let mut out: Vec<ResolvedAttribute> = Vec::new();
    for group in candidates.chunk_by(|a, b| a.0 == b.0) {
        let mut best = group[0];
        for &c in &group[1..] {
            if c.2 < best.2 || (c.2 == best.2 && super::supersedes(c.3, best.3)) {
                best = c;
            }
        }
        out.push(ResolvedAttribute {
            name: best.0.to_string(),
            value: best.1.to_string(),
            source: best.4.source.clone(),
            record_id: best.4.record_id.clone(),
            updated_at: best.3,
            conflict: group.iter().any(|c| c.1 != best.1),
        });
    }
    out
}
