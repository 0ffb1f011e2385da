//! Channel KPIs (SPEC §3): per channel, scope or campaign, over a period.
//!
//! Definitions, as computed here:
//! - **Counts** (sent, bounces, opens, clicks, unsubscribes, complaints,
//!   conversions) count events whose own timestamp falls in the period, so
//!   the counts of two adjacent periods add up to those of their union.
//! - **delivered** = sent − (hard + soft bounces), never below zero.
//! - **Unique** means distinct *messages*: a message is one (contact,
//!   campaign, channel); events without a campaign form one message per
//!   (contact, channel). Grouped by campaign this is "distinct contacts of the
//!   campaign"; at channel level it is distinct (contact, campaign) pairs, the
//!   usual ESP definition, so a contact opening two newsletters is two unique
//!   opens, and the total is the sum of its groups.
//! - **Machine opens**: an open flagged [`flags::MACHINE_OPEN`], or one that
//!   comes at most [`KpiConfig::machine_open_secs`] (default 2 s, inclusive)
//!   after the sent or delivered event of the same message: no person opens
//!   mail that fast, an image proxy does. They are counted apart and never
//!   make a reliable opener.
//! - **Reliable openers** = messages with a human open *or* a human click:
//!   a click proves the message was opened even when images were blocked,
//!   which keeps CTOR within `[0, 1]`.
//! - **Open tracking**: opens only mean something on channels that report
//!   them. A channel tracks opens when it is e-mail or when the data set
//!   holds at least one open on it ([`open_tracking_channels`]); SMS, web
//!   push, postal mail… usually do not. Open rate, machine open rate and
//!   CTOR count only messages on tracking channels (`open_tracked_*`), so a
//!   channel without tracking has no open rate and no CTOR ("n/a"), not 0 %
//!   or 100 %, and its deliveries do not dilute the open rate of "all".
//! - **Clicks** exclude [`flags::BOT_CLICK`] and [`flags::UNSUBSCRIBE_LINK`]
//!   (reported as `excluded_clicks`). CTR = unique clickers / delivered;
//!   CTOR = unique clickers / reliable openers.
//! - **Conversions**: `converted` and `purchase` events, plus the orders table
//!   unless [`KpiConfig::orders_as_conversions`] is off (turn it off when the
//!   same purchases are in both files). Each is credited to the contact's last
//!   human click within [`KpiConfig::click_window`] (7 days) before it, or
//!   failing that the last human open within [`KpiConfig::open_window`]
//!   (1 day). Attribution looks at every channel; filters only decide which
//!   credited conversions are shown. A conversion counts in the period of its
//!   own timestamp; uncredited ones are reported as `unattributed_*`.
//! - **cost** is each campaign's cost, counted in the period holding its
//!   `sent_at` (or, without one, its first `sent` event).
//!   ROI = (revenue − cost) / cost, `None` without cost.
//!
//! All rates with delivered as denominator can exceed 1 when a period cuts
//! through a campaign (opens of mail sent before the period); that is one
//! reason each [`Rate`] carries its numerator and denominator.

pub(crate) mod engine;
#[cfg(test)]
mod tests;

use crate::contact_index::ContactIndex;
use crate::model::{flags, Channel, Dataset, Scope, DAY};
use crate::rate::{Bucket, Period, Rate};
use serde::{Deserialize, Serialize};

/// Parameters of the KPI definitions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiConfig {
    /// An open at most this many seconds after its message's sent/delivered
    /// event is a machine open; `None` trusts the flags alone.
    pub machine_open_secs: Option<i64>,
    /// Seconds after a click during which a conversion is credited to it.
    pub click_window: i64,
    /// Seconds after an open during which a conversion is credited to it.
    pub open_window: i64,
    /// Whether rows of the orders table count as conversions.
    pub orders_as_conversions: bool,
}

impl Default for KpiConfig {
    fn default() -> Self {
        KpiConfig {
            machine_open_secs: Some(2),
            click_window: 7 * DAY,
            open_window: DAY,
            orders_as_conversions: true,
        }
    }
}

/// Which events an analysis looks at. `None` means "all".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// Only these channels.
    pub channels: Option<Vec<Channel>>,
    /// Only these scopes.
    pub scopes: Option<Vec<Scope>>,
    /// Only these campaign ids (in [`Dataset::campaign_ids`]).
    pub campaigns: Option<Vec<u32>>,
}

