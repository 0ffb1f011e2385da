//! SPEC §7, dashboards count people: the contacts the server stores group
//! into the same people in its metrics data set (`store::load_dataset`), in
//! the app and `canal analyze` (which import the contacts export and call
//! `people::unify`; here the server's own CSV export) and in identity reconciliation's merge map.

mod common;

use canal_core::identity::{merge, IdentityConfig, SourceRecord};
use canal_core::Dataset;
use common::env;
use serde_json::{json, Value};

/// `id|email|phone|name|created_at` per record (trailing fields may be
/// left out), empty fields left out of the JSON.
fn parse(records: &[&str]) -> Vec<[String; 5]> {
    records
        .iter()
        .map(|r| {
            let mut f = r.split('|').map(str::to_owned);
            let mut next = || f.next().unwrap_or_default();
            [next(), next(), next(), next(), next()]
        })
        .collect()
}

/// The server's metrics data set, the app's (the contacts export imported
/// and unified) and the summary's contact count, for `rows`.
async fn load(rows: &[[String; 5]]) -> (Dataset, Dataset, Option<u64>) {
    let env = env().await;
    let batch: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut c = json!({ "id": r[0] });
            for (i, field) in [(1, "email"), (2, "phone"), (3, "name"), (4, "created_at")] {
                if !r[i].is_empty() {
                    c[field] = json!(r[i]);
                }
            }
            c
        })
        .collect();
    let res = env.post("/api/contacts/batch", &json!(batch)).await;
    assert_eq!(res.json()["accepted"], rows.len(), "{rows:?}");
    let pool = env.state.db.as_ref().unwrap().pool();
    let server = canal_server::store::load_dataset(pool, None).await.unwrap();
    let summary = env.get("/api/metrics/summary").await.json();

    // What the app loads after login, and `canal analyze` reads.
    let csv = env.get("/api/export/contacts?format=csv").await.text();
    let mut app = Dataset::default();
    let report = canal_core::import::import_bytes(&mut app, csv.as_bytes(), &Default::default());
    assert_eq!(report.errors, [], "{rows:?}");
    canal_core::people::unify(&mut app);
    (server, app, summary["contacts"].as_u64())
}

/// People as `C1 C2|C3`: the record ids of each person, sorted, people
/// sorted.
fn groups(ids: &[String], person_of: impl Fn(&str) -> Option<u32>) -> String {
    let mut by: Vec<(u32, Vec<&str>)> = Vec::new();
    for id in ids {
        let p = person_of(id).unwrap_or_else(|| panic!("{id} has no person"));
        match by.iter_mut().find(|(q, _)| *q == p) {
            Some((_, list)) => list.push(id),
            None => by.push((p, vec![id])),
        }
    }
    let mut out: Vec<String> = by
        .into_iter()
        .map(|(_, mut l)| {
            l.sort_unstable();
            l.join(" ")
        })
        .collect();
    out.sort_unstable();
    out.join("|")
}

/// The server's people, the app's and CLI's (the contacts CSV imported and
/// unified) and the merge map's are all `expected`.
async fn check(records: &[&str], expected: &str) {
    let rows = parse(records);
    let ids: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();

    let (server, app, summary) = load(&rows).await;

    let sources: Vec<SourceRecord> = rows
        .iter()
        .map(|[id, email, phone, ..]| SourceRecord {
            record_id: id.clone(),
            emails: vec![email.clone()],
            phones: vec![phone.clone()],
            ..SourceRecord::default()
        })
        .collect();
    let m = merge(&sources, &IdentityConfig::default());
    let map = |id: &str| {
        let r = sources.iter().position(|s| s.record_id == id)?;
        m.person_of.get(r).copied()
    };

    let people = expected.split('|').count();
    assert_eq!(
        (
            groups(&ids, |id| server.resolve_key(id)),
            groups(&ids, |id| app.resolve_key(id)),
            groups(&ids, map),
        ),
        (expected.into(), expected.into(), expected.into()),
        "server, app and CLI, merge map: {records:?}"
    );
    assert_eq!(
        (server.contact_count(), summary),
        (people, Some(people as u64)),
        "{records:?}"
    );
}

#[tokio::test]
async fn the_server_groups_people_as_the_core_does() {
    // Two records share an e-mail, the third only the first one's phone.
    check(
        &[
            "C1|a@x.com|600111222",
            "C2|a@x.com|600222333",
            "C3||600111222",
        ],
        "C1 C2 C3",
    )
    .await;
    // The same in another order, the phone written internationally.
    check(
        &[
            "C1||600111222",
            "C2|a@x.com|600222333",
            "C3|a@x.com|+34 600 111 222",
        ],
        "C1 C2 C3",
    )
    .await;
    check(&["C1|a@x.com|", "C2|b@x.com|"], "C1|C2").await;
    check(&["C1|A@x.com|", "C2|a@X.com|"], "C1 C2").await;
    // A chain: e-mail, phone, e-mail, phone.
    check(
        &[
            "C1|a@x.com|600111222",
            "C2|b@x.com|600111222",
            "C3|b@x.com|611000111",
            "C4||+34611000111",
            "C5|c@x.com|622000111",
        ],
        "C1 C2 C3 C4|C5",
    )
    .await;
    check(&["C1||600 111 222", "C2||(600) 111-222"], "C1 C2").await;
    check(&["C2|a@x.com|600111222", "C1|b@x.com|600111223"], "C1|C2").await;
}

/// The name the server and the app give the person of the first record.
async fn check_name(records: &[&str], expected: &str) {
    let rows = parse(records);
    let (server, app, _) = load(&rows).await;
    let name = |ds: &Dataset| {
        let p = ds.resolve_key(&rows[0][0]).expect("first record") as usize;
        ds.text
            .try_get(ds.contacts.name[p])
            .unwrap_or("-")
            .to_owned()
    };
    assert_eq!(
        (name(&server), name(&app)),
        (expected.into(), expected.into()),
        "server, app: {records:?}"
    );
}

#[tokio::test]
async fn the_server_resolves_a_person_as_the_app_does() {
    // Undated: the later record, in id order (the export's order).
    check_name(&["C1|a@x.com||Ana", "C2|a@x.com||Ana María"], "Ana María").await;
    check_name(&["C1|a@x.com||Ana", "C2|a@x.com||"], "Ana").await;
    // Dated: the most recent non-empty name, whatever the ids.
    check_name(
        &["C1|a@x.com||New|2025-01-01", "C2|a@x.com||Old|2024-01-01"],
        "New",
    )
    .await;
    check_name(
        &[
            "C1|a@x.com|600111222|Old|2024-01-01",
            "C2||600 111 222|New|2025-01-01",
        ],
        "New",
    )
    .await;
}
