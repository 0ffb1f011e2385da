//! The OpenAPI 3.1 document served at `/api/openapi.json`.
//!
//! Written by hand from one table of operations; `tests/openapi.rs` checks
//! that the table and the router list the same (method, path) pairs.

use serde_json::{json, Map, Value};

/// How an operation is protected.
#[derive(Clone, Copy)]
enum Access {
    Public,
    Private,
}

/// (method, path, summary, tag, access, query parameters, request schema, response schema)
type Op = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Access,
    &'static [&'static str],
    Option<&'static str>,
    &'static str,
);

use Access::{Private, Public};

const PAGE: &[&str] = &["limit", "cursor"];

const OPS: &[Op] = &[
    (
        "get",
        "/api/health",
        "Version and database status",
        "meta",
        Public,
        &[],
        None,
        "Health",
    ),
    (
        "get",
        "/api/openapi.json",
        "This document",
        "meta",
        Public,
        &[],
        None,
        "Any",
    ),
    (
        "post",
        "/api/auth/login",
        "Log in; sets the session cookie",
        "auth",
        Public,
        &[],
        Some("Login"),
        "Me",
    ),
    (
        "post",
        "/api/auth/logout",
        "End the session",
        "auth",
        Private,
        &[],
        None,
        "Empty",
    ),
    (
        "get",
        "/api/auth/me",
        "The logged-in user",
        "auth",
        Private,
        &[],
        None,
        "Me",
    ),
    (
        "get",
        "/api/contacts",
        "Search and filter contacts",
        "contacts",
        Private,
        &[
            "q", "country", "city", "stage", "company", "email", "limit", "cursor",
        ],
        None,
        "ContactPage",
    ),
    (
        "post",
        "/api/contacts",
        "Create a contact (409 if the id exists)",
        "contacts",
        Private,
        &[],
        Some("ContactIn"),
        "Contact",
    ),
    (
        "post",
        "/api/contacts/batch",
        "Create or replace up to 5,000 contacts, all or none",
        "contacts",
        Private,
        &[],
        Some("ContactBatch"),
        "Accepted",
    ),
    (
        "get",
        "/api/contacts/{id}",
        "One contact",
        "contacts",
        Private,
        &[],
        None,
        "Contact",
    ),
    (
        "put",
        "/api/contacts/{id}",
        "Create or replace a contact",
        "contacts",
        Private,
        &[],
        Some("ContactIn"),
        "Contact",
    ),
    (
        "get",
        "/api/contacts/{id}/timeline",
        "The contact's events, newest first",
        "contacts",
        Private,
        &["channel", "kind", "scope", "limit", "cursor"],
        None,
        "EventPage",
    ),
    (
        "post",
        "/api/events",
        "Ingest up to 10,000 events in one transaction; idempotent by event id",
        "events",
        Private,
        &[],
        Some("EventBatch"),
        "IngestResult",
    ),
    (
        "get",
        "/api/events",
        "Filter events, oldest first",
        "events",
        Private,
        &[
            "contact_id",
            "channel",
            "kind",
            "scope",
            "campaign_id",
            "since",
            "until",
            "limit",
            "cursor",
        ],
        None,
        "EventPage",
    ),
    (
        "post",
        "/api/orders",
        "Create or replace orders, all or none",
        "orders",
        Private,
        &[],
        Some("OrderBatch"),
        "Accepted",
    ),
    (
        "get",
        "/api/orders",
        "Filter orders, oldest first",
        "orders",
        Private,
        &["contact_id", "since", "until", "limit", "cursor"],
        None,
        "OrderPage",
    ),
    (
        "get",
        "/api/orders/{id}",
        "One order",
        "orders",
        Private,
        &[],
        None,
        "Order",
    ),
    (
        "get",
        "/api/campaigns",
        "List campaigns",
        "campaigns",
        Private,
        &["channel", "scope", "limit", "cursor"],
        None,
        "CampaignPage",
    ),
    (
        "post",
        "/api/campaigns",
        "Create a campaign (409 if the id exists)",
        "campaigns",
        Private,
        &[],
        Some("CampaignIn"),
        "Campaign",
    ),
    (
        "get",
        "/api/campaigns/{id}",
        "One campaign",
        "campaigns",
        Private,
        &[],
        None,
        "Campaign",
    ),
    (
        "put",
        "/api/campaigns/{id}",
        "Create or replace a campaign",
        "campaigns",
        Private,
        &[],
        Some("CampaignIn"),
        "Campaign",
    ),
    (
        "post",
        "/api/consent",
        "Record consent statements, all or none",
        "consent",
        Private,
        &[],
        Some("ConsentBatch"),
        "Accepted",
    ),
    (
        "get",
        "/api/consent",
        "List consent statements",
        "consent",
        Private,
        &["contact_id", "subject", "channel", "limit", "cursor"],
        None,
        "ConsentPage",
    ),
    (
        "get",
        "/api/segments",
        "List saved segments",
        "segments",
        Private,
        PAGE,
        None,
        "DefinitionPage",
    ),
    (
        "post",
        "/api/segments",
        "Save a segment definition",
        "segments",
        Private,
        &[],
        Some("DefinitionIn"),
        "Definition",
    ),
    (
        "get",
        "/api/segments/{id}",
        "One segment",
        "segments",
        Private,
        &[],
        None,
        "Definition",
    ),
    (
        "put",
        "/api/segments/{id}",
        "Replace a segment",
        "segments",
        Private,
        &[],
        Some("DefinitionIn"),
        "Definition",
    ),
    (
        "delete",
        "/api/segments/{id}",
        "Delete a segment",
        "segments",
        Private,
        &[],
        None,
        "Empty",
    ),
    (
        "get",
        "/api/scoring-rules",
        "List scoring rule sets",
        "scoring",
        Private,
        PAGE,
        None,
        "DefinitionPage",
    ),
    (
        "post",
        "/api/scoring-rules",
        "Save a scoring rule set",
        "scoring",
        Private,
        &[],
        Some("DefinitionIn"),
        "Definition",
    ),
    (
        "get",
        "/api/scoring-rules/{id}",
        "One scoring rule set",
        "scoring",
        Private,
        &[],
        None,
        "Definition",
    ),
    (
        "put",
        "/api/scoring-rules/{id}",
        "Replace a scoring rule set",
        "scoring",
        Private,
        &[],
        Some("DefinitionIn"),
        "Definition",
    ),
    (
        "delete",
        "/api/scoring-rules/{id}",
        "Delete a scoring rule set",
        "scoring",
        Private,
        &[],
        None,
        "Empty",
    ),
    (
        "get",
        "/api/export/contacts",
        "Stream every contact (NDJSON or CSV)",
        "export",
        Private,
        &["format"],
        None,
        "Stream",
    ),
    (
        "get",
        "/api/export/events",
        "Stream every event (NDJSON or CSV)",
        "export",
        Private,
        &["format"],
        None,
        "Stream",
    ),
    (
        "get",
        "/api/export/orders",
        "Stream every order (NDJSON or CSV)",
        "export",
        Private,
        &["format"],
        None,
        "Stream",
    ),
    (
        "get",
        "/api/metrics/summary",
        "Counts per channel and kind, orders, revenue",
        "metrics",
        Private,
        &["since"],
        None,
        "Any",
    ),
    (
        "get",
        "/api/metrics/kpis",
        "Channel KPIs by channel, scope or campaign, with the previous period",
        "metrics",
        Private,
        &["from", "to", "group_by", "channel", "scope", "compare"],
        None,
        "Any",
    ),
    (
        "get",
        "/api/metrics/reactivation",
        "Reactivations of dormant contacts credited to channels",
        "metrics",
        Private,
        &[
            "from",
            "to",
            "dormancy_days",
            "window_days",
            "attribution",
            "channel",
            "scope",
        ],
        None,
        "Any",
    ),
    (
        "get",
        "/api/metrics/funnel",
        "Funnel drop-off over named steps",
        "metrics",
        Private,
        &["from", "to", "steps", "window_days", "mode", "unit"],
        None,
        "Any",
    ),
    (
        "get",
        "/api/metrics/support",
        "Support volume, categories, first response, satisfaction",
        "metrics",
        Private,
        &["from", "to"],
        None,
        "Any",
    ),
    (
        "get",
        "/api/metrics/sessions",
        "Session durations",
        "metrics",
        Private,
        &["from", "to"],
        None,
        "Any",
    ),
    (
        "get",
        "/api/metrics/age-bands",
        "Channel response share per age band",
        "metrics",
        Private,
        &["from", "to", "as_of_year"],
        None,
        "Any",
    ),
    (
        "get",
        "/api/metrics/rfm",
        "RFM scores, R x F grid and segments",
        "metrics",
        Private,
        &["as_of", "customers"],
        None,
        "Any",
    ),
    (
        "get",
        "/api/metrics/tiers",
        "A/B/C customer tiers by revenue",
        "metrics",
        Private,
        &["from", "to", "a_percent", "b_percent", "customers"],
        None,
        "Any",
    ),
];

