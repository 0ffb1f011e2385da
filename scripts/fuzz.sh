#!/usr/bin/env bash
# Fuzzes the CSV importer with cargo-fuzz (libFuzzer + AddressSanitizer) for a bounded time.
#   scripts/fuzz.sh [SECONDS]      default 60; crashes land in crates/core/fuzz/artifacts/import/
# cargo-fuzz wants nightly-only flags (-Zsanitizer); this machine has only the stable toolchain,
# and RUSTC_BOOTSTRAP=1 lets that same compiler accept them. The test command does not call this
# (CI runs the importer's random-bytes proptest instead); run it after changing crates/core/src/import/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
seconds="${1:-60}"
CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi
corpus=crates/core/fuzz/corpus/import
mkdir -p "$corpus"
# Seed with the awkward-CSV corpus; the target's first byte picks the table kind and head size.
for f in crates/core/tests/corpus/*.csv crates/core/tests/corpus/*.txt crates/core/tests/corpus/*.gz; do
  seed="$corpus/seed-$(basename "$f")"
  [ -e "$seed" ] || { printf '\x00' >"$seed"; cat "$f" >>"$seed"; }
done
cd crates/core
RUSTC_BOOTSTRAP=1 cargo fuzz run import "fuzz/corpus/import" -- -max_total_time="$seconds" -max_len=65536 -timeout=10
