//! Server-side metrics over the same core code the app runs, for data too
//! large for a browser: the numbers match the app's bit for bit.
//!
//! Periods are `from` (inclusive) and `to` (exclusive) dates or times; by
//! default the 30 days up to the day after the last event, so a quiet
//! database still shows its most recent month rather than an empty "now".

use super::validate::Problems;
use super::Routes;
use crate::extract::ApiQuery;
use crate::metrics::Loaded;
use crate::time::TimeIn;
use crate::{AppError, AppState};
use axum::extract::State;
use axum::Json;
use canal_core::ageband::age_bands;
use canal_core::funnel::{funnel, FunnelQuery, OrderMode, Step, StepMatch, Unit};
use canal_core::kpi::{kpis, kpis_compare, GroupBy, KpiQuery};
use canal_core::model::DAY;
use canal_core::rate::Period;
use canal_core::reactivation::{reactivation, Attribution, ReactivationQuery};
use canal_core::rfm::{rfm, RfmOptions};
use canal_core::sessions::{sessions, SessionQuery};
use canal_core::support::support;
use canal_core::tiers::{tiers_in_period, TierConfig};
use canal_core::{Channel, EventKind, Scope};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// The metric routes.
pub fn routes() -> Routes {
    Routes::new()
        .get("/metrics/summary", summary)
        .get("/metrics/kpis", kpi_report)
        .get("/metrics/reactivation", reactivations)
        .get("/metrics/funnel", funnel_report)
        .get("/metrics/support", support_report)
        .get("/metrics/sessions", session_report)
        .get("/metrics/age-bands", age_band_report)
        .get("/metrics/rfm", rfm_report)
        .get("/metrics/tiers", tier_report)
}

/// Every metric's query parameters; each endpoint reads the ones it needs.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsQuery {
    from: Option<String>,
    to: Option<String>,
    since: Option<String>,
    group_by: Option<String>,
    channel: Option<String>,
    scope: Option<String>,
    compare: Option<bool>,
    dormancy_days: Option<i64>,
    window_days: Option<i64>,
    attribution: Option<String>,
    steps: Option<String>,
    mode: Option<String>,
    unit: Option<String>,
    as_of_year: Option<i32>,
    as_of: Option<String>,
    customers: Option<bool>,
    a_percent: Option<f64>,
    b_percent: Option<f64>,
}

async fn load(state: &AppState) -> Result<Arc<Loaded>, AppError> {
    Ok(state.data.get(state.db()?.pool()).await?)
}

/// The asked period, or the 30 days up to the day after the last event.
fn period(q: &MetricsQuery, data: &Loaded, p: &mut Problems) -> Period {
    let last = data.data.events.ts.iter().copied().max().unwrap_or(0);
    let default_to = (last.div_euclid(DAY) + 1) * DAY;
    let to =
        q.to.as_ref()
            .map_or(default_to, |t| p.time("to", &TimeIn::Text(t.clone())));
    let from = q
        .from
        .as_ref()
        .map_or(to - 30 * DAY, |f| p.time("from", &TimeIn::Text(f.clone())));
    if from >= to {
        p.add("from", "must be before `to`");
    }
    Period::new(from, to)
}

fn list<T: Copy>(
    p: &mut Problems,
    field: &str,
    text: &Option<String>,
    parse: fn(&str) -> Option<T>,
) -> Option<Vec<T>> {
    text.as_ref().map(|t| {
        t.split(',')
            .filter_map(|one| {
                let v = parse(one);
                if v.is_none() {
                    p.add(field, format!("unknown value {one:?}"));
                }
                v
            })
            .collect()
    })
}