fn param(name: &str) -> Value {
    let (schema, description) = match name {
        "limit" => (
            json!({ "type": "integer", "minimum": 1, "maximum": 1000, "default": 50 }),
            "Rows per page",
        ),
        "cursor" => (
            json!({ "type": "string" }),
            "The `next` of the previous page",
        ),
        "since" | "until" | "from" | "to" => (
            json!({ "type": "string" }),
            "RFC 3339 time or YYYY-MM-DD (UTC)",
        ),
        "group_by" => (
            json!({ "type": "string", "enum": ["channel", "scope", "campaign", "total"], "default": "channel" }),
            "Row grouping",
        ),
        "compare" => (
            json!({ "type": "boolean", "default": true }),
            "Also compute the previous period",
        ),
        "dormancy_days" | "window_days" | "as_of_year" => (
            json!({ "type": "integer" }),
            "Parameter of the definition (SPEC §3)",
        ),
        "attribution" => (
            json!({ "type": "string", "enum": ["last_touch", "first_touch", "linear"] }),
            "Credit rule",
        ),
        "steps" => (
            json!({ "type": "string" }),
            "Comma-separated event names or kinds",
        ),
        "mode" => (
            json!({ "type": "string", "enum": ["ordered", "strict", "any"] }),
            "Step order mode",
        ),
        "unit" => (
            json!({ "type": "string", "enum": ["contact", "session"] }),
            "Funnel unit",
        ),
        "as_of" => (
            json!({ "type": "string", "format": "date" }),
            "Reference date (default: the day after the last order)",
        ),
        "customers" => (
            json!({ "type": "boolean", "default": false }),
            "List every customer, not only the count",
        ),
        "a_percent" | "b_percent" => (
            json!({ "type": "number" }),
            "Tier boundary, % of revenue (80 / 15)",
        ),
        "format" => (
            json!({ "type": "string", "enum": ["ndjson", "csv"], "default": "ndjson" }),
            "Output format",
        ),
        "q" => (
            json!({ "type": "string" }),
            "Text searched in id, name, e-mail and phone",
        ),
        "channel" => (json!({ "$ref": "#/components/schemas/Channel" }), "Channel"),
        "kind" => (json!({ "$ref": "#/components/schemas/Kind" }), "Event kind"),
        "scope" => (json!({ "$ref": "#/components/schemas/Scope" }), "Scope"),
        _ => (json!({ "type": "string" }), "Exact match"),
    };
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn response(schema: &str) -> Value {
    match schema {
        "Empty" => json!({ "description": "Done" }),
        "Stream" => json!({
            "description": "The rows, streamed",
            "content": {
                "application/x-ndjson": { "schema": { "type": "string" } },
                "text/csv": { "schema": { "type": "string" } }
            }
        }),
        s => json!({
            "description": "OK",
            "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{s}") } } }
        }),
    }
}

