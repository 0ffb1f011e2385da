//! The server's bulk exports (`/api/export/*` as CSV) and campaigns, loaded
//! into a [`Dataset`] with the core's streaming importer: each chunk is
//! parsed as it arrives, so the export never exists whole in memory.

use super::requests::{get_json, get_stream};
use super::ApiError;
use canal_core::consent::push_consent;
use canal_core::identity::CountryCode;
use canal_core::import::{ImportOptions, ImportReport, Importer, Progress, TableKind};
use canal_core::model::{Campaign, Channel, ConsentStatus, Scope};
use canal_core::Dataset;
use serde::Deserialize;

/// The tables fetched, in order: contacts first so contact attributes
/// land before events refer to them.
pub const TABLES: [(TableKind, &str); 3] = [
    (TableKind::Contacts, "/api/export/contacts?format=csv"),
    (TableKind::Events, "/api/export/events?format=csv"),
    (TableKind::Orders, "/api/export/orders?format=csv"),
];

/// Streams one export into `ds`, reporting progress after every chunk;
/// national phone numbers are read as numbers of `phone_country` (`None`:
/// the data set's own).
pub async fn import_table(
    ds: &mut Dataset,
    kind: TableKind,
    path: &str,
    phone_country: Option<CountryCode>,
    mut on_progress: impl FnMut(Progress),
) -> Result<ImportReport, ApiError> {
    let mut importer = Importer::new(ImportOptions {
        kind: Some(kind),
        phone_country,
        ..ImportOptions::default()
    });
    get_stream(path, None, |chunk| {
        on_progress(importer.push(chunk, ds));
    })
    .await?;
    Ok(importer.finish(ds))
}

/// A campaign as `GET /api/campaigns` lists it.
#[derive(Clone, Debug, Deserialize)]
pub struct CampaignRecord {
    id: String,
    name: String,
    channel: String,
    scope: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    message_type: String,
    sent_at: Option<String>,
    #[serde(default)]
    cost: f64,
}

#[derive(Deserialize)]
struct CampaignPage {
    items: Vec<CampaignRecord>,
    next: Option<String>,
}

/// Every campaign, page by page.
pub async fn campaigns() -> Result<Vec<CampaignRecord>, ApiError> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/campaigns?limit=1000&cursor={}", urlencode(c)),
            None => "/api/campaigns?limit=1000".to_owned(),
        };
        let page: CampaignPage = get_json(&path, None).await?;
        out.extend(page.items);
        match page.next {
            Some(next) if !next.is_empty() => cursor = Some(next),
            _ => return Ok(out),
        }
    }
}

/// Adds campaigns to `ds`, keyed by the same ids the events use.
pub fn add_campaigns(ds: &mut Dataset, records: &[CampaignRecord]) {
    for r in records {
        let sent_at = r
            .sent_at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.timestamp());
        ds.campaigns.push(Campaign {
            id: ds.campaign_ids.intern(&r.id),
            name: r.name.clone(),
            channel: Channel::parse(&r.channel).unwrap_or(Channel::Email),
            scope: Scope::parse(&r.scope).unwrap_or(Scope::Unknown),
            subject: r.subject.clone(),
            message_type: r.message_type.clone(),
            sent_at,
            cost: r.cost,
        });
    }
}

/// A consent statement as `GET /api/consent` lists it.
#[derive(Clone, Debug, Deserialize)]
pub struct ConsentRecord {
    contact_id: String,
    subject: String,
    channel: String,
    status: String,
    ts: String,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Deserialize)]
struct ConsentPage {
    items: Vec<ConsentRecord>,
    next: Option<String>,
}

/// Every consent statement, page by page (there is no CSV export of them;
/// they are few next to events).
pub async fn consent() -> Result<Vec<ConsentRecord>, ApiError> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/consent?limit=1000&cursor={}", urlencode(c)),
            None => "/api/consent?limit=1000".to_owned(),
        };
        let page: ConsentPage = get_json(&path, None).await?;
        out.extend(page.items);
        match page.next {
            Some(next) if !next.is_empty() => cursor = Some(next),
            _ => return Ok(out),
        }
    }
}

