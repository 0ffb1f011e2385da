//! Invariants of the importer over generated input: it never panics, chunk
//! boundaries never change the result, and a table written as CSV reads
//! back the same in every encoding, delimiter and line ending.

use canal_core::import::{import_bytes, ImportOptions, ImportReport, Importer, TableKind};
use canal_core::model::{Channel, Dataset, EventKind, NONE};
use proptest::prelude::*;

/// Imports `bytes` fed in pieces cut at `cuts` (positions, any order).
fn import_chunked(bytes: &[u8], cuts: &[usize], opts: &ImportOptions) -> (Dataset, ImportReport) {
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(bytes.len())).collect();
    cuts.sort_unstable();
    let mut ds = Dataset::default();
    let mut imp = Importer::new(opts.clone());
    let mut prev = 0;
    for c in cuts.into_iter().chain(std::iter::once(bytes.len())) {
        imp.push(&bytes[prev..c], &mut ds);
        prev = c;
    }
    let r = imp.finish(&mut ds);
    (ds, r)
}

/// Columns stay aligned and every read row is accounted for.
fn assert_consistent(ds: &Dataset, r: &ImportReport) {
    let e = &ds.events;
    let n = e.len();
    for len in [e.ts.len(), e.channel.len(), e.kind.len(), e.meta.len()] {
        assert_eq!(len, n);
    }
    for len in [
        e.campaign.len(),
        e.name.len(),
        e.session.len(),
        e.value.len(),
    ] {
        assert!(len == 0 || len == n);
    }
    assert!(e.contact.iter().all(|&c| (c as usize) < ds.keys.len()));
    let o = &ds.orders;
    assert_eq!(o.ts.len(), o.contact.len());
    assert_eq!(o.amount.len(), o.contact.len());
    assert!(o.currency.is_empty() || o.currency.len() == o.contact.len());
    assert_eq!(ds.contacts.len(), ds.keys.len());
    assert!(r.rows_loaded + r.rows_merged <= r.rows_read);
    assert!(r.errors.len() as u64 <= r.errors_total);
    // Every row that did not load has its own error, unless the whole file
    // could not be mapped, which one error says.
    let unmappable = r
        .errors
        .iter()
        .any(|e| e.reason.ends_with("nothing was loaded"));
    assert!(
        unmappable || r.rows_read - r.rows_loaded - r.rows_merged <= r.errors_total,
        "{r:?}"
    );
}

/// Bytes that look enough like CSV to reach the deeper paths.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"email".to_vec()),
        Just(b"event".to_vec()),
        Just(b"timestamp".to_vec()),
        Just(b"amount".to_vec()),
        Just(b"order_id".to_vec()),
        Just(b"channel".to_vec()),
        Just(b"consent".to_vec()),
        Just(b"a@x.com".to_vec()),
        Just(b"open".to_vec()),
        Just(b"2024-03-05".to_vec()),
        Just(b"05/03/2024".to_vec()),
        Just(b"1.234,5".to_vec()),
        Just(b"sms".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\x1F\x8B".to_vec()),
        Just(b"sep=;".to_vec()),
        Just(vec![b',']),
        Just(vec![b';']),
        Just(vec![b'\t']),
        Just(vec![b'"']),
        Just(vec![b'\n']),
        Just(vec![b'\r']),
        Just(vec![0]),
        any::<u8>().prop_map(|b| vec![b]),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

fn arbitrary_input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![prop::collection::vec(any::<u8>(), 0..600), csvish()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics(
        bytes in arbitrary_input(),
        cuts in prop::collection::vec(any::<usize>(), 0..12),
        head in 1usize..300,
        kind in prop::option::of(prop::sample::select(TableKind::ALL)),
    ) {
        let cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
        for opts in [
            ImportOptions::default(),
            ImportOptions { head_bytes: Some(head), kind, max_errors: Some(3), ..Default::default() },
        ] {
            let (ds, r) = import_chunked(&bytes, &cuts, &opts);
            assert_consistent(&ds, &r);
        }
    }

    #[test]
    fn chunk_boundaries_change_nothing(
        bytes in arbitrary_input(),
        a in prop::collection::vec(any::<usize>(), 0..16),
        b in prop::collection::vec(any::<usize>(), 0..16),
        head in 1usize..300,
    ) {
        let m = bytes.len() + 1;
        let a: Vec<usize> = a.iter().map(|c| c % m).collect();
        let b: Vec<usize> = b.iter().map(|c| c % m).collect();
        let opts = ImportOptions { head_bytes: Some(head), ..Default::default() };
        let whole = import_chunked(&bytes, &[], &opts);
        prop_assert_eq!(&import_chunked(&bytes, &a, &opts), &whole);
        prop_assert_eq!(&import_chunked(&bytes, &b, &opts), &whole);
        let every: Vec<usize> = (0..bytes.len()).collect();
        prop_assert_eq!(&import_chunked(&bytes, &every, &opts), &whole);
    }
}

/// One generated event row.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    email: String,
    ts: i64,
    channel: Channel,
    kind: EventKind,
    campaign: String,
}

