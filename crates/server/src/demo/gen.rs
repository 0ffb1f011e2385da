//! The generator: people with hidden traits, a year of campaigns, and each
//! person's interactions built as "chains" (a send and its responses, a web
//! session, a support ticket) so every event has its causes beside it.
//!
//! Stories the dashboards should find, all planted on purpose:
//! - dormant customers (100–170 days quiet) who come back 0.5–5 days after a
//!   win-back message;
//! - a leaky web funnel page_view → add_to_cart → checkout → purchase
//!   (30 %, 45 %, 65 % step conversion);
//! - SMS and postal mail answered more by older people, app push by younger;
//! - over-pressured contacts hit by daily flash-sale blasts, who unsubscribe
//!   more and answer less;
//! - machine opens (Apple Mail Privacy Protection) seconds after delivery,
//!   flagged, and the odd bot click;
//! - support tickets (incident, complaint, question) with replies and 1–5
//!   surveys, complaints scoring lowest.

use super::names::*;
use super::rng::Rng;
use super::{Config, PushSubscription, Sink};
use crate::records::{Campaign, Consent, Contact, Event, Order};
use canal_core::model::{flags, DAY};
use canal_core::{Channel, Direction, EventKind, Scope};
use std::io;

const HOUR: i64 = 3600;

/// How many rows of each table were written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Contact records.
    pub contacts: usize,
    /// Events.
    pub events: usize,
    /// Orders.
    pub orders: usize,
    /// Campaigns.
    pub campaigns: usize,
    /// Consent statements.
    pub consent: usize,
    /// Push subscriptions.
    pub push_subscriptions: usize,
}

/// What a person does over the year.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Arc {
    /// Active all year.
    Regular,
    /// Never buys; browses.
    Prospect,
    /// Stops for good at this time.
    Churned(i64),
    /// Quiet from `.0` until a win-back message at `.1`, then back.
    Returner(i64, i64),
}

/// A contact record plus the traits that drive its behaviour.
#[derive(Clone, Debug)]
struct Person {
    contact: Contact,
    age: i64,
    weight: f64,
    arc: Arc,
    pressured: bool,
    apple_mail: bool,
    web_push: bool,
    app_push: bool,
    postal: bool,
    /// How readily this person answers anything, around 1.
    appetite: f64,
}

impl Person {
    fn active(&self, t: i64) -> bool {
        match self.arc {
            Arc::Regular | Arc::Prospect => true,
            Arc::Churned(at) => t < at,
            Arc::Returner(quiet, back) => t < quiet || t >= back,
        }
    }

    fn reachable(&self, ch: Channel) -> bool {
        match ch {
            Channel::Email => self.contact.email.is_some(),
            Channel::Sms | Channel::Phone => self.contact.phone.is_some(),
            Channel::WebPush => self.web_push,
            Channel::AppPush | Channel::Wallet => self.app_push,
            Channel::Mail => self.postal,
            _ => true,
        }
    }

    /// The age effect on answering: SMS and mail rise with age, app push falls.
    fn age_factor(&self, ch: Channel) -> f64 {
        let a = (self.age - 18) as f64 / 50.0;
        match ch {
            Channel::Sms => 0.4 + 1.6 * a,
            Channel::Mail => 0.2 + 2.2 * a,
            Channel::AppPush => (1.7 - 1.5 * a).max(0.2),
            _ => 1.0,
        }
    }
}

/// A planned campaign.
#[derive(Clone, Debug)]
struct Plan {
    campaign: Campaign,
    /// Share of reachable contacts it goes to, before scaling.
    audience: f64,
    /// Only the over-pressured contacts get it (flash-sale blasts), plus a
    /// sliver of everyone else.
    blast: bool,
}

/// Events of one cause, kept or dropped together.
#[derive(Debug, Default)]
struct Chain {
    events: Vec<Event>,
    /// The order this chain produced and the index of its purchase event.
    order: Option<(usize, Order)>,
    /// Never dropped to meet the event budget (the win-back stories).
    essential: bool,
}

impl Chain {
    fn push(
        &mut self,
        ts: i64,
        ch: Channel,
        dir: Direction,
        kind: EventKind,
        scope: Scope,
    ) -> &mut Event {
        self.events.push(Event {
            id: String::new(),
            contact_id: String::new(),
            ts,
            channel: ch,
            direction: dir,
            kind,
            scope,
            flags: 0,
            campaign_id: None,
            name: None,
            session_id: None,
            value: None,
            payload: None,
        });
        self.events.last_mut().expect("just pushed")
    }
}

/// Everything shared while generating.
struct World {
    cfg: Config,
    start: i64,
    plans: Vec<Plan>,
    /// Intensity of outbound audiences and inbound rates.
    scale: f64,
}

