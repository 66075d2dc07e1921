#!/usr/bin/env bash
# Installs what building and testing Aggregate Sync needs, skipping whatever is already there:
# Chromium + chromedriver (Debian), the wasm32 target, trunk 0.21.14, wasm-bindgen-cli at the
# Cargo.lock version, and the npm tools (wasm-opt from binaryen 132; axe-core 4.14 for the e2e
# accessibility checks). About 13 minutes on a fresh machine,
# a few seconds after that.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"

step() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  step "installing chromium and chromedriver (Debian)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk 0.21.14" ]; then
  # 0.22 needs a newer rustc than this machine has.
  step "installing trunk 0.21.14 (about 8 minutes)"
  cargo install --locked trunk@0.21.14
fi

want_bindgen="$(wasm_bindgen_version)"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $want_bindgen" ]; then
  # Without --locked: its lockfile pins a crate version the registry mirror lacks.
  step "installing wasm-bindgen-cli $want_bindgen (about 4 minutes)"
  cargo install --force wasm-bindgen-cli@"$want_bindgen"
fi

axe_version="$(node -p "require('./node_modules/axe-core/package.json').version" 2>/dev/null || true)"
if [ "$(node_modules/.bin/wasm-opt --version 2>/dev/null || true)" != "wasm-opt version 132 (version_132)" ] \
  || [ "$axe_version" != "4.14.1" ]; then
  step "installing the npm tools (binaryen 132's wasm-opt, axe-core 4.14.1)"
  npm ci --no-audit --no-fund
fi

step "tools ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version), $(chromium --version 2>/dev/null | head -1)"
