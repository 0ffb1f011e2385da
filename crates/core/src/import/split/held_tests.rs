//! The browser's way of reading a file in two parts: the event rows of the
//! second part are held outside its data set and appended through
//! [`append_ids`], the report through [`append_report`].

use super::*;
use crate::import::{import_bytes, RowError};
use crate::model::EventTable;
use proptest::prelude::*;

/// Reads `csv` as the two workers do, cut at `cut`, fed in pieces of 7
/// bytes; `None` when the part before the cut read on (a cut inside a
/// quoted field), else the report and data set.
fn two_parts(csv: &[u8], opts: &ImportOptions, cut: usize) -> (ImportReport, Dataset, bool) {
    two_parts_with(csv, opts, cut, false)
}

/// [`two_parts`]; with `prepare`, the first part's identifiers are
/// normalised before the second part is appended, as the first worker
/// does while it waits for the second.
fn two_parts_with(
    csv: &[u8],
    opts: &ImportOptions,
    cut: usize,
    prepare: bool,
) -> (ImportReport, Dataset, bool) {
    let want = opts.head_bytes.unwrap_or(HEAD_BYTES).min(csv.len());
    let head = &csv[..want];
    let feed = |imp: &mut Importer, ds: &mut Dataset, bytes: &[u8]| {
        for piece in bytes.chunks(7) {
            imp.push(piece, ds);
        }
    };
    let mut ds = Dataset::default();
    let mut first = Importer::new(opts.clone());
    feed(&mut first, &mut ds, &csv[..cut]);
    if !first.at_record_start() {
        feed(&mut first, &mut ds, &csv[cut..]);
        return (first.finish(&mut ds), ds, false);
    }
    let headers = part_headers(head, opts).expect("an event file");
    let mut part = Dataset::default();
    let mut second = Importer::continuing(opts.clone(), head, headers, &mut part);
    feed(&mut second, &mut part, &csv[cut..]);
    let lines_before = first.line() - 1;
    let mut report = first.finish(&mut ds);
    if prepare {
        crate::people::prepare(&mut ds);
    }
    let part_report = second.finish(&mut part);
    // The part's rows leave its data set, as the worker stages them.
    let held = std::mem::take(&mut part.events);
    let maps = append_ids(&mut ds, &part);
    let e = &mut ds.events;
    let n = e.len();
    e.contact
        .extend(held.contact.iter().map(|&c| maps.contacts[c as usize]));
    e.ts.extend_from_slice(&held.ts);
    e.channel.extend_from_slice(&held.channel);
    e.kind.extend_from_slice(&held.kind);
    e.meta.extend_from_slice(&held.meta);
    let rows = held.len();
    let id = IdMaps::map;
    extend_opt(&mut e.campaign, n, &held.campaign, rows, NONE, |v| {
        id(&maps.campaigns, v)
    });
    extend_opt(&mut e.name, n, &held.name, rows, NONE, |v| {
        id(&maps.names, v)
    });
    extend_opt(&mut e.session, n, &held.session, rows, NONE, |v| {
        id(&maps.sessions, v)
    });
    extend_opt(&mut e.value, n, &held.value, rows, f32::NAN, |v| v);
    let max = opts.max_errors.unwrap_or(MAX_ERRORS);
    append_report(&mut report, part_report, lines_before, max);
    (report, ds, true)
}

/// Two parts give what one importer gives; returns whether the cut held.
fn check(csv: &[u8], opts: &ImportOptions, cut: usize) -> bool {
    let mut whole = Dataset::default();
    let expected = import_bytes(&mut whole, csv, opts);
    let (got, ds, held) = two_parts(csv, opts, cut);
    assert_eq!(got, expected, "report, cut at {cut}");
    let bits = |e: &EventTable| e.value.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(
        bits(&ds.events),
        bits(&whole.events),
        "values, cut at {cut}"
    );
    let (mut a, mut b) = (ds, whole);
    a.events.value.clear();
    b.events.value.clear();
    assert_eq!(a, b, "data set, cut at {cut}");
    held
}

fn small_head() -> ImportOptions {
    ImportOptions {
        head_bytes: Some(40),
        ..ImportOptions::default()
    }
}

