//! The VAPID key pair, generated once per installation and kept in the
//! database: browsers bind every subscription to its public half, so losing
//! or changing it orphans all subscribers.

use crate::auth::now;
use crate::db::Db;
use crate::AppError;
use canal_webpush::vapid::VapidKey;
use rand_core::OsRng;
use sqlx::Row;

/// The stored key, or a new one stored first. Safe to race: the insert
/// loses quietly to a concurrent one and the winner is read back.
pub async fn load_or_create(db: &Db) -> Result<VapidKey, AppError> {
    if let Some(key) = load(db).await? {
        return Ok(key);
    }
    let key = VapidKey::generate(&mut OsRng);
    let _writer = db.writer().await;
    sqlx::query(
        "INSERT INTO push_vapid (id, private_key, public_key, created_at) VALUES (1, $1, $2, $3) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(key.to_base64())
    .bind(key.public_key().to_base64())
    .bind(now())
    .execute(db.pool())
    .await?;
    load(db)
        .await?
        .ok_or_else(|| AppError::Internal("VAPID key vanished after insert".into()))
}

async fn load(db: &Db) -> Result<Option<VapidKey>, AppError> {
    let row = sqlx::query("SELECT private_key FROM push_vapid WHERE id = 1")
        .fetch_optional(db.pool())
        .await?;
    let Some(row) = row else { return Ok(None) };
    let private: String = row.try_get("private_key")?;
    // The error names no key material, so it is safe to log.
    VapidKey::from_base64(&private)
        .map(Some)
        .map_err(|e| AppError::Internal(format!("stored VAPID key is unreadable: {e}")))
}

/// The public key as browsers want it for `applicationServerKey`.
pub async fn public_key(db: &Db) -> Result<String, AppError> {
    Ok(load_or_create(db).await?.public_key().to_base64())
}
