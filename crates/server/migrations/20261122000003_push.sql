-- Web push: the installation's VAPID key, send jobs, and one delivery row per
-- (send, subscription), which is the sender's durable work queue.

-- One row (id = 1): the key is generated at first start and never rotated
-- automatically, since every browser subscription is bound to it.
CREATE TABLE push_vapid (
    id BIGINT PRIMARY KEY,
    private_key TEXT NOT NULL,
    public_key TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE push_sends (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    url TEXT NOT NULL,
    icon TEXT,
    topic TEXT,
    ttl BIGINT NOT NULL,
    urgency TEXT NOT NULL,
    audience TEXT NOT NULL,
    test BIGINT NOT NULL DEFAULT 0,
    -- The encrypted-to-be JSON, built once so every delivery sends the same bytes.
    payload TEXT NOT NULL,
    created_by TEXT,
    created_at BIGINT NOT NULL
);

-- status: pending -> sending -> delivered | failed | expired | unknown,
-- or pending again (retry); skipped rows never leave that state.
-- `token` names the attempt that marked a row `sending`, so a worker whose
-- row was meanwhile recovered cannot overwrite the recovered status.
CREATE TABLE push_deliveries (
    id TEXT PRIMARY KEY,
    send_id TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_at BIGINT NOT NULL,
    token TEXT,
    started_at BIGINT,
    http_status BIGINT,
    reason TEXT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX push_deliveries_due ON push_deliveries (status, next_at);
CREATE INDEX push_deliveries_send ON push_deliveries (send_id, status);
CREATE INDEX push_deliveries_subscription ON push_deliveries (subscription_id);
CREATE INDEX push_deliveries_token ON push_deliveries (token);
