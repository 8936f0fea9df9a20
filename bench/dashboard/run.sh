#!/usr/bin/env bash
# Dashboard first paint with NODES (1000) placed nodes, in headless Chromium (Debian's chromium).
# Prints first contentful paint and the time until every tile is drawn, median of LOADS (5) loads.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd)
NODES=${NODES:-1000}; LOADS=${LOADS:-5}
command -v chromium >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq chromium >/dev/null; }
. "$here/../lib.sh"
find_java
cd "$repo"
# one reactor run, so the modules resolve to their freshly compiled classes
./mvnw -q -B -pl bramble-center,bramble-agent -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
cp="bramble-center/target/test-classes:bramble-center/target/classes:bramble-agent/target/classes:$(cat bramble-center/target/bench-cp.txt)"
mkdir -p target/bench-xdg
line=$(PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 XDG_CONFIG_HOME="$repo/target/bench-xdg" XDG_CACHE_HOME="$repo/target/bench-xdg" \
  "$JAVA" -cp "$cp" "$here/FirstPaint.java" "$NODES" "$LOADS" 2>/tmp/bramble-firstpaint.err | grep '^RESULT' || true)
[ -n "$line" ] || { tail -30 /tmp/bramble-firstpaint.err >&2; exit 1; }
eval "$(echo "${line#RESULT }" | tr ' ' '\n' | sed 's/^/r_/')"
printf '%-7s %6s %16s %13s %22s %19s\n' nodes loads fcp_median_ms fcp_max_ms all_tiles_median_ms all_tiles_max_ms
printf '%-7s %6s %16s %13s %22s %19s\n' "$r_nodes" "$r_loads" "$r_fcp_median_ms" "$r_fcp_max_ms" "$r_all_tiles_median_ms" "$r_all_tiles_max_ms"