fn error(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    })
}

fn operation(op: &Op) -> Value {
    let (method, path, summary, tag, access, params, body, out) = *op;
    let mut parameters: Vec<Value> = params.iter().map(|p| param(p)).collect();
    if path.contains("{id}") {
        parameters.insert(
            0,
            json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }),
        );
    }
    let ok = match (method, out) {
        (_, "Empty") => "204",
        ("post", "Contact" | "Campaign" | "Definition") => "201",
        _ => "200",
    };
    let mut responses = Map::new();
    responses.insert(ok.into(), response(out));
    responses.insert("400".into(), error("Malformed request"));
    if matches!(access, Private) {
        responses.insert("401".into(), error("Not logged in"));
        responses.insert("403".into(), error("Cross-site write refused (CSRF)"));
    }
    if body.is_some() {
        responses.insert("413".into(), error("Body or batch too large"));
        responses.insert(
            "422".into(),
            error("Validation failed; nothing was written"),
        );
    }
    if path.contains("{id}") {
        responses.insert("404".into(), error("No such resource"));
    }
    if matches!(access, Public) {
        responses.insert("429".into(), error("Rate limited; see Retry-After"));
    }
    let mut v = json!({
        "summary": summary,
        "tags": [tag],
        "operationId": format!("{method}_{}", path.trim_start_matches("/api/").replace(['/', '-', '.'], "_").replace(['{', '}'], "")),
        "parameters": parameters,
        "responses": responses,
    });
    if let Some(b) = body {
        v["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{b}") } } }
        });
    }
    if matches!(access, Public) {
        v["security"] = json!([]);
    }
    v
}

