//! Round trips through the byte image, and images that must be refused.

use super::*;
use crate::import::{import_bytes, ImportOptions, TableKind};
use crate::model::{Channel, EventKind, EventRow};
use proptest::prelude::*;

/// A data set with every table, dictionary and optional column in use.
fn full() -> Dataset {
    let mut ds = Dataset::default();
    let files: [(TableKind, &str); 5] = [
        (
            TableKind::Contacts,
            "id,email,phone,name,country,birth_year,company_size,created_at,loyalty\n\
             c1,ana@x.com,,Ana,ES,1990,51-200,2024-01-02,gold\n\
             c2,bo@x.com,600111222,Bo Ñúñez,FR,,,,\n\
             c3,,+34 600 111 222,Bo N,FR,,,2025-01-01,silver\n",
        ),
        (
            TableKind::Events,
            "email,event,timestamp,campaign,session,value,channel\n\
             ana@x.com,open,2024-03-05,spring,s1,,email\n\
             carl@x.com,purchase,2024-03-06T10:00:00Z,,s2,19.5,web\n",
        ),
        (
            TableKind::Orders,
            "order_id,email,date,amount,currency\no1,ana@x.com,2024-03-07,10.25,EUR\n",
        ),
        (
            TableKind::Campaigns,
            "campaign_id,name,channel,scope,sent_at,cost\nspring,Spring,sms,engagement,2024-03-01,12.5\n",
        ),
        (
            TableKind::Consent,
            "email,subject,channel,status,timestamp,source\nana@x.com,news,email,opted_in,2024-01-01,form\n",
        ),
    ];
    for (kind, csv) in files {
        let opts = ImportOptions {
            kind: Some(kind),
            ..ImportOptions::default()
        };
        let r = import_bytes(&mut ds, csv.as_bytes(), &opts);
        assert_eq!(r.errors, [], "{csv}");
    }
    // c3 is bo by phone: a person of two records, kept in the side table.
    crate::people::unify(&mut ds);
    assert_eq!(ds.records.len(), 2);
    ds
}

/// Decodes `bytes` and checks that re-encoding gives the same bytes (NaN
/// values make `Dataset: PartialEq` useless for this).
fn check_round_trip(ds: &Dataset) {
    let bytes = encode(ds);
    let back = decode(&bytes).expect("own image decodes");
    assert_eq!(encode(&back), bytes);
    assert_eq!(back.keys, ds.keys);
    assert_eq!(back.events.ts, ds.events.ts);
    assert_eq!(back.contacts.extra, ds.contacts.extra);
    assert_eq!(back.campaigns, ds.campaigns);
    assert_eq!(back.keys.lookup("ana@x.com"), ds.keys.lookup("ana@x.com"));
    assert_eq!(back.records, ds.records);
}

#[test]
fn version_1_images_read_as_nothing_merged() {
    let mut ds = full();
    ds.records = RecordTable::default();
    let v2 = encode(&ds);
    // Version 1 ended after consent; an empty record table takes 8 bytes
    // per length: person, the dictionary's ends and arena, id ends, id
    // list, and the contact table's 9 + 2 columns and extra count.
    // Version 3 adds two bytes of phone country at the end.
    let empty_records = 8 * (5 + 12);
    let mut v1 = MAGIC_V1.to_vec();
    v1.extend_from_slice(&v2[MAGIC.len()..v2.len() - empty_records - 2]);
    // NaN values make `Dataset: PartialEq` useless: compare the images.
    assert_eq!(decode(&v1).map(|d| encode(&d)), Ok(v2));
    assert!(is_version_1(&v1));
    assert!(!is_version_1(&encode(&ds)));
    assert!(!is_version_1(b"CANAL"));
}

#[test]
fn the_phone_country_is_kept_and_older_images_have_none() {
    let check = |country: Option<&str>, tail: &[u8]| {
        let mut ds = full();
        ds.phone_country = country.map(|c| CountryCode::parse(c).expect("known"));
        let image = encode(&ds);
        assert!(image.ends_with(tail), "{country:?}");
        let back = decode(&image).expect("decodes");
        assert_eq!(back.phone_country, ds.phone_country);
        // Version 2 is version 3 without the country: none was chosen.
        let mut v2 = MAGIC_V2.to_vec();
        v2.extend_from_slice(&image[MAGIC.len()..image.len() - 2]);
        assert_eq!(decode(&v2).expect("v2").phone_country, None);
    };
    check(None, b"\0\0");
    check(Some("US"), b"US");
    check(Some("es"), b"ES");
    // A country this version does not know is a corrupt image.
    let mut image = encode(&full());
    let n = image.len();
    image[n - 2..].copy_from_slice(b"ZZ");
    assert_eq!(
        decode(&image).map(|_| ()),
        Err(CodecError::Corrupt("country"))
    );
    image[n - 2..].copy_from_slice(&[0xff, 0]);
    assert_eq!(
        decode(&image).map(|_| ()),
        Err(CodecError::Corrupt("country"))
    );
}

