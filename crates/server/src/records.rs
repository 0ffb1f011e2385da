//! The rows the API, the demo generator and the exports share, with their
//! CSV form (one header, one writer per table, so `canal demo-data` files and
//! `/api/export/*?format=csv` read the same in the client-side engine).

use crate::time;
use canal_core::model::flags;
use canal_core::{Channel, Direction, EventKind, Scope};
use serde::Serialize;

/// A contact and its attributes.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Contact {
    /// The caller's key.
    pub id: String,
    /// Normalised e-mail (trimmed, lower-case).
    pub email: Option<String>,
    /// Phone as given, trimmed.
    pub phone: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Country code or name.
    pub country: Option<String>,
    /// Region or city.
    pub city: Option<String>,
    /// Year of birth.
    pub birth_year: Option<i64>,
    /// Job title or role.
    pub job_title: Option<String>,
    /// Company.
    pub company: Option<String>,
    /// Company size in employees.
    pub company_size: Option<i64>,
    /// When the contact was created.
    #[serde(serialize_with = "time::ser_opt")]
    pub created_at: Option<i64>,
    /// Lifecycle stage.
    pub stage: Option<String>,
    /// Every other attribute, a JSON object.
    pub attributes: serde_json::Value,
}

/// One interaction.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// The caller's event id; ingest is idempotent by it.
    pub id: String,
    /// The contact's key.
    pub contact_id: String,
    /// When it happened.
    #[serde(serialize_with = "time::ser")]
    pub ts: i64,
    /// Channel.
    pub channel: Channel,
    /// Direction.
    pub direction: Direction,
    /// Kind.
    pub kind: EventKind,
    /// Scope.
    pub scope: Scope,
    /// [`flags`] bits.
    #[serde(serialize_with = "ser_flags")]
    pub flags: u8,
    /// Campaign id.
    pub campaign_id: Option<String>,
    /// Event name (funnel step, support category, custom event).
    pub name: Option<String>,
    /// Session id.
    pub session_id: Option<String>,
    /// Revenue or survey score.
    pub value: Option<f64>,
    /// Free JSON payload, as text.
    #[serde(serialize_with = "ser_payload")]
    pub payload: Option<String>,
}

/// A transaction.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Order {
    /// Order id.
    pub id: String,
    /// The contact's key.
    pub contact_id: String,
    /// When it was placed.
    #[serde(serialize_with = "time::ser")]
    pub ts: i64,
    /// Amount.
    pub amount: f64,
    /// Currency code.
    pub currency: Option<String>,
    /// Number of items.
    pub items: Option<i64>,
}

/// A campaign.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Campaign {
    /// Campaign id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Channel.
    pub channel: Channel,
    /// Scope.
    pub scope: Scope,
    /// Subject or topic.
    pub subject: String,
    /// Message type.
    pub message_type: String,
    /// When it went out.
    #[serde(serialize_with = "time::ser_opt")]
    pub sent_at: Option<i64>,
    /// What it cost.
    pub cost: f64,
}

/// One consent statement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Consent {
    /// The contact's key.
    pub contact_id: String,
    /// Subject (news, offers, account, loyalty, …).
    pub subject: String,
    /// Channel.
    pub channel: Channel,
    /// `opted_in`, `opted_out` or `unknown`.
    pub status: String,
    /// When it was stated.
    #[serde(serialize_with = "time::ser")]
    pub ts: i64,
    /// Where it came from.
    pub source: Option<String>,
}

/// The flag names on the wire, in bit order.
pub const FLAG_NAMES: [(&str, u8); 3] = [
    ("machine_open", flags::MACHINE_OPEN),
    ("bot_click", flags::BOT_CLICK),
    ("unsubscribe_link", flags::UNSUBSCRIBE_LINK),
];

/// The names of the bits set in `bits`.
pub fn flag_names(bits: u8) -> impl Iterator<Item = &'static str> {
    FLAG_NAMES
        .into_iter()
        .filter(move |(_, b)| bits & b != 0)
        .map(|(n, _)| n)
}

