use super::*;
use crate::analytics_testkit::*;
use crate::model::EventRow;
use proptest::prelude::*;
use Channel::{AppPush, Mail, Social, Wallet};

/// `label k=v …` listing only the non-zero counts, so cases stay one line.
fn render(row: &KpiRow) -> String {
    let c = &row.counts;
    let mut s = row.label.clone();
    let fields = [
        ("sent", c.sent),
        ("dlv_ev", c.delivered_events),
        ("bh", c.bounced_hard),
        ("bs", c.bounced_soft),
        ("opens", c.opens),
        ("mopens", c.machine_opens),
        ("openers", c.reliable_openers),
        ("mopeners", c.machine_openers),
        ("clicks", c.clicks),
        ("xclicks", c.excluded_clicks),
        ("clickers", c.clickers),
        ("unsub", c.unsubscribes),
        ("compl", c.complaints),
        ("conv", c.conversions),
        ("convs", c.converters),
    ];
    for (name, v) in fields {
        if v != 0 {
            s += &format!(" {name}={v}");
        }
    }
    if c.revenue != 0.0 {
        s += &format!(" rev={}", c.revenue);
    }
    if c.cost != 0.0 {
        s += &format!(" cost={}", c.cost);
    }
    s
}

fn check_ds(ds: &Dataset, q: &KpiQuery, expected: &[&str]) -> KpiReport {
    let idx = ContactIndex::build(ds);
    let report = kpis(ds, &idx, q);
    let got: Vec<String> = report.rows.iter().map(render).collect();
    assert_eq!(got, expected, "query {q:?}");
    report
}