/// Writes the whole data set to `sink`.
pub fn generate(cfg: &Config, sink: &mut dyn Sink) -> io::Result<Counts> {
    let mut counts = Counts::default();
    let start = cfg.end - 365 * DAY;
    let mut rng = Rng::stream(cfg.seed, 0);
    let people = people(cfg, start, &mut rng);
    let plans = plan_campaigns(start, cfg.end, people.len(), &mut Rng::stream(cfg.seed, 1));
    for p in &plans {
        sink.campaign(&p.campaign)?;
        counts.campaigns += 1;
    }
    for p in &people {
        sink.contact(&p.contact)?;
        counts.contacts += 1;
    }
    let mut world = World {
        cfg: cfg.clone(),
        start,
        plans,
        scale: 1.0,
    };
    // Calibrate on a sample: how many events a unit of weight makes at the
    // current scale, then correct the scale. Audiences saturate (nobody gets
    // a campaign twice), so a few rounds beat one linear guess.
    let total_weight: f64 = people.iter().map(|p| p.weight).sum();
    let sample = people.len().min(300);
    let sample_weight: f64 = people.iter().take(sample).map(|p| p.weight).sum();
    let target = cfg.events as f64 / total_weight * sample_weight;
    for _ in 0..4 {
        let made: usize = people
            .iter()
            .take(sample)
            .enumerate()
            .map(|(i, p)| {
                chains(&world, p, &mut Rng::stream(cfg.seed, 1000 + i as u64))
                    .iter()
                    .map(|c| c.events.len())
                    .sum::<usize>()
            })
            .sum();
        if made == 0 || target == 0.0 {
            break;
        }
        world.scale = (world.scale * target / made as f64).clamp(0.02, 200.0);
    }
    let mut cum = 0.0;
    let mut given = 0usize;
    for (i, p) in people.iter().enumerate() {
        cum += p.weight;
        let upto = if i + 1 == people.len() {
            cfg.events
        } else {
            ((cfg.events as f64) * cum / total_weight) as usize
        };
        let budget = upto.saturating_sub(given);
        given += budget;
        let mut r = Rng::stream(cfg.seed, 1000 + i as u64);
        let chains = chains(&world, p, &mut r);
        emit(&world, p, chains, budget, &mut r, sink, &mut counts)?;
    }
    Ok(counts)
}

fn people(cfg: &Config, start: i64, rng: &mut Rng) -> Vec<Person> {
    let mut people: Vec<Person> = Vec::with_capacity(cfg.contacts);
    for i in 0..cfg.contacts {
        let id = format!("C{:06}", i + 1);
        // One record in 25 is the same person again under another key, with
        // the e-mail or phone written differently.
        if i > 20 && rng.chance(0.04) {
            let j = rng.range(0, people.len() as i64) as usize;
            let mut dup = people[j].clone();
            let c = &mut dup.contact;
            c.id = id;
            if rng.chance(0.5) {
                c.email = c.email.as_ref().map(|e| {
                    let mut chars = e.chars();
                    let first: String = chars
                        .next()
                        .map(|f| f.to_uppercase().collect())
                        .unwrap_or_default();
                    format!("{first}{}", chars.as_str())
                });
                c.phone = None;
            } else if let Some(ph) = &c.phone {
                c.phone = Some(spaced_phone(ph));
                c.email = None;
            }
            c.company = None;
            c.job_title = None;
            c.stage = Some("lead".into());
            c.created_at = Some(rng.range(start, cfg.end));
            dup.weight = 0.15;
            dup.arc = Arc::Prospect;
            dup.pressured = false;
            people.push(dup);
            continue;
        }
        let (country, prefix, _, cities) =
            *rng.weighted(&COUNTRIES.iter().map(|c| (*c, c.2)).collect::<Vec<_>>());
        let first = *rng.pick(FIRST);
        let last = *rng.pick(LAST);
        let age = 18 + (rng.f64() * rng.f64() * 60.0 + rng.f64() * 20.0) as i64;
        let birth_year = 2026 - age;
        let email = rng.chance(0.93).then(|| {
            format!(
                "{}.{}{}@{}",
                ascii(first),
                ascii(last),
                rng.range(1, 999),
                rng.pick(DOMAINS)
            )
        });
        let phone = rng.chance(0.7).then(|| {
            let digits: String = (0..9)
                .map(|_| char::from(b'0' + rng.range(0, 10) as u8))
                .collect();
            format!("{prefix}{}", mobile_number(prefix, &digits))
        });
        let b2b = rng.chance(0.3);
        let (company, size) = if b2b {
            let (c, s) = *rng.pick(COMPANIES);
            (Some(c.to_owned()), Some(i64::from(s)))
        } else {
            (None, None)
        };
        let stage = (*rng.weighted(STAGES)).to_owned();
        let created_at = if rng.chance(0.7) {
            start - rng.range(DAY, 5 * 365 * DAY)
        } else {
            rng.range(start, cfg.end - 30 * DAY)
        };
        let span = cfg.end - start;
        let arc = match stage.as_str() {
            "subscriber" | "lead" => Arc::Prospect,
            "churned" => Arc::Churned(start + rng.range(span / 6, span * 2 / 3)),
            _ if rng.chance(0.22) => {
                let quiet = start + rng.range(span / 10, span / 3);
                Arc::Returner(quiet, quiet + rng.range(100, 170) * DAY)
            }
            _ => Arc::Regular,
        };
        let pressured = rng.chance(0.07);
        people.push(Person {
            contact: Contact {
                id,
                email,
                phone,
                name: Some(format!("{first} {last}")),
                country: Some(country.to_owned()),
                city: Some((*rng.pick(cities)).to_owned()),
                birth_year: Some(birth_year),
                job_title: b2b.then(|| rng.pick(JOBS).0.to_owned()),
                company,
                company_size: size,
                created_at: Some(created_at),
                stage: Some(stage),
                attributes: serde_json::json!({}),
            },
            age,
            weight: 0.3 + rng.exp(0.9) + if pressured { 2.5 } else { 0.0 },
            arc,
            pressured,
            apple_mail: rng.chance(0.4),
            web_push: rng.chance(0.3),
            app_push: rng.chance(0.35),
            postal: rng.chance(0.5),
            appetite: 0.4 + rng.f64() * 1.2,
        });
    }
    people
}

