//! `funnel --by COL` where COL is a column of the events file itself.
//!
//! The funnel breaks down by contact attributes, and the importer keeps no
//! unmapped column of an events file, so the column is read in a second,
//! streaming pass over the file and each contact takes its **last
//! non-empty value** in it (a contact-level column such as country or plan
//! repeated on every row reads as intended). Contacts are found by the same
//! key the importer used: the e-mail lower-cased, else the id, else the
//! phone (in E.164 with the data set's phone country when it reads as a
//! number, else as written), and by any alias when people were merged.

use super::rows::{text, Rows};
use canal_core::identity::normalize_phone;
use canal_core::import::mapping::normalize_header;
use canal_core::import::{Field, Mapping};
use canal_core::model::NONE;
use canal_core::Dataset;

/// The column of `headers` named `name` (exactly, else as normalised).
pub fn find(headers: &[String], name: &str) -> Option<usize> {
    headers.iter().position(|h| h == name).or_else(|| {
        let n = normalize_header(name);
        headers.iter().position(|h| normalize_header(h) == n)
    })
}

/// Adds the values of column `col` of `path` as the contact attribute
/// `name` of `ds`.
pub fn add(
    ds: &mut Dataset,
    path: &str,
    mapping: &Mapping,
    col: usize,
    name: &str,
) -> Result<(), String> {
    let email = mapping.column_of(Field::Email);
    let id_col = mapping.column_of(Field::ContactId);
    let phone = mapping.column_of(Field::Phone);
    let country = ds.key_country().phone();
    let mut values = vec![NONE; ds.contact_count()];
    Rows::open(path)?.for_each(|rec| {
        let mut key = email
            .map(|c| text(rec, c).to_lowercase())
            .unwrap_or_default();
        if key.is_empty() {
            key = id_col.map(|c| text(rec, c)).unwrap_or_default();
        }
        if key.is_empty() {
            if let Some(c) = phone {
                let raw = text(rec, c);
                let mut e164 = String::new();
                key = match normalize_phone(&raw, &country, &mut e164) {
                    Ok(()) => e164,
                    Err(_) => raw,
                };
            }
        }
        let value = text(rec, col);
        if value.is_empty() {
            return;
        }
        if let Some(id) = ds.resolve_key(&key) {
            values[id as usize] = ds.text.intern(&value);
        }
    })?;
    ds.contacts.extra.push((name.to_owned(), values));
    Ok(())
}
