#!/usr/bin/env bash
# Release build of the app with Trunk (offline, wasm-opt applied), then the App Manager zip:
# dist/aggregate-sync-<version>.zip with manifest.webapp at its root, version from Cargo.toml.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"

version="$(app_version)"
# --dev: a debug build without wasm-opt, much faster to rebuild while iterating on e2e tests.
if [ "${1:-}" = "--dev" ]; then
  trunk build
else
  trunk build --release
  # The size budget (scripts/wasm-budget): a release wasm over it fails the build.
  "$repo_root/scripts/check-wasm-size.sh"
fi
python3 - "$version" <<'PY'
import json, pathlib, sys, zipfile
version = sys.argv[1]
dist = pathlib.Path("dist")
manifest = json.loads((dist / "manifest.webapp").read_text())
manifest["version"] = version
(dist / "manifest.webapp").write_text(json.dumps(manifest, indent=2) + "\n")
target = dist / f"aggregate-sync-{version}.zip"
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for path in sorted(dist.rglob("*")):
        if path.is_file() and path.suffix != ".zip":
            archive.write(path, path.relative_to(dist).as_posix())
print(f"wrote {target} ({target.stat().st_size} bytes)")
PY
