//! `canal analyze identity`: which records are one person.

use super::output::{stdout, written, Cell, Format, Table};
use super::rows::{text, Rows};
use canal_core::identity::{merge, IdentityConfig, KeyKind, PhoneCountry, SourceRecord};
use canal_core::import::mapping::{normalize_header, suggest_field};
use canal_core::import::Field;
use serde_json::{json, Map};
use std::io::Write;

/// Identity reconciliation (SPEC §7): records sharing any e-mail, phone or
/// external id are one person, transitively. E-mails are compared trimmed
/// and lower-cased, phones in E.164.
///
/// Every column the headers suggest as an e-mail or phone is a key; other
/// id columns (customer id, CRM id, …) are external ids, except the record's
/// own id (--id, or the first id column; without one, `line N`).
///
/// Output: the merge map, one row per record: record_id, person_id,
/// matched_key, matched_value (the identifier it shares with another
/// record; empty for a person of one record). A summary line goes to
/// stderr, with one `line N: …` line per unusable identifier.
#[derive(Debug, clap::Args)]
pub struct IdentityArgs {
    /// Contacts file (`-` reads stdin).
    pub file: String,
    /// Country of phone numbers written without a +prefix (ISO code).
    #[arg(long, default_value = "ES", value_name = "CC")]
    pub default_country: String,
    /// Column with each record's own id. Default: the first id column.
    #[arg(long, value_name = "COL")]
    pub id: Option<String>,
}

/// Which column feeds what.
struct Plan {
    id: Option<usize>,
    emails: Vec<usize>,
    phones: Vec<usize>,
    external: Vec<usize>,
}

fn plan(a: &IdentityArgs, headers: &[String]) -> Result<Plan, String> {
    let fields: Vec<Option<Field>> = headers
        .iter()
        .map(|h| suggest_field(h).map(|(f, _)| f))
        .collect();
    let id = match &a.id {
        Some(name) => Some(
            headers
                .iter()
                .position(|h| normalize_header(h) == normalize_header(name))
                .ok_or_else(|| {
                    format!(
                        "{} has no column '{name}' (its columns: {})",
                        a.file,
                        headers.join(", ")
                    )
                })?,
        ),
        None => fields
            .iter()
            .position(|f| *f == Some(Field::ContactId))
            .or_else(|| headers.iter().position(|h| normalize_header(h) == "id")),
    };
    let cols = |field: Field| -> Vec<usize> {
        (0..headers.len())
            .filter(|&c| fields[c] == Some(field) && Some(c) != id)
            .collect()
    };
    let p = Plan {
        id,
        emails: cols(Field::Email),
        phones: cols(Field::Phone),
        external: cols(Field::ContactId),
    };
    if p.emails.is_empty() && p.phones.is_empty() && p.external.is_empty() {
        return Err(format!(
            "{}: no column holds an e-mail, phone or id to match on (its columns: {})",
            a.file,
            headers.join(", ")
        ));
    }
    Ok(p)
}

/// Runs `canal analyze identity`.
pub fn run(a: &IdentityArgs, format: Format) -> Result<(), String> {
    let default_country = PhoneCountry::from_iso(&a.default_country).ok_or_else(|| {
        format!(
            "--default-country {:?}: unknown country code",
            a.default_country
        )
    })?;
    let rows = Rows::open(&a.file)?;
    let p = plan(a, &rows.sniff.headers)?;
    let source = std::path::Path::new(&a.file)
        .file_stem()
        .map_or_else(|| "stdin".to_owned(), |s| s.to_string_lossy().into_owned());
    let mut records: Vec<SourceRecord> = Vec::new();
    let mut lines: Vec<u64> = Vec::new();
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
        records.push(SourceRecord {
            source: source.clone(),
            record_id,
            emails: all(&p.emails),
            phones: all(&p.phones),
            external_ids: all(&p.external),
            attributes: Vec::new(),
        });
        lines.push(rec.line());
    })?;
    let m = merge(
        &records,
        &IdentityConfig {
            default_country,
            source_priority: Vec::new(),
        },
    );
    {
        let mut err = std::io::stderr().lock();
        // As many as the importer keeps; the summary counts them all.
        for inv in m.invalid.iter().take(canal_core::import::MAX_ERRORS) {
            let line = lines.get(inv.record as usize).copied().unwrap_or(0);
            let _ = writeln!(
                err,
                "line {line}: invalid {} '{}' ({:?}), not used to match",
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