fn check(rows: &[EventRow<'_>], q: &KpiQuery, expected: &[&str]) -> KpiReport {
    check_ds(&dataset(rows), q, expected)
}

fn by_channel() -> KpiQuery {
    KpiQuery::new(Period::ALL, GroupBy::Channel)
}

#[test]
fn delivery_and_bounces() {
    let r = check(
        &[
            ev("a", 0, Email, Sent),
            ev("b", 0, Email, Sent),
            ev("c", 0, Email, Sent),
            ev("c", 5, Email, BouncedHard),
            ev("d", 0, Sms, Sent),
            ev("d", 9, Sms, BouncedSoft),
        ],
        &by_channel(),
        &["email sent=3 bh=1", "sms sent=1 bs=1"],
    );
    let email = r.rows[0].kpis;
    assert_eq!(email.delivered, 2);
    assert_eq!(email.delivery_rate, Rate::new(2, 3));
    assert_eq!(email.hard_bounce_rate, Rate::new(1, 2));
    // Nothing delivered on SMS: every rate over delivered has no value.
    let sms = r.rows[1].kpis;
    assert_eq!(sms.open_rate.value(), None);
    assert_eq!(sms.click_rate.value(), None);
    assert_eq!(sms.delivery_rate, Rate::new(0, 1));
    assert_eq!(render(&r.total), "total sent=4 bh=1 bs=1");
}

#[test]
fn machine_opens_flagged_or_detected() {
    let q = by_channel();
    // Flagged by the ESP.
    check(
        &[
            ev("a", 0, Email, Sent).camp("n1"),
            ev("a", 100, Email, Opened)
                .camp("n1")
                .flag(flags::MACHINE_OPEN),
        ],
        &q,
        &["email sent=1 opens=1 mopens=1 mopeners=1"],
    );
    // 2 s after delivery is a proxy; 3 s is a person.
    check(
        &[
            ev("a", 10, Email, Delivered).camp("n1"),
            ev("a", 12, Email, Opened).camp("n1"),
            ev("a", 13, Email, Opened).camp("n1"),
        ],
        &q,
        &["email dlv_ev=1 opens=2 mopens=1 openers=1 mopeners=1"],
    );
    // The send of another campaign does not make an open a machine one.
    check(
        &[
            ev("a", 10, Email, Sent).camp("n1"),
            ev("a", 11, Email, Opened).camp("n2"),
        ],
        &q,
        &["email sent=1 opens=1 openers=1"],
    );
    // Nor does another contact's send.
    check(
        &[
            ev("b", 10, Email, Sent).camp("n1"),
            ev("a", 11, Email, Opened).camp("n1"),
        ],
        &q,
        &["email sent=1 opens=1 openers=1"],
    );
    let mut off = by_channel();
    off.config.machine_open_secs = None;
    check(
        &[
            ev("a", 10, Email, Sent).camp("n1"),
            ev("a", 11, Email, Opened).camp("n1"),
        ],
        &off,
        &["email sent=1 opens=1 openers=1"],
    );
}

#[test]
fn unique_means_distinct_contact_campaign_pairs() {
    let rows = [
        ev("a", 0, Email, Opened).camp("n1"),
        ev("a", 50, Email, Opened).camp("n1"),
        ev("a", 60, Email, Opened).camp("n2"),
        ev("b", 70, Email, Opened).camp("n1"),
        ev("b", 80, Email, Opened),
    ];
    check(&rows, &by_channel(), &["email opens=5 openers=4"]);
    check(
        &rows,
        &KpiQuery::new(Period::ALL, GroupBy::Campaign),
        &[
            "n1 opens=3 openers=2",
            "n2 opens=1 openers=1",
            "(no campaign) opens=1 openers=1",
        ],
    );
}

#[test]
fn clicks_exclude_bots_and_unsubscribe_links_and_imply_opens() {
    let r = check(
        &[
            ev("a", 0, Email, Sent).camp("n1"),
            ev("a", 9, Email, Clicked).camp("n1"),
            ev("a", 10, Email, Clicked).camp("n1"),
            ev("b", 0, Email, Sent).camp("n1"),
            ev("b", 5, Email, Clicked).camp("n1").flag(flags::BOT_CLICK),
            ev("b", 6, Email, Clicked)
                .camp("n1")
                .flag(flags::UNSUBSCRIBE_LINK),
            ev("b", 7, Email, Opened).camp("n1"),
        ],
        &by_channel(),
        &["email sent=2 opens=1 openers=2 clicks=2 xclicks=2 clickers=1"],
    );
    let k = r.rows[0].kpis;
    assert_eq!(k.click_rate, Rate::new(1, 2));
    assert_eq!(k.ctor, Rate::new(1, 2));
    assert_eq!(k.open_rate, Rate::new(2, 2));
}

#[test]
fn unsubscribes_and_complaints_over_delivered() {
    let r = check(
        &[
            ev("a", 0, Email, Sent),
            ev("b", 0, Email, Sent),
            ev("a", 1, Email, Unsubscribed),
            ev("b", 1, Email, Complained),
            ev("b", 2, Email, Complained),
        ],
        &by_channel(),
        &["email sent=2 unsub=1 compl=2"],
    );
    assert_eq!(r.rows[0].kpis.unsubscribe_rate, Rate::new(1, 2));
    assert_eq!(r.rows[0].kpis.complaint_rate, Rate::new(2, 2));
}

#[test]
fn conversions_credit_the_last_click_or_open_within_its_window() {
    let q = by_channel();
    let w = 7 * DAY;
    // Exactly 7 days after the click still counts; one second more does not.
    check(
        &[
            ev("a", 0, Sms, Clicked),
            ev("a", w, Web, Converted).value(10.0),
        ],
        &q,
        &["sms clicks=1 clickers=1 conv=1 convs=1 rev=10"],
    );
    let r = check(
        &[
            ev("a", 0, Sms, Clicked),
            ev("a", w + 1, Web, Converted).value(10.0),
        ],
        &q,
        &["sms clicks=1 clickers=1"],
    );
    assert_eq!(
        (r.unattributed_conversions, r.unattributed_revenue),
        (1, 10.0)
    );
    // An open credits for one day.
    check(
        &[
            ev("a", 0, Email, Opened),
            ev("a", DAY, Web, Purchase).value(5.0),
        ],
        &q,
        &["email opens=1 openers=1 conv=1 convs=1 rev=5"],
    );
    check(
        &[
            ev("a", 0, Email, Opened),
            ev("a", DAY + 1, Web, Purchase).value(5.0),
        ],
        &q,
        &["email opens=1 openers=1"],
    );
    // A click in the window wins over a later open.
    check(
        &[
            ev("a", 0, Sms, Clicked),
            ev("a", 100, Email, Opened),
            ev("a", 200, Web, Converted),
        ],
        &q,
        &[
            "email opens=1 openers=1",
            "sms clicks=1 clickers=1 conv=1 convs=1",
        ],
    );
    // Bot clicks and machine opens credit nothing.
    check(
        &[
            ev("a", 0, Sms, Clicked).flag(flags::BOT_CLICK),
            ev("a", 1, Email, Opened).flag(flags::MACHINE_OPEN),
            ev("a", 2, Web, Converted),
        ],
        &q,
        &["email opens=1 mopens=1 mopeners=1", "sms xclicks=1"],
    );
    // Two conversions of one message: two conversions, one converter.
    check(
        &[
            ev("a", 0, Email, Clicked).camp("n1"),
            ev("a", 5, Web, Purchase).value(1.5),
            ev("a", 6, Web, Purchase).value(2.5),
        ],
        &q,
        &["email openers=1 clicks=1 clickers=1 conv=2 convs=1 rev=4"],
    );
}

#[test]
fn equal_timestamps_keep_file_order() {
    let q = by_channel();
    check(
        &[ev("a", 5, Email, Clicked), ev("a", 5, Web, Converted)],
        &q,
        &["email openers=1 clicks=1 clickers=1 conv=1 convs=1"],
    );
    let r = check(
        &[ev("a", 5, Web, Converted), ev("a", 5, Email, Clicked)],
        &q,
        &["email openers=1 clicks=1 clickers=1"],
    );
    assert_eq!(r.unattributed_conversions, 1);
}

#[test]
fn orders_count_as_conversions_unless_disabled() {
    let mut ds = dataset(&[ev("a", 0, Email, Clicked).camp("n1")]);
    ds.push_order(Some("o1"), "a", 50, 20.0);
    ds.push_order(Some("o2"), "a", 10 * DAY, 99.0);
    let mut q = by_channel();
    let r = check_ds(
        &ds,
        &q,
        &["email openers=1 clicks=1 clickers=1 conv=1 convs=1 rev=20"],
    );
    assert_eq!(
        (r.unattributed_conversions, r.unattributed_revenue),
        (1, 99.0)
    );
    q.config.orders_as_conversions = false;
    check_ds(&ds, &q, &["email openers=1 clicks=1 clickers=1"]);
}

#[test]
fn period_and_filters() {
    let rows = [
        ev("a", 99, Email, Sent).camp("n1"),
        ev("a", 100, Email, Sent).camp("n1"),
        ev("a", 150, Sms, Sent).camp("s1").scope(Scope::Lifecycle),
        ev("a", 199, Email, Clicked).camp("n1"),
        ev("a", 200, Email, Opened).camp("n1"),
    ];
    let mut q = KpiQuery::new(Period::new(100, 200), GroupBy::Channel);
    check(
        &rows,
        &q,
        &["email sent=1 openers=1 clicks=1 clickers=1", "sms sent=1"],
    );
    q.filter.channels = Some(vec![Sms]);
    check(&rows, &q, &["sms sent=1"]);
    q.filter = Filter {
        scopes: Some(vec![Scope::Engagement]),
        ..Filter::default()
    };
    check(&rows, &q, &["email sent=1 openers=1 clicks=1 clickers=1"]);
    q.filter = Filter {
        campaigns: Some(vec![1]),
        ..Filter::default()
    };
    check(&rows, &q, &["sms sent=1"]);
    q.group_by = GroupBy::Scope;
    q.filter = Filter::default();
    check(
        &rows,
        &q,
        &[
            "engagement sent=1 openers=1 clicks=1 clickers=1",
            "lifecycle sent=1",
        ],
    );
}

#[test]
fn cost_and_roi_per_campaign() {
    let mut ds = dataset(&[
        ev("a", 10, Email, Sent).camp("n1"),
        ev("a", 20, Email, Clicked).camp("n1"),
        ev("a", 30, Web, Purchase).value(300.0),
        ev("b", 500, Sms, Sent).camp("s1"),
    ]);
    let campaign = |id, channel, sent_at, cost| crate::model::Campaign {
        id,
        name: String::new(),
        channel,
        scope: Scope::Engagement,
        subject: String::new(),
        message_type: String::new(),
        sent_at,
        cost,
    };
    // n1 has no sent_at: its first send (t = 10) places its cost.
    ds.campaigns = vec![
        campaign(0, Email, None, 100.0),
        campaign(1, Sms, Some(1_000), 50.0),
    ];
    let q = KpiQuery::new(Period::new(0, 600), GroupBy::Campaign);
    let r = check_ds(
        &ds,
        &q,
        &[
            "n1 sent=1 openers=1 clicks=1 clickers=1 conv=1 convs=1 rev=300 cost=100",
            "s1 sent=1",
        ],
    );
    assert_eq!(r.rows[0].kpis.roi, Some(2.0));
    assert_eq!(r.rows[1].kpis.roi, None);
    assert_eq!(r.rows[0].kpis.conversion_rate, Rate::new(1, 1));
}

#[test]
fn compare_uses_the_previous_period_of_the_same_length() {
    let ds = dataset(&[
        ev("a", 5, Email, Sent),
        ev("b", 15, Email, Sent),
        ev("c", 16, Email, Sent),
    ]);
    let idx = ContactIndex::build(&ds);
    let c = kpis_compare(
        &ds,
        &idx,
        &KpiQuery::new(Period::new(10, 20), GroupBy::Total),
    );
    assert_eq!(c.previous.period, Period::new(0, 10));
    assert_eq!(
        (c.current.total.counts.sent, c.previous.total.counts.sent),
        (2, 1)
    );
}

#[test]
fn series_counts_unique_per_bucket() {
    let ds = dataset(&[
        ev("a", 0, Email, Opened).camp("n1"),
        ev("a", 10, Email, Opened).camp("n1"),
        ev("a", DAY + 1, Email, Opened).camp("n1"),
        ev("b", 2 * DAY, Sms, Sent),
    ]);
    let idx = ContactIndex::build(&ds);
    let s = kpi_series(
        &ds,
        &idx,
        &KpiQuery::new(Period::new(0, 3 * DAY), GroupBy::Channel),
        Bucket::Day,
    );
    let email: Vec<(u64, u64)> = s.rows[0]
        .points
        .iter()
        .map(|p| (p.counts.opens, p.counts.reliable_openers))
        .collect();
    assert_eq!(email, [(2, 1), (1, 1), (0, 0)]);
    assert_eq!(s.rows[1].group, Group::Channel(Sms));
    let sent: Vec<u64> = s.total.iter().map(|p| p.counts.sent).collect();
    assert_eq!(sent, [0, 0, 1]);
}

#[test]
fn report_serializes_rates_with_num_and_den() {
    let ds = dataset(&[ev("a", 0, Email, Sent)]);
    let idx = ContactIndex::build(&ds);
    let json = serde_json::to_value(kpis(&ds, &idx, &by_channel())).expect("serializes");
    assert_eq!(
        json["rows"][0]["kpis"]["delivery_rate"],
        serde_json::json!({"num": 1, "den": 1})
    );
    assert_eq!(
        json["rows"][0]["group"],
        serde_json::json!({"by": "channel", "value": "email"})
    );
}

/// Consistent synthetic messages: a send, then maybe a bounce (and nothing
/// else) or opens and clicks, over a few contacts, campaigns and channels.
fn arb_dataset() -> impl Strategy<Value = Dataset> {
    let msg = (
        0u8..6,
        0u8..3,
        0u8..2,
        0i64..1_000,
        0u8..4,
        0u8..3,
        0u8..3,
        any::<bool>(),
    );
    proptest::collection::vec(msg, 0..40).prop_map(|msgs| {
        let mut ds = Dataset::default();
        let contacts = ["a", "b", "c", "d", "e", "f"];
        let camps = ["n1", "n2", "n3"];
        for (c, camp, ch, t, outcome, opens, clicks, flagged) in msgs {
            let (c, camp) = (contacts[c as usize], camps[camp as usize]);
            let ch = if ch == 0 { Email } else { Sms };
            ds.push_event(&ev(c, t, ch, Sent).camp(camp));
            match outcome {
                0 => ds.push_event(&ev(c, t + 1, ch, BouncedHard).camp(camp)),
                1 => ds.push_event(&ev(c, t + 1, ch, BouncedSoft).camp(camp)),
                _ => {
                    for o in 0..opens {
                        let f = if flagged { flags::MACHINE_OPEN } else { 0 };
                        ds.push_event(
                            &ev(c, t + 1 + i64::from(o) * 7, ch, Opened)
                                .camp(camp)
                                .flag(f),
                        );
                    }
                    for k in 0..clicks {
                        ds.push_event(&ev(c, t + 30 + i64::from(k), ch, Clicked).camp(camp));
                    }
                    if clicks > 0 && outcome == 3 {
                        ds.push_event(&ev(c, t + 40, Web, Purchase).value(1.0));
                    }
                }
            }
        }
        ds
    })
}

proptest! {
    #[test]
    fn rates_stay_within_unit_interval(ds in arb_dataset()) {
        let idx = ContactIndex::build(&ds);
        for by in [GroupBy::Total, GroupBy::Channel, GroupBy::Campaign] {
            let r = kpis(&ds, &idx, &KpiQuery::new(Period::ALL, by));
            for row in r.rows.iter().chain([&r.total]) {
                let k = row.kpis;
                // Not the hard-bounce rate: SPEC puts it over delivered, so
                // 2 bounces of 3 sends are 2 / 1.
                for rate in [k.delivery_rate, k.open_rate, k.machine_open_rate, k.click_rate, k.ctor, k.unsubscribe_rate, k.complaint_rate, k.conversion_rate] {
                    if let Some(v) = rate.value() {
                        prop_assert!((0.0..=1.0).contains(&v), "{rate:?} in {row:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn counts_of_a_split_period_add_up(ds in arb_dataset(), cut in 0i64..1_100) {
        let idx = ContactIndex::build(&ds);
        let whole = kpis(&ds, &idx, &KpiQuery::new(Period::new(0, 1_100), GroupBy::Channel)).total.counts;
        let a = kpis(&ds, &idx, &KpiQuery::new(Period::new(0, cut), GroupBy::Channel)).total.counts;
        let b = kpis(&ds, &idx, &KpiQuery::new(Period::new(cut, 1_100), GroupBy::Channel)).total.counts;
        let mut sum = a;
        sum.add(&b);
        prop_assert_eq!(
            (whole.sent, whole.bounced_hard, whole.bounced_soft, whole.opens, whole.machine_opens, whole.clicks, whole.conversions),
            (sum.sent, sum.bounced_hard, sum.bounced_soft, sum.opens, sum.machine_opens, sum.clicks, sum.conversions)
        );
        // A message opened on both sides of the cut is unique on each side.
        prop_assert!(whole.reliable_openers <= sum.reliable_openers);
        prop_assert!(whole.reliable_openers >= a.reliable_openers.max(b.reliable_openers));
        prop_assert!(whole.clickers <= sum.clickers);
    }

    #[test]
    fn sorting_by_contact_changes_no_result(ds in arb_dataset()) {
        let idx = ContactIndex::build(&ds);
        let mut sorted = ds.clone();
        let sorted_idx = crate::contact_index::sort_by_contact(&mut sorted);
        for by in [GroupBy::Channel, GroupBy::Campaign] {
            let q = KpiQuery::new(Period::new(0, 500), by);
            prop_assert_eq!(kpis(&ds, &idx, &q), kpis(&sorted, &sorted_idx, &q));
        }
    }

    #[test]
    fn compare_in_one_pass_equals_two_reports(ds in arb_dataset(), from in 0i64..1_000, len in 0i64..600) {
        let idx = ContactIndex::build(&ds);
        let q = KpiQuery::new(Period::new(from, from + len), GroupBy::Campaign);
        let c = kpis_compare(&ds, &idx, &q);
        prop_assert_eq!(&c.current, &kpis(&ds, &idx, &q));
        let prev = KpiQuery { period: q.period.previous(), ..q.clone() };
        prop_assert_eq!(&c.previous, &kpis(&ds, &idx, &prev));
    }

    #[test]
    fn series_buckets_add_up_to_the_report(ds in arb_dataset()) {
        let idx = ContactIndex::build(&ds);
        let q = KpiQuery::new(Period::new(0, 1_100), GroupBy::Channel);
        let report = kpis(&ds, &idx, &q);
        let series = kpi_series(&ds, &idx, &q, Bucket::Day);
        let mut sum = KpiCounts::default();
        for p in &series.total {
            sum.add(&p.counts);
        }
        // The period is within one day, so even unique counts agree.
        prop_assert_eq!(sum, report.total.counts);
    }
}

#[test]
fn filters_apply_to_the_credited_touch() {
    let rows = [
        ev("a", 0, Sms, Clicked).camp("s1"),
        ev("a", 10, Web, Purchase).value(5.0),
    ];
    let mut q = by_channel();
    q.filter.channels = Some(vec![Email]);
    let r = check(&rows, &q, &[]);
    assert_eq!(r.unattributed_conversions, 0);
    q.filter.channels = Some(vec![Sms]);
    check(&rows, &q, &["sms clicks=1 clickers=1 conv=1 convs=1 rev=5"]);
}

/// `(open rate, CTOR)` per channel, then for the total, as `num/den`.
fn open_figures(r: &KpiReport) -> Vec<String> {
    let show = |k: &Kpis| {
        let f = |r: Rate| match r.value() {
            Some(_) => format!("{}/{}", r.num, r.den),
            None => "n/a".to_owned(),
        };
        format!("open={} ctor={}", f(k.open_rate), f(k.ctor))
    };
    let mut out: Vec<String> = r
        .rows
        .iter()
        .map(|row| format!("{} {}", row.label, show(&row.kpis)))
        .collect();
    out.push(format!("total {}", show(&r.total.kpis)));
    out
}

fn check_opens(rows: &[EventRow<'_>], expected: &[&str]) {
    let ds = dataset(rows);
    let idx = ContactIndex::build(&ds);
    assert_eq!(open_figures(&kpis(&ds, &idx, &by_channel())), expected);
}

#[test]
fn channels_without_open_tracking_have_no_open_rate_or_ctor() {
    // SMS: sent and clicked, never an open event: no open rate, no CTOR
    // (not 0 % and 100 %), and its deliveries stay out of the total's
    // open rate.
    check_opens(
        &[
            ev("a", 0, Email, Sent),
            ev("b", 0, Email, Sent),
            ev("a", 60, Email, Opened),
            ev("a", 90, Email, Clicked),
            ev("c", 0, Sms, Sent),
            ev("d", 0, Sms, Sent),
            ev("c", 60, Sms, Clicked),
        ],
        &[
            "email open=1/2 ctor=1/1",
            "sms open=n/a ctor=n/a",
            "total open=1/2 ctor=1/1",
        ],
    );
    // Postal mail alone: n/a everywhere, the total included.
    check_opens(
        &[ev("a", 0, Mail, Sent), ev("b", 0, Mail, Sent)],
        &["mail open=n/a ctor=n/a", "total open=n/a ctor=n/a"],
    );
    // E-mail tracks opens even when nobody opened: a real 0 %.
    check_opens(
        &[ev("a", 0, Email, Sent)],
        &["email open=0/1 ctor=n/a", "total open=0/1 ctor=n/a"],
    );
    // One open event anywhere in the data makes app push a tracking
    // channel; a click there proves an open as on e-mail.
    check_opens(
        &[
            ev("a", 0, AppPush, Sent),
            ev("b", 0, AppPush, Sent),
            ev("a", 5, AppPush, Opened),
            ev("b", 9, AppPush, Clicked),
        ],
        &["app_push open=2/2 ctor=1/2", "total open=2/2 ctor=1/2"],
    );
}

#[test]
fn open_tracking_mask() {
    let check = |rows: &[EventRow<'_>], expected: &[Channel]| {
        let mask = open_tracking_channels(&dataset(rows));
        let got: Vec<Channel> = Channel::ALL
            .iter()
            .copied()
            .filter(|&c| tracks_opens(mask, c))
            .collect();
        assert_eq!(got, expected);
    };
    check(&[], &[Email]);
    check(&[ev("a", 0, Sms, Clicked)], &[Email]);
    check(&[ev("a", 0, Wallet, Opened)], &[Email, Wallet]);
    check(
        &[ev("a", 0, Social, Opened), ev("a", 0, Mail, Sent)],
        &[Email, Social],
    );
}

proptest! {
    /// The blockwise open mask is the plain one: a bit per row that is an
    /// open, at its channel code (out-of-range codes on the last bit),
    /// over tables of up to three blocks of any kind and channel bytes.
    #[test]
    fn opened_channels_is_the_plain_mask(
        rows in proptest::collection::vec((prop_oneof![Just(Opened.code()), any::<u8>()], prop_oneof![0u8..12, any::<u8>()]), 0..3000),
        sparse in any::<bool>(),
    ) {
        let last = Channel::ALL.len() as u8 - 1;
        // Few opens, so that a channel may first show up in a later block.
        let rows: Vec<(u8, u8)> = rows
            .into_iter()
            .enumerate()
            .map(|(i, (k, c))| if sparse && i % 500 != 7 && k == Opened.code() { (Sent.code(), c) } else { (k, c) })
            .collect();
        let kind: Vec<u8> = rows.iter().map(|r| r.0).collect();
        let channel: Vec<u8> = rows.iter().map(|r| r.1).collect();
        let plain = rows
            .iter()
            .fold(0u16, |m, &(k, c)| m | u16::from(k == Opened.code()) << (c & 15).min(last));
        prop_assert_eq!(super::opened_channels(&kind, &channel), plain);
    }
}
