//! The demo data set: deterministic, exactly sized, and carrying every story
//! the dashboards are meant to find.

mod common;

use canal_server::demo::{self, Config};
use std::collections::{HashMap, HashSet};

fn config(contacts: usize, events: usize) -> Config {
    Config {
        contacts,
        events,
        ..Config::default()
    }
}

fn read(dir: &std::path::Path, name: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    // The generator never writes a comma inside a field, so a plain split
    // is a faithful CSV reader here.
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

fn ts(s: &str) -> i64 {
    canal_server::time::parse(s).unwrap()
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let cfg = config(300, 6_000);
    demo::write_csv(&cfg, a.path()).unwrap();
    demo::write_csv(&cfg, b.path()).unwrap();
    demo::write_csv(&Config { seed: 7, ..cfg }, c.path()).unwrap();
    for f in [
        "contacts.csv",
        "events.csv",
        "orders.csv",
        "campaigns.csv",
        "consent.csv",
    ] {
        let x = std::fs::read(a.path().join(f)).unwrap();
        assert_eq!(
            x,
            std::fs::read(b.path().join(f)).unwrap(),
            "{f} differs between runs"
        );
        if f != "campaigns.csv" {
            assert_ne!(
                x,
                std::fs::read(c.path().join(f)).unwrap(),
                "{f} ignores the seed"
            );
        }
    }
}

#[test]
fn demo_data_has_every_story() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(1_200, 60_000);
    let counts = demo::write_csv(&cfg, dir.path()).unwrap();
    let contacts = read(dir.path(), "contacts.csv");
    let events = read(dir.path(), "events.csv");
    let orders = read(dir.path(), "orders.csv");
    let campaigns = read(dir.path(), "campaigns.csv");
    let consent = read(dir.path(), "consent.csv");
    assert_eq!(contacts.len(), 1_200);
    assert_eq!(events.len(), 60_000, "the event count is exact");
    assert_eq!(counts.events, 60_000);
    assert_eq!(orders.len(), counts.orders);
    assert!(consent.len() > 1_200);

    // 12 months before the end, nothing after it.
    let end = cfg.end;
    let times: Vec<i64> = events.iter().map(|e| ts(&e[2])).collect();
    assert!(times.iter().all(|&t| t < end && t >= end - 366 * 86_400));
    assert!(times.iter().any(|&t| t < end - 330 * 86_400));
    assert!(times.iter().any(|&t| t > end - 30 * 86_400));

    // Every channel and scope; ids unique.
    let channels: HashSet<&str> = events.iter().map(|e| e[3].as_str()).collect();
    for c in canal_core::Channel::ALL {
        assert!(channels.contains(c.as_str()), "no {c} events");
    }
    let scopes: HashSet<&str> = events.iter().map(|e| e[6].as_str()).collect();
    for s in ["engagement", "lifecycle", "support"] {
        assert!(scopes.contains(s), "no {s} events");
    }
    let ids: HashSet<&str> = events.iter().map(|e| e[0].as_str()).collect();
    assert_eq!(ids.len(), events.len());

    // Every phone is a real mobile number of its contact's country (the
    // duplicates write it spaced), so identity matching can use them all.
    use canal_core::identity::{normalize_phone, PhoneCountry};
    let mut phones = 0;
    for c in &contacts {
        let (phone, country) = (&c[2], &c[4]);
        if phone.is_empty() {
            continue;
        }
        phones += 1;
        let home = PhoneCountry::from_iso(country).expect("a known country");
        let mut e164 = String::new();
        assert_eq!(
            normalize_phone(phone, &home, &mut e164),
            Ok(()),
            "{phone} ({country})"
        );
    }
    assert!(phones > 600, "{phones} phones");

    // Campaigns have costs; events point at real campaigns.
    let campaign_ids: HashSet<&str> = campaigns.iter().map(|c| c[0].as_str()).collect();
    assert!(campaigns
        .iter()
        .all(|c| c[7].parse::<f64>().unwrap() >= 0.0));
    assert!(
        campaigns
            .iter()
            .filter(|c| c[7].parse::<f64>().unwrap() > 0.0)
            .count()
            > 100
    );
    assert!(events
        .iter()
        .filter(|e| !e[7].is_empty())
        .all(|e| campaign_ids.contains(e[7].as_str())));

    // A purchase event for every order, and orders only from purchases.
    let purchases = events.iter().filter(|e| e[5] == "purchase").count();
    assert_eq!(purchases, orders.len());

    // The funnel leaks at every step.
    let named = |n: &str| events.iter().filter(|e| e[8] == n).count();
    let funnel = [
        named("page_view"),
        named("add_to_cart"),
        named("checkout"),
        named("purchase"),
    ];
    assert!(funnel.windows(2).all(|w| w[0] > w[1]), "{funnel:?}");

    // Support: the three categories, surveys scored 1 to 5, complaints lowest.
    let mut scores: HashMap<&str, Vec<f64>> = HashMap::new();
    for e in events.iter().filter(|e| e[5] == "survey_response") {
        scores
            .entry(e[8].as_str())
            .or_default()
            .push(e[10].parse().unwrap());
    }
    let mean = |k: &str| scores[k].iter().sum::<f64>() / scores[k].len() as f64;
    assert!(scores.values().flatten().all(|&s| (1.0..=5.0).contains(&s)));
    assert!(mean("complaint") < mean("incident") && mean("incident") < mean("question"));
    for cat in ["incident", "complaint", "question"] {
        assert!(
            events
                .iter()
                .any(|e| e[5] == "support_ticket" && e[8] == cat),
            "no {cat} ticket"
        );
    }

    // Machine opens flagged, and a few bot clicks.
    assert!(events.iter().filter(|e| e[11] == "machine_open").count() > 100);
    assert!(events.iter().any(|e| e[11].contains("bot_click")));

    // The same person under two keys: an e-mail or phone written differently.
    let norm_email: Vec<String> = contacts
        .iter()
        .filter(|c| !c[1].is_empty())
        .map(|c| c[1].to_lowercase())
        .collect();
    let distinct: HashSet<&String> = norm_email.iter().collect();
    let norm_phone: Vec<String> = contacts
        .iter()
        .filter(|c| !c[2].is_empty())
        .map(|c| c[2].replace(' ', ""))
        .collect();
    let distinct_phones: HashSet<&String> = norm_phone.iter().collect();
    let dups = (norm_email.len() - distinct.len()) + (norm_phone.len() - distinct_phones.len());
    assert!(dups >= 20, "only {dups} duplicate identities");
    assert!(contacts
        .iter()
        .any(|c| c[1].chars().next().is_some_and(char::is_uppercase)));

    // SMS answered more by older people, app push by younger.
    let age: HashMap<&str, i64> = contacts
        .iter()
        .map(|c| (c[0].as_str(), 2026 - c[6].parse::<i64>().unwrap_or(1990)))
        .collect();
    let click_rate = |channel: &str, older: bool| {
        let (mut sent, mut clicked) = (0.0, 0.0);
        for e in events
            .iter()
            .filter(|e| e[3] == channel && e[6] == "engagement" && e[11].is_empty())
        {
            if (age[e[1].as_str()] >= 50) != older {
                continue;
            }
            match e[5].as_str() {
                "delivered" => sent += 1.0,
                "clicked" => clicked += 1.0,
                _ => {}
            }
        }
        clicked / sent
    };
    assert!(
        click_rate("sms", true) > 1.5 * click_rate("sms", false),
        "sms {} vs {}",
        click_rate("sms", true),
        click_rate("sms", false)
    );
    assert!(click_rate("app_push", false) > 1.5 * click_rate("app_push", true));

    // Dormant customers who come back within days of a message.
    let mut by_contact: HashMap<&str, Vec<&Vec<String>>> = HashMap::new();
    for e in &events {
        by_contact.entry(e[1].as_str()).or_default().push(e);
    }
    let activity = ["purchase", "session_start", "page_view", "visited"];
    let mut comebacks = 0;
    for evs in by_contact.values() {
        let active: Vec<i64> = evs
            .iter()
            .filter(|e| activity.contains(&e[5].as_str()) && e[4] == "inbound")
            .map(|e| ts(&e[2]))
            .collect();
        for w in active.windows(2) {
            if w[1] - w[0] > 90 * 86_400 {
                let nudged = evs.iter().any(|e| {
                    let t = ts(&e[2]);
                    e[4] == "outbound" && e[5] == "delivered" && t < w[1] && t >= w[1] - 7 * 86_400
                });
                if nudged {
                    comebacks += 1;
                    break;
                }
            }
        }
    }
    assert!(comebacks >= 40, "only {comebacks} reactivations");

    // Over-pressured contacts: some get more than 25 messages in a month.
    let mut monthly: HashMap<(&str, &str), u32> = HashMap::new();
    for e in events.iter().filter(|e| e[5] == "sent") {
        *monthly.entry((e[1].as_str(), &e[2][..7])).or_default() += 1;
    }
    let over = monthly.values().filter(|&&n| n > 25).count();
    assert!(over >= 20, "only {over} over-pressured contact-months");

    // Consent statements, withdrawals after unsubscribes.
    assert!(consent
        .iter()
        .any(|c| c[5] == "unsubscribe_link" && c[3] == "opted_out"));
}