fn page_of(item: &str) -> Value {
    json!({
        "type": "object",
        "required": ["items", "total", "next"],
        "properties": {
            "items": { "type": "array", "items": { "$ref": format!("#/components/schemas/{item}") } },
            "total": { "type": "integer" },
            "next": { "type": ["string", "null"] }
        }
    })
}

fn batch_of(item: &str, max: u32) -> Value {
    json!({ "type": "array", "minItems": 1, "maxItems": max, "items": { "$ref": format!("#/components/schemas/{item}") } })
}

fn schemas() -> Value {
    let names = |all: &mut dyn Iterator<Item = &'static str>| all.collect::<Vec<_>>();
    let channels = names(&mut canal_core::Channel::ALL.iter().map(|c| c.as_str()));
    let kinds = names(&mut canal_core::EventKind::ALL.iter().map(|c| c.as_str()));
    let scopes = names(&mut canal_core::Scope::ALL.iter().map(|c| c.as_str()));
    let time = json!({ "type": "string", "format": "date-time" });
    let time_in = json!({ "oneOf": [{ "type": "string" }, { "type": "integer", "description": "seconds since the Unix epoch" }] });
    let s = json!({ "type": ["string", "null"] });
    let i = json!({ "type": ["integer", "null"] });
    json!({
        "Any": {},
        "Channel": { "type": "string", "enum": channels },
        "Kind": { "type": "string", "enum": kinds },
        "Scope": { "type": "string", "enum": scopes },
        "Error": {
            "type": "object",
            "properties": { "error": { "type": "object", "required": ["code", "message"], "properties": {
                "code": { "type": "string" }, "message": { "type": "string" }, "details": {} } } }
        },
        "Health": { "type": "object", "properties": {
            "status": { "type": "string" }, "version": { "type": "string" },
            "database": { "type": "object", "properties": { "status": { "type": "string" }, "kind": { "type": "string" } } } } },
        "Login": { "type": "object", "required": ["email", "password"], "properties": {
            "email": { "type": "string" }, "password": { "type": "string" } } },
        "Me": { "type": "object", "properties": { "user": { "type": "object", "properties": {
            "id": { "type": "string" }, "email": { "type": "string" }, "via": { "type": "string", "enum": ["session", "token"] } } } } },
        "Accepted": { "type": "object", "properties": { "accepted": { "type": "integer" } } },
        "IngestResult": { "type": "object", "properties": {
            "accepted": { "type": "integer" }, "inserted": { "type": "integer" }, "duplicates": { "type": "integer" } } },
        "Contact": { "type": "object", "properties": {
            "id": { "type": "string" }, "email": s, "phone": s, "name": s, "country": s, "city": s,
            "birth_year": i, "job_title": s, "company": s, "company_size": i,
            "created_at": { "type": ["string", "null"], "format": "date-time" }, "stage": s,
            "attributes": { "type": "object" } } },
        "ContactIn": { "type": "object", "additionalProperties": false, "properties": {
            "id": { "type": "string" }, "email": s, "phone": s, "name": s, "country": s, "city": s,
            "birth_year": i, "job_title": s, "company": s, "company_size": i, "created_at": time_in, "stage": s,
            "attributes": { "type": "object" } } },
        "ContactBatch": batch_of("ContactIn", 5000),
        "ContactPage": page_of("Contact"),
        "Event": { "type": "object", "properties": {
            "id": { "type": "string" }, "contact_id": { "type": "string" }, "ts": time,
            "channel": { "$ref": "#/components/schemas/Channel" }, "direction": { "type": "string", "enum": ["outbound", "inbound"] },
            "kind": { "$ref": "#/components/schemas/Kind" }, "scope": { "$ref": "#/components/schemas/Scope" },
            "flags": { "type": "array", "items": { "type": "string", "enum": ["machine_open", "bot_click", "unsubscribe_link"] } },
            "campaign_id": s, "name": s, "session_id": s, "value": { "type": ["number", "null"] }, "payload": {} } },
        "EventIn": { "type": "object", "additionalProperties": false,
            "required": ["id", "contact_id", "ts", "channel", "kind"], "properties": {
            "id": { "type": "string" }, "contact_id": { "type": "string" }, "ts": time_in,
            "channel": { "type": "string" }, "kind": { "type": "string" }, "direction": s, "scope": s,
            "campaign_id": s, "name": s, "session_id": s, "value": { "type": ["number", "null"] },
            "flags": { "type": "array", "items": { "type": "string" } }, "payload": {} } },
        "EventBatch": batch_of("EventIn", 10_000),
        "EventPage": page_of("Event"),
        "Order": { "type": "object", "properties": {
            "id": { "type": "string" }, "contact_id": { "type": "string" }, "ts": time,
            "amount": { "type": "number" }, "currency": s, "items": i } },
        "OrderIn": { "type": "object", "additionalProperties": false, "required": ["id", "contact_id", "ts", "amount"], "properties": {
            "id": { "type": "string" }, "contact_id": { "type": "string" }, "ts": time_in,
            "amount": { "type": "number" }, "currency": s, "items": i } },
        "OrderBatch": batch_of("OrderIn", 10_000),
        "OrderPage": page_of("Order"),
        "Campaign": { "type": "object", "properties": {
            "id": { "type": "string" }, "name": { "type": "string" }, "channel": { "$ref": "#/components/schemas/Channel" },
            "scope": { "$ref": "#/components/schemas/Scope" }, "subject": { "type": "string" },
            "message_type": { "type": "string" }, "sent_at": { "type": ["string", "null"], "format": "date-time" },
            "cost": { "type": "number" } } },
        "CampaignIn": { "type": "object", "additionalProperties": false, "required": ["name", "channel", "scope"], "properties": {
            "id": { "type": "string" }, "name": { "type": "string" }, "channel": { "type": "string" },
            "scope": { "type": "string" }, "subject": s, "message_type": s, "sent_at": time_in, "cost": { "type": "number" } } },
        "CampaignPage": page_of("Campaign"),
        "Consent": { "type": "object", "properties": {
            "contact_id": { "type": "string" }, "subject": { "type": "string" },
            "channel": { "$ref": "#/components/schemas/Channel" },
            "status": { "type": "string", "enum": ["opted_in", "opted_out", "unknown"] }, "ts": time, "source": s } },
        "ConsentIn": { "type": "object", "additionalProperties": false,
            "required": ["contact_id", "subject", "channel", "status", "ts"], "properties": {
            "contact_id": { "type": "string" }, "subject": { "type": "string" }, "channel": { "type": "string" },
            "status": { "type": "string" }, "ts": time_in, "source": s } },
        "ConsentBatch": batch_of("ConsentIn", 10_000),
        "ConsentPage": page_of("Consent"),
        "Definition": { "type": "object", "properties": {
            "id": { "type": "string" }, "name": { "type": "string" }, "definition": { "type": "object" },
            "created_at": time, "updated_at": time } },
        "DefinitionIn": { "type": "object", "additionalProperties": false, "required": ["name", "definition"], "properties": {
            "name": { "type": "string" }, "definition": { "type": "object" } } },
        "DefinitionPage": page_of("Definition"),
    })
}

