#!/usr/bin/env bash
# Builds the JavaScript entry point of sync-core into target/sync-core-web/ (wasm-bindgen,
# --target web): sync_core_web.js + sync_core_web_bg.wasm.
#
# The workspace release profile optimises for size (opt-level "z", for the app). The aggregation
# engine is the hot path, so this build asks for speed instead (OPT_LEVEL=z restores size).
# Honours CARGO_TARGET_DIR; needs wasm-bindgen-cli 0.2.130 (same as the wasm-bindgen crate).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
opt_level="${OPT_LEVEL:-3}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
out_dir="$root/target/sync-core-web"

if ! command -v wasm-bindgen >/dev/null; then
  echo "error: wasm-bindgen not found (cargo install wasm-bindgen-cli@0.2.130)" >&2
  exit 1
fi

if [[ "$opt_level" =~ ^[0-9]+$ ]]; then opt_value="$opt_level"; else opt_value="\"$opt_level\""; fi
cargo build --release --target wasm32-unknown-unknown -p sync-core-web \
  --config "profile.release.opt-level=$opt_value"
wasm-bindgen --target web --out-dir "$out_dir" \
  "$target_dir/wasm32-unknown-unknown/release/sync_core_web.wasm"
ls -l "$out_dir"
