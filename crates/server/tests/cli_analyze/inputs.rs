//! Inputs: identity over raw records, stdin, chunk boundaries, --kind.

use crate::funnel::EVENTS;
use crate::{analyze, analyze_stdin, check, check_fails};

#[test]
fn identity_merges_records_sharing_a_key() {
    // r2 shares r1's e-mail (case and space aside); r3 shares r2's phone
    // (600 000 001 in Spain is +34600000001). r5's e-mail is unusable.
    let contacts = "id,email,phone\n\
r1,ana@x.com,\n\
r2, ANA@x.com ,+34 600 000 001\n\
r3,,600000001\n\
r4,bo@y.com,\n\
r5,not-an-email,\n";
    let r = analyze(&[("contacts.csv", contacts)], &["identity", "contacts.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "record_id,person_id,matched_key,matched_value\n\
r1,0,email,ana@x.com\n\
r2,0,email,ana@x.com\n\
r3,0,phone,+34600000001\n\
r4,1,,\n\
r5,2,,\n"
    );
    assert_eq!(
        r.stderr,
        "line 6: invalid email 'not-an-email' (BadEmail), not used to match\n\
identity: 5 records, 3 persons, 2 merged into others, 1 invalid identifiers\n"
    );
    check_fails(
        &[("contacts.csv", contacts)],
        &["identity", "contacts.csv", "--default-country", "XX"],
        "unknown country code",
    );
}

#[test]
fn identity_merges_across_files_and_resolves_attributes() {
    // The shop knows Ana by e-mail, the CRM by e-mail and phone, the
    // loyalty file by phone only: one person of three records. Bo is only
    // in the shop. The city differs: the CRM's value is newer, but with
    // --priority shop the shop's wins.
    let shop = "id,email,city,updated_at\n\
s1,ana@x.com,Madrid,2024-01-01\n\
s2,bo@y.com,Lugo,2024-01-01\n";
    let crm = "customer_id,email,phone,city,updated_at\n\
c1,ANA@x.com,600000001,Sevilla,2024-06-01\n";
    let loyalty = "id,phone\n\
L9,+34 600 000 001\n\
L10,bad\n";
    let files = [
        ("shop.csv", shop),
        ("crm.csv", crm),
        ("loyalty.csv", loyalty),
    ];
    let all = ["identity", "shop.csv", "crm.csv", "loyalty.csv"];
    let r = analyze(&files, &all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "record_id,person_id,matched_key,matched_value\n\
s1,0,email,ana@x.com\n\
s2,1,,\n\
c1,0,email,ana@x.com\n\
L9,0,phone,+34600000001\n\
L10,2,,\n"
    );
    assert!(
        r.stderr
            .starts_with("loyalty.csv line 3: invalid phone 'bad'"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.ends_with(
        "identity: 5 records, 3 persons, 2 merged into others, 1 invalid identifiers\n"
    ));
    let args: Vec<&str> = all.iter().copied().chain(["--profiles"]).collect();
    let out = analyze(&files, &args).stdout;
    let ana = out.lines().nth(1).unwrap();
    assert_eq!(
        ana, "0,3,shop;crm;loyalty,ana@x.com,+34600000001,,city=Sevilla,city",
        "{out}"
    );
    let args: Vec<&str> = args
        .iter()
        .copied()
        .chain(["--priority", "shop,crm"])
        .collect();
    let out = analyze(&files, &args).stdout;
    assert!(
        out.lines().nth(1).unwrap().ends_with(",city=Madrid,city"),
        "{out}"
    );
}

#[test]
fn large_files_stream_across_chunks() {
    // 60 000 rows (about 1.4 MB): past the 64 KiB sniffed head and the
    // 1 MiB chunks, read from a file and from stdin. Every row must be
    // counted once: 1000 customers of 60 orders, amounts summing as written.
    let mut file = String::from("customer_id,order_date,amount\n");
    let mut total = 0u64;
    for i in 0..60_000u64 {
        let amount = i % 7 + 1;
        total += amount;
        file.push_str(&format!(
            "cust{:04},2024-02-{:02},{amount}\n",
            i % 1000,
            i % 28 + 1
        ));
    }
    for r in [
        analyze(&[("big.csv", &file)], &["rfm", "big.csv"]),
        analyze_stdin(&["rfm", "-"], file.as_bytes()),
    ] {
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.stderr, "");
        let rows: Vec<Vec<&str>> = r
            .stdout
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        assert_eq!(rows.len(), 1000);
        let freq: u64 = rows.iter().map(|r| r[2].parse::<u64>().unwrap_or(0)).sum();
        let money: f64 = rows
            .iter()
            .map(|r| r[3].parse::<f64>().unwrap_or(0.0))
            .sum();
        assert_eq!(freq, 60_000);
        assert_eq!(money, total as f64);
    }
}

#[test]
fn kinds_can_be_set_per_file() {
    // A --kind naming no file, or no kind, is a mistake to report…
    check_fails(
        &[("e.csv", EVENTS)],
        &["kpis", "e.csv", "--kind", "other.csv=events"],
        "--kind names other.csv, which is not one of the files",
    );
    check_fails(
        &[("e.csv", EVENTS)],
        &["kpis", "e.csv", "--kind", "e.csv=nonsense"],
        "unknown kind 'nonsense'",
    );
    // …and a file read as orders when it holds events has no amount.
    check_fails(
        &[("e.csv", EVENTS)],
        &["kpis", "e.csv", "--kind", "e.csv=orders"],
        "e.csv: no column holds the amount",
    );
}

#[test]
fn columns_can_be_mapped_explicitly_in_multi_file_commands() {
    // Headers no synonym knows: without --column the file cannot be read.
    let events = "who,when,what,campaign\n\
u1,2024-03-01T10:00:00Z,sent,spring\n\
u1,2024-03-01T11:00:00Z,clicked,spring\n";
    let files = [("e.csv", events)];
    let r = analyze(&files, &["timeline", "e.csv", "--contact", "u1"]);
    assert_ne!(r.code, 0, "{}", r.stdout);
    let mapped = [
        "--kind",
        "e.csv=events",
        "--column",
        "e.csv:who=contact_id",
        "--column",
        "e.csv:When=timestamp",
        "--column",
        "e.csv:what=event_type",
    ];
    let args: Vec<&str> = ["timeline", "e.csv", "--contact", "u1"]
        .into_iter()
        .chain(mapped)
        .collect();
    check(
        &files,
        &args,
        "time,channel,kind,direction,scope,campaign,name,value,thread\n\
2024-03-01T10:00:00Z,email,sent,outbound,unknown,spring,sent,,\n\
2024-03-01T11:00:00Z,email,clicked,outbound,unknown,spring,clicked,,\n",
    );
    // `ignore` unmaps a suggested column: the campaign is gone.
    let mut ignored = args.clone();
    ignored.extend(["--column", "e.csv:campaign=ignore"]);
    let r = analyze(&files, &ignored);
    assert!(r.stdout.contains(",sent,"), "{}", r.stdout);
    assert!(!r.stdout.contains("spring"), "{}", r.stdout);
    for (spec, message) in [
        ("e.csv:nope=timestamp", "e.csv has no column 'nope'"),
        ("e.csv:who=colour", "unknown field 'colour'"),
        ("x.csv:who=email", "FILE must be one of the files given"),
        ("e.csv", "expected FILE:HEADER=FIELD"),
    ] {
        check_fails(&files, &["kpis", "e.csv", "--column", spec], message);
    }
}

#[test]
fn records_sharing_an_email_are_one_person_whatever_the_file_order() {
    // C1 and C2 are one person by e-mail; the events name them by id. As
    // one person, the session of 2 May ends 121 days of dormancy and the
    // e-mail of 1 May gets the credit; as two, C2's first session is no
    // comeback and C1's session of 2 June is an uncredited one.
    let contacts = "contact_id,email\nC1,a@x.com\nC2, A@x.com \nC3,b@x.com\n";
    let events = "event_id,contact_id,timestamp,channel,kind,direction\n\
E1,C1,2026-01-01T10:00:00Z,web,session_start,inbound\n\
E2,C2,2026-05-01T10:00:00Z,email,delivered,outbound\n\
E3,C2,2026-05-02T10:00:00Z,web,session_start,inbound\n\
E4,C1,2026-06-02T10:00:00Z,web,session_start,inbound\n";
    let files = [("contacts.csv", contacts), ("events.csv", events)];
    for order in [
        ["contacts.csv", "events.csv"],
        ["events.csv", "contacts.csv"],
    ] {
        let mut args = vec!["reactivation"];
        args.extend(order);
        args.extend(["--period-from", "2026-04-01", "--format", "json"]);
        let r = analyze(&files, &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let out: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
        assert_eq!(out["reactivations"], 1, "{order:?}: {out}");
        assert_eq!(out["uncredited"], 0, "{order:?}: {out}");
        assert_eq!(out["rows"][0]["channel"], "email", "{order:?}: {out}");
        assert_eq!(out["rows"][0]["credited"], 1.0, "{order:?}: {out}");

        let mut args = vec!["timeline"];
        args.extend(order);
        args.extend(["--contact", "C1"]);
        let r = analyze(&files, &args);
        assert_eq!(r.stdout.lines().count(), 5, "{order:?}: {}", r.stdout);
    }
}

#[test]
fn large_event_files_read_in_parts_give_the_one_pass_result() {
    // About 17 MB: past twice the 8 MiB smallest part, so it is read in two
    // parts. Two bad rows at known lines, one in each part, and campaign
    // names spanning lines. (A cut inside such a name is tested in core.)
    let mut file = String::from("email,event,timestamp,campaign\n");
    let kinds = ["sent", "delivered", "open", "click"];
    let rows = 300_000u64;
    for i in 0..rows {
        let line = i + 2;
        let row = match line {
            1_001 => "a@x.com,open,not a date,Spring\n".to_owned(),
            250_001 => "b@x.com,,2024-03-01,Spring\n".to_owned(),
            _ if (99_990..100_010).contains(&line) => format!(
                "user{}@x.com,click,2024-03-{:02},\"Spring\nsale, part {i}\"\n",
                i % 5000,
                i % 28 + 1
            ),
            _ => format!(
                "user{}@x.com,{},2024-0{}-{:02}T10:00:00Z,\"Campaign, {}\"\n",
                i % 5000,
                kinds[(i % 4) as usize],
                i % 9 + 1,
                i % 28 + 1,
                i % 50
            ),
        };
        file.push_str(&row);
    }
    assert!(file.len() > 16 << 20, "{} bytes", file.len());
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("big.csv"), &file).expect("write input");
    let one = crate::analyze_in(dir.path(), &["kpis", "big.csv", "--threads", "1"]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    // Line numbers are physical lines: the twenty two-line names before
    // the second bad row (row 250,000) put it on line 250,021.
    assert!(
        one.stderr.starts_with("line 1001: column 'timestamp': "),
        "{}",
        one.stderr
    );
    assert!(one.stderr.contains("\nline 250021: "), "{}", one.stderr);
    for threads in ["2", "3"] {
        let parts = crate::analyze_in(dir.path(), &["kpis", "big.csv", "--threads", threads]);
        assert_eq!(parts.code, 0, "{}", parts.stderr);
        assert_eq!(parts.stdout, one.stdout, "{threads} threads");
        assert_eq!(parts.stderr, one.stderr, "{threads} threads");
    }
}