/// "Ana" → "ana", "García" → "garcia": e-mail local parts are ASCII.
fn ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'Á' | 'à' => 'a',
            'é' | 'É' | 'è' => 'e',
            'í' | 'Í' => 'i',
            'ó' | 'Ó' | 'ò' => 'o',
            'ú' | 'Ú' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ã' => 'a',
            'Ö' | 'ö' => 'o',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// A mobile number as the country writes it after its calling code, made
/// of nine random `digits` (always nine, so the draws that follow do not
/// depend on the country): 9 digits in Spain, France and Portugal, 10 in
/// Italy, Britain, Mexico and the US (a New York number), 11 in Germany.
fn mobile_number(prefix: &str, digits: &str) -> String {
    let (lead, rest) = match prefix {
        "+351" => ("9", &digits[1..]),
        "+39" => ("3", digits),
        "+44" => ("7", digits),
        "+49" => ("151", &digits[1..]),
        "+52" => ("55", &digits[1..]),
        "+1" => ("2125", &digits[3..]),
        _ => ("6", &digits[1..]),
    };
    format!("{lead}{rest}")
}

/// "+34612345678" → "+34 612 345 678", "+12125550123" → "+1 212 555 012 3".
fn spaced_phone(p: &str) -> String {
    let code = COUNTRIES
        .iter()
        .map(|c| c.1)
        .find(|code| p.starts_with(code))
        .unwrap_or(&p[..3.min(p.len())]);
    let digits: Vec<char> = p[code.len()..].chars().collect();
    let groups: Vec<String> = digits.chunks(3).map(|c| c.iter().collect()).collect();
    format!("{code} {}", groups.join(" "))
}

/// (channel, engagement campaigns a month, audience share, cost per recipient)
const MONTHLY: &[(Channel, usize, f64, f64)] = &[
    (Channel::Email, 8, 0.5, 0.002),
    (Channel::Sms, 2, 0.3, 0.06),
    (Channel::WebPush, 4, 0.5, 0.0005),
    (Channel::AppPush, 4, 0.5, 0.0005),
    (Channel::Social, 3, 0.25, 0.01),
    (Channel::Wallet, 1, 0.4, 0.02),
    (Channel::Mail, 1, 0.25, 0.85),
    (Channel::Phone, 1, 0.05, 2.5),
    (Channel::Blog, 2, 0.15, 0.0),
];

const TOPICS: &[&str] = &[
    "New season",
    "Weekend offer",
    "Back in stock",
    "Members' picks",
    "Price drop",
    "Gift ideas",
    "Style guide",
    "Last chance",
];

