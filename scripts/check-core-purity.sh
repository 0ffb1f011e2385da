#!/usr/bin/env bash
# Fails if crates/core's normal dependency tree (native or wasm32) contains
# anything that ties it to a browser, an async runtime or a server.
set -euo pipefail
cd "$(dirname "$0")/.."
forbidden='^(wasm-bindgen|web-sys|js-sys|yew|gloo|tokio|axum|hyper)( |$)'
status=0
for target in "" "--target wasm32-unknown-unknown"; do
  # shellcheck disable=SC2086
  found="$(cargo tree -q -p canal-core -e normal --prefix none $target | grep -E "$forbidden" | sort -u || true)"
  if [ -n "$found" ]; then
    echo "crates/core must stay pure, but its tree ${target:-(native)} has:" >&2
    echo "$found" >&2
    status=1
  fi
done
[ "$status" = 0 ] && echo "crates/core is pure: none of wasm-bindgen, web-sys, js-sys, yew, gloo, tokio, axum, hyper"
exit "$status"