const CSV: &str = "email,event,timestamp,campaign\n\
a@x.com,open,2024-01-01,Spring\n\
b@x.com,click,not a date,Spring\n\
c@x.com,open,2024-01-02,\"two\nlines\"\n\
a@x.com,,2024-01-03,Summer\n\
d@x.com,open,2024-01-04,Autumn\n";

#[test]
fn every_line_start_gives_the_one_pass_result() {
    let csv = CSV.as_bytes();
    // Line starts after the head (40 bytes): 62, 94, 123 ("lines" inside
    // the quoted field), 130, 157; 123 is read on by the first part.
    let starts: Vec<usize> = (41..csv.len()).filter(|&i| csv[i - 1] == b'\n').collect();
    assert_eq!(starts, [62, 94, 123, 130, 157]);
    let held: Vec<bool> = starts
        .iter()
        .map(|&cut| check(csv, &small_head(), cut))
        .collect();
    assert_eq!(held, [true, true, false, true, true]);
}

#[test]
fn row_errors_of_the_second_part_keep_the_files_line_numbers() {
    // Cut at 130 (line 6): the bad rows are on lines 3 (first part) and 6
    // (second part, its line 1).
    let (r, _, held) = two_parts(CSV.as_bytes(), &small_head(), 130);
    assert!(held);
    let lines: Vec<u64> = r.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 6]);
    assert_eq!((r.rows_read, r.rows_loaded, r.bytes), (5, 3, 188));
}

#[test]
fn a_cut_is_the_line_start_after_the_offset() {
    let check = |from: u64, window: &str, expected: Option<u64>| {
        assert_eq!(
            line_start_in(from, window.as_bytes()),
            expected,
            "{window:?}"
        );
    };
    check(99, "\nabc", Some(100));
    check(99, "ab\ncd\n", Some(102));
    check(0, "abc", None);
    check(5, "", None);
    let cut = |cut, len, head, expected: bool| {
        assert_eq!(
            is_cut(cut, len, head),
            expected,
            "{cut} of {len}, head {head}"
        );
    };
    cut(100, 200, 64, true);
    cut(64, 200, 64, true);
    cut(63, 200, 64, false);
    cut(200, 200, 64, false);
}

#[test]
fn reports_add_up_with_lines_moved_on() {
    let err = |line| RowError {
        line,
        column: None,
        reason: String::new(),
        kind: Default::default(),
    };
    let report = |bytes, rows, errors: Vec<u64>, total| ImportReport {
        bytes,
        rows_read: rows,
        rows_loaded: rows - total,
        errors: errors.into_iter().map(err).collect(),
        errors_total: total,
        ..ImportReport::default()
    };
    let check = |first: ImportReport, part, lines, max, expected: ImportReport| {
        let mut all = first;
        append_report(&mut all, part, lines, max);
        assert_eq!(all, expected);
    };
    check(
        report(10, 5, vec![2], 1),
        report(20, 7, vec![1, 4], 2),
        100,
        10,
        report(30, 12, vec![2, 101, 104], 3),
    );
    // The list is full: the total still counts every error.
    check(
        report(10, 5, vec![2, 3], 2),
        report(20, 7, vec![1, 4], 2),
        100,
        3,
        report(30, 12, vec![2, 3, 101], 4),
    );
    check(
        report(0, 0, vec![], 0),
        report(8, 1, vec![], 0),
        0,
        10,
        report(8, 1, vec![], 0),
    );
}

/// Normalising the first part's identifiers before the append (the first
/// worker does it while it waits) leaves the people found, and the whole
/// data set, as one importer and one unify give them.
fn check_prepared(csv: &[u8], opts: &ImportOptions, cut: usize) {
    let mut whole = Dataset::default();
    import_bytes(&mut whole, csv, opts);
    let (_, mut ds, _) = two_parts_with(csv, opts, cut, true);
    let (got, got_map) = crate::people::unify_with_map(&mut ds);
    let (expected, expected_map) = crate::people::unify_with_map(&mut whole);
    assert_eq!(got, expected, "people, cut at {cut}");
    assert_eq!(got_map, expected_map, "person of each record, cut at {cut}");
    ds.events.value.clear();
    whole.events.value.clear();
    assert_eq!(ds, whole, "data set after unify, cut at {cut}");
}