/// Text every encoding under test can represent; no Windows-1252 byte
/// sequence of it is valid UTF-8, so detection is never fooled.
fn text(min: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            'a', 'Z', '7', ' ', ',', ';', '|', '\t', '"', '\n', 'é', 'ñ', 'ü', 'Á', '\'', '.',
        ]),
        min..12,
    )
    .prop_map(|v| v.into_iter().collect::<String>().trim().to_owned())
}

fn row() -> impl Strategy<Value = Row> {
    (
        "[a-zñé0-9]{1,8}",
        946_684_800i64..1_900_000_000,
        prop::sample::select(Channel::ALL),
        prop::sample::select(EventKind::ALL),
        text(1),
    )
        .prop_filter("campaign must not be blank", |r| !r.4.is_empty())
        .prop_map(|(local, ts, channel, kind, campaign)| Row {
            email: format!("{local}@x.es"),
            ts,
            channel,
            kind,
            campaign,
        })
}

fn quote(field: &str) -> String {
    if field.contains([',', ';', '\t', '|', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

fn write_csv(rows: &[Row], delimiter: char, newline: &str) -> String {
    let d = delimiter.to_string();
    let mut out = ["email", "event", "timestamp", "channel", "campaign"].join(&d);
    out.push_str(newline);
    for r in rows {
        let ts = chrono::DateTime::from_timestamp(r.ts, 0)
            .expect("generated timestamps are in range")
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        let fields = [
            r.email.clone(),
            r.kind.as_str().to_owned(),
            ts,
            r.channel.as_str().to_owned(),
            r.campaign.clone(),
        ];
        out.push_str(&fields.iter().map(|f| quote(f)).collect::<Vec<_>>().join(&d));
        out.push_str(newline);
    }
    out
}

fn encode(text: &str, encoding: usize) -> Vec<u8> {
    match encoding {
        0 => text.as_bytes().to_vec(),
        1 => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        2 => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        3 => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        _ => {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
            assert!(!unmappable, "generated text is Windows-1252");
            bytes.into_owned()
        }
    }
}

fn read_back(ds: &Dataset) -> Vec<Row> {
    let e = &ds.events;
    (0..e.len())
        .map(|i| Row {
            email: ds.keys.get(e.contact[i]).to_owned(),
            ts: e.ts[i],
            channel: e.channel(i),
            kind: e.kind(i),
            campaign: if e.campaign.get(i).is_some_and(|&c| c != NONE) {
                ds.campaign_ids.get(e.campaign[i]).to_owned()
            } else {
                String::new()
            },
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn round_trips_in_every_encoding_and_delimiter(
        rows in prop::collection::vec(row(), 0..25),
        encoding in 0usize..5,
        delimiter in prop::sample::select(vec![',', ';', '\t', '|']),
        newline in prop::sample::select(vec!["\n", "\r\n", "\r"]),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let bytes = encode(&write_csv(&rows, delimiter, newline), encoding);
        let mut ds = Dataset::default();
        let r = import_bytes(&mut ds, &bytes, &ImportOptions::default());
        prop_assert_eq!(r.kind, Some(TableKind::Events));
        prop_assert_eq!(r.delimiter, delimiter as u8);
        prop_assert_eq!(&r.errors, &Vec::new());
        prop_assert_eq!(read_back(&ds), rows);
        let cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
        let (chunked, _) = import_chunked(&bytes, &cuts, &ImportOptions::default());
        prop_assert_eq!(chunked, ds);
    }
}
