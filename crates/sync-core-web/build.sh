#!/usr/bin/env bash
# Builds the JavaScript entry point of sync-core into target/sync-core-web/ (wasm-bindgen,
# --target web): sync_core_web.js + sync_core_web_bg.wasm.
#
# The workspace release profile optimises for size (opt-level "z", for the app). The aggregation
# engine is the hot path, so this build asks for speed instead (OPT_LEVEL=z restores size).
# PROFILE=app builds it as the app's own build does instead, into target/sync-core-web-app/: the
# workspace release profile with its per-crate opt-levels, then `wasm-opt -Oz` as Trunk runs it,
# so the benchmark measures the aggregation the app ships.
# WebAssembly SIMD (simd128) comes from .cargo/config.toml, as for the app.
# Honours CARGO_TARGET_DIR; needs wasm-bindgen-cli 0.2.130 (same as the wasm-bindgen crate).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# shellcheck source=../../scripts/env.sh
source scripts/env.sh
opt_level="${OPT_LEVEL:-3}"
profile="${PROFILE:-speed}"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
wasm="$target_dir/wasm32-unknown-unknown/release/sync_core_web.wasm"

if ! command -v wasm-bindgen >/dev/null; then
  echo "error: wasm-bindgen not found (cargo install wasm-bindgen-cli@0.2.130)" >&2
  exit 1
fi

if [ "$profile" = app ]; then
  out_dir="$root/target/sync-core-web-app"
  cargo build --release --target wasm32-unknown-unknown -p sync-core-web
  wasm-bindgen --target web --out-dir "$out_dir" "$wasm"
  wasm-opt -Oz "$out_dir/sync_core_web_bg.wasm" -o "$out_dir/sync_core_web_bg.wasm"
else
  out_dir="$root/target/sync-core-web"
  if [[ "$opt_level" =~ ^[0-9]+$ ]]; then opt_value="$opt_level"; else opt_value="\"$opt_level\""; fi
  cargo build --release --target wasm32-unknown-unknown -p sync-core-web \
    --config "profile.release.opt-level=$opt_value"
  wasm-bindgen --target web --out-dir "$out_dir" "$wasm"
fi
ls -l "$out_dir"
