//! Workspace settings stored in the database, one JSON document per key.
//!
//! - `pressure`: the canal_core [`PressureConfig`] that push sends apply, in
//!   the JSON the CLI's `canal analyze pressure --config` reads.
//! - `identity`: the workspace's phone country (see [`identity`]).
//!
//! Documents are validated before they are written and again when read, so
//! nothing runs under settings nobody could have saved.

use crate::db::Db;
use crate::AppError;
use canal_core::pressure::PressureConfig;
use canal_core::Channel;
use serde_json::{json, Value};
use sqlx::{AnyPool, Row};

pub mod identity;

/// The key of the pressure settings.
pub const PRESSURE: &str = "pressure";

/// The fields a pressure document may have, and those of its list entries.
const PRESSURE_FIELDS: [&str; 6] = [
    "half_life_days",
    "weights",
    "kind_weights",
    "caps",
    "min_spacing_hours",
    "max_pressure",
];
const CAP_FIELDS: [&str; 3] = ["channel", "max", "period_days"];
const KIND_WEIGHT_FIELDS: [&str; 2] = ["kind", "weight"];

/// The longest cap window and half-life accepted, in days (ten years).
const MAX_DAYS: u32 = 3653;

/// A stored settings document that no longer validates: someone edited the
/// `settings` table by hand. Reported as such (a 500 that names the setting
/// and how to fix it), never replaced by the defaults in silence.
#[derive(Debug, thiserror::Error)]
#[error("stored {key} settings are invalid: {reason}")]
pub struct InvalidSetting {
    /// The settings key, e.g. `identity`.
    pub key: &'static str,
    /// Why the document does not validate.
    pub reason: String,
}

/// A stored document and when it was written.
#[derive(Debug)]
pub struct Stored<T> {
    /// The document.
    pub value: T,
    /// When it was last written, seconds since 1970.
    pub updated_at: i64,
}

/// One problem with a submitted document: the field (a JSON path such as
/// `caps[0].period_days`) and what is wrong with it.
pub type Problem = (String, String);