fn plan_campaigns(start: i64, end: i64, contacts: usize, rng: &mut Rng) -> Vec<Plan> {
    let mut plans = Vec::new();
    let n = contacts as f64;
    for month in 0..12 {
        let m0 = start + month * 30 * DAY + 5 * DAY;
        let label = crate::time::rfc3339(m0)[..7].to_owned();
        for &(ch, per_month, audience, unit) in MONTHLY {
            for k in 0..per_month {
                let day = (k as i64 * 30 / per_month as i64) + rng.range(0, 3);
                let sent_at = m0 + day * DAY + rng.range(8, 19) * HOUR;
                if sent_at >= end {
                    continue;
                }
                let topic = *rng.pick(TOPICS);
                let kind = if ch == Channel::Blog {
                    "article"
                } else if k % 3 == 0 {
                    "newsletter"
                } else {
                    "offer"
                };
                plans.push(Plan {
                    campaign: Campaign {
                        id: format!("{}-{label}-{:02}", code(ch), k + 1),
                        name: format!("{topic} ({label})"),
                        channel: ch,
                        scope: Scope::Engagement,
                        subject: topic.to_owned(),
                        message_type: kind.to_owned(),
                        sent_at: Some(sent_at),
                        cost: (n * audience * unit * 100.0).round() / 100.0,
                    },
                    audience,
                    blast: false,
                });
            }
        }
    }
    // Two flash-sale fortnights: one e-mail, SMS and push blast a day.
    for (offset, name) in [(150, "Summer flash sale"), (330, "Black Week")] {
        for d in 0..14 {
            for ch in [Channel::Email, Channel::Sms, Channel::WebPush] {
                let sent_at = start + (offset + d) * DAY + 10 * HOUR + rng.range(0, 4 * HOUR);
                if sent_at >= end {
                    continue;
                }
                plans.push(Plan {
                    campaign: Campaign {
                        id: format!("FLASH-{}-{}-D{:02}", offset, code(ch), d + 1),
                        name: format!("{name} - day {}", d + 1),
                        channel: ch,
                        scope: Scope::Engagement,
                        subject: name.to_owned(),
                        message_type: "offer".into(),
                        sent_at: Some(sent_at),
                        cost: (n * 0.1 * 0.01 * 100.0).round() / 100.0,
                    },
                    audience: 0.1,
                    blast: true,
                });
            }
        }
    }
    // Triggered (lifecycle and support) programmes: one campaign row each;
    // their sends happen when a person's life calls for them.
    for (id, name, ch, scope, kind) in [
        (
            "LC-WELCOME",
            "Welcome series",
            Channel::Email,
            Scope::Lifecycle,
            "onboarding",
        ),
        (
            "LC-ORDER",
            "Order confirmation",
            Channel::Email,
            Scope::Lifecycle,
            "order_confirmation",
        ),
        (
            "LC-DELIVERY",
            "Delivery update",
            Channel::Sms,
            Scope::Lifecycle,
            "delivery",
        ),
        (
            "LC-WALLET",
            "Loyalty card update",
            Channel::Wallet,
            Scope::Lifecycle,
            "pass_update",
        ),
        (
            "LC-APP",
            "Order shipped",
            Channel::AppPush,
            Scope::Lifecycle,
            "delivery",
        ),
        (
            "WINBACK-EMAIL",
            "We miss you",
            Channel::Email,
            Scope::Engagement,
            "winback",
        ),
        (
            "WINBACK-SMS",
            "A gift to welcome you back",
            Channel::Sms,
            Scope::Engagement,
            "winback",
        ),
        (
            "SUP-SURVEY",
            "How did we do?",
            Channel::Email,
            Scope::Support,
            "survey",
        ),
        (
            "SUP-FOLLOWUP",
            "Your ticket",
            Channel::Email,
            Scope::Support,
            "ticket_update",
        ),
    ] {
        plans.push(Plan {
            campaign: Campaign {
                id: id.into(),
                name: name.into(),
                channel: ch,
                scope,
                subject: name.into(),
                message_type: kind.into(),
                sent_at: None,
                cost: match ch {
                    Channel::Sms => (n * 0.2 * 0.06 * 100.0).round() / 100.0,
                    _ => (n * 0.5 * 0.002 * 100.0).round() / 100.0,
                },
            },
            audience: 0.0,
            blast: false,
        });
    }
    plans
}

fn code(ch: Channel) -> &'static str {
    match ch {
        Channel::Email => "EM",
        Channel::Sms => "SMS",
        Channel::WebPush => "WP",
        Channel::AppPush => "AP",
        Channel::Social => "SOC",
        Channel::Blog => "BLOG",
        Channel::Chat => "CHAT",
        Channel::Phone => "TEL",
        Channel::Mail => "MAIL",
        Channel::Wallet => "WAL",
        Channel::Web => "WEB",
        Channel::Store => "STORE",
    }
}

