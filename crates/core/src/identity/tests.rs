use super::*;
use proptest::prelude::*;

fn phone(raw: &str, iso: &str) -> Result<String, InvalidReason> {
    let country = PhoneCountry::from_iso(iso).expect("known country");
    let mut out = String::from("keep:");
    normalize_phone(raw, &country, &mut out).map(|()| out["keep:".len()..].to_string())
}

fn check_phone(raw: &str, iso: &str, expected: Result<&str, InvalidReason>) {
    assert_eq!(
        phone(raw, iso),
        expected.map(str::to_string),
        "{raw:?} in {iso}"
    );
}

#[test]
fn phones() {
    use InvalidReason::*;
    check_phone("612 345 678", "ES", Ok("+34612345678"));
    check_phone("+34 612-345-678", "ES", Ok("+34612345678"));
    check_phone("0034 612345678", "ES", Ok("+34612345678"));
    check_phone("34612345678", "ES", Ok("+34612345678"));
    check_phone("(+34) 612.345.678", "ES", Ok("+34612345678"));
    check_phone("912 34 56 78", "ES", Ok("+34912345678"));
    check_phone("012345678", "ES", Err(BadPrefix));
    check_phone("12345", "ES", Err(BadLength));
    check_phone("612 345 678 ext 2", "ES", Err(BadCharacter));
    check_phone("  ", "ES", Err(Empty));
    check_phone("+0034612345678", "ES", Err(BadPrefix));
    check_phone("+33 6 12 34 56 78", "ES", Ok("+33612345678"));
    check_phone("+44 (0)20 7946 0958", "ES", Ok("+442079460958"));
    check_phone("+1 (555) 123-4567", "ES", Ok("+15551234567"));
    check_phone("+999 1234 5678", "ES", Ok("+99912345678"));
    check_phone("+34 6123", "ES", Err(BadLength));
    check_phone("+1234567890123456", "ES", Err(BadLength));
    check_phone("06 12 34 56 78", "FR", Ok("+33612345678"));
    check_phone("6 12 34 56 78", "FR", Ok("+33612345678"));
    check_phone("0033 6 12 34 56 78", "FR", Ok("+33612345678"));
    check_phone("33612345678", "FR", Ok("+33612345678"));
    // 00 is the international prefix: +1 2345678 is too short for the NANP.
    check_phone("00 12 34 56 78", "FR", Err(BadLength));
    check_phone("020 7946 0958", "GB", Ok("+442079460958"));
    check_phone("07700 900123", "GB", Ok("+447700900123"));
    check_phone("030 1234567", "DE", Ok("+49301234567"));
    check_phone("06 1234 5678", "IT", Ok("+390612345678"));
    check_phone("(555) 123-4567", "US", Ok("+15551234567"));
    check_phone("1-555-123-4567", "US", Ok("+15551234567"));
    check_phone("011 34 612 345 678", "US", Ok("+34612345678"));
}

fn check_email(raw: &str, expected: Result<&str, InvalidReason>) {
    let mut out = String::new();
    let got = normalize_email(raw, &mut out).map(|()| out.clone());
    assert_eq!(got, expected.map(str::to_string), "{raw:?}");
}

#[test]
fn emails() {
    use InvalidReason::*;
    check_email(" Ana.Perez@Example.COM ", Ok("ana.perez@example.com"));
    check_email("ÁLVARO@Correo.es", Ok("álvaro@correo.es"));
    check_email("Ana Pérez <Ana@X.com>", Ok("ana@x.com"));
    check_email("MAILTO:bo@x.com", Ok("bo@x.com"));
    check_email("<>", Err(Empty));
    check_email("ñandúes@x.com", Ok("ñandúes@x.com"));
    check_email("no-at-sign", Err(BadEmail));
    check_email("a@b", Err(BadEmail));
    check_email("a b@x.com", Err(BadEmail));
    check_email("a@@x.com", Err(BadEmail));
    check_email("@x.com", Err(BadEmail));
    check_email("a@x.", Err(BadEmail));
    check_email("", Err(Empty));
}

/// (record id, e-mails, phones, external ids); lists are `;`-separated.
type Rec<'a> = (&'a str, &'a str, &'a str, &'a str);

