//! `canal analyze identity`: which records are one person.

use super::output::{stdout, written, Cell, Format, Table};
use super::rows::{text, Rows};
use canal_core::identity::{merge, Attribute, IdentityConfig, KeyKind, Merge, SourceRecord};
use canal_core::import::date::parse_datetime;
use canal_core::import::mapping::{normalize_header, suggest_field};
use canal_core::import::Field;
use serde_json::{json, Map};
use std::io::Write;

/// Identity reconciliation (SPEC §7): records sharing any e-mail, phone or
/// external id are one person, transitively, across every file given (each
/// file is a source named by its file name: shop.csv → `shop`). E-mails are
/// compared trimmed and lower-cased, phones in E.164 (national numbers
/// of the --phone-country, default ES).
///
/// Every column the headers suggest as an e-mail or phone is a key; other
/// id columns (customer id, CRM id, …) are external ids, except the record's
/// own id (--id, or the first id column; without one, `line N`). The other
/// columns are attributes, dated by an `updated_at` / `modified` column
/// when the file has one.
///
/// Output: the merge map, one row per record: record_id, person_id,
/// matched_key, matched_value (the identifier it shares with another
/// record; empty for a person of one record); `source` too in JSON. A
/// summary line goes to stderr, with one `FILE line N: …` line per unusable
/// identifier. With --profiles: one row per person: person_id, records,
/// sources, emails, phones, external_ids, attributes (name=value, the most
/// recent value or the most trusted source's with --priority), conflicts
/// (attributes whose sources disagree).
#[derive(Debug, clap::Args)]
pub struct IdentityArgs {
    /// Contacts files (`-` reads stdin), one per source system.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Column with each record's own id, in every file that has it.
    /// Default: the first id column.
    #[arg(long, value_name = "COL")]
    pub id: Option<String>,
    /// Sources in order of trust for attributes (e.g. crm,shop); unlisted
    /// sources rank last. Default: the most recent value wins.
    #[arg(long, value_name = "SRC,SRC…", value_delimiter = ',')]
    pub priority: Vec<String>,
    /// One row per merged person instead of the merge map.
    #[arg(long)]
    pub profiles: bool,
}

/// Which column feeds what.
struct Plan {
    id: Option<usize>,
    emails: Vec<usize>,
    phones: Vec<usize>,
    external: Vec<usize>,
    updated_at: Option<usize>,
    attributes: Vec<usize>,
}

const UPDATED: [&str; 8] = [
    "updated_at",
    "updated",
    "last_modified",
    "modified",
    "modified_at",
    "last_updated",
    "fecha_actualizacion",
    "actualizado",
];

fn plan(a: &IdentityArgs, file: &str, headers: &[String]) -> Result<Plan, String> {
    let fields: Vec<Option<Field>> = headers
        .iter()
        .map(|h| suggest_field(h).map(|(f, _)| f))
        .collect();
    let norm: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let named =
        a.id.as_ref()
            .and_then(|name| norm.iter().position(|h| *h == normalize_header(name)));
    if a.id.is_some() && named.is_none() && a.files.len() == 1 {
        return Err(format!(
            "{file} has no column '{}' (its columns: {})",
            a.id.as_deref().unwrap_or_default(),
            headers.join(", ")
        ));
    }
    let id = named.or_else(|| {
        fields
            .iter()
            .position(|f| *f == Some(Field::ContactId))
            .or_else(|| norm.iter().position(|h| h == "id"))
    });
    let cols = |field: Field| -> Vec<usize> {
        (0..headers.len())
            .filter(|&c| fields[c] == Some(field) && Some(c) != id)
            .collect()
    };
    let updated_at = norm.iter().position(|h| UPDATED.contains(&h.as_str()));
    let mut p = Plan {
        id,
        emails: cols(Field::Email),
        phones: cols(Field::Phone),
        external: cols(Field::ContactId),
        updated_at,
        attributes: Vec::new(),
    };
    p.attributes = (0..headers.len())
        .filter(|&c| {
            Some(c) != p.id
                && Some(c) != p.updated_at
                && ![&p.emails, &p.phones, &p.external]
                    .iter()
                    .any(|l| l.contains(&c))
        })
        .collect();
    if p.emails.is_empty() && p.phones.is_empty() && p.external.is_empty() {
        return Err(format!(
            "{file}: no column holds an e-mail, phone or id to match on (its columns: {})",
            headers.join(", ")
        ));
    }
    Ok(p)
}

/// Where a record came from, for messages.
struct Origin {
    file: usize,
    line: u64,
}

