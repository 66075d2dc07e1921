#!/usr/bin/env bash
# Command 1: installs missing tools, builds everything, starts two dhis2-lite instances (source
# with demo data on 8080, empty destination on 8081), installs the app into both through
# POST /api/apps, and prints where to log in. `scripts/demo.sh stop` stops the instances.
#
# The browser reaches the source at http://127.0.0.1:8080 and the destination at
# http://localhost:8081: two host names, so two cookie jars. (Cookies ignore the port: on the
# same host the two instances' JSESSIONID cookies would overwrite each other, and logging in to
# one would log the browser out of the other.) Both bind 127.0.0.1 only.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo_root"

demo_dir="$repo_root/.demo"
version="${DHIS2_VERSION:-2.41}"

stop_instances() {
  for name in source destination; do
    if [ -f "$demo_dir/$name.pid" ]; then
      kill "$(cat "$demo_dir/$name.pid")" 2>/dev/null || true
      rm -f "$demo_dir/$name.pid"
    fi
  done
}

if [ "${1:-}" = "stop" ]; then
  stop_instances
  echo "demo instances stopped"
  exit 0
fi

"$repo_root/scripts/setup.sh"
"$repo_root/scripts/build-app.sh"
cargo build --profile release-native -p dhis2-lite
lite="$repo_root/target/release-native/dhis2-lite"

mkdir -p "$demo_dir"
stop_instances
start_instance() { # name port seed
  "$lite" serve --port "$2" --data "$demo_dir/$1" --seed "$3" --dhis2-version "$version" \
    --allow-loopback-routes >"$demo_dir/$1.log" 2>&1 &
  echo $! >"$demo_dir/$1.pid"
}
start_instance source 8080 demo
start_instance destination 8081 empty

for port in 8080 8081; do
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$port/api/system/ping" -u admin:district >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS "http://127.0.0.1:$port/api/system/ping" -u admin:district >/dev/null \
    || { echo "dhis2-lite on port $port did not start: see $demo_dir/*.log"; exit 1; }
done

zip="dist/aggregate-sync-$(app_version).zip"
for port in 8080 8081; do
  curl -fsS -u admin:district -F "file=@$zip" "http://127.0.0.1:$port/api/apps" >/dev/null
done

# The URLs the browser uses (see the top of this file).
source_url="http://127.0.0.1:8080"
destination_url="http://localhost:8081"
# A direct destination is called from the app's page on the source: the destination allows
# that origin exactly as the browser sends it.
curl -fsS -u admin:district -H 'Content-Type: application/json' -d "[\"$source_url\"]" \
  "http://127.0.0.1:8081/api/configuration/corsWhitelist" >/dev/null

cat <<TXT

Aggregate Sync is running (DHIS2 $version emulated by dhis2-lite):
  source (demo data):   $source_url/api/apps/aggregate-sync/index.html
  destination (empty):  $destination_url/api/apps/aggregate-sync/index.html
  log in as admin / district on each (the login page opens first); the two host names keep
  the two logins apart in one browser
Add the destination on the source's Destinations page with the URL $destination_url
(through a route, or direct: its CORS allowlist has $source_url).
Logs: $demo_dir/*.log   Stop: scripts/demo.sh stop
TXT
