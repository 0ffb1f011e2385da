//! SPEC §7, dashboards count people: the contacts the server stores group
//! into the same people in its metrics data set (`store::load_dataset`), in
//! the app and `canal analyze` (which import the contacts export and call
//! `people::unify`; here the server's own CSV export) and in identity reconciliation's merge map.

mod common;

use canal_core::identity::{merge, IdentityConfig, SourceRecord};
use canal_core::Dataset;
use common::env;
use serde_json::{json, Value};

/// `id|email|phone` per record, empty fields left out of the JSON.
fn parse(records: &[&str]) -> Vec<[String; 3]> {
    records
        .iter()
        .map(|r| {
            let mut f = r.split('|').map(str::to_owned);
            let mut next = || f.next().unwrap_or_default();
            [next(), next(), next()]
        })
        .collect()
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

    let env = env().await;
    let batch: Vec<Value> = rows
        .iter()
        .map(|[id, email, phone]| {
            let mut c = json!({ "id": id });
            if !email.is_empty() {
                c["email"] = json!(email);
            }
            if !phone.is_empty() {
                c["phone"] = json!(phone);
            }
            c
        })
        .collect();
    let res = env.post("/api/contacts/batch", &json!(batch)).await;
    assert_eq!(res.json()["accepted"], rows.len(), "{records:?}");
    let pool = env.state.db.as_ref().unwrap().pool();
    let server = canal_server::store::load_dataset(pool, None).await.unwrap();
    let summary = env.get("/api/metrics/summary").await.json();

    // What the app loads after login, and `canal analyze` reads.
    let csv = env.get("/api/export/contacts?format=csv").await.text();
    let mut app = Dataset::default();
    let report = canal_core::import::import_bytes(&mut app, csv.as_bytes(), &Default::default());
    assert_eq!(report.errors, [], "{records:?}");
    canal_core::people::unify(&mut app);

    let sources: Vec<SourceRecord> = rows
        .iter()
        .map(|[id, email, phone]| SourceRecord {
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
        (server.contact_count(), summary["contacts"].as_u64()),
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