#[tokio::test]
async fn demo_loads_once_into_an_empty_database() {
    let env = common::env().await;
    let cfg = config(400, 8_000);
    assert!(demo::load_if_empty(&env.state, &cfg).await.unwrap());
    assert_eq!(env.count("contacts").await, 400);
    assert_eq!(env.count("events").await, 8_000);
    assert!(env.count("push_subscriptions").await > 50);
    assert!(!demo::load_if_empty(&env.state, &cfg).await.unwrap());
    assert_eq!(env.count("events").await, 8_000);
    demo::ensure_demo_user(&env.state).await.unwrap();
    demo::ensure_demo_user(&env.state).await.unwrap();
    let (user, _) = canal_server::auth::login(&env.state, "demo@example.com", "canal-demo")
        .await
        .unwrap();
    assert_eq!(user.email, "demo@example.com");
}

#[tokio::test]
async fn metrics_over_the_demo_data_match_the_core_and_tell_its_stories() {
    use axum::http::StatusCode;
    use canal_core::kpi::{kpis_compare, GroupBy, KpiQuery};
    use canal_core::rate::Period;

    let env = common::env().await;
    let cfg = config(500, 20_000);
    assert!(demo::load_if_empty(&env.state, &cfg).await.unwrap());
    let year = format!("from={}&to={}", "2025-11-01", "2026-11-01");

    // The endpoint answers what the core computes on the same rows.
    let res = env.get(&format!("/api/metrics/kpis?{year}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let mut data = canal_server::store::load_dataset(env.state.db.as_ref().unwrap().pool(), None)
        .await
        .unwrap();
    let idx = canal_core::contact_index::sort_by_contact(&mut data);
    let period = Period::new(ts("2025-11-01"), ts("2026-11-01"));
    let direct = kpis_compare(&data, &idx, &KpiQuery::new(period, GroupBy::Channel));
    // Compared as text: parsing floats back (serde_json without
    // float_roundtrip) may move the last bit.
    let expected = serde_json::to_string(&serde_json::to_value(&direct).unwrap()).unwrap();
    assert!(res.text() == expected, "server and core disagree");
    let email = direct
        .current
        .rows
        .iter()
        .find(|r| r.label.to_lowercase().contains("mail") && r.counts.sent > 0)
        .unwrap();
    assert!(email.kpis.machine_open_rate.value().unwrap() > 0.05);

    // Dormant customers came back and a message got the credit.
    let r = env
        .get(&format!("/api/metrics/reactivation?{year}"))
        .await
        .json();
    assert!(r["reactivations"].as_u64().unwrap() >= 10, "{r}");
    let credited: f64 = r["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["credited"].as_f64().unwrap())
        .sum();
    assert!(credited >= 10.0, "{r}");

    // The funnel leaks at every step.
    let f = env.get(&format!("/api/metrics/funnel?{year}")).await.json();
    let entered: Vec<u64> = f["total"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["entered"].as_u64().unwrap())
        .collect();
    assert_eq!(entered.len(), 4);
    assert!(
        entered.windows(2).all(|w| w[0] > w[1] && w[1] > 0),
        "{entered:?}"
    );

    // RFM and tiers through the core: every customer in one cell, tiers
    // splitting the revenue.
    let r = env.get("/api/metrics/rfm").await.json();
    let n = r["customers"].as_u64().unwrap();
    assert!(n > 50, "{n} customers");
    let in_grid: u64 = r["grid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["customers"].as_u64().unwrap())
        .sum();
    assert_eq!(in_grid, n);
    let listed = env
        .get("/api/metrics/rfm?customers=true&as_of=2026-11-01")
        .await
        .json();
    assert!(listed["customers"][0]["contact_id"]
        .as_str()
        .unwrap()
        .starts_with('C'));
    let t = env.get("/api/metrics/tiers").await.json();
    assert_eq!(t["totals"].as_array().unwrap().len(), 3);
    assert_eq!(
        env.get("/api/metrics/rfm?as_of=soon").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    for path in ["support", "sessions", "age-bands", "summary"] {
        let res = env.get(&format!("/api/metrics/{path}")).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text());
    }
    let bad = env
        .get("/api/metrics/kpis?group_by=colour&from=2026-02-30")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["error"]["details"]["total"], 2);
    assert_eq!(
        env.get("/api/metrics/funnel?steps=page_view,teleport")
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // A write makes the next answer see it.
    let before = env.get("/api/metrics/summary").await.json()["events"]
        .as_u64()
        .unwrap();
    let one = serde_json::json!([{ "id": "new1", "contact_id": "C000001", "ts": "2026-10-30", "channel": "sms", "kind": "sent" }]);
    env.post("/api/events", &one).await;
    assert_eq!(
        env.get("/api/metrics/summary").await.json()["events"]
            .as_u64()
            .unwrap(),
        before + 1
    );
}

/// SPEC §7, dashboards count people: the server's metrics, `canal analyze`
/// and identity reconciliation of the contacts file find the same people,
/// fewer than the importer's e-mail grouping alone (records linked only by
/// a phone written differently are one person too).
#[tokio::test]
async fn server_cli_and_identity_count_the_same_people() {
    use canal_core::identity::{merge, IdentityConfig, SourceRecord};
    let env = common::env().await;
    let cfg = config(600, 6_000);
    assert!(demo::load_if_empty(&env.state, &cfg).await.unwrap());
    let server = env.get("/api/metrics/summary").await.json()["contacts"]
        .as_u64()
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    demo::write_csv(&cfg, dir.path()).unwrap();
    let path = |f: &str| dir.path().join(f).to_str().unwrap().to_owned();
    let sources: Vec<_> = ["events.csv", "contacts.csv"]
        .iter()
        .map(|f| canal_server::cli::load::Source::new(&path(f)))
        .collect();
    let mut cli = canal_core::Dataset::default();
    canal_server::cli::load::load_all(&mut cli, &sources).unwrap();

    let mut by_email = canal_core::Dataset::default();
    let bytes = std::fs::read(dir.path().join("contacts.csv")).unwrap();
    canal_core::import::import_bytes(&mut by_email, &bytes, &Default::default());

    let records: Vec<SourceRecord> = read(dir.path(), "contacts.csv")
        .into_iter()
        .map(|c| SourceRecord {
            record_id: c[0].clone(),
            emails: vec![c[1].clone()],
            phones: vec![c[2].clone()],
            ..SourceRecord::default()
        })
        .collect();
    let people = merge(&records, &IdentityConfig::default()).person_count() as u64;

    assert!(people < by_email.contact_count() as u64, "{people} people");
    assert_eq!(
        (server, cli.contact_count() as u64),
        (people, people),
        "server, CLI, identity"
    );
}
