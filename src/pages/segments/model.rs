//! What the Segments page computes, apart from the components so it is
//! tested natively: RFM with tiers, the tier migration between two periods,
//! responsiveness totals and the identity merge of the contact records.

use canal_core::by_contact::ContactEvents;
use canal_core::identity::{merge, IdentityConfig, KeyKind, Merge, PhoneCountry, SourceRecord};
use canal_core::model::{Channel, DAY};
use canal_core::people;
use canal_core::responsiveness::{responsiveness, Responsiveness, ResponsivenessConfig};
use canal_core::rfm::{day_number, rfm, RfmOptions, RfmResult};
use canal_core::tiers::{migration, tiers_in_period, Migration, TierConfig, TierResult};
use canal_core::Dataset;
use chrono::NaiveDate;

/// RFM and the tiers of the same orders.
#[derive(Clone, Debug, PartialEq)]
pub struct RfmView {
    /// Scores, segments, the grid.
    pub rfm: RfmResult,
    /// A/B/C over the orders up to the as-of day.
    pub tiers: TierResult,
    /// The largest grid cell, for the heat scale.
    pub max_cell: u32,
}

/// RFM as of `as_of` (`None`: the day after the last order).
pub fn rfm_view(ds: &Dataset, as_of: Option<NaiveDate>) -> RfmView {
    let rfm = rfm(ds, &RfmOptions { as_of });
    let tiers = rfm.tiers(ds, &TierConfig::default());
    let max_cell = rfm.grid.iter().map(|c| c.customers).max().unwrap_or(0);
    RfmView {
        rfm,
        tiers,
        max_cell,
    }
}

/// Heat of a grid cell between 0 and 1. The square root keeps small cells
/// visible beside one huge cell (hibernating usually dwarfs the rest).
pub fn heat(count: u32, max: u32) -> f64 {
    if max == 0 {
        0.0
    } else {
        (f64::from(count) / f64::from(max)).sqrt()
    }
}

/// The background of a grid cell: the accent colour at an opacity that
/// grows with `heat`, and whether text on it must be light.
pub fn heat_style(heat: f64) -> (String, bool) {
    let alpha = 0.06 + 0.84 * heat.clamp(0.0, 1.0);
    (
        format!("background: rgba(47, 111, 237, {alpha:.2})"),
        alpha > 0.5,
    )
}

/// Tiers in two consecutive periods of `days` days ending with `as_of`
/// (included) and the moves between them.
#[derive(Clone, Debug, PartialEq)]
pub struct MigrationView {
    /// First day of the earlier period.
    pub before_from: NaiveDate,
    /// First day of the later period.
    pub after_from: NaiveDate,
    /// The moves.
    pub migration: Migration,
}

/// The tier migration between the `days` days before `as_of` and the `days`
/// before those.
pub fn migration_view(ds: &Dataset, as_of: NaiveDate, days: u32) -> MigrationView {
    let end = (day_number(as_of) + 1) * DAY;
    let len = i64::from(days.max(1)) * DAY;
    let config = TierConfig::default();
    let before = tiers_in_period(ds, end - 2 * len, end - len, &config);
    let after = tiers_in_period(ds, end - len, end, &config);
    let day = |t: i64| canal_core::rfm::date_of_day(t.div_euclid(DAY));
    MigrationView {
        before_from: day(end - 2 * len),
        after_from: day(end - len),
        migration: migration(&before, &after),
    }
}

/// Responsiveness with the number of contacts preferring each channel.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponsivenessView {
    /// The model's output.
    pub model: Responsiveness,
    /// Contacts per preferred channel, by channel code, with messages.
    pub preferred: Vec<(Channel, u32)>,
    /// Contacts without enough evidence.
    pub unknown: u32,
}

