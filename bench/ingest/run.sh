#!/usr/bin/env bash
# Ingest benchmark (issue: dashboard, item 10): 1,000 / 5,000 / 10,000 simulated nodes heartbeating
# every 5 s against one center on this machine. Prints heartbeats/s achieved, p50/p99 latency, the
# center's CPU and RSS. Settings (environment): LEVELS ("1000 5000 10000"), SECONDS (60),
# CENTER_OPTS (JVM flags of the center, default -XX:+UseSerialGC -Xmx1g).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd)
LEVELS=${LEVELS:-"1000 5000 10000"}; SECONDS_=${SECONDS:-60}
CENTER_OPTS=${CENTER_OPTS:--XX:+UseSerialGC -Xmx1g}
"$repo/bramble" --version >/dev/null   # builds the jar when needed and finds the JDK
JAVA=
for c in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
  [ -x "$c/bin/java" ] || continue
  v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2; exit}')
  if [ "${v%%.*}" -ge 21 ] 2>/dev/null; then JAVA="$c/bin/java"; break; fi
done
[ -n "$JAVA" ] || { echo "no JDK >= 21 found" >&2; exit 1; }
jar="$repo/bramble-app/target/bramble.jar"
work=$(mktemp -d /tmp/bramble-ingest.XXXXXX)
trap 'kill $(cat "$work"/pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
printf '%-7s %10s %12s %8s %8s %7s %8s %8s %9s\n' nodes target/s achieved/s p50_ms p99_ms errors cpu_% rss_MB enroll_s
for n in $LEVELS; do
  port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  rm -rf "$work/data"; mkdir -p "$work/data"
  printf 'http:\n  port: %s\ndataDir: "%s/data"\nhealth:\n  staleAfter: 30s\n  downAfter: 2m\n' "$port" "$work" > "$work/center.yaml"
  BRAMBLE_ADMIN_PASSWORD=bench-password-1 BRAMBLE_LOG_LEVEL=WARN "$JAVA" $CENTER_OPTS --enable-native-access=ALL-UNNAMED \
    -jar "$jar" center --config "$work/center.yaml" > "$work/center.log" 2>&1 &
  echo $! > "$work/pid"
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  line=$("$JAVA" -Xmx2g -cp "$jar" "$here/IngestBench.java" "http://127.0.0.1:$port" "$(cat "$work/pid")" bench-password-1 "$n" "$SECONDS_" 2>"$work/bench.err" | grep '^RESULT' || true)
  grep -m3 'heartbeat failed' "$work/bench.err" >&2 || true
  if [ -z "$line" ]; then echo "level $n failed:"; tail -20 "$work/bench.err"; tail -20 "$work/center.log"; exit 1; fi
  eval "$(echo "${line#RESULT }" | tr ' ' '\n' | sed 's/^/r_/')"
  printf '%-7s %10s %12s %8s %8s %7s %8s %8s %9s\n' "$n" "$r_target_hb_s" "$r_achieved_hb_s" "$r_p50_ms" "$r_p99_ms" "$r_errors" "$r_center_cpu_pct" "$r_center_rss_mb" "$r_enroll_s"
  kill "$(cat "$work/pid")"; wait "$(cat "$work/pid")" 2>/dev/null || true
done
