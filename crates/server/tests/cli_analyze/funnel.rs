//! funnel: steps, modes, windows, breakdowns, in-progress units.

use crate::{analyze, check, check_fails, json};

// view → cart → buy, 14-day window, as of the last event (u6's view on
// 2024-02-01, whose window is still open: in progress, not counted).
// u1 does all three; u2 view, cart; u3 view; u4 cart only (never enters);
// u5 view then buy without cart (ordered: stops at view).
// entered 4, 2, 1 → step conversion 1, 0.5, 0.5; overall 1, 0.5, 0.25.
pub(crate) const EVENTS: &str = "\
contact,timestamp,event
u1,2024-01-01T10:00:00Z,view
u1,2024-01-01T10:05:00Z,cart
u2,2024-01-01T11:00:00Z,view
u4,2024-01-01T12:00:00Z,cart
u1,2024-01-01T10:10:00Z,buy
u2,2024-01-02T09:00:00Z,cart
u3,2024-01-02T10:00:00Z,view
u5,2024-01-03T10:00:00Z,view
u5,2024-01-04T10:00:00Z,buy
u6,2024-02-01T10:00:00Z,view
";

const FUNNEL: &str = "\
group,step_no,step,entered,step_conversion,drop_off,overall_conversion
ALL,1,view,4,1,0,1
ALL,2,cart,2,0.5,0.5,0.5
ALL,3,buy,1,0.5,0.5,0.25
";

#[test]
fn funnel_counts_steps_in_order() {
    check(
        &[("events.csv", EVENTS)],
        &["funnel", "events.csv", "--steps", "view,cart,buy"],
        FUNNEL,
    );
}

#[test]
fn funnel_modes_and_windows() {
    // strict: u1's and u2's steps are back to back; u5's view is followed
    // by buy, which ends its run at view as before.
    check(
        &[("events.csv", EVENTS)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view,cart,buy",
            "--order",
            "strict",
        ],
        FUNNEL,
    );
    // A 30-minute window: u2's cart a day later no longer counts.
    check(
        &[("events.csv", EVENTS)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view,cart",
            "--window",
            "30m",
        ],
        "\
group,step_no,step,entered,step_conversion,drop_off,overall_conversion
ALL,1,view,4,1,0,1
ALL,2,cart,1,0.25,0.75,0.25
",
    );
    // view → buy in any order of the rest: u1 and u5 buy.
    check(
        &[("events.csv", EVENTS)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view,buy",
            "--order",
            "any",
        ],
        "\
group,step_no,step,entered,step_conversion,drop_off,overall_conversion
ALL,1,view,4,1,0,1
ALL,2,buy,2,0.5,0.5,0.5
",
    );
}

#[test]
fn funnel_splits_by_a_contact_attribute() {
    // ES: u1, u2 (u6 in progress); FR: u3, u5. FR never reaches cart, so
    // buy's conversion over 0 is empty.
    let contacts = "contact,country\nu1,ES\nu2,ES\nu3,FR\nu5,FR\nu6,ES\n";
    check(
        &[("events.csv", EVENTS), ("contacts.csv", contacts)],
        &[
            "funnel",
            "events.csv",
            "contacts.csv",
            "--steps",
            "view,cart,buy",
            "--by",
            "country",
        ],
        "\
group,step_no,step,entered,step_conversion,drop_off,overall_conversion
ALL,1,view,4,1,0,1
ALL,2,cart,2,0.5,0.5,0.5
ALL,3,buy,1,0.5,0.5,0.25
ES,1,view,2,1,0,1
ES,2,cart,2,1,0,1
ES,3,buy,1,0.5,0.5,0.5
FR,1,view,2,1,0,1
FR,2,cart,0,0,1,0
FR,3,buy,0,,,0
",
    );
}

