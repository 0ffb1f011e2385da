-- Exports and lists page by (ts, id); index that order so each page is a
-- range scan, not a sort.
DROP INDEX events_ts;
CREATE INDEX events_ts ON events (ts, id);
CREATE INDEX orders_ts ON orders (ts, id);
