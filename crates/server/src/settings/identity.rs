//! The `identity` setting: the workspace's phone country, the country of
//! phone numbers written without an international prefix (SPEC §7). It
//! decides which contacts the metrics data set joins into one person, so
//! [`crate::store::load_dataset`] reads it, and saving it makes the cached
//! data set stale (the route invalidates it; other processes see the
//! `settings` table change through [`crate::watch`]).

use super::{Problem, Stored};
use canal_core::identity::CountryCode;
use serde_json::{json, Value};
use sqlx::AnyPool;

/// The key of the identity settings.
pub const IDENTITY: &str = "identity";

/// Validates an identity document: `{"phone_country": "US"}`, the code of a
/// country the phone table knows (any case), and no other field.
pub fn check_identity(doc: &Value) -> Result<CountryCode, Vec<Problem>> {
    let Some(obj) = doc.as_object() else {
        return Err(vec![(String::new(), "must be a JSON object".into())]);
    };
    let mut problems: Vec<Problem> = obj
        .keys()
        .filter(|k| *k != "phone_country")
        .map(|k| (k.clone(), "unknown field".to_owned()))
        .collect();
    let country = match obj.get("phone_country") {
        None => Err("is required".to_owned()),
        Some(Value::String(code)) => CountryCode::parse(code).map_err(|e| e.to_string()),
        Some(_) => Err("must be an ISO 3166 country code such as \"US\"".to_owned()),
    };
    match country {
        Ok(c) if problems.is_empty() => Ok(c),
        Ok(_) => Err(problems),
        Err(message) => {
            problems.push(("phone_country".into(), message));
            Err(problems)
        }
    }
}

/// The document stored for `country`.
pub fn document(country: CountryCode) -> Value {
    json!({ "phone_country": country })
}

/// The stored phone country, if any. Takes the pool, not the
/// [`Db`](crate::db::Db), as the data set loader does; a stored document
/// that no longer validates (edited by hand) is an error rather than
/// people silently keyed with the default.
pub async fn stored_identity(pool: &AnyPool) -> Result<Option<Stored<CountryCode>>, sqlx::Error> {
    // The loader returns sqlx errors; `AppError::from` finds this one again.
    super::stored(pool, IDENTITY, check_identity, |invalid| {
        sqlx::Error::Decode(Box::new(invalid))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The country accepted for `doc`, or the fields with problems.
    fn check(doc: Value, expected: Result<&str, &[&str]>) {
        let got = check_identity(&doc)
            .map(CountryCode::iso)
            .map_err(|p| p.into_iter().map(|(f, _)| f).collect::<Vec<_>>());
        let expected =
            expected.map_err(|fields| fields.iter().map(|f| (*f).to_owned()).collect::<Vec<_>>());
        assert_eq!(got, expected, "{doc}");
    }

    #[test]
    fn identity_documents_name_one_known_country() {
        check(json!({ "phone_country": "US" }), Ok("US"));
        check(json!({ "phone_country": "us" }), Ok("US"));
        check(json!({ "phone_country": " es " }), Ok("ES"));
        check(json!({ "phone_country": "XX" }), Err(&["phone_country"]));
        check(json!({ "phone_country": "" }), Err(&["phone_country"]));
        check(json!({ "phone_country": 34 }), Err(&["phone_country"]));
        check(json!({ "phone_country": null }), Err(&["phone_country"]));
        check(json!({}), Err(&["phone_country"]));
        check(json!([]), Err(&[""]));
        check(json!("US"), Err(&[""]));
        check(
            json!({ "phone_country": "US", "country": "US" }),
            Err(&["country"]),
        );
        check(
            json!({ "phone_country": "XX", "region": 1 }),
            Err(&["region", "phone_country"]),
        );
    }

    #[test]
    fn the_stored_document_reads_back() {
        let us = CountryCode::parse("US").unwrap();
        assert_eq!(document(us), json!({ "phone_country": "US" }));
        assert_eq!(check_identity(&document(us)), Ok(us));
    }
}