/// Responsiveness over every contact with the default parameters.
pub fn responsiveness_view(ds: &Dataset, events: &ContactEvents) -> ResponsivenessView {
    let model = responsiveness(ds, events, &ResponsivenessConfig::default());
    let mut counts = [0u32; 16];
    let mut unknown = 0;
    for &p in &model.preferred {
        match counts.get_mut(usize::from(p)) {
            Some(n) => *n += 1,
            None => unknown += 1,
        }
    }
    let preferred = Channel::ALL
        .iter()
        .filter(|c| counts[usize::from(c.code())] > 0)
        .map(|&c| (c, counts[usize::from(c.code())]))
        .collect();
    ResponsivenessView {
        model,
        preferred,
        unknown,
    }
}

/// The source records behind the contacts as identity records (e-mail and
/// phone as keys, the record's own id as the record id) and how they merge.
#[derive(Clone, Debug, PartialEq)]
pub struct IdentityView {
    /// One record per record id the files gave (a contact the importer
    /// already joined by e-mail has one per id), else one per contact.
    pub records: Vec<SourceRecord>,
    /// The merge.
    pub merge: Merge,
    /// Records linked to another one, by the kind of key that matched:
    /// e-mail, phone, external id.
    pub matched_by: [u32; 3],
}

/// Merges the records that share a normalised e-mail or phone.
///
/// The records are the data set's source records (`people::person_records`:
/// those merged into each person, else the person's row). The importer
/// already makes contacts-file rows that share an e-mail one record (their
/// ids become aliases); they are listed here as the records they were, so
/// the page and the merge map show those matches too, by e-mail, and count
/// the records the files held.
pub fn identity_view(ds: &Dataset, country: &str) -> IdentityView {
    let mut records = Vec::with_capacity(ds.contact_count());
    for (_, rec) in people::all_person_records(ds, false) {
        let email = rec.emails.first().cloned();
        // The phone column comes last, after phones written as keys.
        let phone = rec.phones.last().cloned();
        let mut ids: Vec<&str> = rec.external_ids.iter().map(String::as_str).collect();
        if ids.is_empty() {
            ids.push(&rec.record_id);
        }
        for id in ids {
            records.push(SourceRecord {
                source: "contacts".into(),
                record_id: id.to_owned(),
                emails: email.iter().cloned().collect(),
                phones: phone.iter().cloned().collect(),
                ..SourceRecord::default()
            });
        }
    }
    let config = IdentityConfig {
        default_country: PhoneCountry::from_iso(country).unwrap_or_default(),
        source_priority: Vec::new(),
    };
    let merge = merge(&records, &config);
    let mut matched_by = [0u32; 3];
    for r in 0..records.len() as u32 {
        if let Some((kind, _)) = merge.matched_key(r) {
            matched_by[match kind {
                KeyKind::Email => 0,
                KeyKind::Phone => 1,
                KeyKind::ExternalId => 2,
            }] += 1;
        }
    }
    IdentityView {
        records,
        merge,
        matched_by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_core::rfm::Segment;

    fn ts(date: &str) -> i64 {
        let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
        day_number(d) * DAY + 3600
    }

    #[test]
    fn heat_scale() {
        let check = |count, max, expected: f64| {
            assert!((heat(count, max) - expected).abs() < 1e-9, "{count}/{max}");
        };
        check(0, 0, 0.0);
        check(0, 10, 0.0);
        check(25, 100, 0.5);
        check(100, 100, 1.0);
        assert_eq!(
            heat_style(0.0),
            ("background: rgba(47, 111, 237, 0.06)".into(), false)
        );
        assert_eq!(
            heat_style(1.0),
            ("background: rgba(47, 111, 237, 0.90)".into(), true)
        );
    }

    #[test]
    fn rfm_view_counts_match_the_grid() {
        let mut ds = Dataset::default();
        ds.push_order(None, "a", ts("2026-01-01"), 10.0);
        ds.push_order(None, "b", ts("2026-01-05"), 20.0);
        ds.push_order(None, "b", ts("2026-01-06"), 20.0);
        let v = rfm_view(&ds, None);
        // As of 2026-01-07: a 6 days (r 1), b 1 day and 2 orders (r 3, f 3).
        assert_eq!(v.rfm.as_of, NaiveDate::from_ymd_opt(2026, 1, 7));
        assert_eq!(v.max_cell, 1);
        let seg = |s: Segment| v.rfm.segments[s as usize].customers;
        assert_eq!(seg(Segment::Hibernating), 1);
        assert_eq!(seg(Segment::NeedAttention), 1);
        assert_eq!(v.tiers.get(1), Some(canal_core::tiers::Tier::A));
    }

    #[test]
    fn migration_between_two_periods() {
        let mut ds = Dataset::default();
        // a buys in both 10-day periods, b only in the earlier one, c only
        // in the later one; the order before both periods is ignored.
        ds.push_order(None, "a", ts("2026-01-01"), 5.0);
        ds.push_order(None, "a", ts("2026-01-15"), 100.0);
        ds.push_order(None, "b", ts("2026-01-12"), 1.0);
        ds.push_order(None, "a", ts("2026-01-25"), 100.0);
        ds.push_order(None, "c", ts("2026-01-22"), 1.0);
        let as_of = NaiveDate::from_ymd_opt(2026, 1, 30).expect("date");
        let v = migration_view(&ds, as_of, 10);
        assert_eq!(v.before_from.to_string(), "2026-01-11");
        assert_eq!(v.after_from.to_string(), "2026-01-21");
        use canal_core::tiers::Tier::*;
        let m = &v.migration;
        assert_eq!(m.count(Some(A), Some(A)), 1);
        // b (1 of 101: the last 1 %) was C, then gone; c new in C.
        assert_eq!(m.count(Some(C), None), 1);
        assert_eq!(m.count(None, Some(C)), 1);
        assert_eq!((m.up, m.down), (0, 0));
    }

    #[test]
    fn identity_merges_shared_emails_and_phones() {
        let mut ds = Dataset::default();
        for (key, email, phone) in [
            ("1", "Ana@Example.com ", ""),
            ("2", "ana@example.com", "600 111 222"),
            ("3", "", "+34600111222"),
            ("4", "bo@example.com", ""),
        ] {
            let c = ds.contact_id(key) as usize;
            ds.contacts.resize(c + 1);
            if !email.is_empty() {
                ds.contacts.email[c] = ds.text.intern(email);
            }
            if !phone.is_empty() {
                ds.contacts.phone[c] = ds.text.intern(phone);
            }
        }
        let v = identity_view(&ds, "ES");
        assert_eq!(v.records.len(), 4);
        assert_eq!(v.merge.person_count(), 2);
        // 1 and 2 share the e-mail (2's first key), 3 matches by phone.
        assert_eq!(v.matched_by, [2, 1, 0]);

        assert!(v
            .merge
            .merge_map_csv(&v.records)
            .starts_with("record_id,person_id,matched_key,matched_value,source\n1,0,email,"));
        // A contacts file whose rows 7 and 8 share an e-mail: the importer
        // makes them one contact, the page shows the two records it held.
        let mut ds = Dataset::default();
        let report = canal_core::import::import_bytes(
            &mut ds,
            b"contact_id,email,phone\n7,cy@example.com,\n8,CY@example.com,+34 600 999 000\n9,,600999000\n",
            &canal_core::import::ImportOptions::default(),
        );
        assert_eq!(report.errors, []);
        assert_eq!(ds.contact_count(), 2, "7 and 8 are one contact");
        let v = identity_view(&ds, "ES");
        let ids: Vec<&str> = v.records.iter().map(|r| r.record_id.as_str()).collect();
        assert_eq!(ids, ["7", "8", "9"]);
        assert_eq!(v.merge.person_count(), 1);
        // 8 by 7's e-mail, 9 by the phone the joined contact kept.
        assert_eq!(v.matched_by, [2, 1, 0]);
        // Once the loaders made them one person, the page still shows the
        // three records and how they matched.
        assert_eq!(people::unify(&mut ds).people, 1);
        let after = identity_view(&ds, "ES");
        let ids: Vec<&str> = after.records.iter().map(|r| r.record_id.as_str()).collect();
        assert_eq!(ids, ["7", "8", "9"]);
        assert_eq!(after.merge.person_count(), 1);
        assert_eq!(after.matched_by, [2, 1, 0]);
    }
}
