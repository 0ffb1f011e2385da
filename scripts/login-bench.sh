#!/usr/bin/env bash
# Times GET /api/metrics/summary of a release `canal serve` on a fresh demo
# database: the first call (loads the data set), a cached one, and one after
# each of three more logins (a login writes a session row, not data).
# Usage: scripts/login-bench.sh [BIN=target/release/canal] [PORT=18080]
set -uo pipefail
bin="${1:-target/release/canal}"; port="${2:-18080}"; d=$(mktemp -d)
$bin serve --addr 127.0.0.1:$port --database sqlite://$d/canal.db --dist /nonexistent --demo >$d/log 2>&1 &
pid=$!
for i in $(seq 600); do curl -sf http://127.0.0.1:$port/api/health >/dev/null && break; sleep 0.5; done
login() { curl -s -c $d/jar -b $d/jar -H 'content-type: application/json' -H "origin: http://127.0.0.1:$port" -d '{"email":"demo@example.com","password":"canal-demo"}' http://127.0.0.1:$port/api/auth/login -o /dev/null -w '%{http_code}'; }
t() { curl -s -b $d/jar -o /dev/null -w "%{http_code} %{time_total}" http://127.0.0.1:$port/api/metrics/summary; }
echo "login $(login)"
echo "summary cold: $(t)"
echo "summary warm: $(t)"
for k in 1 2 3; do l=$(login); echo "after login $k ($l): $(t)"; done
kill $pid; wait $pid 2>/dev/null; rm -rf $d