#[test]
fn funnel_json_reports_in_progress() {
    let r = analyze(
        &[("events.csv", EVENTS)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view,cart,buy",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["as_of"], "2024-02-01T10:00:00Z");
    assert_eq!(v["window_secs"], 14 * 86_400);
    assert_eq!(
        v["in_progress"],
        serde_json::json!([{"group": "ALL", "units": 1}])
    );
    assert_eq!(v["rows"][0]["in_progress"], 1);
    assert_eq!(v["rows"][1]["entered"], 2);
    assert_eq!(v["rows"][1]["mean_secs"], 39_750.0); // (5 min + 22 h) / 2
    assert_eq!(v["rows"][2]["overall_conversion"], 0.25);
}

#[test]
fn funnel_bad_row_is_reported_and_skipped() {
    let bad = EVENTS.replace(
        "u3,2024-01-02T10:00:00Z,view\n",
        "u3,2024-01-02T10:00:00Z,view\nu7,,view\n",
    );
    let r = analyze(
        &[("events.csv", &bad)],
        &["funnel", "events.csv", "--steps", "view,cart,buy"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, FUNNEL);
    assert!(r.stderr.starts_with("line 9: "), "{}", r.stderr);
}

#[test]
fn funnel_cannot_run_with_unknown_step_or_file() {
    check_fails(
        &[("events.csv", EVENTS)],
        &["funnel", "events.csv", "--steps", "view,checkout"],
        "unknown step 'checkout'",
    );
    check_fails(
        &[],
        &["funnel", "nope.csv", "--steps", "a"],
        "cannot read nope.csv",
    );
    check_fails(
        &[("events.csv", EVENTS)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view",
            "--window",
            "soon",
        ],
        "--window \"soon\" is not a duration",
    );
    check_fails(
        &[("events.csv", EVENTS)],
        &["funnel", "events.csv", "--steps", "view", "--by", "country"],
        "--by country",
    );
}

#[test]
fn funnel_splits_by_a_column_of_the_events_file() {
    // Each contact takes its last non-empty plan: u1 pro (the later row
    // wins over "free"), u2 free, u3 pro, u5 free, u6 (in progress) free.
    let events = "contact,timestamp,event,plan\n\
u1,2024-01-01T10:00:00Z,view,free\n\
u1,2024-01-01T10:05:00Z,cart,pro\n\
u2,2024-01-01T11:00:00Z,view,free\n\
u4,2024-01-01T12:00:00Z,cart,\n\
u1,2024-01-01T10:10:00Z,buy,\n\
u2,2024-01-02T09:00:00Z,cart,free\n\
u3,2024-01-02T10:00:00Z,view,pro\n\
u5,2024-01-03T10:00:00Z,view,free\n\
u5,2024-01-04T10:00:00Z,buy,free\n\
u6,2024-02-01T10:00:00Z,view,free\n";
    check(
        &[("events.csv", events)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view,cart,buy",
            "--by",
            "plan",
        ],
        "\
group,step_no,step,entered,step_conversion,drop_off,overall_conversion
ALL,1,view,4,1,0,1
ALL,2,cart,2,0.5,0.5,0.5
ALL,3,buy,1,0.5,0.5,0.25
pro,1,view,2,1,0,1
pro,2,cart,1,0.5,0.5,0.5
pro,3,buy,1,1,0,0.5
free,1,view,2,1,0,1
free,2,cart,1,0.5,0.5,0.5
free,3,buy,0,0,1,0
",
    );
    check_fails(
        &[("events.csv", events)],
        &["funnel", "events.csv", "--steps", "view", "--by", "device"],
        "--by device: not `channel`, a column of events.csv nor of a contacts file",
    );
}

#[test]
fn funnel_per_session() {
    // u1's two sessions are two units: s1 reaches cart, s2 only view. Per
    // contact u1 would be one unit reaching cart. u9's late event closes
    // every window.
    let events = "contact,visit,timestamp,event\n\
u1,s1,2024-01-01T10:00:00Z,view\n\
u1,s1,2024-01-01T10:01:00Z,cart\n\
u1,s2,2024-01-05T10:00:00Z,view\n\
u9,s9,2024-03-01T10:00:00Z,other\n";
    check(
        &[("events.csv", events)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view,cart",
            "--unit",
            "session",
            "--session",
            "visit",
        ],
        "group,step_no,step,entered,step_conversion,drop_off,overall_conversion\n\
ALL,1,view,2,1,0,1\nALL,2,cart,1,0.5,0.5,0.5\n",
    );
    check(
        &[("events.csv", events)],
        &["funnel", "events.csv", "--steps", "view,cart"],
        "group,step_no,step,entered,step_conversion,drop_off,overall_conversion\n\
ALL,1,view,1,1,0,1\nALL,2,cart,1,1,0,1\n",
    );
    check_fails(
        &[("events.csv", events)],
        &[
            "funnel",
            "events.csv",
            "--steps",
            "view",
            "--unit",
            "session",
        ],
        "--unit session: the events have no session id",
    );
}

#[test]
fn contacts_with_ids_and_emails_meet_their_events() {
    // The importer keys by e-mail first; the events only have the id,
    // which the contacts file links to the e-mail. Same groups as
    // funnel_splits_by_a_contact_attribute.
    let contacts = "contact,email,country\nu1,u1@x.com,ES\nu2,u2@x.com,ES\n\
u3,u3@x.com,FR\nu5,u5@x.com,FR\nu6,u6@x.com,ES\n";
    let r = analyze(
        &[("events.csv", EVENTS), ("contacts.csv", contacts)],
        &[
            "funnel",
            "events.csv",
            "contacts.csv",
            "--steps",
            "view,cart,buy",
            "--by",
            "country",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let groups: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or(""))
        .collect();
    assert_eq!(
        groups,
        ["ALL", "ALL", "ALL", "ES", "ES", "ES", "FR", "FR", "FR"]
    );
    assert!(
        r.stdout.contains("\nES,3,buy,1,0.5,0.5,0.5\n"),
        "{}",
        r.stdout
    );
}