fn records(recs: &[Rec<'_>]) -> Vec<SourceRecord> {
    let split = |s: &str| -> Vec<String> {
        s.split(';')
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    };
    recs.iter()
        .map(|&(id, emails, phones, ext)| SourceRecord {
            source: "src".into(),
            record_id: id.into(),
            emails: split(emails),
            phones: split(phones),
            external_ids: split(ext),
            attributes: Vec::new(),
        })
        .collect()
}

/// Expected per record: (record id, person, matched "kind=value" or "").
fn check(recs: &[Rec<'_>], expected: &[(&str, u32, &str)]) {
    let input = records(recs);
    let m = merge(&input, &IdentityConfig::default());
    let got: Vec<(&str, u32, String)> = m
        .merge_map(&input)
        .iter()
        .map(|row| {
            let matched = row.matched_key.map_or(String::new(), |k| {
                format!("{}={}", k.as_str(), row.matched_value)
            });
            (row.record_id, row.person_id, matched)
        })
        .collect();
    let expected: Vec<(&str, u32, String)> = expected
        .iter()
        .map(|&(r, p, k)| (r, p, k.to_string()))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn merging() {
    check(
        &[
            ("r1", "ana@x.com", "", ""),
            ("r2", "ANA@x.com ", "612345678", ""),
            ("r3", "", "+34 612 345 678", ""),
            ("r4", "bo@x.com", "", ""),
            ("r5", "", "", "loy-1"),
        ],
        &[
            ("r1", 0, "email=ana@x.com"),
            ("r2", 0, "email=ana@x.com"),
            ("r3", 0, "phone=+34612345678"),
            ("r4", 1, ""),
            ("r5", 2, ""),
        ],
    );
    // A later record bridges two earlier persons.
    check(
        &[
            ("r1", "a@x.com", "", ""),
            ("r2", "b@x.com", "", ""),
            ("r3", "b@x.com;a@x.com", "", ""),
        ],
        &[
            ("r1", 0, "email=a@x.com"),
            ("r2", 0, "email=b@x.com"),
            ("r3", 0, "email=b@x.com"),
        ],
    );
    // The same address twice in one record links nothing.
    check(&[("r1", "a@x.com;A@X.com", "", "")], &[("r1", 0, "")]);
    // Invalid phones are not keys; kinds never collide.
    check(
        &[
            ("r1", "", "123", ""),
            ("r2", "", "123", ""),
            ("r3", "", "", "a@x.com"),
            ("r4", "a@x.com", "", ""),
            ("r5", "", "", "a@x.com"),
        ],
        &[
            ("r1", 0, ""),
            ("r2", 1, ""),
            ("r3", 2, "external_id=a@x.com"),
            ("r4", 3, ""),
            ("r5", 2, "external_id=a@x.com"),
        ],
    );
    check(&[], &[]);
}

#[test]
fn invalid_identifiers_are_reported() {
    let input = records(&[("r1", "nope", "12", ""), ("r2", "", "", "")]);
    let m = merge(&input, &IdentityConfig::default());
    let got: Vec<(u32, KeyKind, &str, InvalidReason)> = m
        .invalid
        .iter()
        .map(|i| (i.record, i.kind, i.value.as_str(), i.reason))
        .collect();
    assert_eq!(
        got,
        [
            (0, KeyKind::Email, "nope", InvalidReason::BadEmail),
            (0, KeyKind::Phone, "12", InvalidReason::BadLength),
        ]
    );
}

#[test]
fn persons_of_dataset_contacts() {
    let input = records(&[
        ("k1", "a@x.com", "", ""),
        ("k2", "b@x.com", "", ""),
        ("k3", "A@x.com", "", ""),
    ]);
    let m = merge(&input, &IdentityConfig::default());
    let mut keys = crate::model::Dict::new();
    for k in ["k3", "nobody", "k1", "k2"] {
        keys.intern(k);
    }
    assert_eq!(m.person_of_contacts(&input, &keys), [0, NONE, 0, 1]);
}

#[test]
fn merge_map_csv_is_reversible() {
    let input = records(&[("r1", "a@x.com", "", ""), ("r,2", "a@x.com", "", "")]);
    let m = merge(&input, &IdentityConfig::default());
    assert_eq!(
        m.merge_map_csv(&input),
        "record_id,person_id,matched_key,matched_value,source\n\
         r1,0,email,a@x.com,src\n\
         \"r,2\",0,email,a@x.com,src\n"
    );
}

fn attr(name: &str, value: &str, updated_at: i64) -> Attribute {
    Attribute {
        name: name.into(),
        value: value.into(),
        updated_at,
    }
}

#[test]
fn attributes_resolve_by_recency_or_priority() {
    let mut input = records(&[
        ("c1", "a@x.com", "", ""),
        ("s1", "a@x.com", "612345678", ""),
    ]);
    input[0].source = "crm".into();
    input[0].attributes = vec![attr("name", "Ana", 10), attr("city", "Madrid", 5)];
    input[1].source = "shop".into();
    input[1].attributes = vec![attr("name", "Ana P.", 20), attr("city", " ", 30)];
    let summary = |config: &IdentityConfig| -> Vec<(String, String, String, bool)> {
        let m = merge(&input, config);
        let p = m.profile(&input, 0, config);
        p.attributes
            .iter()
            .map(|a| {
                (
                    a.name.clone(),
                    a.value.clone(),
                    a.source.clone(),
                    a.conflict,
                )
            })
            .collect()
    };
    let s = |a: &str, b: &str, c: &str, d: bool| (a.to_string(), b.to_string(), c.to_string(), d);
    assert_eq!(
        summary(&IdentityConfig::default()),
        [
            s("city", "Madrid", "crm", false),
            s("name", "Ana P.", "shop", true)
        ]
    );
    let trusted = IdentityConfig {
        source_priority: vec!["crm".into()],
        ..IdentityConfig::default()
    };
    assert_eq!(
        summary(&trusted),
        [
            s("city", "Madrid", "crm", false),
            s("name", "Ana", "crm", true)
        ]
    );
    let m = merge(&input, &trusted);
    let p = m.profile(&input, 0, &trusted);
    assert_eq!(m.profile(&input, 9, &trusted).records.len(), 0);
    assert_eq!(m.keys_of(9).count(), 0);
    assert_eq!(p.emails, ["a@x.com"]);
    assert_eq!(p.phones, ["+34612345678"]);
    assert_eq!(p.records.len(), 2);
}

/// Per record id, the smallest record id of its person: a canonical form of
/// the partition that ignores person numbering.
fn partition(input: &[SourceRecord]) -> Vec<(String, String)> {
    let m = merge(input, &IdentityConfig::default());
    let mut out: Vec<(String, String)> = input
        .iter()
        .zip(0u32..)
        .map(|(rec, r)| {
            let p = m.person_of[r as usize];
            let least = m
                .records_of(p)
                .iter()
                .map(|&o| input[o as usize].record_id.clone())
                .min()
                .unwrap_or_default();
            let matched = m.matched_key(r).map(|(k, v)| format!("{k:?}{v}"));
            (rec.record_id.clone(), format!("{least}/{matched:?}"))
        })
        .collect();
    out.sort();
    out
}

fn arb_records() -> impl Strategy<Value = Vec<SourceRecord>> {
    let ident = (0u8..3, 0u8..12);
    proptest::collection::vec(proptest::collection::vec(ident, 0..4), 0..25).prop_map(|recs| {
        recs.into_iter()
            .enumerate()
            .map(|(i, ids)| {
                let mut rec = SourceRecord {
                    source: "s".into(),
                    record_id: format!("r{i:02}"),
                    ..SourceRecord::default()
                };
                for (kind, v) in ids {
                    match kind {
                        0 => rec.emails.push(format!("U{v}@X.com")),
                        1 => rec.phones.push(format!("6{v:08}")),
                        _ => rec.external_ids.push(format!("id{v}")),
                    }
                }
                rec
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn merging_ignores_record_order(recs in arb_records(), seed in any::<u64>()) {
        let mut shuffled = recs.clone();
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(partition(&recs), partition(&shuffled));
    }

    #[test]
    fn merging_merged_profiles_changes_nothing(recs in arb_records()) {
        let config = IdentityConfig::default();
        let m = merge(&recs, &config);
        let persons: Vec<Person> =
            (0..m.person_count() as u32).map(|p| m.profile(&recs, p, &config)).collect();
        let again: Vec<SourceRecord> = persons.iter().map(|p| p.to_record("merged")).collect();
        let m2 = merge(&again, &config);
        prop_assert_eq!(m2.person_count(), persons.len());
        prop_assert!(m2.invalid.is_empty());
        for (p, person) in persons.iter().enumerate() {
            prop_assert_eq!(m2.records_of(p as u32), &[p as u32][..]);
            let reprofiled = m2.profile(&again, p as u32, &config);
            prop_assert_eq!(&reprofiled.emails, &person.emails);
            prop_assert_eq!(&reprofiled.phones, &person.phones);
            prop_assert_eq!(&reprofiled.external_ids, &person.external_ids);
        }
    }
}

proptest! {
    #[test]
    fn normalisers_take_any_text_and_are_idempotent(raw in "\\PC{0,30}", digits in "[+0-9 ()./-]{0,24}") {
        for country in ["ES", "FR", "GB", "US", "IT"] {
            let c = PhoneCountry::from_iso(country).expect("country");
            for input in [&raw, &digits] {
                let mut once = String::new();
                if normalize_phone(input, &c, &mut once).is_ok() {
                    let mut twice = String::new();
                    prop_assert!(normalize_phone(&once, &c, &mut twice).is_ok(), "{once}");
                    prop_assert_eq!(&twice, &once);
                } else {
                    prop_assert!(once.is_empty());
                }
            }
        }
        let mut once = String::new();
        if normalize_email(&raw, &mut once).is_ok() {
            let mut twice = String::new();
            prop_assert!(normalize_email(&once, &mut twice).is_ok());
            prop_assert_eq!(twice, once);
        }
    }
}

proptest! {
    /// The one-pass reading of common addresses answers as the full one,
    /// on text made of the characters that matter (`@`, dots, spaces,
    /// brackets, `mailto:`, upper case, non-ASCII, control bytes).
    #[test]
    fn the_plain_address_path_agrees_with_the_full_reading(
        raw in "(mailto:|MailTo:|[aZ0.@ <>\\t\u{1}\u{7f}é_+-]){0,14}",
        shaped in "(mailto:| )?[aZ.]{0,3}(@[aZ.]{0,4}){0,2}[ >.é]?",
    ) {
        for raw in [raw, shaped] {
        let (mut fast, mut full) = (String::from("x"), String::from("x"));
        let a = normalize_email(&raw, &mut fast);
        let b = normalize::normalize_email_fully(&raw, &mut full);
        prop_assert_eq!(a, b, "{:?}", raw);
        prop_assert_eq!(fast, full, "{:?}", raw);
        }
    }
}
