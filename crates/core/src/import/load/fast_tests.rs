//! The loader's inlined fast paths against the general readings they
//! shortcut: same answers, same errors, whatever came before.

use super::*;
use crate::import::csv::Tokenizer;
use crate::import::date::DateOrder;

/// Every record of `csv` (one column), in order, to `f`.
fn each_record(csv: &[u8], mut f: impl FnMut(&RecordRef<'_>)) {
    let mut t = Tokenizer::new(b',');
    let mut sink = |b: &Batch<'_>| b.iter().for_each(|r| f(&r));
    t.feed_batches(csv, &mut sink);
    assert!(t.finish_batches(&mut sink).is_none());
}

fn cx() -> Cx {
    Cx::new(false, DateOrder::Dmy, Channel::Email, None, None)
}

/// A date answer as a comparable value: the timestamp, or the error.
fn shown_date(r: Result<Option<i64>, Bad>) -> Result<Option<i64>, (Option<usize>, String)> {
    r.map_err(|b| (b.col, b.reason))
}

/// Reads every cell with [`date_cell_mut`] and with [`date_cell`], each
/// with its own memo, and compares them cell by cell.
fn check_dates(cells: &[String], required: bool) {
    let csv: String = cells.iter().map(|c| format!("{c}\n")).collect();
    let (mut fast, slow) = (cx(), cx());
    let mut n = 0;
    each_record(csv.as_bytes(), |rec| {
        let a = shown_date(date_cell_mut(rec, Some(0), &mut fast, required));
        let b = shown_date(date_cell(rec, Some(0), &slow, required));
        assert_eq!(a, b, "cell {n} {:?}", rec.get(0));
        n += 1;
    });
}

#[test]
fn date_fast_path_agrees_on_hand_picked_runs() {
    let cells = [
        "2024-03-05T14:30:00Z",
        "2024-03-05T14:30:01Z",
        "2024-03-05 23:59:59",
        "2024-03-05T24:00:00Z",
        "2024-03-05T14:30:00z",
        "2024-03-05T14:30",
        "2024-03-06T00:00:00Z",
        "2024-02-30T00:00:00Z",
        "2024-03-06T00:00:00Z",
        "\" 2024-03-06T00:00:01Z \"",
        "06/03/2024",
        "2024-03-06T00:00:02Z",
        "",
        "not a date",
        "2024-03-06T00:00:03Z",
    ];
    let cells: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
    check_dates(&cells, true);
    check_dates(&cells, false);
}

proptest::proptest! {
    /// Runs of times on a few days in several forms, with blanks and
    /// invalid ones between: the inlined same-day reading changes nothing.
    #[test]
    fn date_fast_path_agrees_with_date_cell(
        cells in proptest::collection::vec(
            (0usize..5, 0u32..26, 0u32..61, 0u32..61, 0u8..6),
            1..80,
        ),
        required in proptest::bool::ANY,
    ) {
        let days = ["2024-02-29", "2024-02-30", "2023-12-31", "2024-03-01", "2024-3-01"];
        let cells: Vec<String> = cells
            .into_iter()
            .map(|(day, h, mi, s, form)| match form {
                0 => format!("{}T{h:02}:{mi:02}:{s:02}Z", days[day]),
                1 => format!("{} {h:02}:{mi:02}:{s:02}", days[day]),
                2 => format!("{}T{h:02}:{mi:02}", days[day]),
                3 => format!("{}T{h:02}:{mi:02}:{s:02}+01:00", days[day]),
                4 => String::new(),
                _ => format!("{h:02}/{mi:02}/20{s:02}"),
            })
            .collect();
        check_dates(&cells, required);
    }
}
