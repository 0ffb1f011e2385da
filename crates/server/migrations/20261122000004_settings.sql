-- Workspace settings: one JSON document per key (today only 'pressure', the
-- canal_core PressureConfig that push sends apply). The API validates a
-- document before writing it; a missing row means the built-in defaults.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT
);
