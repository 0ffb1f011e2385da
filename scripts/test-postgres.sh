#!/usr/bin/env bash
# Runs the server's tests against a throwaway PostgreSQL on a loopback port.
#
# Installs Debian's postgresql if it is missing, creates a cluster in a temp
# dir (as the postgres user when run as root), starts it on a free port,
# runs `cargo test -p canal-server` with CANAL_TEST_DATABASE_URL pointing at
# it, and removes everything afterwards, whatever happens. Safe to rerun.
#
# Usage: scripts/test-postgres.sh [extra cargo test args]
set -euo pipefail

cd "$(dirname "$0")/.."

find_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(find_bin)" ]; then
    echo "installing postgresql (apt-get)…" >&2
    if [ "$(id -u)" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >/dev/null
    else
        sudo DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >/dev/null
    fi
fi
PGBIN="$(find_bin)"
[ -x "$PGBIN/initdb" ] || { echo "no initdb under /usr/lib/postgresql" >&2; exit 1; }

# initdb refuses to run as root: use the postgres account then.
if [ "$(id -u)" -eq 0 ]; then
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

# A free loopback port: the first that nothing answers on.
port=""
for p in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        port=$p
        break
    fi
done
[ -n "$port" ] || { echo "no free port in 55432-55532" >&2; exit 1; }

dir="$(mktemp -d /tmp/canal-pg.XXXXXX)"
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"

cleanup() {
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

as_pg "$PGBIN/initdb" -D "$dir/data" -U canal --auth=trust --locale=C -E UTF8 >/dev/null
# fsync off: the cluster is thrown away; durability is tested on SQLite.
as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null

export CANAL_TEST_DATABASE_URL="postgres://canal@127.0.0.1:$port/postgres"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
cargo test -p canal-server "$@"