/// Validates a pressure document: a JSON object with only
/// [`PressureConfig`]'s fields (missing ones take the defaults), a positive
/// half-life, non-negative finite weights (at most one per channel; missing
/// channels weigh 1 as in the CLI), one weight per kind, caps with a window
/// of 1 to 3,653 days, and a positive threshold or `null`. Returns the
/// configuration with the weights padded, or every problem found.
pub fn check_pressure(doc: &Value) -> Result<PressureConfig, Vec<Problem>> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut add = |field: String, message: &str| problems.push((field, message.to_owned()));
    let Some(obj) = doc.as_object() else {
        return Err(vec![(String::new(), "must be a JSON object".into())]);
    };
    for key in obj.keys() {
        if !PRESSURE_FIELDS.contains(&key.as_str()) {
            add(key.clone(), "unknown field");
        }
    }
    for (list, fields) in [
        ("caps", &CAP_FIELDS[..]),
        ("kind_weights", &KIND_WEIGHT_FIELDS),
    ] {
        for (i, entry) in obj
            .get(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            for key in entry.as_object().into_iter().flat_map(|o| o.keys()) {
                if !fields.contains(&key.as_str()) {
                    add(format!("{list}[{i}].{key}"), "unknown field");
                }
            }
        }
    }
    let mut config: PressureConfig = match serde_json::from_value(doc.clone()) {
        Ok(c) => c,
        Err(e) => {
            add(String::new(), &e.to_string());
            return Err(problems);
        }
    };
    if !(config.half_life_days.is_finite()
        && config.half_life_days > 0.0
        && config.half_life_days <= f64::from(MAX_DAYS))
    {
        add(
            "half_life_days".into(),
            "must be a number of days above 0 and at most 3653",
        );
    }
    if config.weights.len() > Channel::ALL.len() {
        add(
            "weights".into(),
            &format!(
                "has {} entries; there are {} channels",
                config.weights.len(),
                Channel::ALL.len()
            ),
        );
    }
    for (i, w) in config.weights.iter().enumerate() {
        if !(w.is_finite() && *w >= 0.0) {
            add(format!("weights[{i}]"), "must be a number ≥ 0");
        }
    }
    config.weights.resize(Channel::ALL.len(), 1.0);
    for (i, k) in config.kind_weights.iter().enumerate() {
        if !(k.weight.is_finite() && k.weight >= 0.0) {
            add(format!("kind_weights[{i}].weight"), "must be a number ≥ 0");
        }
        if config.kind_weights[..i].iter().any(|o| o.kind == k.kind) {
            add(
                format!("kind_weights[{i}].kind"),
                "is already weighted above",
            );
        }
    }
    for (i, c) in config.caps.iter().enumerate() {
        if !(1..=MAX_DAYS).contains(&c.period_days) {
            add(
                format!("caps[{i}].period_days"),
                "must be between 1 and 3653 days",
            );
        }
    }
    if let Some(m) = config.max_pressure {
        if !(m.is_finite() && m > 0.0) {
            add("max_pressure".into(), "must be a number above 0, or null");
        }
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// The 422 for `problems`, in the shape the other write endpoints use.
pub fn invalid(problems: Vec<Problem>) -> AppError {
    let total = problems.len();
    let list: Vec<Value> = problems
        .into_iter()
        .map(|(field, message)| json!({ "field": field, "message": message }))
        .collect();
    AppError::invalid(
        format!("{total} invalid field(s); nothing was written."),
        json!({ "problems": list, "total": total }),
    )
}

/// The stored pressure settings, if any.
pub async fn stored_pressure(db: &Db) -> Result<Option<Stored<PressureConfig>>, AppError> {
    // A document that no longer validates (edited by hand) stops sends
    // rather than letting them run under the defaults unnoticed.
    stored(db.pool(), PRESSURE, check_pressure, AppError::from).await
}

/// The document stored under `key`, validated by `check` (the check its
/// writes passed), and when it was written; `None` when none is stored. A
/// stored document that no longer validates (edited by hand) is the error
/// `invalid` makes of an [`InvalidSetting`], never the defaults in silence.
pub async fn stored<T, E: From<sqlx::Error>>(
    pool: &AnyPool,
    key: &'static str,
    check: impl Fn(&Value) -> Result<T, Vec<Problem>>,
    invalid: impl FnOnce(InvalidSetting) -> E,
) -> Result<Option<Stored<T>>, E> {
    let row = sqlx::query("SELECT value, updated_at FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let text: String = row.try_get("value")?;
    let value = serde_json::from_str(&text)
        .map_err(|e| e.to_string())
        .and_then(|doc| {
            check(&doc).map_err(|problems| {
                let each: Vec<String> = problems
                    .into_iter()
                    .map(|(field, why)| match field.is_empty() {
                        true => why,
                        false => format!("{field} {why}"),
                    })
                    .collect();
                each.join("; ")
            })
        })
        .map_err(|reason| invalid(InvalidSetting { key, reason }))?;
    Ok(Some(Stored {
        value,
        updated_at: row.try_get("updated_at")?,
    }))
}

/// The pressure rules in force: the stored ones, else the defaults.
pub async fn pressure(db: &Db) -> Result<PressureConfig, AppError> {
    Ok(stored_pressure(db)
        .await?
        .map_or_else(PressureConfig::default, |s| s.value))
}

/// Stores `config` (already validated) as the pressure settings.
pub async fn save_pressure(
    db: &Db,
    config: &PressureConfig,
    user: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    let text = serde_json::to_string(config).map_err(|e| AppError::Internal(e.to_string()))?;
    save(db, PRESSURE, &text, user, now).await
}

/// Stores `text` (an already validated document) under `key`.
pub async fn save(
    db: &Db,
    key: &str,
    text: &str,
    user: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    let _writer = db.writer().await;
    sqlx::query(
        "INSERT INTO settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(key)
    .bind(text)
    .bind(now)
    .bind(user)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Removes the stored pressure settings, so the defaults apply again.
pub async fn reset_pressure(db: &Db) -> Result<(), AppError> {
    reset(db, PRESSURE).await
}

/// Removes the document stored under `key`, so the defaults apply again.
pub async fn reset(db: &Db, key: &str) -> Result<(), AppError> {
    let _writer = db.writer().await;
    sqlx::query("DELETE FROM settings WHERE key = $1")
        .bind(key)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Ok(())` when `doc` is accepted, else the fields with problems.
    fn check(doc: Value, expected: Result<(), &[&str]>) {
        let got = check_pressure(&doc)
            .map(|_| ())
            .map_err(|p| p.into_iter().map(|(f, _)| f).collect::<Vec<_>>());
        let expected =
            expected.map_err(|fields| fields.iter().map(|f| (*f).to_owned()).collect::<Vec<_>>());
        assert_eq!(got, expected, "{doc}");
    }

    #[test]
    fn pressure_documents_are_checked_field_by_field() {
        check(json!({}), Ok(()));
        check(json!({ "caps": [] , "max_pressure": null }), Ok(()));
        check(
            json!({ "caps": [{ "channel": "sms", "max": 1, "period_days": 30 }, { "channel": null, "max": 0, "period_days": 1 }] }),
            Ok(()),
        );
        check(json!({ "weights": [0, 2.5, 1] }), Ok(()));
        check(
            json!({ "kind_weights": [{ "kind": "call", "weight": 5 }] }),
            Ok(()),
        );
        check(
            json!({ "half_life_days": 3653, "min_spacing_hours": 0 }),
            Ok(()),
        );
        check(json!([]), Err(&[""]));
        check(json!({ "half_life_days": 0 }), Err(&["half_life_days"]));
        check(json!({ "half_life_days": -1 }), Err(&["half_life_days"]));
        check(json!({ "half_life_days": 3654 }), Err(&["half_life_days"]));
        check(json!({ "half_life_days": "soon" }), Err(&[""]));
        check(json!({ "weights": [1, -1] }), Err(&["weights[1]"]));
        check(json!({ "weights": vec![1; 40] }), Err(&["weights"]));
        check(json!({ "max_pressure": 0 }), Err(&["max_pressure"]));
        check(json!({ "max_pressure": -2.5 }), Err(&["max_pressure"]));
        check(json!({ "min_spacing_hours": -1 }), Err(&[""]));
        check(
            json!({ "caps": [{ "channel": "sms", "max": 1, "period_days": 0 }] }),
            Err(&["caps[0].period_days"]),
        );
        check(
            json!({ "caps": [{ "channel": "pigeon", "max": 1, "period_days": 7 }] }),
            Err(&[""]),
        );
        check(
            json!({ "caps": [{ "max": 1, "period_days": 7, "days": 3 }] }),
            Err(&["caps[0].days"]),
        );
        check(json!({ "max_presure": 4 }), Err(&["max_presure"]));
        check(
            json!({ "kind_weights": [{ "kind": "call", "weight": 5 }, { "kind": "call", "weight": -1 }] }),
            Err(&["kind_weights[1].weight", "kind_weights[1].kind"]),
        );
    }

    #[test]
    fn missing_weights_default_to_one_like_the_cli() {
        let c = check_pressure(&json!({ "weights": [3] })).unwrap();
        assert_eq!(c.weights.len(), Channel::ALL.len());
        assert_eq!(c.weights[0], 3.0);
        assert!(c.weights[1..].iter().all(|w| *w == 1.0));
        // Fields left out take the defaults.
        assert_eq!(c.caps, PressureConfig::default().caps);
    }
}