/// A [`Filter`] turned into bit masks for hot loops.
#[derive(Clone, Debug)]
pub(crate) struct FilterMask {
    all: bool,
    channels: u16,
    scopes: u8,
    campaigns: Option<Vec<bool>>,
}

impl Filter {
    pub(crate) fn mask(&self, n_campaigns: usize) -> FilterMask {
        let channels = self
            .channels
            .as_ref()
            .map_or(u16::MAX, |cs| cs.iter().fold(0, |m, c| m | 1 << c.code()));
        let scopes = self
            .scopes
            .as_ref()
            .map_or(u8::MAX, |ss| ss.iter().fold(0, |m, s| m | 1 << s.code()));
        let campaigns = self.campaigns.as_ref().map(|ids| {
            let mut keep = vec![false; n_campaigns + 1];
            for &id in ids {
                if let Some(k) = keep.get_mut(id as usize) {
                    *k = true;
                }
            }
            keep
        });
        FilterMask {
            all: channels == u16::MAX && scopes == u8::MAX && campaigns.is_none(),
            channels,
            scopes,
            campaigns,
        }
    }
}

impl FilterMask {
    /// `campaign` is a campaign index, `n_campaigns` meaning "none"; a
    /// campaign filter drops events without a campaign.
    #[inline]
    pub(crate) fn accepts(&self, channel: u8, scope: u8, campaign: usize) -> bool {
        self.all
            || self.channels & (1 << (channel & 15)) != 0
                && self.scopes & (1 << (scope & 7)) != 0
                && self
                    .campaigns
                    .as_ref()
                    .is_none_or(|keep| keep.get(campaign).copied().unwrap_or(false))
    }
}

/// How rows of a report are grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// One row for everything.
    Total,
    /// One row per channel.
    Channel,
    /// One row per scope.
    Scope,
    /// One row per campaign (and one for events without a campaign).
    Campaign,
}

/// The key of one report row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "by", content = "value")]
pub enum Group {
    /// Everything.
    Total,
    /// One channel.
    Channel(Channel),
    /// One scope.
    Scope(Scope),
    /// One campaign id.
    Campaign(u32),
    /// Events without a campaign.
    NoCampaign,
}

/// What to compute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiQuery {
    /// Half-open period.
    pub period: Period,
    /// Row grouping.
    pub group_by: GroupBy,
    /// Which events count.
    pub filter: Filter,
    /// Definitions' parameters.
    pub config: KpiConfig,
}

impl KpiQuery {
    /// All channels, no filter, default definitions.
    pub fn new(period: Period, group_by: GroupBy) -> Self {
        KpiQuery {
            period,
            group_by,
            filter: Filter::default(),
            config: KpiConfig::default(),
        }
    }
}

/// The raw counts behind one row's KPIs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KpiCounts {
    /// `sent` events.
    pub sent: u64,
    /// `delivered` events (informative; delivered is sent − bounced).
    pub delivered_events: u64,
    /// Hard bounces.
    pub bounced_hard: u64,
    /// Soft bounces.
    pub bounced_soft: u64,
    /// All open events, machine ones included.
    pub opens: u64,
    /// Machine open events.
    pub machine_opens: u64,
    /// Messages with a human open or click.
    pub reliable_openers: u64,
    /// Messages with a machine open.
    pub machine_openers: u64,
    /// Human clicks (bot and unsubscribe-link clicks excluded).
    pub clicks: u64,
    /// Bot and unsubscribe-link clicks.
    pub excluded_clicks: u64,
    /// Messages with a human click.
    pub clickers: u64,
    /// Delivered messages on channels that track opens: the open rate's
    /// denominator.
    #[serde(default)]
    pub open_tracked_delivered: u64,
    /// Messages with a human click on channels that track opens: CTOR's
    /// numerator.
    #[serde(default)]
    pub open_tracked_clickers: u64,
    /// Unsubscribe events.
    pub unsubscribes: u64,
    /// Complaint events.
    pub complaints: u64,
    /// Credited conversions.
    pub conversions: u64,
    /// Messages with a credited conversion.
    pub converters: u64,
    /// Value of credited conversions.
    pub revenue: f64,
    /// Campaign cost.
    pub cost: f64,
}