#[test]
fn identifiers_normalised_before_the_append_find_the_same_people() {
    // Keys written in two ways are one person; some only in the second
    // part, some in both.
    let csv = "email,event,timestamp\n\
        Ana@X.com,open,2024-01-01\n\
        bob@x.com,open,2024-01-01\n\
        ana@x.com ,click,2024-01-02\n\
        BOB@x.com,open,2024-01-03\n\
        cy@x.com,open,2024-01-04\n\
        CY@X.COM,open,2024-01-05\n\
        dee@x.com,open,2024-01-06\n";
    let csv = csv.as_bytes();
    let mut cuts = 0;
    for cut in 1..csv.len() {
        if csv[cut - 1] == b'\n' && is_cut(cut as u64, csv.len() as u64, 40) {
            check_prepared(csv, &small_head(), cut);
            cuts += 1;
        }
    }
    assert!(cuts >= 4, "{cuts} cuts");
}

/// Calls `f(csv, cut)` with the first line start at or after the fraction
/// `at` of `csv`, when a worker could cut there (past a 40-byte head).
fn at_line_start(csv: &[u8], at: f64, f: impl FnOnce(&[u8], usize)) {
    let from = ((csv.len() as f64 * at) as u64).max(1) - 1;
    if let Some(cut) = line_start_in(from, &csv[from as usize..]) {
        if is_cut(cut, csv.len() as u64, 40) {
            f(csv, cut as usize);
        }
    }
}

proptest! {
    #[test]
    fn any_cut_finds_the_same_people_with_the_first_part_prepared(
        rows in prop::collection::vec(("[a-dA-D]", "[xX]", prop_oneof![Just(""), Just(" ")]), 1..30),
        at in 0.0f64..1.0,
    ) {
        let mut csv = String::from("email,event,timestamp\n");
        for (e, host, pad) in rows {
            csv.push_str(&format!("{e}@{host}.com{pad},open,2024-01-02\n"));
        }
        at_line_start(&csv.into_bytes(), at, |csv, cut| check_prepared(csv, &small_head(), cut));
    }

    #[test]
    fn any_cut_gives_the_one_pass_result(
        rows in prop::collection::vec(
            ("[a-d]", prop_oneof![Just("open"), Just("")], prop_oneof![
                Just("2024-01-02".to_owned()), Just("bad".to_owned()),
                Just("\"2024-02-03\n\"".to_owned()),
            ], prop_oneof!["[a-c]{0,2}", "\"[a-c,\n]{0,4}\""]),
            0..30,
        ),
        at in 0.0f64..1.0,
    ) {
        let mut csv = String::from("email,event,timestamp,campaign\n");
        for (e, k, d, c) in rows {
            csv.push_str(&format!("{e}@x.com,{k},{d},{c}\n"));
        }
        at_line_start(&csv.into_bytes(), at, |csv, cut| {
            check(csv, &small_head(), cut);
        });
    }
}

#[test]
fn dictionaries_handed_on_malformed_add_nothing() {
    let mut ds = Dataset::default();
    import_bytes(&mut ds, CSV.as_bytes(), &ImportOptions::default());
    let before = ds.clone();
    let keys = "añob@x.com";
    let empty = ("", &[][..]);
    let part = |keys| PartDicts {
        keys,
        names: empty,
        campaigns: empty,
        sessions: empty,
    };
    for (bad, why) in [
        ((keys, &[2u32, 11][..]), "an offset inside 'ñ'"),
        ((keys, &[5u32, 3][..]), "an offset going back"),
        ((keys, &[3u32, 12][..]), "an offset past the arena"),
        ((keys, &[3u32][..]), "an arena longer than its strings"),
    ] {
        assert!(append_dicts(&mut ds, part(bad)).is_none(), "{why}");
        assert_eq!(ds, before, "{why}: nothing added");
    }
    // Well formed: "añ" is new; a key the data set knows keeps its id.
    let known = before.keys.get(0).to_owned();
    let arena = format!("añ{known}");
    let ends = [3u32, arena.len() as u32];
    let maps = append_dicts(&mut ds, part((&arena, &ends))).expect("well formed");
    assert_eq!(maps.contacts, vec![before.keys.len() as u32, 0]);
    assert_eq!(ds.keys.get(maps.contacts[0]), "añ");
}