#[test]
fn round_trips() {
    check_round_trip(&Dataset::default());
    let ds = full();
    assert_eq!(ds.events.len(), 2);
    assert_eq!(ds.orders.len(), 1);
    assert_eq!(ds.campaigns.len(), 1);
    assert_eq!(ds.consent.contact.len(), 1);
    let extra: Vec<&str> = ds.contacts.extra.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(extra, ["id", "loyalty"]);
    check_round_trip(&ds);
}

#[test]
fn decoded_dictionaries_still_intern() {
    let mut back = decode(&encode(&full())).unwrap();
    let before = back.keys.len() as u32;
    assert_eq!(
        back.contact_id("ana@x.com"),
        back.keys.lookup("ana@x.com").unwrap()
    );
    assert_eq!(back.contact_id("new@x.com"), before);
}

#[test]
fn refuses_bad_images() {
    let check = |bytes: &[u8], expected: CodecError| {
        assert_eq!(decode(bytes).map(|_| ()), Err(expected));
    };
    let good = encode(&full());
    check(b"", CodecError::Magic);
    check(b"CANALDS0rest", CodecError::Magic);
    check(&good[..good.len() - 1], CodecError::Truncated);
    check(&good[..MAGIC.len() + 3], CodecError::Truncated);
    let mut long = good.clone();
    long.push(0);
    check(&long, CodecError::Corrupt("trailing bytes"));

    // An event pointing past the last contact.
    let mut ds = full();
    ds.events.contact[0] = 99;
    check(&encode(&ds), CodecError::Corrupt("events"));
    let mut ds = full();
    ds.events.kind.pop();
    check(&encode(&ds), CodecError::Corrupt("events"));
    let mut ds = full();
    ds.orders.order_id[0] = 7;
    check(&encode(&ds), CodecError::Corrupt("orders"));
    let mut ds = full();
    ds.contacts.extra[0].1.push(0);
    check(&encode(&ds), CodecError::Corrupt("contacts"));
    let mut ds = full();
    ds.campaigns[0].id = 5;
    check(&encode(&ds), CodecError::Corrupt("campaigns"));
}

/// A data set whose columns and dictionaries span several parts.
fn large() -> Dataset {
    let mut ds = full();
    for i in 0..40_000u32 {
        let key = format!("person{}@example.com", i % 9_000);
        let mut row = EventRow::new(&key, i64::from(i) * 61, Channel::Sms, EventKind::Clicked);
        row.value = Some(i as f32 / 4.0);
        ds.push_event(&row);
    }
    ds
}

#[test]
fn parts_make_the_same_image() {
    for ds in [Dataset::default(), full(), large()] {
        let whole = encode(&ds);
        let mut parts: Vec<Vec<u8>> = Vec::new();
        encode_to(&ds, &mut |p| parts.push(p.to_vec()));
        assert_eq!(parts.concat(), whole);
        // Parts are bounded, so the writer never holds a whole column.
        assert!(parts
            .iter()
            .all(|p| !p.is_empty() && p.len() < 2 * PART_BYTES));
        if whole.len() > 3 * PART_BYTES {
            assert!(parts.len() >= whole.len() / (2 * PART_BYTES));
        }
    }
}

/// Column `col` of `e` as an image holds it (little-endian elements).
fn column_bytes(e: &EventTable, col: EventColumn) -> Vec<u8> {
    let u32s = |v: &[u32]| v.iter().flat_map(|x| x.to_le_bytes()).collect();
    match col {
        EventColumn::Contact => u32s(&e.contact),
        EventColumn::Ts => e.ts.iter().flat_map(|x| x.to_le_bytes()).collect(),
        EventColumn::Channel => e.channel.clone(),
        EventColumn::Kind => e.kind.clone(),
        EventColumn::Meta => e.meta.clone(),
        EventColumn::Campaign => u32s(&e.campaign),
        EventColumn::Name => u32s(&e.name),
        EventColumn::Session => u32s(&e.session),
        EventColumn::Value => e
            .value
            .iter()
            .flat_map(|x| x.to_bits().to_le_bytes())
            .collect(),
    }
}