/// Every chain of one person's year, before the budget is applied.
fn chains(w: &World, p: &Person, r: &mut Rng) -> Vec<Chain> {
    let mut out = Vec::new();
    let s = w.scale;
    // Outbound campaigns.
    for plan in &w.plans {
        let c = &plan.campaign;
        let Some(at) = c.sent_at else { continue };
        if !p.reachable(c.channel) {
            continue;
        }
        let share = if plan.blast {
            if p.pressured {
                1.0
            } else {
                plan.audience * s
            }
        } else {
            plan.audience * s * (0.6 + 0.4 * p.weight.min(2.0))
        };
        if r.chance(share.min(1.0)) {
            let t = at + r.range(0, 2 * HOUR);
            let mut chain = send(w, p, r, c, t, false);
            // The pressure story must survive the event budget.
            chain.essential = plan.blast && p.pressured;
            out.push(chain);
        }
    }
    // The win-back story: quiet, a message, back within days.
    if let Arc::Returner(_, back) = p.arc {
        let id = if p.contact.email.is_some() {
            "WINBACK-EMAIL"
        } else {
            "WINBACK-SMS"
        };
        if let Some(plan) = w.plans.iter().find(|pl| pl.campaign.id == id) {
            let sent = back - r.range(12 * HOUR, 5 * DAY);
            let mut chain = send(w, p, r, &plan.campaign, sent, true);
            chain.essential = true;
            out.push(chain);
            let mut visit = session(w, p, r, back, true);
            visit.essential = true;
            out.push(visit);
        }
    }
    // Web sessions and store visits while active.
    let months = 12.0;
    let sessions = (months * 1.6 * p.weight * s).round() as i64;
    for _ in 0..sessions {
        let t = r.range(w.start, w.cfg.end);
        if p.active(t) {
            out.push(session(w, p, r, t, false));
        }
    }
    if p.arc != Arc::Prospect {
        let visits = (months * 0.35 * p.weight * s).round() as i64;
        for _ in 0..visits {
            let t = r.range(w.start, w.cfg.end);
            if p.active(t) {
                out.push(store_visit(w, p, r, t));
            }
        }
    }
    // Support.
    let tickets = (r.exp(0.8 * p.weight * s.sqrt())).round() as i64;
    for _ in 0..tickets {
        let t = r.range(w.start, w.cfg.end);
        if p.active(t) {
            out.push(ticket(w, p, r, t));
        }
    }
    // Onboarding for people who joined this year.
    if let Some(created) = p.contact.created_at.filter(|&c| c >= w.start) {
        if p.reachable(Channel::Email) {
            if let Some(plan) = w.plans.iter().find(|pl| pl.campaign.id == "LC-WELCOME") {
                for d in [0, 3, 7] {
                    out.push(send(
                        w,
                        p,
                        r,
                        &plan.campaign,
                        created + d * DAY + HOUR,
                        false,
                    ));
                }
            }
        }
    }
    // Lifecycle messages after each order.
    let mut follow = Vec::new();
    for chain in &out {
        if let Some((_, order)) = &chain.order {
            follow.push(order.ts);
        }
    }
    for ts in follow {
        for (id, p_send) in [
            ("LC-ORDER", 1.0),
            ("LC-DELIVERY", 0.5),
            ("LC-APP", 0.5),
            ("LC-WALLET", 0.3),
        ] {
            if let Some(plan) = w.plans.iter().find(|pl| pl.campaign.id == id) {
                if p.reachable(plan.campaign.channel) && r.chance(p_send) {
                    let delay = if id == "LC-ORDER" {
                        60
                    } else {
                        r.range(DAY, 3 * DAY)
                    };
                    out.push(send(w, p, r, &plan.campaign, ts + delay, false));
                }
            }
        }
    }
    out
}

