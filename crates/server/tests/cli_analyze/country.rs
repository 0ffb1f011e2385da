//! --phone-country: national phone numbers are read in the country given
//! (default ES), on every subcommand that reads files.

use crate::{analyze, check, check_fails};

/// C1 and C2 are one US number written nationally and internationally;
/// C3 is a Spanish mobile written nationally.
const CONTACTS: &str = "contact_id,phone,name\n\
C1,(415) 555-0100,Ana\n\
C2,+1 415 555 0100,Ana B\n\
C3,612 345 678,Bo\n";

#[test]
fn identity_reads_national_numbers_in_the_phone_country() {
    let files = [("contacts.csv", CONTACTS)];
    // US: (415) 555-0100 is +14155550100, C2's number; 612 345 678 has
    // nine digits, no US number.
    let us = analyze(
        &files,
        &["identity", "contacts.csv", "--phone-country", "US"],
    );
    assert_eq!(us.code, 0, "{}", us.stderr);
    assert_eq!(
        us.stdout,
        "record_id,person_id,matched_key,matched_value\n\
C1,0,phone,+14155550100\n\
C2,0,phone,+14155550100\n\
C3,1,,\n"
    );
    assert_eq!(
        us.stderr,
        "line 4: invalid phone '612 345 678' (BadLength), not used to match\n\
identity: 3 records, 2 persons, 1 merged into others, 1 invalid identifiers\n"
    );
    // Spain (the default): ten digits are no Spanish number.
    let es = analyze(&files, &["identity", "contacts.csv"]);
    assert_eq!(
        es.stdout,
        "record_id,person_id,matched_key,matched_value\nC1,0,,\nC2,1,,\nC3,2,,\n"
    );
    assert!(es
        .stderr
        .starts_with("line 2: invalid phone '(415) 555-0100' (BadLength)"));
    // Any case; the flag may come before the subcommand; the old name of
    // the identity flag still works.
    for args in [
        &["identity", "contacts.csv", "--phone-country", "us"][..],
        &["--phone-country", "US", "identity", "contacts.csv"],
        &["identity", "contacts.csv", "--default-country", "US"],
    ] {
        assert_eq!(analyze(&files, args).stdout, us.stdout, "{args:?}");
    }
}

#[test]
fn rfm_counts_one_customer_per_number_of_the_country() {
    // US: one customer, orders on 2024-01-10 (100) and 01-05 (50): as of
    // 01-11, recency 1, frequency 2, monetary 150; alone, every score is 1.
    let orders = "phone,order_date,amount\n\
(415) 555-0100,2024-01-10,100\n\
+1 415 555 0100,2024-01-05,50\n";
    check(
        &[("orders.csv", orders)],
        &["rfm", "orders.csv", "--phone-country", "US"],
        "customer_id,recency_days,frequency,monetary,r,f,m,segment,tier\n\
+14155550100,1,2,150,1,1,1,hibernating,A\n",
    );
    // Spain: two customers. N = 2, score = 1 + floor(5 × worse / 2): the
    // first is more recent and spent more (r 3, m 3), frequency ties (1).
    let r = analyze(&[("orders.csv", orders)], &["rfm", "orders.csv"]);
    assert_eq!(
        r.stdout,
        "customer_id,recency_days,frequency,monetary,r,f,m,segment,tier\n\
(415) 555-0100,1,1,100,3,1,3,about_to_sleep,A\n\
+14155550100,6,1,50,1,1,1,hibernating,A\n"
    );
}

