-- wrk script: POST /api/events batches of BATCH unique events.
-- Each wrk thread numbers its own requests, so every event id is new and
-- the server really inserts (ingest is idempotent by id).
--
-- Timestamps (INGEST_TS): "recent" (the default) as a live feed sends them,
-- each batch's events from the last minute, shuffled within it; "fixed" the
-- same 1,000 timestamps of 2026-01-01 in every batch, which scatters each
-- batch over ~1,000 pages of the events_ts index (sessions 10-12 measured
-- with that).
local token = os.getenv("CANAL_TOKEN")
local batch = tonumber(os.getenv("BATCH") or "1000")
local fixed = os.getenv("INGEST_TS") == "fixed"
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  n = 0
end

function request()
  n = n + 1
  local parts = {}
  local now = os.time()
  for i = 1, batch do
    local ts
    if fixed then ts = 1767225600 + i else ts = now - (i * 7919) % 60 end
    parts[i] = string.format(
      '{"id":"w%d-%d-%d","contact_id":"C%06d","ts":%d,"channel":"email","kind":"opened","campaign_id":"LOAD"}',
      tid, n, i, (n * batch + i) % 5000 + 1, ts)
  end
  return wrk.format("POST", "/api/events", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, "[" .. table.concat(parts, ",") .. "]")
end

function response(status, headers, body)
  if status ~= 200 then
    print("status " .. status .. ": " .. body)
  end
end