/// One outbound message and what the person does with it.
fn send(w: &World, p: &Person, r: &mut Rng, c: &Campaign, at: i64, winback: bool) -> Chain {
    let mut ch = Chain::default();
    let scope = c.scope;
    let out = Direction::Outbound;
    let tag = |e: &mut Event| e.campaign_id = Some(c.id.clone());
    tag(ch.push(at, c.channel, out, EventKind::Sent, scope));
    let has_delivery = !matches!(c.channel, Channel::Social | Channel::Blog | Channel::Phone);
    if has_delivery {
        if c.channel == Channel::Email && r.chance(0.006) {
            tag(ch.push(at + 30, c.channel, out, EventKind::BouncedHard, scope));
            return ch;
        }
        if r.chance(0.015) {
            tag(ch.push(at + 60, c.channel, out, EventKind::BouncedSoft, scope));
            return ch;
        }
    }
    let lag = if c.channel == Channel::Mail {
        r.range(2 * DAY, 4 * DAY)
    } else {
        r.range(2, 90)
    };
    let delivered = at + lag;
    if has_delivery {
        tag(ch.push(delivered, c.channel, out, EventKind::Delivered, scope));
    }
    if c.channel == Channel::Email && p.apple_mail {
        let e = ch.push(
            delivered + r.range(1, 8),
            c.channel,
            out,
            EventKind::Opened,
            scope,
        );
        e.flags = flags::MACHINE_OPEN;
        tag(e);
    }
    if r.chance(0.004) {
        let e = ch.push(delivered + 2, c.channel, out, EventKind::Clicked, scope);
        e.flags = flags::BOT_CLICK;
        tag(e);
    }
    // Over-pressure wears answers down; dormancy silences them, except for
    // the win-back message that ends it.
    let mut mood = p.appetite * p.age_factor(c.channel);
    if p.pressured {
        mood *= 0.45;
    }
    if !p.active(at + DAY) && !winback {
        mood = 0.0;
    }
    if c.scope == Scope::Lifecycle {
        mood *= 1.8;
    }
    let (p_open, p_click, p_conv) = match c.channel {
        Channel::Email => (0.30, 0.16, 0.12),
        Channel::Sms => (0.0, 0.07, 0.15),
        Channel::WebPush => (0.0, 0.05, 0.08),
        Channel::AppPush => (0.18, 0.10, 0.10),
        Channel::Social => (0.25, 0.05, 0.05),
        Channel::Wallet => (0.35, 0.06, 0.06),
        Channel::Mail => (0.0, 0.0, 0.03),
        Channel::Phone => (0.0, 0.0, 0.12),
        Channel::Blog => (0.0, 0.0, 0.0),
        _ => (0.0, 0.0, 0.0),
    };
    let mut t = delivered;
    if c.channel == Channel::Blog {
        if r.chance(0.35 * mood.min(2.0)) {
            tag(ch.push(
                at + r.range(HOUR, 3 * DAY),
                c.channel,
                Direction::Inbound,
                EventKind::Visited,
                scope,
            ));
        }
        return ch;
    }
    if c.channel == Channel::Phone {
        let e = ch.push(at, c.channel, out, EventKind::Call, scope);
        e.value = Some(r.range(30, 600) as f64);
        tag(e);
    }
    let opened = if p_open > 0.0 {
        let yes = r.chance((p_open * mood).min(0.95)) || winback;
        if yes {
            t += r.exp(3.0 * HOUR as f64) as i64 + 30;
            tag(ch.push(t, c.channel, out, EventKind::Opened, scope));
        }
        yes
    } else {
        true
    };
    let clicked = opened && (winback || r.chance((p_click * mood).min(0.9)));
    if clicked && p_click > 0.0 {
        t += r.range(5, 20 * 60);
        tag(ch.push(t, c.channel, out, EventKind::Clicked, scope));
        if r.chance(0.01) {
            let e = ch.push(t + 5, c.channel, out, EventKind::Unsubscribed, scope);
            e.flags = flags::UNSUBSCRIBE_LINK;
            tag(e);
            return ch;
        }
    }
    let unsub = if p.pressured { 0.02 } else { 0.0015 };
    if matches!(c.channel, Channel::Email | Channel::Sms) && r.chance(unsub) {
        tag(ch.push(
            t + r.range(60, HOUR),
            c.channel,
            out,
            EventKind::Unsubscribed,
            scope,
        ));
        if r.chance(0.1) {
            tag(ch.push(t + HOUR, c.channel, out, EventKind::Complained, scope));
        }
        return ch;
    }
    let converts = !winback
        && c.scope == Scope::Engagement
        && p.arc != Arc::Prospect
        && (clicked || p_click == 0.0)
        && r.chance((p_conv * mood).min(0.9));
    if converts {
        t += r.range(10 * 60, DAY);
        let amount = basket(r);
        let e = ch.push(t, c.channel, out, EventKind::Converted, scope);
        e.value = Some(amount);
        tag(e);
        let ch_buy = if c.channel == Channel::Mail {
            Channel::Store
        } else {
            Channel::Web
        };
        let e = ch.push(t, ch_buy, Direction::Inbound, EventKind::Purchase, scope);
        e.value = Some(amount);
        let idx = ch.events.len() - 1;
        ch.order = Some((idx, order(t, amount, r)));
    }
    if c.channel == Channel::Email && c.scope == Scope::Support && r.chance(0.4 * mood.min(1.5)) {
        let e = ch.push(
            t + r.range(HOUR, DAY),
            c.channel,
            Direction::Inbound,
            EventKind::SurveyResponse,
            Scope::Support,
        );
        e.value = Some(r.range(2, 6) as f64);
        e.campaign_id = Some(c.id.clone());
    }
    let _ = w;
    ch
}

fn basket(r: &mut Rng) -> f64 {
    ((18.0 + r.exp(55.0)) * 100.0).round() / 100.0
}

fn order(ts: i64, amount: f64, r: &mut Rng) -> Order {
    Order {
        id: String::new(),
        contact_id: String::new(),
        ts,
        amount,
        currency: Some("EUR".into()),
        items: Some(1 + r.exp(1.2) as i64),
    }
}