impl KpiCounts {
    /// Adds `other` into `self`.
    pub fn add(&mut self, o: &KpiCounts) {
        self.sent += o.sent;
        self.delivered_events += o.delivered_events;
        self.bounced_hard += o.bounced_hard;
        self.bounced_soft += o.bounced_soft;
        self.opens += o.opens;
        self.machine_opens += o.machine_opens;
        self.reliable_openers += o.reliable_openers;
        self.machine_openers += o.machine_openers;
        self.clicks += o.clicks;
        self.excluded_clicks += o.excluded_clicks;
        self.clickers += o.clickers;
        self.open_tracked_delivered += o.open_tracked_delivered;
        self.open_tracked_clickers += o.open_tracked_clickers;
        self.unsubscribes += o.unsubscribes;
        self.complaints += o.complaints;
        self.conversions += o.conversions;
        self.converters += o.converters;
        self.revenue += o.revenue;
        self.cost += o.cost;
    }

    /// Whether nothing at all was counted.
    pub fn is_empty(&self) -> bool {
        *self == KpiCounts::default()
    }

    /// sent − bounced, never below zero.
    pub fn delivered(&self) -> u64 {
        self.sent
            .saturating_sub(self.bounced_hard + self.bounced_soft)
    }

    /// The KPIs these counts give.
    pub fn kpis(&self) -> Kpis {
        let d = self.delivered();
        Kpis {
            delivered: d,
            delivery_rate: Rate::new(d, self.sent),
            open_rate: Rate::new(self.reliable_openers, self.open_tracked_delivered),
            machine_open_rate: Rate::new(self.machine_openers, self.open_tracked_delivered),
            click_rate: Rate::new(self.clickers, d),
            ctor: Rate::new(self.open_tracked_clickers, self.reliable_openers),
            unsubscribe_rate: Rate::new(self.unsubscribes, d),
            complaint_rate: Rate::new(self.complaints, d),
            hard_bounce_rate: Rate::new(self.bounced_hard, d),
            conversion_rate: Rate::new(self.converters, d),
            revenue: self.revenue,
            cost: self.cost,
            roi: (self.cost != 0.0).then(|| (self.revenue - self.cost) / self.cost),
        }
    }
}

/// The KPIs of one row (SPEC §3).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// sent − bounced.
    pub delivered: u64,
    /// delivered / sent.
    pub delivery_rate: Rate,
    /// Reliable (human) openers / delivered on open-tracking channels.
    pub open_rate: Rate,
    /// Machine openers / delivered on open-tracking channels, shown apart.
    pub machine_open_rate: Rate,
    /// Unique clickers / delivered (CTR).
    pub click_rate: Rate,
    /// Unique clickers / reliable openers, on open-tracking channels (CTOR).
    pub ctor: Rate,
    /// Unsubscribes / delivered.
    pub unsubscribe_rate: Rate,
    /// Complaints / delivered.
    pub complaint_rate: Rate,
    /// Hard bounces / delivered.
    pub hard_bounce_rate: Rate,
    /// Unique converters / delivered.
    pub conversion_rate: Rate,
    /// Credited revenue.
    pub revenue: f64,
    /// Campaign cost.
    pub cost: f64,
    /// (revenue − cost) / cost; `None` without cost.
    pub roi: Option<f64>,
}

/// One row of a report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiRow {
    /// What the row is about.
    pub group: Group,
    /// Display name (channel, scope or campaign name).
    pub label: String,
    /// Raw counts.
    pub counts: KpiCounts,
    /// KPIs from the counts.
    pub kpis: Kpis,
}

/// KPIs over one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiReport {
    /// The period.
    pub period: Period,
    /// How rows are grouped.
    pub group_by: GroupBy,
    /// Groups with any count or cost, in group order.
    pub rows: Vec<KpiRow>,
    /// The sum of the rows.
    pub total: KpiRow,
    /// Conversions in the period with no click or open to credit.
    pub unattributed_conversions: u64,
    /// Their value.
    pub unattributed_revenue: f64,
}

/// A report and the one for the previous period of the same length.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiComparison {
    /// The asked period.
    pub current: KpiReport,
    /// The period of the same length just before it.
    pub previous: KpiReport,
}

/// One point of a series: a bucket and its row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiPoint {
    /// The bucket, clipped to the query's period.
    pub period: Period,
    /// Counts in the bucket.
    pub counts: KpiCounts,
    /// KPIs in the bucket.
    pub kpis: Kpis,
}

/// One group's metrics over time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiSeriesRow {
    /// What the row is about.
    pub group: Group,
    /// Display name.
    pub label: String,
    /// One point per bucket, every bucket present.
    pub points: Vec<KpiPoint>,
}

