#!/usr/bin/env bash
# Installs what Canal needs on a Debian machine with rustup, skipping anything
# already present at the right version. Safe to run again and again.
#
#   scripts/setup.sh            tools to build and run (Trunk, wasm-bindgen, wasm-opt)
#   scripts/setup.sh --test     also Chromium, chromedriver and PostgreSQL for the tests
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

with_browser=0
[ "${1:-}" = "--test" ] && with_browser=1

step() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust with rustup first" >&2; exit 1; }

# Debian packages.
pkgs=(brotli nodejs npm)
[ "$with_browser" = 1 ] && pkgs+=(chromium chromium-driver fonts-liberation postgresql)
missing=()
for p in "${pkgs[@]}"; do
  if [ "$p" = nodejs ] || [ "$p" = npm ]; then command -v "${p/nodejs/node}" >/dev/null && continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The Wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# Trunk, pinned: 0.22 needs a newer rustc than this machine's.
if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  step "cargo install trunk $TRUNK_VERSION (about 11 minutes, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock. Its own lockfile
# wants a crate this registry lacks, hence no --locked.
wbg="$(wasm_bindgen_lock_version)"
[ -n "$wbg" ] || { echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
if ! grep -q "wasm_bindgen = \"$wbg\"" Trunk.toml; then
  echo "setup: Trunk.toml pins a wasm_bindgen other than Cargo.lock's $wbg; update [tools] wasm_bindgen" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
  step "cargo install wasm-bindgen-cli $wbg"
  cargo install wasm-bindgen-cli --version "$wbg" --force
fi

# From npm, exactly as locked: wasm-opt (binaryen; Debian's is too old) and
# uPlot, which Trunk copies into dist/. A changed lockfile reinstalls.
stamp=node_modules/.canal-lock-sha
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -f node_modules/uplot/dist/uPlot.iife.min.js ] \
  || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  step "npm ci (binaryen, uplot)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# Dependencies for offline builds.
cargo fetch --quiet
