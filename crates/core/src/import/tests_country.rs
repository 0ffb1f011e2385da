//! The phone country is an input: national numbers become the keys and
//! identifiers of the country the import names, and a data set remembers
//! the country it was keyed with.

use super::split::import_split;
use super::*;
use crate::identity::{CountryCode, PhoneCountry};
use crate::model::Dataset;

fn country(code: Option<&str>) -> Option<CountryCode> {
    code.map(|c| CountryCode::parse(c).expect("known country"))
}

fn opts(kind: TableKind, code: Option<&str>) -> ImportOptions {
    ImportOptions {
        kind: Some(kind),
        phone_country: country(code),
        ..ImportOptions::default()
    }
}

/// Imports `csv` (`;` between lines) as `kind` into `ds`, returning the
/// rows loaded and the errors.
fn import(ds: &mut Dataset, kind: TableKind, code: Option<&str>, csv: &str) -> (u64, Vec<String>) {
    let csv = format!("{}\n", csv.replace(';', "\n"));
    let r = import_bytes(ds, csv.as_bytes(), &opts(kind, code));
    let errors = r.errors.iter().map(|e| e.reason.clone()).collect();
    (r.rows_loaded, errors)
}

/// The contact key a contacts file keyed by one phone gives it.
fn check_key(code: Option<&str>, phone: &str, expected: &str) {
    let mut ds = Dataset::default();
    let (rows, errors) = import(
        &mut ds,
        TableKind::Contacts,
        code,
        &format!("phone;{phone}"),
    );
    assert_eq!((rows, errors), (1, vec![]), "{phone} in {code:?}");
    let keys: Vec<&str> = ds.keys.iter().collect();
    assert_eq!(keys, [expected], "{phone} in {code:?}");
}

#[test]
fn national_numbers_are_keyed_in_the_chosen_country() {
    check_key(Some("US"), "(415) 555-0100", "+14155550100");
    check_key(Some("us"), "1-415-555-0100", "+14155550100");
    check_key(Some("CA"), "415.555.0100", "+14155550100");
    // Ten digits are no Spanish number: kept as written, a plain id.
    check_key(Some("ES"), "(415) 555-0100", "(415) 555-0100");
    check_key(None, "(415) 555-0100", "(415) 555-0100");
    check_key(None, "612 345 678", "+34612345678");
    check_key(Some("US"), "612 345 678", "612 345 678");
    check_key(Some("FR"), "06 12 34 56 78", "+33612345678");
    check_key(Some("GB"), "020 7946 0958", "+442079460958");
    // An international number is the same in every country.
    check_key(Some("US"), "+34 612 345 678", "+34612345678");
    check_key(Some("ES"), "+1 (415) 555-0100", "+14155550100");
}

/// How many people a contacts file of `rows` (`id,phone` each) is, read
/// in country `code`.
fn check_people(code: Option<&str>, rows: &str, expected: usize) {
    let mut ds = Dataset::default();
    let csv = format!("contact_id,phone;{rows}");
    let (_, errors) = import(&mut ds, TableKind::Contacts, code, &csv);
    assert_eq!(errors, Vec::<String>::new());
    let report = crate::people::unify(&mut ds);
    assert_eq!(report.people, expected, "{rows} in {code:?}");
}

#[test]
fn a_shared_national_number_joins_people_only_in_its_country() {
    let us = "C1,(415) 555-0100;C2,+1 415 555 0100";
    check_people(Some("US"), us, 1);
    check_people(Some("ES"), us, 2);
    check_people(None, us, 2);
    let es = "C1,612 345 678;C2,+34612345678";
    check_people(Some("ES"), es, 1);
    check_people(None, es, 1);
    check_people(Some("US"), es, 2);
    // Two national spellings of one US number.
    check_people(Some("US"), "C1,(415) 555-0100;C2,1 415 555 0100", 1);
}

#[test]
fn the_data_set_keeps_its_country_for_later_files() {
    let us = country(Some("US"));
    let mut ds = Dataset::default();
    assert_eq!(ds.key_country(), CountryCode::SPAIN);
    let contacts = "contact_id,phone,name;C1,(415) 555-0100,Ana";
    assert_eq!(
        import(&mut ds, TableKind::Contacts, Some("US"), contacts).0,
        1
    );
    assert_eq!(ds.phone_country, us);
    assert_eq!(
        crate::people::config(&ds).default_country,
        PhoneCountry::from_iso("US").expect("US")
    );
    // A later file that names no country is read in the data set's: its
    // national phone key meets the contact.
    let events = "phone,timestamp,event_type;415 555 0100,2024-01-01,opened";
    assert_eq!(import(&mut ds, TableKind::Events, None, events).0, 1);
    crate::people::unify(&mut ds);
    assert_eq!(
        ds.contact_count(),
        1,
        "{:?}",
        ds.keys.iter().collect::<Vec<_>>()
    );
    assert_eq!(ds.events.contact, [0]);
    // Naming the same country is fine too.
    assert_eq!(import(&mut ds, TableKind::Events, Some("US"), events).0, 1);
    // It survives the image the app keeps.
    let back = crate::codec::decode(&crate::codec::encode(&ds)).expect("image");
    assert_eq!(back.phone_country, us);
}

