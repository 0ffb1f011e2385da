//! The synthetic data of `benches/kpis.rs`, shared with
//! `examples/kpis_profile.rs` (run under callgrind: instruction counts are
//! reproducible on a shared machine, wall clock is not).

use canal_core::funnel::{FunnelQuery, Step, StepMatch};
use canal_core::model::{
    flags, Campaign, Channel, Dataset, Direction, EventKind, EventTable, Scope, DAY, NONE,
};
use canal_core::rate::Period;

/// Knuth's MMIX LCG; the high bits are the good ones.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }
    pub fn below(&mut self, n: u32) -> u32 {
        ((u64::from(self.next()) * u64::from(n)) >> 31) as u32
    }
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }
}

/// ts, contact, channel, kind, meta, campaign, name, value.
pub type Row = (i64, u32, u8, u8, u8, u32, u32, f32);

pub const START: i64 = 1_704_067_200; // 2024-01-01
pub const CAMPAIGNS: u32 = 300;

/// Messages (send, bounce or opens/clicks/purchase) and web activity, in
/// time order as an export would be.
pub fn generate(events: usize, contacts: u32, seed: u64) -> Dataset {
    let mut rng = Lcg(seed);
    let mut ds = Dataset::default();
    for c in 0..contacts {
        ds.contact_id(&format!("c{c}"));
    }
    let channels = [
        Channel::Email,
        Channel::Email,
        Channel::Sms,
        Channel::WebPush,
        Channel::AppPush,
        Channel::Mail,
    ];
    for k in 0..CAMPAIGNS {
        let id = ds.campaign_ids.intern(&format!("camp{k}"));
        ds.campaigns.push(Campaign {
            id,
            name: format!("Campaign {k}"),
            channel: channels[(k % 6) as usize],
            scope: [Scope::Engagement, Scope::Lifecycle, Scope::Support][(k % 3) as usize],
            subject: String::new(),
            message_type: String::new(),
            sent_at: Some(START + i64::from(k) * 1_200 * 60),
            cost: 100.0,
        });
    }
    let steps = ["view", "cart", "buy"].map(|s| ds.names.intern(s));
    let mut rows: Vec<Row> = Vec::with_capacity(events + 8);
    let push =
        |rows: &mut Vec<_>, t, c, ch: Channel, k: EventKind, dir, scope, fl: u8, camp, name, v| {
            rows.push((
                t,
                c,
                ch.code(),
                k.code(),
                EventTable::pack_meta(dir, scope, fl),
                camp,
                name,
                v,
            ));
        };
    use Direction::{Inbound as In, Outbound as Out};
    use EventKind::*;
    while rows.len() < events {
        let c = rng.below(contacts);
        if rng.chance(30) {
            // A web visit, sometimes a funnel.
            let t = START + i64::from(rng.below(400)) * DAY + i64::from(rng.below(86_400));
            push(
                &mut rows,
                t,
                c,
                Channel::Web,
                PageView,
                In,
                Scope::Unknown,
                0,
                NONE,
                steps[0],
                f32::NAN,
            );
            if rng.chance(30) {
                push(
                    &mut rows,
                    t + 60,
                    c,
                    Channel::Web,
                    PageView,
                    In,
                    Scope::Unknown,
                    0,
                    NONE,
                    steps[1],
                    f32::NAN,
                );
                if rng.chance(30) {
                    push(
                        &mut rows,
                        t + 300,
                        c,
                        Channel::Web,
                        Purchase,
                        In,
                        Scope::Unknown,
                        0,
                        NONE,
                        steps[2],
                        50.0,
                    );
                }
            }
            continue;
        }
        let k = rng.below(CAMPAIGNS);
        let camp = &ds.campaigns[k as usize];
        let (ch, scope) = (camp.channel, camp.scope);
        let t = camp.sent_at.unwrap_or(START) + i64::from(rng.below(3_600));
        push(&mut rows, t, c, ch, Sent, Out, scope, 0, k, NONE, f32::NAN);
        if rng.chance(3) {
            push(
                &mut rows,
                t + 5,
                c,
                ch,
                BouncedSoft,
                Out,
                scope,
                0,
                k,
                NONE,
                f32::NAN,
            );
            continue;
        }
        if rng.chance(35) {
            let machine = rng.chance(40);
            let dt = if machine {
                1
            } else {
                600 + i64::from(rng.below(80_000))
            };
            push(
                &mut rows,
                t + dt,
                c,
                ch,
                Opened,
                Out,
                scope,
                if machine { flags::MACHINE_OPEN } else { 0 },
                k,
                NONE,
                f32::NAN,
            );
            if rng.chance(20) {
                let fl = if rng.chance(5) { flags::BOT_CLICK } else { 0 };
                push(
                    &mut rows,
                    t + dt + 30,
                    c,
                    ch,
                    Clicked,
                    Out,
                    scope,
                    fl,
                    k,
                    NONE,
                    f32::NAN,
                );
                if rng.chance(10) {
                    push(
                        &mut rows,
                        t + dt + 900,
                        c,
                        Channel::Web,
                        Purchase,
                        In,
                        Scope::Unknown,
                        0,
                        NONE,
                        NONE,
                        80.0,
                    );
                }
            }
        }
    }
    rows.truncate(events);
    rows.sort_unstable_by_key(|r| r.0);
    let e = &mut ds.events;
    for (t, c, ch, k, meta, camp, name, v) in rows {
        e.ts.push(t);
        e.contact.push(c);
        e.channel.push(ch);
        e.kind.push(k);
        e.meta.push(meta);
        e.campaign.push(camp);
        e.name.push(name);
        e.value.push(v);
    }
    ds
}

pub fn funnel_query(ds: &Dataset) -> FunnelQuery {
    let step = |n: &str| Step::new(StepMatch::name(ds, n).expect("generated"), n);
    FunnelQuery::new(
        vec![step("view"), step("cart"), step("buy")],
        Period::ALL,
        START + 500 * DAY,
    )
}

/// `ds` with `order_lines` order lines added (two lines per order), as the
/// "kpis + rfm + tiers" figures use; not yet sorted by contact.
pub fn with_orders(ds: &Dataset, order_lines: u32) -> Dataset {
    let mut dash = ds.clone();
    let mut rng = Lcg(order_lines.into());
    for o in 0..order_lines / 2 {
        let c = rng.below(100_000).min(rng.below(100_000));
        let key = format!("c{c}");
        let ts = START + i64::from(rng.below(700)) * DAY + i64::from(rng.below(86_400));
        let id = format!("o{o}");
        for _ in 0..2 {
            dash.push_order(Some(&id), &key, ts, f64::from(rng.below(20_000)) / 100.0);
        }
    }
    dash
}