/// Runs `canal analyze identity`.
pub fn run(a: &IdentityArgs, format: Format) -> Result<(), String> {
    let default_country = super::load::phone_country().unwrap_or_default().phone();
    let mut records: Vec<SourceRecord> = Vec::new();
    let mut origins: Vec<Origin> = Vec::new();
    for (f, file) in a.files.iter().enumerate() {
        let rows = Rows::open(file)?;
        let p = plan(a, file, &rows.sniff.headers)?;
        let headers = rows.sniff.headers.clone();
        let date_order = rows.sniff.date_order;
        let source = std::path::Path::new(file)
            .file_stem()
            .map_or_else(|| "stdin".to_owned(), |s| s.to_string_lossy().into_owned());
        rows.for_each(|rec| {
            let all = |cols: &[usize]| -> Vec<String> {
                cols.iter()
                    .map(|&c| text(rec, c))
                    .filter(|v| !v.is_empty())
                    .collect()
            };
            let record_id =
                p.id.map(|c| text(rec, c))
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| format!("line {}", rec.line()));
            let updated_at = p
                .updated_at
                .and_then(|c| parse_datetime(text(rec, c).as_bytes(), date_order))
                .unwrap_or(0);
            let attributes = p
                .attributes
                .iter()
                .map(|&c| Attribute {
                    name: headers[c].clone(),
                    value: text(rec, c),
                    updated_at,
                })
                .collect();
            records.push(SourceRecord {
                source: source.clone(),
                record_id,
                emails: all(&p.emails),
                phones: all(&p.phones),
                external_ids: all(&p.external),
                attributes,
            });
            origins.push(Origin {
                file: f,
                line: rec.line(),
            });
        })?;
    }
    let config = IdentityConfig {
        default_country,
        source_priority: a.priority.iter().map(|s| s.trim().to_owned()).collect(),
    };
    let m = merge(&records, &config);
    {
        let mut err = std::io::stderr().lock();
        // As many as the importer keeps; the summary counts them all.
        for inv in m.invalid.iter().take(canal_core::import::MAX_ERRORS) {
            let (file, line) = origins
                .get(inv.record as usize)
                .map_or(("", 0), |o| (a.files[o.file].as_str(), o.line));
            let file = if a.files.len() > 1 {
                format!("{file} ")
            } else {
                String::new()
            };
            let _ = writeln!(
                err,
                "{file}line {line}: invalid {} '{}' ({:?}), not used to match",
                inv.kind.as_str(),
                inv.value,
                inv.reason
            );
        }
        let _ = writeln!(
            err,
            "identity: {} records, {} persons, {} merged into others, {} invalid identifiers",
            records.len(),
            m.person_count(),
            records.len() - m.person_count(),
            m.invalid.len()
        );
    }
    if a.profiles {
        return profiles(&m, &records, &config, format);
    }
    let mut t = Table::with_json_only(
        format,
        stdout(),
        &["record_id", "person_id", "matched_key", "matched_value"],
        &["source"],
    )
    .map_err(|e| e.to_string())?;
    let res: std::io::Result<()> = m.merge_map(&records).iter().try_for_each(|r| {
        t.row(&[
            Cell::Str(r.record_id),
            Cell::Int(i64::from(r.person_id)),
            r.matched_key
                .map_or(Cell::Null, |k| Cell::Str(KeyKind::as_str(k))),
            Cell::Str(r.matched_value),
            Cell::Str(r.source),
        ])
    });
    written(res)?;
    let mut meta = Map::new();
    meta.insert("records".into(), json!(records.len()));
    meta.insert("persons".into(), json!(m.person_count()));
    written(t.finish(meta))
}

/// Writes one row per merged person.
fn profiles(
    m: &Merge,
    records: &[SourceRecord],
    config: &IdentityConfig,
    format: Format,
) -> Result<(), String> {
    let mut t = Table::new(
        format,
        stdout(),
        &[
            "person_id",
            "records",
            "sources",
            "emails",
            "phones",
            "external_ids",
            "attributes",
            "conflicts",
        ],
    )
    .map_err(|e| e.to_string())?;
    let res: std::io::Result<()> = (0..m.person_count() as u32).try_for_each(|person| {
        let p = m.profile(records, person, config);
        let mut sources: Vec<&str> = Vec::new();
        for r in &p.records {
            if !sources.contains(&r.source.as_str()) {
                sources.push(&r.source);
            }
        }
        let attributes: Vec<String> = p
            .attributes
            .iter()
            .filter(|a| !a.value.is_empty())
            .map(|a| format!("{}={}", a.name, a.value))
            .collect();
        let conflicts: Vec<&str> = p
            .attributes
            .iter()
            .filter(|a| a.conflict)
            .map(|a| a.name.as_str())
            .collect();
        t.row(&[
            Cell::Int(i64::from(person)),
            Cell::Int(p.records.len() as i64),
            Cell::Text(sources.join(";")),
            Cell::Text(p.emails.join(";")),
            Cell::Text(p.phones.join(";")),
            Cell::Text(p.external_ids.join(";")),
            Cell::Text(attributes.join(";")),
            Cell::Text(conflicts.join(";")),
        ])
    });
    written(res)?;
    let mut meta = Map::new();
    meta.insert("records".into(), json!(records.len()));
    meta.insert("persons".into(), json!(m.person_count()));
    written(t.finish(meta))
}