#[test]
fn a_file_of_another_country_is_refused_whole() {
    let mut ds = Dataset::default();
    let contacts = "contact_id,phone;C1,(415) 555-0100";
    import(&mut ds, TableKind::Contacts, Some("US"), contacts);
    let before = ds.clone();
    let events = "phone,timestamp,event_type;612 345 678,2024-01-01,opened";
    let (rows, errors) = import(&mut ds, TableKind::Events, Some("ES"), events);
    assert_eq!(rows, 0);
    assert_eq!(
        errors,
        [
            "the data set's phone numbers were read as numbers of US, not ES: add files with US \
          as the phone country, or start a new data set; nothing was loaded"
        ]
    );
    assert_eq!(ds, before);
    // A data set keyed without a chosen country is Spain's.
    let mut es = Dataset::default();
    import(&mut es, TableKind::Contacts, None, contacts);
    let (rows, errors) = import(&mut es, TableKind::Contacts, Some("US"), contacts);
    assert_eq!((rows, errors.len()), (0, 1));
    assert!(errors[0].contains("numbers of ES, not US"), "{errors:?}");
    // Campaigns name no contact, so any country will do.
    let campaigns = "campaign_id,name;K1,Spring";
    assert_eq!(
        import(&mut ds, TableKind::Campaigns, Some("ES"), campaigns).0,
        1
    );
    assert_eq!(ds.phone_country, country(Some("US")));
    // A data set without contacts takes the country of its first file.
    let mut fresh = Dataset::default();
    import(&mut fresh, TableKind::Campaigns, Some("ES"), campaigns);
    assert_eq!(
        import(&mut fresh, TableKind::Contacts, Some("US"), contacts).0,
        1
    );
    assert_eq!(fresh.phone_country, country(Some("US")));
}

#[test]
fn a_file_read_in_parts_is_refused_by_every_part() {
    let mut ds = Dataset::default();
    import(
        &mut ds,
        TableKind::Contacts,
        Some("US"),
        "contact_id,phone;C1,(415) 555-0100",
    );
    let mut csv = String::from("phone,timestamp,event_type\n");
    for i in 0..200 {
        csv.push_str(&format!("6123456{:02},2024-01-01,opened\n", i % 100));
    }
    let read = |r: std::ops::Range<u64>, sink: &mut dyn FnMut(&[u8])| {
        sink(&csv.as_bytes()[r.start as usize..r.end as usize]);
        Ok::<(), ()>(())
    };
    let mut refuse = opts(TableKind::Events, Some("ES"));
    refuse.head_bytes = Some(64);
    let report = import_split(&mut ds, csv.len() as u64, &refuse, 4, 256, &read).expect("read");
    assert_eq!(report.rows_loaded, 0);
    assert_eq!(ds.events.len(), 0);
    // The same file in the data set's country loads in parts, keyed alike.
    let mut fine = opts(TableKind::Events, None);
    fine.head_bytes = Some(64);
    let report = import_split(&mut ds, csv.len() as u64, &fine, 4, 256, &read).expect("read");
    assert_eq!((report.rows_loaded, report.errors.len()), (200, 0));
    // Nine digits are no US number: the keys are the cells as written.
    assert!(ds.resolve_key("612345600").is_some());
    assert!(ds.resolve_key("+34612345600").is_none());
}

#[test]
fn merging_data_sets_keeps_the_country() {
    let mut part = Dataset::default();
    import(
        &mut part,
        TableKind::Contacts,
        Some("US"),
        "contact_id,phone;C1,(415) 555-0100",
    );
    let mut base = Dataset::default();
    crate::merge::merge_into(&mut base, &part);
    assert_eq!(base.phone_country, country(Some("US")));
    let us = CountryCode::parse("US").expect("US");
    let es = CountryCode::SPAIN;
    assert_eq!(
        base.check_country(Some(es)),
        Err(crate::identity::CountryMismatch {
            keyed: us,
            wanted: es
        })
    );
    assert_eq!(base.check_country(None), Ok(us));
}

#[test]
fn country_codes_are_known_or_a_clear_error() {
    let check = |code: &str, expected: Result<&str, &str>| {
        let got = CountryCode::parse(code)
            .map(CountryCode::iso)
            .map_err(|e| e.to_string());
        assert_eq!(got, expected.map_err(str::to_owned), "{code:?}");
    };
    check("US", Ok("US"));
    check(" mx ", Ok("MX"));
    check("es", Ok("ES"));
    check(
        "XX",
        Err("unknown country code 'XX' for phone numbers (known: ES, FR, GB, DE, IT, PT, NL, BE, CH, AT, IE, US, CA, MX, BR, AR)"),
    );
    check("", Err("unknown country code '' for phone numbers (known: ES, FR, GB, DE, IT, PT, NL, BE, CH, AT, IE, US, CA, MX, BR, AR)"));
    assert_eq!(CountryCode::SPAIN.iso(), "ES");
    assert_eq!(CountryCode::SPAIN.phone(), PhoneCountry::default());
    assert_eq!(CountryCode::default(), CountryCode::SPAIN);
    assert_eq!(CountryCode::all().count(), 16);
    for c in CountryCode::all() {
        assert_eq!(CountryCode::parse(c.iso()), Ok(c));
        assert_eq!(Some(c.phone()), PhoneCountry::from_iso(c.iso()));
    }
}

#[test]
fn options_carry_the_country_as_its_code() {
    let json = |o: &ImportOptions| serde_json::to_value(o).expect("json")["phone_country"].clone();
    assert_eq!(json(&opts(TableKind::Contacts, Some("us"))), "US");
    assert_eq!(json(&ImportOptions::default()), serde_json::Value::Null);
    // Options written before the field existed still read.
    let old: ImportOptions = serde_json::from_str(r#"{"kind":"contacts"}"#).expect("old");
    assert_eq!(old.phone_country, None);
    let us: ImportOptions = serde_json::from_str(r#"{"phone_country":"us"}"#).expect("us");
    assert_eq!(us.phone_country, country(Some("US")));
    let bad = serde_json::from_str::<ImportOptions>(r#"{"phone_country":"XX"}"#);
    let e = bad.expect_err("unknown").to_string();
    assert!(e.contains("unknown country code 'XX'"), "{e}");
}