fn ser_flags<S: serde::Serializer>(bits: &u8, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(flag_names(*bits))
}

fn ser_payload<S: serde::Serializer>(p: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    let value = p
        .as_deref()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
    value.serialize(s)
}

/// CSV headers, shared by the demo files and the exports.
pub mod csv {
    use super::*;

    /// `contacts.csv`.
    pub const CONTACTS: &str = "contact_id,email,phone,name,country,city,birth_year,job_title,company,company_size,created_at,stage\n";
    /// `events.csv`.
    pub const EVENTS: &str = "event_id,contact_id,timestamp,channel,direction,kind,scope,campaign_id,name,session_id,value,flags\n";
    /// `orders.csv`.
    pub const ORDERS: &str = "order_id,contact_id,timestamp,amount,currency,items\n";
    /// `campaigns.csv`.
    pub const CAMPAIGNS: &str =
        "campaign_id,name,channel,scope,subject,message_type,sent_at,cost\n";
    /// `consent.csv`.
    pub const CONSENT: &str = "contact_id,subject,channel,status,timestamp,source\n";

    /// Appends one field, quoted only when it must be (RFC 4180).
    pub fn field(out: &mut Vec<u8>, text: &str) {
        if text
            .bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
        {
            out.push(b'"');
            for b in text.bytes() {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(text.as_bytes());
        }
    }

    fn opt(out: &mut Vec<u8>, text: Option<&str>) {
        if let Some(t) = text {
            field(out, t);
        }
    }

    fn int(out: &mut Vec<u8>, n: Option<i64>) {
        if let Some(n) = n {
            out.extend_from_slice(n.to_string().as_bytes());
        }
    }

    fn float(out: &mut Vec<u8>, x: Option<f64>) {
        if let Some(x) = x {
            // Two decimals cover money and scores and keep files small.
            if x.fract() == 0.0 {
                out.extend_from_slice(format!("{x:.0}").as_bytes());
            } else {
                out.extend_from_slice(format!("{x:.2}").as_bytes());
            }
        }
    }

    fn ts(out: &mut Vec<u8>, t: Option<i64>) {
        if let Some(t) = t {
            time::write_rfc3339(out, t);
        }
    }

    /// One `contacts.csv` line.
    pub fn contact(out: &mut Vec<u8>, c: &Contact) {
        field(out, &c.id);
        out.push(b',');
        opt(out, c.email.as_deref());
        out.push(b',');
        opt(out, c.phone.as_deref());
        out.push(b',');
        opt(out, c.name.as_deref());
        out.push(b',');
        opt(out, c.country.as_deref());
        out.push(b',');
        opt(out, c.city.as_deref());
        out.push(b',');
        int(out, c.birth_year);
        out.push(b',');
        opt(out, c.job_title.as_deref());
        out.push(b',');
        opt(out, c.company.as_deref());
        out.push(b',');
        int(out, c.company_size);
        out.push(b',');
        ts(out, c.created_at);
        out.push(b',');
        opt(out, c.stage.as_deref());
        out.push(b'\n');
    }

    /// One `events.csv` line; flags are `|`-separated names.
    pub fn event(out: &mut Vec<u8>, e: &Event) {
        field(out, &e.id);
        out.push(b',');
        field(out, &e.contact_id);
        out.push(b',');
        time::write_rfc3339(out, e.ts);
        out.push(b',');
        out.extend_from_slice(e.channel.as_str().as_bytes());
        out.push(b',');
        out.extend_from_slice(e.direction.as_str().as_bytes());
        out.push(b',');
        out.extend_from_slice(e.kind.as_str().as_bytes());
        out.push(b',');
        out.extend_from_slice(e.scope.as_str().as_bytes());
        out.push(b',');
        opt(out, e.campaign_id.as_deref());
        out.push(b',');
        opt(out, e.name.as_deref());
        out.push(b',');
        opt(out, e.session_id.as_deref());
        out.push(b',');
        float(out, e.value);
        out.push(b',');
        for (i, name) in flag_names(e.flags).enumerate() {
            if i > 0 {
                out.push(b'|');
            }
            out.extend_from_slice(name.as_bytes());
        }
        out.push(b'\n');
    }

    /// One `orders.csv` line.
    pub fn order(out: &mut Vec<u8>, o: &Order) {
        field(out, &o.id);
        out.push(b',');
        field(out, &o.contact_id);
        out.push(b',');
        time::write_rfc3339(out, o.ts);
        out.push(b',');
        out.extend_from_slice(format!("{:.2}", o.amount).as_bytes());
        out.push(b',');
        opt(out, o.currency.as_deref());
        out.push(b',');
        int(out, o.items);
        out.push(b'\n');
    }

    /// One `campaigns.csv` line.
    pub fn campaign(out: &mut Vec<u8>, c: &Campaign) {
        field(out, &c.id);
        out.push(b',');
        field(out, &c.name);
        out.push(b',');
        out.extend_from_slice(c.channel.as_str().as_bytes());
        out.push(b',');
        out.extend_from_slice(c.scope.as_str().as_bytes());
        out.push(b',');
        field(out, &c.subject);
        out.push(b',');
        field(out, &c.message_type);
        out.push(b',');
        ts(out, c.sent_at);
        out.push(b',');
        out.extend_from_slice(format!("{:.2}", c.cost).as_bytes());
        out.push(b'\n');
    }

    /// One `consent.csv` line.
    pub fn consent(out: &mut Vec<u8>, c: &Consent) {
        field(out, &c.contact_id);
        out.push(b',');
        field(out, &c.subject);
        out.push(b',');
        out.extend_from_slice(c.channel.as_str().as_bytes());
        out.push(b',');
        field(out, &c.status);
        out.push(b',');
        time::write_rfc3339(out, c.ts);
        out.push(b',');
        opt(out, c.source.as_deref());
        out.push(b'\n');
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn check(text: &str, expected: &str) {
            let mut out = Vec::new();
            field(&mut out, text);
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }

        #[test]
        fn quotes_only_when_needed() {
            check("plain", "plain");
            check("a,b", "\"a,b\"");
            check("say \"hi\"", "\"say \"\"hi\"\"\"");
            check("two\nlines", "\"two\nlines\"");
            check("", "");
        }

        #[test]
        fn event_line() {
            let e = Event {
                id: "e1".into(),
                contact_id: "c1".into(),
                ts: 1_767_225_600,
                channel: Channel::Email,
                direction: Direction::Outbound,
                kind: EventKind::Opened,
                scope: Scope::Engagement,
                flags: flags::MACHINE_OPEN | flags::BOT_CLICK,
                campaign_id: Some("k1".into()),
                name: None,
                session_id: None,
                value: Some(4.0),
                payload: None,
            };
            let mut out = Vec::new();
            event(&mut out, &e);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                "e1,c1,2026-01-01T00:00:00Z,email,outbound,opened,engagement,k1,,,4,machine_open|bot_click\n"
            );
        }

        /// An export read back by the core importer keeps every flag
        /// combination (the app and `canal analyze` read exports this way).
        #[test]
        fn exported_flags_round_trip_through_the_importer() {
            use canal_core::import::{import_bytes, ImportOptions};
            let mut out = EVENTS.as_bytes().to_vec();
            let all: Vec<u8> = (0..8).collect();
            for &bits in &all {
                let e = Event {
                    id: format!("e{bits}"),
                    contact_id: "c1".into(),
                    ts: 1_767_225_600 + i64::from(bits),
                    channel: Channel::Email,
                    direction: Direction::Outbound,
                    kind: EventKind::Clicked,
                    scope: Scope::Engagement,
                    flags: bits,
                    campaign_id: None,
                    name: None,
                    session_id: None,
                    value: None,
                    payload: None,
                };
                event(&mut out, &e);
            }
            let mut ds = canal_core::Dataset::default();
            let report = import_bytes(&mut ds, &out, &ImportOptions::default());
            assert_eq!(report.errors, []);
            let read: Vec<u8> = (0..ds.events.len()).map(|i| ds.events.flags(i)).collect();
            assert_eq!(read, all);
        }
    }
}