#[test]
fn timeline_finds_a_contacts_events_by_its_national_number() {
    let events = "phone,timestamp,channel,event\n\
(415) 555-0100,2024-01-01T10:00:00Z,email,sent\n\
+1 415 555 0100,2024-01-02T10:00:00Z,email,opened\n";
    let header = "time,channel,kind,direction,scope,campaign,name,value,thread\n";
    let sent = "2024-01-01T10:00:00Z,email,sent,outbound,unknown,,sent,,\n";
    let opened = "2024-01-02T10:00:00Z,email,opened,outbound,unknown,,opened,,\n";
    let args = ["timeline", "events.csv", "--contact", "+14155550100"];
    let with_us: Vec<&str> = args
        .iter()
        .copied()
        .chain(["--phone-country", "US"])
        .collect();
    check(
        &[("events.csv", events)],
        &with_us,
        &format!("{header}{sent}{opened}"),
    );
    check(
        &[("events.csv", events)],
        &args,
        &format!("{header}{opened}"),
    );
    // The contact may be named as the files write it: read in the same
    // country, (415) 555-0100 is +14155550100.
    let national = [
        "timeline",
        "events.csv",
        "--contact",
        "(415) 555-0100",
        "--phone-country",
        "US",
    ];
    check(
        &[("events.csv", events)],
        &national,
        &format!("{header}{sent}{opened}"),
    );
    // In Spain it is no number, and the first row's key as written.
    check(
        &[("events.csv", events)],
        &national[..4],
        &format!("{header}{sent}"),
    );
}

#[test]
fn an_unknown_country_is_an_error() {
    let known = "unknown country code 'XX' for phone numbers (known: ES, FR, GB, DE, IT, PT, NL, \
BE, CH, AT, IE, US, CA, MX, BR, AR)";
    let files = [("contacts.csv", CONTACTS)];
    for sub in ["identity", "kpis", "rfm", "tiers", "funnel", "timeline"] {
        check_fails(
            &files,
            &[sub, "contacts.csv", "--phone-country", "XX"],
            known,
        );
    }
}

#[test]
fn every_subcommand_documents_the_flag() {
    for sub in [
        "rfm",
        "funnel",
        "kpis",
        "reactivation",
        "tiers",
        "identity",
        "score",
        "pressure",
        "timeline",
    ] {
        let r = analyze(&[], &[sub, "--help"]);
        assert_eq!(r.code, 0, "{sub}: {}", r.stderr);
        assert!(
            r.stdout.contains("--phone-country <CC>")
                && r.stdout.contains("written without an international prefix"),
            "{sub} --help: {}",
            r.stdout
        );
    }
}

#[test]
fn funnel_by_a_column_finds_phone_keyed_contacts_in_their_country() {
    // US: (415) 555-0100 and +1 415 555 0100 are one contact, who viewed
    // and bought (plan pro); +1 212 555 0100 viewed (plan free). The --by
    // column is read in a second pass that keys rows as the importer did.
    let events = "phone,timestamp,event,plan\n\
(415) 555-0100,2024-01-01T10:00:00Z,view,pro\n\
+1 415 555 0100,2024-01-01T11:00:00Z,buy,\n\
+1 212 555 0100,2024-01-01T10:00:00Z,view,free\n";
    let args = [
        "funnel", "fe.csv", "--steps", "view,buy", "--by", "plan", "--window", "none",
    ];
    let header = "group,step_no,step,entered,step_conversion,drop_off,overall_conversion\n";
    let us: Vec<&str> = args
        .iter()
        .copied()
        .chain(["--phone-country", "US"])
        .collect();
    check(
        &[("fe.csv", events)],
        &us,
        &format!(
            "{header}ALL,1,view,2,1,0,1\nALL,2,buy,1,0.5,0.5,0.5\n\
pro,1,view,1,1,0,1\npro,2,buy,1,1,0,1\nfree,1,view,1,1,0,1\nfree,2,buy,0,0,1,0\n"
        ),
    );
    // Spain: (415) 555-0100 is no number, so the buyer (+14155550100) is
    // another contact, who never viewed.
    check(
        &[("fe.csv", events)],
        &args,
        &format!(
            "{header}ALL,1,view,2,1,0,1\nALL,2,buy,0,0,1,0\n\
pro,1,view,1,1,0,1\npro,2,buy,0,0,1,0\nfree,1,view,1,1,0,1\nfree,2,buy,0,0,1,0\n"
        ),
    );
}
