#!/usr/bin/env bash
# Builds the Wasm app (Trunk, release, size-tuned profile) into dist/ and the
# `canal` server in release. Assumes scripts/setup.sh ran.
#
#   scripts/build.sh            both
#   scripts/build.sh app        only the app (the tests serve it with a debug server)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
what="${1:-all}"

if [ "$what" = all ] || [ "$what" = app ]; then
  printf '\033[1;34m[build]\033[0m %s\n' "app (trunk build --release)"
  trunk build index.html --release --offline
  # Precompressed copies; the server sends them to browsers that accept them.
  find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) \
    -exec brotli -f -q 11 {} \;
  # The performance budget (issue 5) is the app's .wasm after brotli: say it.
  for f in dist/*.wasm; do
    printf '\033[1;34m[size]\033[0m %s: %s bytes, %s brotli\n' "$f" "$(wc -c <"$f")" "$(wc -c <"$f.br")"
  done
fi
if [ "$what" = all ] || [ "$what" = server ]; then
  printf '\033[1;34m[build]\033[0m %s\n' "server (cargo build --release -p canal-server)"
  cargo build --release --offline -p canal-server
fi
