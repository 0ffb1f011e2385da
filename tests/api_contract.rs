//! The app's client modules read what the server writes: each record the
//! server serialises (crates/server/src/records.rs) deserialises into the
//! app's type with the same values. Native only; no network.
#![cfg(not(target_arch = "wasm32"))]

use canal_app::services::{campaigns, consent, contacts, events, orders, wire};
use canal_core::model::flags;
use canal_core::{Channel, Direction, EventKind, Scope};
use canal_server::records;
use serde::de::DeserializeOwned;

/// Serialises `server` as the API does and reads it back as the app does.
fn read<T: DeserializeOwned>(server: &impl serde::Serialize) -> T {
    let json = serde_json::to_string(server).expect("server record serialises");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("the app cannot read {json}: {e}"))
}

const T: i64 = 1_772_359_200; // 2026-03-01T10:00:00Z

#[test]
fn contacts_read_back() {
    let server = records::Contact {
        id: "c1".into(),
        email: Some("ana@x.com".into()),
        name: Some("Ana".into()),
        birth_year: Some(1980),
        created_at: Some(T),
        attributes: serde_json::json!({"plan": "gold"}),
        ..records::Contact::default()
    };
    let app: contacts::Contact = read(&server);
    assert_eq!(app.id, "c1");
    assert_eq!(app.email.as_deref(), Some("ana@x.com"));
    assert_eq!(app.birth_year, Some(1980));
    assert_eq!(app.created_at, Some(T));
    assert_eq!(app.attributes["plan"], "gold");
    let page: wire::Page<contacts::Contact> = read(&serde_json::json!({
        "items": [server], "total": 7, "next": "abc"
    }));
    assert_eq!(
        (page.items.len(), page.total, page.next.as_deref()),
        (1, 7, Some("abc"))
    );
}

#[test]
fn events_read_back_with_flags_and_payload() {
    let server = records::Event {
        id: "e1".into(),
        contact_id: "c1".into(),
        ts: T,
        channel: Channel::WebPush,
        direction: Direction::Inbound,
        kind: EventKind::Clicked,
        scope: Scope::Engagement,
        flags: flags::BOT_CLICK,
        campaign_id: Some("k1".into()),
        name: None,
        session_id: None,
        value: Some(2.5),
        payload: Some(r#"{"url": "/sale"}"#.into()),
    };
    let app: events::Event = read(&server);
    assert_eq!(app.ts, T);
    assert_eq!(
        (app.channel, app.kind, app.direction),
        (Channel::WebPush, EventKind::Clicked, Direction::Inbound)
    );
    assert_eq!(app.flags, ["bot_click"]);
    assert_eq!(
        app.payload.as_ref().map(|p| &p["url"]),
        Some(&serde_json::json!("/sale"))
    );
    assert_eq!(app.value, Some(2.5));
}

#[test]
fn orders_campaigns_and_consent_read_back() {
    let o: orders::Order = read(&records::Order {
        id: "o1".into(),
        contact_id: "c1".into(),
        ts: T,
        amount: 49.9,
        currency: Some("EUR".into()),
        items: Some(2),
    });
    assert_eq!((o.ts, o.amount, o.items), (T, 49.9, Some(2)));
    let c: campaigns::Campaign = read(&records::Campaign {
        id: "k1".into(),
        name: "Spring".into(),
        channel: Channel::Email,
        scope: Scope::Lifecycle,
        subject: "offers".into(),
        message_type: "promo".into(),
        sent_at: None,
        cost: 120.0,
    });
    assert_eq!(
        (c.channel, c.scope, c.sent_at, c.cost),
        (Channel::Email, Scope::Lifecycle, None, 120.0)
    );
    let s: consent::Consent = read(&records::Consent {
        contact_id: "c1".into(),
        subject: "offers".into(),
        channel: Channel::Sms,
        status: "opted_in".into(),
        ts: T,
        source: None,
    });
    assert_eq!(
        (s.channel, s.status.as_str(), s.ts),
        (Channel::Sms, "opted_in", T)
    );
}
