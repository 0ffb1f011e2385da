-- Portable SQL: the same file runs on SQLite and PostgreSQL. Times are
-- seconds since the Unix epoch (BIGINT), ids are the caller's strings, JSON
-- documents are TEXT, so no type needs a per-engine spelling.

CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    email TEXT,
    phone TEXT,
    name TEXT,
    country TEXT,
    city TEXT,
    birth_year BIGINT,
    job_title TEXT,
    company TEXT,
    company_size BIGINT,
    created_at BIGINT,
    stage TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    updated_at BIGINT NOT NULL
);
CREATE INDEX contacts_email ON contacts (email);
CREATE INDEX contacts_phone ON contacts (phone);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    contact_id TEXT NOT NULL,
    ts BIGINT NOT NULL,
    channel TEXT NOT NULL,
    direction TEXT NOT NULL,
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    flags BIGINT NOT NULL DEFAULT 0,
    campaign_id TEXT,
    name TEXT,
    session_id TEXT,
    value DOUBLE PRECISION,
    payload TEXT
);
CREATE INDEX events_contact_ts ON events (contact_id, ts);
CREATE INDEX events_ts ON events (ts);

CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    contact_id TEXT NOT NULL,
    ts BIGINT NOT NULL,
    amount DOUBLE PRECISION NOT NULL,
    currency TEXT,
    items BIGINT
);
CREATE INDEX orders_contact_ts ON orders (contact_id, ts);

CREATE TABLE campaigns (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    channel TEXT NOT NULL,
    scope TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    message_type TEXT NOT NULL DEFAULT '',
    sent_at BIGINT,
    cost DOUBLE PRECISION NOT NULL DEFAULT 0
);

CREATE TABLE consent (
    contact_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    ts BIGINT NOT NULL,
    source TEXT,
    PRIMARY KEY (contact_id, subject, channel, ts)
);

CREATE TABLE push_subscriptions (
    id TEXT PRIMARY KEY,
    contact_id TEXT,
    endpoint TEXT NOT NULL UNIQUE,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL
);

CREATE TABLE segments (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE scoring_rules (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Only hashes of session and API tokens are stored, so a leaked database
-- does not hand out live credentials.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