/// Every (method, path) the document describes, paths starting with `/api`.
pub fn operations() -> impl Iterator<Item = (&'static str, &'static str)> {
    OPS.iter().map(|op| (op.0, op.1))
}

/// The document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for op in OPS {
        let entry = paths
            .entry(op.1.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        entry[op.0] = operation(op);
    }
    paths.extend(crate::routes::push::openapi_paths());
    paths.extend(crate::routes::settings::openapi_paths());
    let mut schemas = schemas();
    if let Value::Object(map) = &mut schemas {
        map.extend(crate::routes::settings::openapi_schemas());
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Canal API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Contacts, events, orders, campaigns, consent, saved segments and scoring rules, exports and metrics. \
    Log in with POST /api/auth/login (session cookie) or send `Authorization: Bearer <token>` (`canal user add --token NAME`). \
    Lists take `limit` and `cursor` and return `{items, total, next}`. Errors are `{\"error\": {\"code\", \"message\", \"details\"}}`."
        },
        "servers": [{ "url": "/" }],
        "security": [{ "bearerAuth": [] }, { "sessionCookie": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": { "type": "http", "scheme": "bearer" },
                "sessionCookie": { "type": "apiKey", "in": "cookie", "name": crate::auth::SESSION_COOKIE }
            },
            "schemas": schemas
        }
    })
}
