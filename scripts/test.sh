#!/usr/bin/env bash
# Command 2: every check and test — formatting, lints, unit, integration and browser end-to-end
# tests (headless Chromium against dhis2-lite). Installs missing tools first (scripts/setup.sh).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"

"$repo_root/scripts/setup.sh"
echo "== cargo fmt --check" && cargo fmt --all --check
echo "== cargo clippy" && cargo clippy --workspace --all-targets --quiet -- -D warnings
echo "== app release build and zip" && "$repo_root/scripts/build-app.sh"
echo "== sync-core for JavaScript (target/sync-core-web)" && "$repo_root/crates/sync-core-web/build.sh"
echo "== cargo test (unit, integration, end-to-end)"
cargo test --workspace --no-fail-fast
