#!/usr/bin/env bash
# Ingest benchmark (issue: dashboard, item 10): 1,000 / 5,000 / 10,000 simulated nodes heartbeating
# every 5 s against one center on this machine, each node over its own keep-alive connection (as the
# agent does). Prints heartbeats/s achieved, p50/p99/max latency, errors, the center's CPU and RSS,
# the generator's own CPU, and the load average when the level started.
# Settings (environment): LEVELS ("1000 5000 10000"), DURATION (30 s), CENTER_OPTS (JVM flags of the
# center, default -XX:+UseSerialGC -Xmx1g), JAR (another bramble.jar to measure, e.g. an older build),
# CENTER_CPUS / GEN_CPUS (taskset CPU lists to pin the center and the generator, e.g. 0 and 1),
# JFR=/path/prefix (record a JFR profile of the center during the measurement), PERF=1 (count the center's syscalls and fsyncs with `perf stat` during the measurement).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd)
LEVELS=${LEVELS:-"1000 5000 10000"}; SECONDS_=${DURATION:-30}  # not SECONDS: bash keeps its own SECONDS (time since the shell started)
CENTER_OPTS=${CENTER_OPTS:--XX:+UseSerialGC -Xmx1g}
JAR=${JAR:-}
if [ -z "$JAR" ]; then "$repo/bramble" --version >/dev/null; JAR="$repo/bramble-app/target/bramble.jar"; fi  # builds the jar when needed
. "$here/../lib.sh"
find_java
pin_center=(); pin_gen=()
[ -n "${CENTER_CPUS:-}" ] && pin_center=(taskset -c "$CENTER_CPUS")
[ -n "${GEN_CPUS:-}" ] && pin_gen=(taskset -c "$GEN_CPUS")
work=$(mktemp -d /tmp/bramble-ingest.XXXXXX)
trap 'kill $(cat "$work"/pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
# the generator is compiled once, not at every level
mkdir -p "$work/gen"; "${JAVA%/java}/javac" -nowarn -d "$work/gen" -cp "$JAR" "$here/IngestBench.java"
printf '%-7s %9s %10s %7s %7s %7s %6s %7s %7s %7s %8s %8s %s\n' nodes target/s achieved/s p50_ms p99_ms max_ms errors skipped cpu_% rss_MB gen_cpu_% enroll_s load_avg
for n in $LEVELS; do
  port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  rm -rf "$work/data"; mkdir -p "$work/data"
  printf 'http:\n  port: %s\ndataDir: "%s/data"\nhealth:\n  staleAfter: 30s\n  downAfter: 2m\n' "$port" "$work" > "$work/center.yaml"
  BRAMBLE_ADMIN_PASSWORD=bench-password-1 BRAMBLE_LOG_LEVEL=WARN ${pin_center[@]+"${pin_center[@]}"} "$JAVA" $CENTER_OPTS --enable-native-access=ALL-UNNAMED \
    -jar "$JAR" center --config "$work/center.yaml" > "$work/center.log" 2>&1 &
  echo $! > "$work/pid"
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  loadavg=$(cut -d' ' -f1-3 /proc/loadavg)
  if [ "${PERF:-}" = 1 ]; then
    # counts during the measured window: it starts after enrollment and warm-up (the generator prints MEASURE)
    ( while ! grep -q '^MEASURE' "$work/bench.out" 2>/dev/null; do sleep 0.2; done
      perf stat -x, -e 'raw_syscalls:sys_enter,syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync,syscalls:sys_enter_pwrite64,syscalls:sys_enter_write,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_pread64,syscalls:sys_enter_futex,syscalls:sys_enter_read' \
        -p "$(cat "$work/pid")" -- sleep "$SECONDS_" 2> "$work/perf.txt" ) &
    perf_pid=$!
  fi
  if [ -n "${JFR:-}" ]; then
    # a profile of the center (CPU samples, allocations, locks) over the measured window, to $JFR-<nodes>.jfr
    ( while ! grep -q '^MEASURE' "$work/bench.out" 2>/dev/null; do sleep 0.2; done
      "${JAVA%/java}/jcmd" "$(cat "$work/pid")" JFR.start settings=profile duration="${SECONDS_}s" filename="$JFR-$n.jfr" >/dev/null ) &
  fi
  ${pin_gen[@]+"${pin_gen[@]}"} "$JAVA" -XX:+UseSerialGC -Xmx1g -cp "$work/gen:$JAR" IngestBench "http://127.0.0.1:$port" "$(cat "$work/pid")" bench-password-1 "$n" "$SECONDS_" \
    > "$work/bench.out" 2>"$work/bench.err" || true
  line=$(grep '^RESULT' "$work/bench.out" || true)
  grep -m3 'error' "$work/bench.err" >&2 || true
  grep -h 'histogram' "$work/bench.err" >&2 || true
  if [ -z "$line" ]; then echo "level $n failed:"; tail -20 "$work/bench.err"; tail -20 "$work/center.log"; exit 1; fi
  eval "$(echo "${line#RESULT }" | tr ' ' '\n' | sed 's/^/r_/')"
  printf '%-7s %9s %10s %7s %7s %7s %6s %7s %7s %7s %8s %8s %s\n' "$n" "$r_target_hb_s" "$r_achieved_hb_s" "$r_p50_ms" "$r_p99_ms" "$r_max_ms" "$r_errors" \
    "$r_skipped" "$r_center_cpu_pct" "$r_center_rss_mb" "$r_gen_cpu_pct" "$r_enroll_s" "$loadavg"
  if [ "${PERF:-}" = 1 ]; then wait "$perf_pid"; awk -F, -v s="$SECONDS_" '$1 ~ /^[0-9]+$/ {printf "  center %s: %.0f/s\n", $3, $1 / s}' "$work/perf.txt"; fi
  kill "$(cat "$work/pid")"; wait "$(cat "$work/pid")" 2>/dev/null || true
done