fn days(p: &mut Problems, field: &str, v: Option<i64>, default: i64) -> i64 {
    match v {
        None => default,
        Some(d) if (1..=3650).contains(&d) => d * DAY,
        Some(_) => {
            p.add(field, "must be between 1 and 3650 days");
            default
        }
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<Json<Value>, AppError> {
    serde_json::to_value(v)
        .map(Json)
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// `GET /api/metrics/summary`: counts per channel and kind, orders, revenue.
async fn summary(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> Result<Json<Value>, AppError> {
    let mut p = Problems::default();
    let since = q
        .since
        .as_ref()
        .map_or(i64::MIN, |s| p.time("since", &TimeIn::Text(s.clone())));
    p.finish()?;
    let loaded = load(&state).await?;
    let data = &loaded.data;
    let mut counts = vec![[0u64; EventKind::ALL.len()]; Channel::ALL.len()];
    let ev = &data.events;
    let mut events = 0u64;
    for i in 0..ev.len() {
        if ev.ts[i] >= since {
            events += 1;
            if let Some(n) = counts
                .get_mut(ev.channel[i] as usize)
                .and_then(|row| row.get_mut(ev.kind[i] as usize))
            {
                *n += 1;
            }
        }
    }
    let channels: serde_json::Map<String, Value> = Channel::ALL
        .iter()
        .map(|&c| {
            let row = &counts[c.code() as usize];
            let kinds: serde_json::Map<String, Value> = EventKind::ALL
                .iter()
                .filter(|k| row[k.code() as usize] > 0)
                .map(|k| (k.as_str().to_owned(), json!(row[k.code() as usize])))
                .collect();
            (c.as_str().to_owned(), Value::Object(kinds))
        })
        .collect();
    let o = &data.orders;
    let kept = (0..o.len()).filter(|&i| o.ts[i] >= since);
    let (orders, revenue) = kept.fold((0u64, 0.0), |(n, r), i| (n + 1, r + o.amount[i]));
    Ok(Json(json!({
        "contacts": data.contact_count(),
        "events": events,
        "orders": orders,
        "revenue": revenue,
        "channels": channels,
    })))
}

/// `GET /api/metrics/kpis`: channel KPIs (SPEC §3) by channel, scope,
/// campaign or in total, with the previous period unless `compare=false`.
async fn kpi_report(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> Result<Json<Value>, AppError> {
    let loaded = load(&state).await?;
    let mut p = Problems::default();
    let period = period(&q, &loaded, &mut p);
    let group_by = match q.group_by.as_deref().unwrap_or("channel") {
        "channel" => GroupBy::Channel,
        "scope" => GroupBy::Scope,
        "campaign" => GroupBy::Campaign,
        "total" => GroupBy::Total,
        _ => {
            p.add("group_by", "must be channel, scope, campaign or total");
            GroupBy::Channel
        }
    };
    let mut query = KpiQuery::new(period, group_by);
    query.filter.channels = list(&mut p, "channel", &q.channel, Channel::parse);
    query.filter.scopes = list(&mut p, "scope", &q.scope, Scope::parse);
    p.finish()?;
    let (data, index) = (&loaded.data, &loaded.index);
    if q.compare.unwrap_or(true) {
        to_json(&kpis_compare(data, index, &query))
    } else {
        to_json(&kpis(data, index, &query))
    }
}

/// `GET /api/metrics/reactivation`: dormant contacts who came back, credited
/// to channels (SPEC §3).
async fn reactivations(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> Result<Json<Value>, AppError> {
    let loaded = load(&state).await?;
    let mut p = Problems::default();
    let mut query = ReactivationQuery::new(period(&q, &loaded, &mut p));
    query.dormancy = days(&mut p, "dormancy_days", q.dormancy_days, query.dormancy);
    query.window = days(&mut p, "window_days", q.window_days, query.window);
    query.attribution = match q.attribution.as_deref().unwrap_or("last_touch") {
        "last_touch" => Attribution::LastTouch,
        "first_touch" => Attribution::FirstTouch,
        "linear" => Attribution::Linear,
        _ => {
            p.add("attribution", "must be last_touch, first_touch or linear");
            Attribution::LastTouch
        }
    };
    query.filter.channels = list(&mut p, "channel", &q.channel, Channel::parse);
    query.filter.scopes = list(&mut p, "scope", &q.scope, Scope::parse);
    p.finish()?;
    to_json(&reactivation(&loaded.data, &loaded.index, &query))
}

/// `GET /api/metrics/funnel?steps=page_view,add_to_cart,checkout,purchase`:
/// steps are event names (or kinds when no event has that name).
async fn funnel_report(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> Result<Json<Value>, AppError> {
    let loaded = load(&state).await?;
    let data = &loaded.data;
    let mut p = Problems::default();
    let period = period(&q, &loaded, &mut p);
    let text = q
        .steps
        .as_deref()
        .unwrap_or("page_view,add_to_cart,checkout,purchase");
    let steps: Vec<Step> = text
        .split(',')
        .filter_map(|s| {
            let m = StepMatch::name(data, s).or_else(|| EventKind::parse(s).map(StepMatch::Kind));
            if m.is_none() {
                p.add("steps", format!("no event is named {s:?}"));
            }
            m.map(|m| Step::new(m, s))
        })
        .collect();
    if !(2..=64).contains(&steps.len()) {
        p.add("steps", "give between 2 and 64 steps");
    }
    let mut query = FunnelQuery::new(steps, period, period.to);
    if q.window_days.is_some() {
        query.window = Some(days(&mut p, "window_days", q.window_days, 14 * DAY));
    }
    query.mode = match q.mode.as_deref().unwrap_or("ordered") {
        "ordered" => OrderMode::Ordered,
        "strict" => OrderMode::Strict,
        "any" => OrderMode::Any,
        _ => {
            p.add("mode", "must be ordered, strict or any");
            OrderMode::Ordered
        }
    };
    query.unit = match q.unit.as_deref().unwrap_or("contact") {
        "contact" => Unit::Contact,
        "session" => Unit::Session,
        _ => {
            p.add("unit", "must be contact or session");
            Unit::Contact
        }
    };
    p.finish()?;
    to_json(&funnel(data, &loaded.index, &query))
}

/// `GET /api/metrics/support`: inbound volume, categories, first response,
/// satisfaction.
async fn support_report(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> Result<Json<Value>, AppError> {
    let loaded = load(&state).await?;
    let mut p = Problems::default();
    let period = period(&q, &loaded, &mut p);
    p.finish()?;
    to_json(&support(&loaded.data, &loaded.index, period))
}

/// `GET /api/metrics/sessions`: mean and median session duration.
async fn session_report(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> Result<Json<Value>, AppError> {
    let loaded = load(&state).await?;
    let mut p = Problems::default();
    let period = period(&q, &loaded, &mut p);
    p.finish()?;
    to_json(&sessions(
        &loaded.data,
        &loaded.index,
        &SessionQuery::new(period),
    ))
}

/// `GET /api/metrics/age-bands`: channel response share per age band.
async fn age_band_report(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> Result<Json<Value>, AppError> {
    let loaded = load(&state).await?;
    let mut p = Problems::default();
    let period = period(&q, &loaded, &mut p);
    p.finish()?;
    let year = q.as_of_year.unwrap_or_else(|| {
        chrono::DateTime::from_timestamp(period.to - 1, 0)
            .map_or(2026, |d| chrono::Datelike::year(&d))
    });
    to_json(&age_bands(&loaded.data, period, year))
}

/// `GET /api/metrics/rfm`: RFM scores and the R × F grid as of a date
/// (default: the day after the last order); `customers=true` lists everyone.
async fn rfm_report(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> Result<Json<Value>, AppError> {
    let mut p = Problems::default();
    let as_of = q.as_of.as_ref().and_then(|t| {
        let d = chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok();
        if d.is_none() {
            p.add("as_of", "must be a date YYYY-MM-DD");
        }
        d
    });
    p.finish()?;
    let loaded = load(&state).await?;
    let data = &loaded.data;
    let result = rfm(data, &RfmOptions { as_of });
    let customers = if q.customers.unwrap_or(false) {
        Value::Array(
            result
                .customers
                .iter()
                .map(|c| {
                    json!({
                        "contact_id": data.keys.try_get(c.contact),
                        "recency_days": c.recency_days, "frequency": c.frequency,
                        "monetary": c.monetary, "r": c.r, "f": c.f, "m": c.m,
                        "segment": c.segment,
                    })
                })
                .collect(),
        )
    } else {
        json!(result.customers.len())
    };
    Ok(Json(json!({
        "as_of": result.as_of,
        "customers": customers,
        "grid": result.grid,
        "segments": result.segments,
    })))
}

/// `GET /api/metrics/tiers`: A/B/C customer tiers by revenue in the period.
async fn tier_report(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> Result<Json<Value>, AppError> {
    let loaded = load(&state).await?;
    let data = &loaded.data;
    let mut p = Problems::default();
    let period = if q.from.is_none() && q.to.is_none() {
        Period::new(i64::MIN, i64::MAX)
    } else {
        period(&q, &loaded, &mut p)
    };
    let mut config = TierConfig::default();
    config.a_percent = q.a_percent.unwrap_or(config.a_percent);
    config.b_percent = q.b_percent.unwrap_or(config.b_percent);
    if !(config.a_percent > 0.0
        && config.b_percent >= 0.0
        && config.a_percent + config.b_percent <= 100.0)
    {
        p.add(
            "a_percent",
            "a_percent > 0, b_percent >= 0 and their sum at most 100",
        );
    }
    p.finish()?;
    let result = tiers_in_period(data, period.from, period.to, &config);
    let members = if q.customers.unwrap_or(false) {
        Value::Array(
            result
                .members
                .iter()
                .map(|m| json!({ "contact_id": data.keys.try_get(m.contact), "monetary": m.monetary, "tier": m.tier }))
                .collect(),
        )
    } else {
        json!(result.members.len())
    };
    Ok(Json(
        json!({ "config": config, "members": members, "totals": result.totals }),
    ))
}
