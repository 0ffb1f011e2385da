#!/usr/bin/env bash
# Load test of a release `canal serve` on loopback, bounded in time.
#
# 1. batched ingest: wrk POSTs batches of 1,000 new events (4 connections,
#    DURATION seconds); events/s is counted from the database, not trusted
#    from the client;
# 2. reads: GET /api/contacts?limit=50 with 50 concurrent connections,
#    DURATION seconds; wrk prints the latency percentiles (p99 is the target).
#
# Uses Debian's wrk (installed with apt-get if missing) and a throwaway SQLite
# database with the demo data set. Usage: scripts/load.sh [DURATION=15]
# With PERF_DIR=dir, each phase is also recorded with `perf record --call-graph dwarf` into
# dir/ingest.data and dir/reads.data (inspect with `perf report -i`).
# CANAL_BIN=path runs that binary instead of building this tree (A/B runs).
# INGEST_TS=fixed sends the same 1,000 timestamps in every batch (the load of
# sessions 10-12) instead of a live feed's recent ones (scripts/load/ingest.lua).
# INGEST_ONLY=1 skips the reads phase.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}"

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi
fi
if [ -n "${CANAL_BIN:-}" ]; then
    bin="$CANAL_BIN"
else
    cargo build --release -p canal-server >&2
    bin="${CARGO_TARGET_DIR:-$PWD/target}/release/canal"
fi

dir="$(mktemp -d /tmp/canal-load.XXXXXX)"
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

db="sqlite://$dir/canal.db"
port=""
for p in $(seq 18080 18180); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
token="$("$bin" user add --database "$db" --email load@example.com --password load-test-pw --token load | tail -n 1)"

start=$(date +%s.%N)
RUST_LOG=warn "$bin" serve --addr "127.0.0.1:$port" --database "$db" --dist /nonexistent --demo >"$dir/serve.log" 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/api/health" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/serve.log"; exit 1; }
    sleep 0.2
done
echo "demo data loaded and serving after $(echo "$(date +%s.%N) - $start" | bc) s"

# Server CPU time in 1/100 s: on a shared machine, throughput per CPU-second
# says more about the code than wall-clock figures.
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }

perf_pid=""
perf_start() {
    if [ -n "${PERF_DIR:-}" ]; then
        mkdir -p "$PERF_DIR"
        perf record -q -F 499 --call-graph dwarf,16384 -p "$pid" -o "$PERF_DIR/$1.data" >/dev/null 2>&1 &
        perf_pid=$!
    fi
}
perf_stop() {
    if [ -n "$perf_pid" ]; then kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; perf_pid=""; fi
}

count() {
    curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/events?limit=1" |
        sed -E 's/.*"total":([0-9]+).*/\1/'
}

echo
echo "== batched ingest: POST /api/events, 1,000 events per request, 4 connections, ${duration}s, ${INGEST_TS:-recent} timestamps"
before=$(count)
perf_start ingest
c0=$(ticks)
t0=$(date +%s.%N)
CANAL_TOKEN="$token" BATCH=1000 wrk -t2 -c4 -d"${duration}s" --latency -s scripts/load/ingest.lua \
    "http://127.0.0.1:$port" | grep -E 'Requests/sec|Latency|99%|requests in|Non-2xx'
t1=$(date +%s.%N)
perf_stop
after=$(count)
c1=$(ticks)
echo "events stored: $((after - before)) in $(echo "$t1 - $t0" | bc) s = $(echo "($after - $before) / ($t1 - $t0)" | bc) events/s"
echo "server CPU: $(echo "scale=2; ($c1 - $c0) / 100" | bc) s = $(echo "($after - $before) * 100 / ($c1 - $c0)" | bc) events per CPU-second"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

[ -n "${INGEST_ONLY:-}" ] && exit 0
echo
echo "== reads: GET /api/contacts?limit=50, 50 connections, ${duration}s"
perf_start reads
c0=$(ticks)
wrk -t2 -c50 -d"${duration}s" --latency -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/api/contacts?limit=50" | tee "$dir/reads.txt" | grep -E 'Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx'
c1=$(ticks)
perf_stop
n=$(grep 'requests in' "$dir/reads.txt" | awk '{print $1}')
echo "server CPU: $(echo "scale=2; ($c1 - $c0) / 100" | bc) s = $(echo "$n * 100 / ($c1 - $c0)" | bc) requests per CPU-second"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
