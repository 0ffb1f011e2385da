//! The phone country of browser imports (issue #3): the Settings value goes
//! into every file's options, and files are only added to imported data
//! keyed with the same country (`canal_core::Dataset::check_country`).

use super::PendingFile;
use crate::i18n::{country_label, Locale, Text};
use crate::worker::protocol::FileJob;
use canal_core::identity::CountryCode;
use canal_core::import::ImportOptions;
use canal_core::Dataset;

/// The worker job of a pending file: its confirmed kind and mapping, with
/// national phone numbers read as numbers of `phone_country`.
pub fn file_job(p: &PendingFile, phone_country: CountryCode) -> FileJob {
    FileJob {
        name: p.name.clone(),
        size: p.size,
        options: ImportOptions {
            kind: Some(p.kind),
            mapping: Some(p.mapping.clone()),
            phone_country: Some(phone_country),
            ..ImportOptions::default()
        },
    }
}

/// Why files read with `wanted` cannot be added to `ds`, for people;
/// `None` when they can.
pub fn country_conflict(
    ds: &Dataset,
    wanted: Option<CountryCode>,
    locale: Locale,
) -> Option<String> {
    let e = ds.check_country(wanted).err()?;
    Some(
        Text::PhoneCountryMismatch
            .get(locale)
            .replace("{keyed}", &country_label(e.keyed, locale))
            .replace("{wanted}", &country_label(e.wanted, locale)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_core::import::{import_bytes, sniff, TableKind};

    fn us() -> CountryCode {
        CountryCode::parse("US").expect("US")
    }

    fn pending(csv: &str) -> PendingFile {
        PendingFile::new(
            1,
            "contacts.csv".into(),
            csv.len() as u64,
            sniff(csv.as_bytes()),
        )
    }

    #[test]
    fn the_setting_reaches_the_worker_job() {
        let csv = "phone,name\n(415) 555-0100,Ana\n";
        let job = file_job(&pending(csv), us());
        assert_eq!(job.options.phone_country, Some(us()));
        assert_eq!(job.options.kind, Some(TableKind::Contacts));
        // As the worker gets it: the code in the job's JSON.
        let json = serde_json::to_value(&job).expect("json");
        assert_eq!(json["options"]["phone_country"], "US");
        // And the worker's import keys the number in that country.
        let mut ds = Dataset::default();
        import_bytes(&mut ds, csv.as_bytes(), &job.options);
        assert_eq!(ds.keys.iter().collect::<Vec<_>>(), ["+14155550100"]);
        assert_eq!(ds.phone_country, Some(us()));
        let es = file_job(&pending(csv), CountryCode::SPAIN);
        let mut ds = Dataset::default();
        import_bytes(&mut ds, csv.as_bytes(), &es.options);
        assert_eq!(ds.keys.iter().collect::<Vec<_>>(), ["(415) 555-0100"]);
    }

    #[test]
    fn files_of_another_country_are_not_added() {
        let mut ds = Dataset::default();
        // Empty data takes any country.
        assert_eq!(country_conflict(&ds, Some(us()), Locale::En), None);
        let csv = "phone,name\n612 345 678,Ana\n";
        import_bytes(
            &mut ds,
            csv.as_bytes(),
            &file_job(&pending(csv), CountryCode::SPAIN).options,
        );
        assert_eq!(
            country_conflict(&ds, Some(CountryCode::SPAIN), Locale::En),
            None
        );
        assert_eq!(country_conflict(&ds, None, Locale::En), None);
        assert_eq!(
            country_conflict(&ds, Some(us()), Locale::En).as_deref(),
            Some(
                "The imported data reads phone numbers as numbers of Spain (+34), and the \
                 setting is United States (+1). To add these files, set “Default country for \
                 phone numbers” back to Spain (+34) in Settings, or replace the data instead."
            )
        );
        let es = country_conflict(&ds, Some(us()), Locale::Es).expect("conflict");
        assert!(es.starts_with("Los datos importados leen los teléfonos como números de España (+34) y el ajuste es Estados Unidos (+1)."), "{es}");
    }

    #[test]
    fn every_country_has_a_name_in_both_languages() {
        for c in CountryCode::all() {
            let name = crate::i18n::country_name(c.iso());
            assert!(name.is_some(), "{c}");
            for locale in [Locale::En, Locale::Es] {
                let label = country_label(c, locale);
                assert!(
                    label.ends_with(&format!("(+{})", c.phone().calling_code)),
                    "{label}"
                );
            }
        }
        assert_eq!(country_label(us(), Locale::Es), "Estados Unidos (+1)");
        assert_eq!(country_label(CountryCode::SPAIN, Locale::En), "Spain (+34)");
    }
}