/// A web session through the shop funnel. A win-back session always buys.
fn session(w: &World, p: &Person, r: &mut Rng, t: i64, winback: bool) -> Chain {
    let mut ch = Chain::default();
    let sid = format!("S{}-{:x}", &p.contact.id[1..], r.next_u64() & 0xFFFF_FFFF);
    let inb = Direction::Inbound;
    let sc = Scope::Engagement;
    let mut now = t;
    let step = |ch: &mut Chain, now: i64, kind: EventKind, name: Option<&str>| {
        let e = ch.push(now, Channel::Web, inb, kind, sc);
        e.session_id = Some(sid.clone());
        e.name = name.map(str::to_owned);
    };
    step(&mut ch, now, EventKind::SessionStart, None);
    let pages = 1 + r.exp(1.5) as i64;
    for _ in 0..pages {
        now += r.range(5, 180);
        step(&mut ch, now, EventKind::PageView, Some("page_view"));
    }
    let buyer = p.arc != Arc::Prospect;
    let cart = winback || r.chance(0.30);
    if cart {
        now += r.range(20, 300);
        step(&mut ch, now, EventKind::Custom, Some("add_to_cart"));
        if winback || r.chance(0.45) {
            now += r.range(30, 400);
            step(&mut ch, now, EventKind::Custom, Some("checkout"));
            if winback || (buyer && r.chance(0.65)) {
                now += r.range(30, 300);
                let amount = basket(r);
                step(&mut ch, now, EventKind::Purchase, Some("purchase"));
                let idx = ch.events.len() - 1;
                ch.events[idx].value = Some(amount);
                ch.order = Some((idx, order(now, amount, r)));
            }
        }
    }
    now += r.range(10, 240);
    step(&mut ch, now, EventKind::SessionEnd, None);
    let _ = w;
    ch
}

fn store_visit(_w: &World, _p: &Person, r: &mut Rng, t: i64) -> Chain {
    let mut ch = Chain::default();
    ch.push(
        t,
        Channel::Store,
        Direction::Inbound,
        EventKind::Visited,
        Scope::Engagement,
    );
    if r.chance(0.6) {
        let amount = basket(r);
        let e = ch.push(
            t + r.range(300, 3600),
            Channel::Store,
            Direction::Inbound,
            EventKind::Purchase,
            Scope::Engagement,
        );
        e.value = Some(amount);
        let idx = ch.events.len() - 1;
        let ts = ch.events[idx].ts;
        ch.order = Some((idx, order(ts, amount, r)));
    }
    ch
}

/// A support ticket, its first reply and, sometimes, a satisfaction survey.
fn ticket(_w: &World, _p: &Person, r: &mut Rng, t: i64) -> Chain {
    let mut ch = Chain::default();
    let channel = *r.weighted(&[
        (Channel::Chat, 4.0),
        (Channel::Phone, 3.0),
        (Channel::Email, 3.0),
    ]);
    let category = *r.weighted(&[("incident", 3.0), ("complaint", 2.0), ("question", 5.0)]);
    let sup = Scope::Support;
    let e = ch.push(
        t,
        channel,
        Direction::Inbound,
        EventKind::SupportTicket,
        sup,
    );
    e.name = Some(category.into());
    if channel == Channel::Phone {
        let e = ch.push(t, channel, Direction::Inbound, EventKind::Call, sup);
        e.value = Some(r.range(60, 1200) as f64);
        e.name = Some(category.into());
    } else {
        let wait = match channel {
            Channel::Chat => r.range(20, 15 * 60),
            _ => r.range(20 * 60, 30 * HOUR),
        };
        let e = ch.push(
            t + wait,
            channel,
            Direction::Outbound,
            EventKind::Replied,
            sup,
        );
        e.name = Some(category.into());
    }
    if r.chance(0.45) {
        let score = match category {
            "complaint" => *r.weighted(&[(1, 4.0), (2, 3.0), (3, 2.0), (4, 1.0)]),
            "incident" => *r.weighted(&[(1, 1.0), (2, 2.0), (3, 3.0), (4, 3.0), (5, 2.0)]),
            _ => *r.weighted(&[(3, 1.0), (4, 3.0), (5, 4.0)]),
        };
        let e = ch.push(
            t + r.range(DAY, 2 * DAY),
            Channel::Email,
            Direction::Inbound,
            EventKind::SurveyResponse,
            sup,
        );
        e.value = Some(f64::from(score));
        e.name = Some(category.into());
        e.campaign_id = Some("SUP-SURVEY".into());
    }
    ch
}