/// Adds consent statements to `ds`, on the contacts the other tables know
/// by the same key or alias; returns how many were skipped as unreadable.
pub fn add_consent(ds: &mut Dataset, records: &[ConsentRecord]) -> usize {
    let mut skipped = 0;
    for r in records {
        let ts = chrono::DateTime::parse_from_rfc3339(&r.ts).map(|t| t.timestamp());
        let status = match canal_core::model::normalize_token(&r.status).as_str() {
            "opted_in" => Some(ConsentStatus::OptedIn),
            "opted_out" => Some(ConsentStatus::OptedOut),
            "unknown" => Some(ConsentStatus::Unknown),
            _ => None,
        };
        match (Channel::parse(&r.channel), status, ts) {
            (Some(channel), Some(status), Ok(ts)) => push_consent(
                ds,
                &r.contact_id,
                &r.subject,
                channel,
                status,
                ts,
                r.source.as_deref(),
            ),
            _ => skipped += 1,
        }
    }
    skipped
}

/// Percent-encodes a query value (cursors are opaque to the app).
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn campaigns_join_the_events_ids() {
        let mut ds = Dataset::default();
        let e1 = ds.campaign_ids.intern("e1");
        let records: Vec<CampaignRecord> = serde_json::from_str(
            r#"[{"id":"e1","name":"Spring sale","channel":"sms","scope":"engagement",
                 "subject":"","message_type":"offer","sent_at":"2026-03-01T10:00:00Z","cost":120.5},
                {"id":"n2","name":"Welcome","channel":"email","scope":"lifecycle","sent_at":null}]"#,
        )
        .unwrap();
        add_campaigns(&mut ds, &records);
        assert_eq!(ds.campaigns.len(), 2);
        let c = &ds.campaigns[0];
        assert_eq!(
            (c.id, c.channel, c.scope, c.sent_at, c.cost),
            (
                e1,
                Channel::Sms,
                Scope::Engagement,
                Some(1_772_359_200),
                120.5
            )
        );
        assert_eq!(ds.campaigns[1].id, 1);
        assert_eq!(ds.campaigns[1].sent_at, None);
    }

    #[test]
    fn consent_lands_on_the_contact_of_its_key_or_alias() {
        let mut ds = Dataset::default();
        let ana = ds.contact_id("ana@x.com");
        ds.add_alias("C1", ana);
        let records: Vec<ConsentRecord> = serde_json::from_str(
            r#"[{"contact_id":"C1","subject":"news","channel":"email","status":"opted_in",
                 "ts":"2026-03-01T10:00:00Z","source":"form"},
                {"contact_id":"C2","subject":"offers","channel":"sms","status":"opted_out",
                 "ts":"2026-03-02T00:00:00Z","source":null},
                {"contact_id":"C1","subject":"news","channel":"pigeon","status":"opted_in",
                 "ts":"2026-03-01T10:00:00Z"},
                {"contact_id":"C1","subject":"news","channel":"sms","status":"maybe",
                 "ts":"2026-03-01T10:00:00Z"}]"#,
        )
        .unwrap();
        assert_eq!(add_consent(&mut ds, &records), 2, "bad channel, bad status");
        let got = canal_core::consent::consent_of(&ds, &[ana]);
        assert_eq!(got.len(), 1);
        let c = &got[0];
        assert_eq!(
            (
                c.subject.as_str(),
                c.channel,
                c.status,
                c.ts,
                c.source.as_deref()
            ),
            (
                "news",
                Channel::Email,
                ConsentStatus::OptedIn,
                1_772_359_200,
                Some("form")
            )
        );
        assert_eq!(
            ds.resolve_key("C2"),
            Some(1),
            "an unknown key becomes a contact"
        );
    }

    #[test]
    fn cursors_are_encoded() {
        assert_eq!(urlencode("a+b/c=="), "a%2Bb%2Fc%3D%3D");
        assert_eq!(urlencode("abc-_.~9"), "abc-_.~9");
    }
}
