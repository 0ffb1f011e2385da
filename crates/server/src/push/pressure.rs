//! Marketing pressure applied to a send (SPEC §6): contacts the rules hold
//! back right now are skipped with the rule that blocked them. Consent is
//! applied in SQL by [`super::sends::create`]; anonymous subscriptions have
//! no history and are never held back.

use super::sends::Audience;
use crate::metrics::Loaded;
use crate::AppError;
use canal_core::by_contact::ContactEvents;
use canal_core::pressure::{Pressure, PressureConfig, SkipReason};
use canal_core::Channel;
use sqlx::Row;

/// The reason stored on a delivery skipped for `r`.
pub fn reason_code(r: &SkipReason) -> &'static str {
    match r {
        SkipReason::Cap { .. } => "pressure_cap",
        SkipReason::Spacing { .. } => "pressure_spacing",
        SkipReason::Pressure { .. } => "pressure",
        SkipReason::NoConsent { .. } => "consent",
        SkipReason::Duplicate => "duplicate",
    }
}

/// Contact keys in `audience` held back at `now` under `config`, grouped by
/// reason code. Test sends (and endpoint audiences) are never held back.
pub async fn held_back(
    db: &crate::db::Db,
    loaded: &Loaded,
    audience: &Audience,
    config: &PressureConfig,
    now: i64,
) -> Result<Vec<(&'static str, Vec<String>)>, AppError> {
    if matches!(audience, Audience::Endpoints(_)) {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT DISTINCT contact_id, topics FROM push_subscriptions WHERE contact_id IS NOT NULL",
    )
    .fetch_all(db.pool())
    .await?;
    let data = &loaded.data;
    let events = ContactEvents::build(&data.events, data.contact_count());
    let pressure = Pressure::new(data, &events, config);
    let mut out: Vec<(&'static str, Vec<String>)> = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for r in rows {
        let key: String = r.try_get("contact_id")?;
        let topics: String = r.try_get("topics")?;
        let wanted = match audience {
            Audience::All => true,
            Audience::Topic(t) => topics.contains(&format!("\"{t}\"")),
            Audience::Contacts(keys) => keys.contains(&key),
            Audience::Endpoints(_) => false,
        };
        if !wanted || !seen.insert(key.clone()) {
            continue;
        }
        let Some(contact) = data.resolve_key(&key) else {
            continue;
        };
        let e = pressure.eligibility(contact, Some(Channel::WebPush), now);
        if let Some(first) = e.reasons.first() {
            let code = reason_code(first);
            match out.iter_mut().find(|(c, _)| *c == code) {
                Some((_, keys)) => keys.push(key),
                None => out.push((code, vec![key])),
            }
        }
    }
    Ok(out)
}