/// Applies the event budget, numbers ids, and writes one person's rows.
fn emit(
    w: &World,
    p: &Person,
    mut chains: Vec<Chain>,
    budget: usize,
    r: &mut Rng,
    sink: &mut dyn Sink,
    counts: &mut Counts,
) -> io::Result<()> {
    let end = w.cfg.end;
    for c in &mut chains {
        let keep = c.events.iter().take_while(|e| e.ts < end).count();
        c.events.truncate(keep);
        if c.order.as_ref().is_some_and(|(i, _)| *i >= keep) {
            c.order = None;
        }
    }
    chains.retain(|c| !c.events.is_empty());
    let essential: usize = chains
        .iter()
        .filter(|c| c.essential)
        .map(|c| c.events.len())
        .sum();
    let optional: usize = chains
        .iter()
        .filter(|c| !c.essential)
        .map(|c| c.events.len())
        .sum();
    if essential + optional > budget && optional > 0 {
        let q = budget.saturating_sub(essential) as f64 / optional as f64;
        chains.retain(|c| c.essential || r.chance(q));
    }
    // Exactly `budget`: cut the last chains, or pad with browsing.
    let mut total: usize = chains.iter().map(|c| c.events.len()).sum();
    while total > budget {
        let Some(last) = chains.last_mut() else { break };
        let over = total - budget;
        if last.events.len() <= over {
            total -= last.events.len();
            chains.pop();
        } else {
            let keep = last.events.len() - over;
            last.events.truncate(keep);
            if last.order.as_ref().is_some_and(|(i, _)| *i >= keep) {
                last.order = None;
            }
            total = budget;
        }
    }
    let mut pad = Chain::default();
    while total < budget {
        let mut t = r.range(w.start, end);
        for _ in 0..4 {
            if p.active(t) {
                break;
            }
            t = r.range(w.start, end);
        }
        let e = pad.push(
            t,
            Channel::Web,
            Direction::Inbound,
            EventKind::PageView,
            Scope::Engagement,
        );
        e.name = Some("page_view".into());
        total += 1;
    }
    chains.push(pad);

    let mut events: Vec<Event> = Vec::with_capacity(budget);
    let mut orders: Vec<Order> = Vec::new();
    for c in chains {
        if let Some((_, o)) = c.order {
            orders.push(o);
        }
        events.extend(c.events);
    }
    events.sort_by_key(|e| e.ts);
    let cid = &p.contact.id;
    for (n, e) in events.iter_mut().enumerate() {
        e.id = format!("{cid}-{:05}", n + 1);
        e.contact_id.clone_from(cid);
        sink.event(e)?;
    }
    counts.events += events.len();
    orders.sort_by_key(|o| o.ts);
    for (n, o) in orders.iter_mut().enumerate() {
        o.id = format!("O{}-{:03}", &cid[1..], n + 1);
        o.contact_id.clone_from(cid);
        sink.order(o)?;
    }
    counts.orders += orders.len();
    consent(w, p, &events, r, sink, counts)
}

fn consent(
    w: &World,
    p: &Person,
    events: &[Event],
    r: &mut Rng,
    sink: &mut dyn Sink,
    counts: &mut Counts,
) -> io::Result<()> {
    let at = p
        .contact
        .created_at
        .unwrap_or(w.start)
        .max(w.start - 365 * DAY);
    let mut rows = Vec::new();
    for &(subject, ch, p_in) in &[
        ("news", Channel::Email, 0.78),
        ("offers", Channel::Email, 0.58),
        ("account", Channel::Email, 0.95),
        ("offers", Channel::Sms, 0.38),
        ("news", Channel::WebPush, 0.9),
        ("offers", Channel::AppPush, 0.7),
        ("offers", Channel::Mail, 0.3),
        ("account", Channel::Phone, 0.5),
        ("loyalty", Channel::Wallet, 0.6),
    ] {
        if !p.reachable(ch) {
            continue;
        }
        let x = r.f64();
        let status = if x < p_in {
            "opted_in"
        } else if x < p_in + 0.1 {
            "opted_out"
        } else {
            continue;
        };
        rows.push(Consent {
            contact_id: p.contact.id.clone(),
            subject: subject.into(),
            channel: ch,
            status: status.into(),
            ts: at + r.range(0, HOUR),
            source: Some((*r.pick(SOURCES)).into()),
        });
    }
    // An unsubscribe withdraws the offers consent on that channel.
    for e in events.iter().filter(|e| e.kind == EventKind::Unsubscribed) {
        rows.push(Consent {
            contact_id: p.contact.id.clone(),
            subject: "offers".into(),
            channel: e.channel,
            status: "opted_out".into(),
            ts: e.ts,
            source: Some("unsubscribe_link".into()),
        });
    }
    rows.sort_by(|a, b| {
        (a.subject.as_str(), a.channel, a.ts).cmp(&(b.subject.as_str(), b.channel, b.ts))
    });
    rows.dedup_by(|a, b| a.subject == b.subject && a.channel == b.channel && a.ts == b.ts);
    for c in &rows {
        sink.consent(c)?;
    }
    counts.consent += rows.len();
    if p.web_push {
        let n = r.next_u64();
        sink.push_subscription(&PushSubscription {
            id: format!("PS{}", &p.contact.id[1..]),
            contact_id: p.contact.id.clone(),
            endpoint: format!("https://push.example.net/demo/{:016x}", n),
            p256dh: format!("BDemoKey{:016x}", n.rotate_left(17)),
            auth: format!("demoauth{:08x}", n as u32),
            topics: r#"["news","offers"]"#.into(),
            created_at: at,
        })?;
        counts.push_subscriptions += 1;
    }
    Ok(())
}
