#!/usr/bin/env bash
# Fails when the app's release wasm (dist/*_bg.wasm) is larger gzipped than the budget in
# scripts/wasm-budget; prints the raw and gzipped sizes and the budget either way.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
budget="$(grep -v '^#' "$repo_root/scripts/wasm-budget" | tr -d '[:space:]')"
shopt -s nullglob
wasm=("$repo_root"/dist/*_bg.wasm)
if [ "${#wasm[@]}" -ne 1 ]; then
  echo "check-wasm-size: expected one dist/*_bg.wasm, found ${#wasm[@]} (run scripts/build-app.sh)" >&2
  exit 1
fi
raw="$(wc -c < "${wasm[0]}")"
gzipped="$(gzip -9 -c "${wasm[0]}" | wc -c)"
echo "app wasm: ${raw} bytes raw, ${gzipped} bytes gzipped; budget ${budget} bytes gzipped (scripts/wasm-budget)"
if [ "$gzipped" -gt "$budget" ]; then
  echo "check-wasm-size: the app's wasm is over its budget by $((gzipped - budget)) bytes gzipped" >&2
  exit 1
fi
