use super::*;
use crate::import::{import_bytes, ImportOptions};
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Imports `csv` whole and in parts of at least `min_part` bytes on
/// `threads` threads; both must agree. Returns the split import's report
/// and how many bytes it read (more than the file when a part was read
/// twice).
fn split_matches_whole(
    base: &Dataset,
    csv: &[u8],
    opts: &ImportOptions,
    threads: usize,
    min_part: u64,
) -> (ImportReport, usize) {
    let mut whole = base.clone();
    let expected = import_bytes(&mut whole, csv, opts);
    let read_bytes = AtomicUsize::new(0);
    let read = |r: Range<u64>, sink: &mut dyn FnMut(&[u8])| {
        let bytes = &csv[r.start as usize..r.end as usize];
        read_bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        // Served in small pieces, as a file read is.
        for piece in bytes.chunks(7) {
            sink(piece);
        }
        Ok::<(), ()>(())
    };
    let mut split = base.clone();
    let got = import_split(&mut split, csv.len() as u64, opts, threads, min_part, &read)
        .expect("reads never fail here");
    assert_eq!(got, expected, "report");
    assert_same(&split, &whole);
    (got, read_bytes.load(Ordering::Relaxed))
}

/// Equal data sets; `value` is compared bit for bit, as its empty cells
/// are NaN, which `==` never finds equal.
fn assert_same(a: &Dataset, b: &Dataset) {
    let bits = |d: &Dataset| {
        d.events
            .value
            .iter()
            .map(|v| v.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(bits(a), bits(b), "values");
    let (mut a, mut b) = (a.clone(), b.clone());
    a.events.value.clear();
    b.events.value.clear();
    assert_eq!(a, b, "data set");
}

fn small_head() -> ImportOptions {
    ImportOptions {
        head_bytes: Some(40),
        ..ImportOptions::default()
    }
}

/// Rows of `email,event,timestamp,campaign`, one per entry.
fn events(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from("email,event,timestamp,campaign\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

#[test]
fn parts_give_the_whole_files_rows_ids_and_errors() {
    let csv = events(&[
        "a@x.com,open,2024-01-01,Spring",
        "b@x.com,click,2024-01-02,Spring",
        "c@x.com,open,not a date,Summer",
        "a@x.com,click,2024-01-03,Summer",
        "d@x.com,,2024-01-04,Autumn",
        "b@x.com,open,2024-01-05,Winter",
        "e@x.com,open,2024-01-06,Spring",
    ]);
    for threads in 2..=5 {
        let (r, _) = split_matches_whole(&Dataset::default(), &csv, &small_head(), threads, 48);
        // Lines 4 and 6 hold the bad rows, whichever part read them.
        let lines: Vec<u64> = r.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [4, 6], "{threads} threads");
        assert_eq!((r.rows_read, r.rows_loaded), (7, 5));
    }
}

#[test]
fn the_file_is_really_cut() {
    let rows: Vec<String> = (0..200)
        .map(|i| {
            format!(
                "u{}@x.com,open,2024-01-{:02},C{}",
                i % 37,
                1 + i % 28,
                i % 5
            )
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let csv = events(&rows);
    let plan = plan(csv.len() as u64, &small_head(), 4, 500, 40, &|r, sink| {
        sink(&csv[r.start as usize..r.end as usize]);
        Ok::<(), ()>(())
    })
    .expect("reads never fail")
    .expect("an event file is cut");
    assert_eq!(plan.ranges.len(), 4);
    for w in plan.ranges.windows(2) {
        assert_eq!(w[0].end, w[1].start);
        // Every cut is a line start.
        assert_eq!(csv[w[1].start as usize - 1], b'\n');
    }
    let (_, read) = split_matches_whole(&Dataset::default(), &csv, &small_head(), 4, 500);
    // The head and the look-ups near the cuts are read besides the file.
    assert!(read < csv.len() * 2, "read {read} of {}", csv.len());
}

#[test]
fn a_cut_inside_a_quoted_field_is_read_again_by_the_part_before() {
    // A campaign name spanning many lines: cuts land inside it.
    let long = (0..40)
        .map(|i| format!("line {i}"))
        .collect::<Vec<_>>()
        .join("\n");
    let quoted = format!("b@x.com,click,2024-01-02,\"{long}\"");
    let csv = events(&[
        "a@x.com,open,2024-01-01,Spring",
        &quoted,
        "c@x.com,open,2024-01-03,Summer",
        "d@x.com,open,2024-01-04,oops \"quote",
    ]);
    let (r, read) = split_matches_whole(&Dataset::default(), &csv, &small_head(), 4, 60);
    assert_eq!(r.rows_loaded, 4);
    // Some part's bytes were read a second time.
    assert!(read > csv.len() + 40, "read {read} of {}", csv.len());
}

#[test]
fn a_quote_never_closed_is_reported_at_its_line() {
    let csv = events(&[
        "a@x.com,open,2024-01-01,Spring",
        "b@x.com,open,2024-01-02,Spring",
        "c@x.com,open,2024-01-03,Spring",
        "d@x.com,open,2024-01-04,\"never closed",
        "e@x.com,open,2024-01-05,Spring",
    ]);
    let (r, _) = split_matches_whole(&Dataset::default(), &csv, &small_head(), 3, 40);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].line, 5);
}

#[test]
fn crlf_latin1_and_semicolons_cut_as_well() {
    let mut csv = b"email;event;timestamp;value\r\n".to_vec();
    for i in 0..60 {
        csv.extend_from_slice(
            format!(
                "u{}@x.com;compra;{:02}/03/2024;{},5\r\n",
                i % 9,
                1 + i % 28,
                i
            )
            .as_bytes(),
        );
    }
    // "Peña" in Windows-1252.
    csv.extend_from_slice(b"pe\xf1a@x.com;compra;13/03/2024;1,5\r\n");
    let (r, _) = split_matches_whole(&Dataset::default(), &csv, &small_head(), 3, 200);
    assert_eq!(r.rows_loaded, 61);
    assert_eq!(r.errors, []);
}

#[test]
fn contacts_known_by_an_alias_meet_their_events() {
    let mut base = Dataset::default();
    import_bytes(
        &mut base,
        b"contact_id,email\n7,a@x.com\n8,b@x.com\n",
        &ImportOptions::default(),
    );
    let rows: Vec<String> = (0..30)
        .map(|i| {
            format!(
                "{}@x.com,open,2024-01-{:02},C",
                ["a", "b", "z"][i % 3],
                1 + i % 28
            )
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let csv = events(&rows);
    split_matches_whole(&base, &csv, &small_head(), 3, 100);
}

/// `csv` is not cut into parts, and reading it in parts anyway gives the
/// one-importer result.
fn assert_read_whole(csv: &[u8]) {
    let plan = plan(csv.len() as u64, &small_head(), 4, 100, 40, &|r, sink| {
        sink(&csv[r.start as usize..r.end as usize]);
        Ok::<(), ()>(())
    })
    .expect("reads never fail");
    assert!(plan.is_none());
    split_matches_whole(&Dataset::default(), csv, &small_head(), 4, 100);
}

#[test]
fn files_that_cannot_be_cut_are_read_whole() {
    // A contacts file: rows may merge into earlier ones.
    let mut csv = b"email,name\n".to_vec();
    for i in 0..50 {
        csv.extend_from_slice(format!("u{}@x.com,Name {i}\n", i % 20).as_bytes());
    }
    assert_read_whole(&csv);
}

#[test]
fn event_files_with_several_identifier_columns_are_read_whole() {
    // Row 3 finds `C1` by the e-mail row 1 bound to it; a part starting
    // there would make a contact of its own for it.
    let mut csv = b"email,contact_id,event,timestamp\n".to_vec();
    for i in 0..60 {
        let line = format!("u{}@x.com,C{},open,2024-01-01\n", i % 20, i % 7);
        csv.extend_from_slice(line.as_bytes());
    }
    assert_read_whole(&csv);
}

#[test]
fn a_read_error_is_returned() {
    let csv = events(&["a@x.com,open,2024-01-01,Spring"; 40]);
    let fail_late = |r: Range<u64>, sink: &mut dyn FnMut(&[u8])| {
        if r.start > 200 {
            return Err("disk gone");
        }
        sink(&csv[r.start as usize..r.end as usize]);
        Ok(())
    };
    let mut ds = Dataset::default();
    let got = import_split(&mut ds, csv.len() as u64, &small_head(), 3, 100, &fail_late);
    assert_eq!(got, Err("disk gone"));
}

/// An event file of quoted and unquoted cells, some spanning lines, some
/// rows bad, with LF or CRLF line ends.
fn event_file() -> impl Strategy<Value = Vec<u8>> {
    let cell = prop_oneof![
        "[a-c]{1,3}",
        "\"[a-c,\n]{0,6}\"",
        "\"x\"\"y\"",
        Just(String::new()),
    ];
    let email = prop_oneof!["[a-e]@x\\.com", "\"[A-E]@x\\.com\"", Just(String::new()),];
    let date = prop_oneof![
        "2024-0[1-9]-1[0-9]",
        Just("bad".to_owned()),
        Just("\"2024-02-03\n\"".to_owned()),
    ];
    let kind = prop_oneof![Just("open"), Just("click"), Just("sent"), Just(""),];
    let value = prop_oneof![
        Just(String::new()),
        "[0-9]{1,3}(\\.[0-9])?",
        Just("x".to_owned()),
    ];
    let row = (email, kind, date, cell.clone(), cell, value)
        .prop_map(|(e, k, d, c, s, v)| format!("{e},{k},{d},{c},{s},{v}"));
    (prop::collection::vec(row, 0..40), any::<bool>()).prop_map(|(rows, crlf)| {
        let end = if crlf { "\r\n" } else { "\n" };
        let mut s = format!("email,event,timestamp,campaign,session,value{end}");
        for r in rows {
            s.push_str(&r);
            s.push_str(end);
        }
        s.into_bytes()
    })
}

proptest! {
    #[test]
    fn any_cut_gives_the_whole_files_result(
        csv in event_file(),
        threads in 2usize..6,
        min_part in 1u64..80,
        head in 24usize..64,
    ) {
        let opts = ImportOptions { head_bytes: Some(head), ..ImportOptions::default() };
        split_matches_whole(&Dataset::default(), &csv, &opts, threads, min_part);
    }
}