/// KPIs per time bucket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiSeries {
    /// Bucket width.
    pub bucket: Bucket,
    /// Groups with any activity in the period.
    pub rows: Vec<KpiSeriesRow>,
    /// The sum of the rows, per bucket.
    pub total: Vec<KpiPoint>,
}

/// KPIs of `query` over `ds` (indexed by `idx`, built from the same `ds`).
pub fn kpis(ds: &Dataset, idx: &ContactIndex, query: &KpiQuery) -> KpiReport {
    kpis_with(ds, idx, query, &mut ())
}

/// [`kpis`] with `visitor` riding on the same walk.
pub(crate) fn kpis_with<V: engine::Visitor>(
    ds: &Dataset,
    idx: &ContactIndex,
    query: &KpiQuery,
    visitor: &mut V,
) -> KpiReport {
    let cells = engine::run_with(ds, idx, query, &[query.period], visitor);
    report(ds, query, query.period, &cells, 0, 1)
}

/// [`kpis`] with the contacts split into `threads` ranges of about as many
/// rows, walked at the same time and merged: equal, bit for bit, to
/// [`kpis`]. Not on wasm32, which has no threads.
#[cfg(not(target_arch = "wasm32"))]
pub fn kpis_parallel(
    ds: &Dataset,
    idx: &ContactIndex,
    query: &KpiQuery,
    threads: usize,
) -> KpiReport {
    let buckets = [query.period];
    let plan = engine::Plan::new(ds, idx, query, &buckets);
    let ranges = idx.split(threads);
    let mut parts =
        crate::par::on_threads(&ranges, |k, r| plan.walk(idx, r, &mut (), k > 0)).into_iter();
    let Some(first) = parts.next() else {
        unreachable!("a split has at least one range")
    };
    let cells = plan.finish(first, parts.collect());
    report(ds, query, query.period, &cells, 0, 1)
}

/// [`kpis`] from the cells of an engine walk over `query.period` alone.
pub(crate) fn kpis_of(ds: &Dataset, query: &KpiQuery, cells: &engine::Cells) -> KpiReport {
    report(ds, query, query.period, cells, 0, 1)
}

/// KPIs of `query` and of the same query over the previous period of the
/// same length, for the change shown beside every rate; one pass for both.
pub fn kpis_compare(ds: &Dataset, idx: &ContactIndex, query: &KpiQuery) -> KpiComparison {
    kpis_compare_with(ds, idx, query, &mut ())
}

/// [`kpis_compare`] with `visitor` riding on the same walk.
pub(crate) fn kpis_compare_with<V: engine::Visitor>(
    ds: &Dataset,
    idx: &ContactIndex,
    query: &KpiQuery,
    visitor: &mut V,
) -> KpiComparison {
    let previous = query.period.previous();
    let cells = engine::run_with(ds, idx, query, &[previous, query.period], visitor);
    KpiComparison {
        current: report(ds, query, query.period, &cells, 1, 2),
        previous: report(ds, query, previous, &cells, 0, 2),
    }
}

/// The report of bucket `b` of `nb`.
fn report(
    ds: &Dataset,
    query: &KpiQuery,
    period: Period,
    cells: &engine::Cells,
    b: usize,
    nb: usize,
) -> KpiReport {
    let mut rows = Vec::new();
    let mut total = KpiCounts::default();
    for (g, group_cells) in cells.counts.chunks(nb).enumerate() {
        let counts = &group_cells[b];
        if counts.is_empty() {
            continue;
        }
        total.add(counts);
        rows.push(row(
            ds,
            group_key(query.group_by, g, cells.n_campaigns),
            *counts,
        ));
    }
    KpiReport {
        period,
        group_by: query.group_by,
        rows,
        total: row(ds, Group::Total, total),
        unattributed_conversions: cells.unattributed_conversions[b],
        unattributed_revenue: cells.unattributed_revenue[b],
    }
}

/// KPIs of `query` per `bucket` of its period, in one pass.
pub fn kpi_series(ds: &Dataset, idx: &ContactIndex, query: &KpiQuery, bucket: Bucket) -> KpiSeries {
    let buckets = bucket.split(query.period);
    let nb = buckets.len();
    let cells = engine::run(ds, idx, query, &buckets);
    let mut total = vec![KpiCounts::default(); nb];
    let mut rows = Vec::new();
    for (g, group_cells) in cells.counts.chunks(nb.max(1)).enumerate() {
        if nb == 0 || group_cells.iter().all(KpiCounts::is_empty) {
            continue;
        }
        for (t, c) in total.iter_mut().zip(group_cells) {
            t.add(c);
        }
        let group = group_key(query.group_by, g, cells.n_campaigns);
        rows.push(KpiSeriesRow {
            group,
            label: label(ds, group),
            points: points(&buckets, group_cells),
        });
    }
    KpiSeries {
        bucket,
        rows,
        total: points(&buckets, &total),
    }
}

