-- wrk script: POST /api/events batches of BATCH unique events.
-- Each wrk thread numbers its own requests, so every event id is new and
-- the server really inserts (ingest is idempotent by id).
local token = os.getenv("CANAL_TOKEN")
local batch = tonumber(os.getenv("BATCH") or "1000")
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
  for i = 1, batch do
    parts[i] = string.format(
      '{"id":"w%d-%d-%d","contact_id":"C%06d","ts":%d,"channel":"email","kind":"opened","campaign_id":"LOAD"}',
      tid, n, i, (n * batch + i) % 5000 + 1, 1767225600 + i)
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