#[test]
fn events_handed_over_apart_make_the_same_image() {
    for ds in [Dataset::default(), full(), large()] {
        let whole = encode(&ds);
        let events = ds.events.clone();
        let rest = Dataset {
            events: EventTable::default(),
            ..ds.clone()
        };
        let parts = std::cell::RefCell::new(Vec::<Vec<u8>>::new());
        let mut asked = Vec::new();
        encode_to_with_events(
            &rest,
            &|col| col.len(&events),
            &mut |col| {
                asked.push(col);
                // In two pieces, as blocks of rows would come.
                let b = column_bytes(&events, col);
                let (a, z) = b.split_at(b.len() / 2);
                parts.borrow_mut().extend([a.to_vec(), z.to_vec()]);
            },
            &mut |p| parts.borrow_mut().push(p.to_vec()),
        );
        assert_eq!(asked, EventColumn::ALL);
        assert_eq!(parts.into_inner().concat(), whole);
    }
}

#[test]
fn decoding_in_parts_reads_each_byte_once_in_order() {
    let ds = large();
    let image = encode(&ds);
    let mut next = 0;
    let mut largest = 0;
    let back = decode_from(image.len(), &mut |at, out| {
        assert_eq!(at, next, "reads follow each other");
        out.copy_from_slice(&image[at..at + out.len()]);
        next = at + out.len();
        largest = largest.max(out.len());
    })
    .unwrap();
    assert_eq!(next, image.len());
    // Only strings (here the dictionary arenas, ~200 kB) are read whole.
    assert!(
        largest <= ds.keys.parts().0.len().max(PART_BYTES),
        "{largest}"
    );
    assert_eq!(encode(&back), image);
}

#[test]
fn a_huge_count_is_refused_before_allocating() {
    let mut image = MAGIC.to_vec();
    image.extend_from_slice(&(u64::MAX / 2).to_le_bytes());
    assert_eq!(decode(&image).map(|_| ()), Err(CodecError::Truncated));
}

#[test]
fn dictionaries_are_checked() {
    let check = |arena: &str, ends: &[u32], ok: bool| {
        let d = Dict::from_parts(arena.to_owned(), ends.to_vec());
        assert_eq!(d.is_some(), ok, "{arena:?} {ends:?}");
        if let Some(d) = d {
            assert_eq!(d.parts(), (arena, ends));
            for (i, s) in d.iter().enumerate() {
                assert_eq!(d.lookup(s), Some(i as u32));
            }
        }
    };
    check("", &[], true);
    check("abc", &[1, 3], true);
    check("ab", &[0, 2], true); // an empty string is a string
    check("abab", &[2, 4], false); // repeated
    check("abc", &[1], false); // arena not cut whole
    check("abc", &[2, 1], false); // offsets backwards
    check("abc", &[1, 4], false); // past the end
    check("ñb", &[1, 3], false); // inside a character
}

#[test]
fn every_prefix_is_an_error_not_a_panic() {
    let good = encode(&full());
    for n in 0..good.len() {
        assert!(decode(&good[..n]).is_err(), "prefix {n}");
    }
}

proptest! {
    #[test]
    fn random_events_round_trip(
        rows in prop::collection::vec(
            (0u8..20, any::<i64>(), 0usize..Channel::ALL.len(), 0usize..EventKind::ALL.len(),
             prop::option::of("[a-z]{0,3}"), prop::option::of(any::<f32>())),
            0..40,
        )
    ) {
        let mut ds = Dataset::default();
        for (who, ts, ch, kind, campaign, value) in &rows {
            let key = format!("k{who}");
            let mut row = EventRow::new(&key, *ts, Channel::ALL[*ch], EventKind::ALL[*kind]);
            row.campaign = campaign.as_deref();
            row.value = *value;
            ds.push_event(&row);
        }
        let bytes = encode(&ds);
        let back = decode(&bytes).unwrap();
        prop_assert_eq!(encode(&back), bytes);
        prop_assert_eq!(back.events.contact, ds.events.contact);
    }

    #[test]
    fn garbage_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut image = MAGIC.to_vec();
        image.extend(bytes);
        let _ = decode(&image);
    }
}