fn points(buckets: &[Period], counts: &[KpiCounts]) -> Vec<KpiPoint> {
    buckets
        .iter()
        .zip(counts)
        .map(|(&period, c)| KpiPoint {
            period,
            counts: *c,
            kpis: c.kpis(),
        })
        .collect()
}

fn row(ds: &Dataset, group: Group, counts: KpiCounts) -> KpiRow {
    KpiRow {
        group,
        label: label(ds, group),
        counts,
        kpis: counts.kpis(),
    }
}

fn group_key(by: GroupBy, g: usize, n_campaigns: usize) -> Group {
    match by {
        GroupBy::Total => Group::Total,
        GroupBy::Channel => Channel::from_code(g as u8).map_or(Group::Total, Group::Channel),
        GroupBy::Scope => Group::Scope(Scope::from_code(g as u8).unwrap_or(Scope::Unknown)),
        GroupBy::Campaign if g >= n_campaigns => Group::NoCampaign,
        GroupBy::Campaign => Group::Campaign(g as u32),
    }
}

/// A display name for `group`: campaign names come from the campaigns
/// table, else the id as given in the file.
pub fn label(ds: &Dataset, group: Group) -> String {
    match group {
        Group::Total => "total".to_owned(),
        Group::Channel(c) => c.as_str().to_owned(),
        Group::Scope(s) => s.as_str().to_owned(),
        Group::NoCampaign => "(no campaign)".to_owned(),
        Group::Campaign(id) => ds
            .campaigns
            .iter()
            .find(|c| c.id == id && !c.name.is_empty())
            .map(|c| c.name.clone())
            .or_else(|| ds.campaign_ids.try_get(id).map(str::to_owned))
            .unwrap_or_else(|| format!("#{id}")),
    }
}

/// The channels whose opens are tracked, as a bit mask by channel code:
/// e-mail, and every channel with at least one open event in `ds`. Taken
/// over the whole data set so an open-less week does not flip a channel
/// between "0 %" and "n/a".
pub fn open_tracking_channels(ds: &Dataset) -> u16 {
    1u16 << Channel::Email.code() | opened_channels(&ds.events.kind, &ds.events.channel)
}

/// The channels (a bit per code) with an open among rows of these kinds
/// and channels: [`open_tracking_channels`] without the e-mail default,
/// for a part of the rows.
pub(crate) fn opened_channels(kind: &[u8], channel: &[u8]) -> u16 {
    let opened = crate::model::EventKind::Opened.code();
    let last = Channel::ALL.len() as u8 - 1;
    let mut mask = 0u16;
    // Per block, each row's bit number if it is an open (else none), then
    // one pass per channel not yet seen: byte-wide compares that compile
    // to vector code, where a shift by each row's channel does not (and a
    // branch on the kind mispredicts: opens are a random minority).
    const BLOCK: usize = 1024;
    let mut bit = [0u8; BLOCK];
    for (kinds, channels) in kind.chunks(BLOCK).zip(channel.chunks(BLOCK)) {
        let n = kinds.len().min(channels.len());
        let bit = &mut bit[..n];
        for (b, (&k, &ch)) in bit.iter_mut().zip(kinds.iter().zip(channels)) {
            // All ones unless an open: arithmetic, not a select, so that
            // it stays vector code.
            *b = (ch & 15).min(last) | u8::from(k != opened).wrapping_neg();
        }
        for c in 0..=last {
            if mask >> c & 1 == 0 {
                let seen = bit.iter().fold(false, |seen, &b| seen | (b == c));
                mask |= u16::from(seen) << c;
            }
        }
    }
    mask
}

/// Whether `channel` is in an [`open_tracking_channels`] mask.
pub fn tracks_opens(mask: u16, channel: Channel) -> bool {
    mask >> channel.code() & 1 != 0
}

/// Whether click flags exclude a click from CTR.
#[inline]
pub(crate) fn excluded_click(f: u8) -> bool {
    f & (flags::BOT_CLICK | flags::UNSUBSCRIBE_LINK) != 0
}
