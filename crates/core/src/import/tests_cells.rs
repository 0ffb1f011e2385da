//! Every event row's cells read back from the dataset as the general
//! readings give them, whatever the caches in front of the dictionaries
//! (recent ids, day memo, word-wise keys) remembered from earlier rows.

use super::date::{parse_datetime, DateOrder};
use super::words::event_kind;
use super::*;
use crate::model::{Dataset, NONE};

/// One generated row: indexes into the pools below.
type Row = (usize, usize, usize, usize, usize, usize, usize);

const TYPES: [&str; 7] = [
    "open",
    "click",
    "sent",
    "Placed Order",
    "page_view",
    "open",
    "ünïcode",
];

fn email(n: usize) -> String {
    // Some upper case, so some keys are rewritten, some are taken as is.
    if n % 3 == 0 {
        format!("Customer.{n:03}@Example.com")
    } else {
        format!("customer.{n:03}@example.com")
    }
}

fn timestamp(day: usize, secs: usize) -> String {
    format!(
        "2024-0{}-{:02}T{:02}:{:02}:{:02}Z",
        1 + day % 3,
        1 + day % 28,
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60
    )
}

/// `pool` values, numbered, differing only at the end; `None` is empty.
fn pooled(prefix: &str, n: usize, pool: usize) -> String {
    if n % pool == 0 {
        String::new()
    } else {
        format!("{prefix}{:04}", n % pool)
    }
}

fn check_rows(rows: &[Row], pools: (usize, usize, usize)) {
    let (campaigns, sessions, names) = pools;
    let mut csv = String::from("email,timestamp,event,campaign,session,event_name\n");
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|&(e, day, secs, t, c, s, n)| {
            [
                email(e),
                timestamp(day, secs),
                TYPES[t % TYPES.len()].to_owned(),
                pooled("Spring sale, wave ", c, campaigns),
                pooled("s-", s, sessions),
                pooled("step ", n, names),
            ]
        })
        .collect();
    for c in &cells {
        csv.push_str(&format!(
            "\"{}\",{},{},\"{}\",{},{}\n",
            c[0], c[1], c[2], c[3], c[4], c[5]
        ));
    }
    let mut ds = Dataset::default();
    let r = import_bytes(&mut ds, csv.as_bytes(), &ImportOptions::default());
    assert_eq!(r.errors_total, 0, "{:?}", r.errors.first());
    let e = &ds.events;
    assert_eq!(e.len(), cells.len());
    let text = |col: &Vec<u32>, i: usize, d: &crate::model::Dict| match col.get(i) {
        Some(&v) if v != NONE => d.get(v).to_owned(),
        _ => String::new(),
    };
    for (i, c) in cells.iter().enumerate() {
        assert_eq!(ds.keys.get(e.contact[i]), c[0].to_lowercase(), "row {i}");
        let ts = parse_datetime(c[1].as_bytes(), DateOrder::Dmy);
        assert_eq!(Some(e.ts[i]), ts, "row {i}");
        assert_eq!(e.kind(i), event_kind(&c[2]).0, "row {i}");
        assert_eq!(text(&e.campaign, i, &ds.campaign_ids), c[3], "row {i}");
        assert_eq!(text(&e.session, i, &ds.sessions), c[4], "row {i}");
        let name = if c[5].is_empty() { &c[2] } else { &c[5] };
        assert_eq!(&text(&e.name, i, &ds.names), name, "row {i}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Few values per column, and many more than the caches hold.
    #[test]
    fn event_cells_read_back(
        rows in proptest::collection::vec(
            (0usize..40, 0usize..4, 0usize..90_000, 0usize..7, 0usize..5_000, 0usize..5_000, 0usize..5_000),
            1..400,
        ),
        campaigns in proptest::prop_oneof![
            proptest::prelude::Just(3usize), proptest::prelude::Just(50), proptest::prelude::Just(700)
        ],
        sessions in proptest::prop_oneof![
            proptest::prelude::Just(2usize), proptest::prelude::Just(5_000)
        ],
        names in proptest::prop_oneof![
            proptest::prelude::Just(1usize), proptest::prelude::Just(9), proptest::prelude::Just(1_000)
        ],
    ) {
        check_rows(&rows, (campaigns, sessions, names));
    }
}

/// Enough rows that the recent ids give up on unique sessions half-way.
#[test]
fn event_cells_read_back_past_the_caches_trial() {
    let rows: Vec<Row> = (0..6_000)
        .map(|i| (i % 37, i / 2_000, i * 7, i % 7, i * 13, i + 1, i % 11))
        .collect();
    check_rows(&rows, (60, 1_000_000, 12));
}
