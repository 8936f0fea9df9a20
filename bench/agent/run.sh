#!/usr/bin/env bash
# Agent footprint (DESIGN.md "Scale and budgets": RSS <= 32 MB over plain HTTP, < 1 % of one core at the
# default 5 s interval) against Prometheus' node_exporter on the same machine. A real center runs on
# loopback; the agent enrolls with it and heartbeats every 5 s while node_exporter is scraped every 5 s,
# as a Prometheus would. Each target runs alone (the agents share this machine's identity) and is measured
# after WARMUP seconds for DURATION seconds: RSS and PSS at the end, peak RSS (VmHWM), CPU % of one core.
# Settings (environment): DURATION (60), WARMUP (20), VARIANTS ("name=JVM FLAGS;..." agent JVM flag sets;
# the default compares the launcher's flags for `bramble agent` with the JVM's defaults), JAR.
# Needs: prometheus-node-exporter and curl (installed when missing, if run as root), a JDK >= 21.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd)
. "$here/../lib.sh"
find_java
SECONDS_=${DURATION:-60}; WARMUP=${WARMUP:-20}  # not SECONDS: bash keeps its own
JAR=${JAR:-}
if [ -z "$JAR" ]; then "$repo/bramble" --version >/dev/null; JAR="$repo/bramble-app/target/bramble.jar"; fi  # builds the jar when needed
# what ./bramble agent passes, read from the launcher so the bench measures what users run
LAUNCHER_FLAGS=$(awk -F'"' '/^  agent\)/{print $2; exit}' "$repo/bramble")
[ -n "$LAUNCHER_FLAGS" ] || { echo "could not read the agent's JVM flags from $repo/bramble (its 'agent)' case)" >&2; exit 1; }
VARIANTS=${VARIANTS:-"launcher=$LAUNCHER_FLAGS;jvm-defaults=-XX:+UseSerialGC --enable-native-access=ALL-UNNAMED"}
need=()
for bin in prometheus-node-exporter curl bc python3; do command -v "$bin" >/dev/null || need+=("$bin"); done
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    # the package starts its own node_exporter as a service where systemd runs; this bench starts its own
    if [[ " ${need[*]} " == *" prometheus-node-exporter "* ]] && command -v systemctl >/dev/null; then
      systemctl disable --now prometheus-node-exporter >/dev/null 2>&1 || true
    fi
  else
    echo "missing: ${need[*]} (apt-get install ${need[*]})" >&2; exit 2
  fi
fi

work=$(mktemp -d /tmp/bramble-agent-bench.XXXXXX); pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true  # the center writes its last state as it stops
  rm -rf "$work"
}
trap cleanup EXIT

port=$(free_port)
printf 'http:\n  port: %s\ndataDir: "%s/center"\n' "$port" "$work" > "$work/center.yaml"
BRAMBLE_ADMIN_PASSWORD=bench-password-1 BRAMBLE_LOG_LEVEL=WARN "$JAVA" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
  -jar "$JAR" center --config "$work/center.yaml" > "$work/center.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
json_field() { python3 -c 'import sys,json;print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
session=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-password-1"}' \
  "http://127.0.0.1:$port/api/v1/session" | json_field token)
join=$(curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $session" \
  -d '{"join":true,"uses":100,"name":"agent-bench"}' "http://127.0.0.1:$port/api/v1/tokens" | json_field token)

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
kb() { awk -v k="$2" '$1==k":"{print $2}' "/proc/$1/status"; }
# measure NAME PID: waits WARMUP, then DURATION, and prints one row
measure() {
  local name=$1 pid=$2 c0 c1
  sleep "$WARMUP"
  kill -0 "$pid" 2>/dev/null || { echo "$name exited during warm-up" >&2; return 1; }
  c0=$(cpu_ticks "$pid"); sleep "$SECONDS_"; c1=$(cpu_ticks "$pid")
  printf '%-20s %8.1f %8.1f %9.1f %9.2f\n' "$name" "$(echo "$(kb "$pid" VmRSS) / 1024" | bc -l)" \
    "$(echo "$(awk '/^Pss:/{print $2}' "/proc/$pid/smaps_rollup") / 1024" | bc -l)" \
    "$(echo "$(kb "$pid" VmHWM) / 1024" | bc -l)" "$(echo "($c1 - $c0) * 100 / $ticks / $SECONDS_" | bc -l)"
}

echo "machine: $(nproc) cores, $(awk -F: '/model name/{print $2; exit}' /proc/cpuinfo | sed 's/^ //'), $(uname -sr); java: $("$JAVA" -version 2>&1 | head -1)"
echo "warm-up ${WARMUP}s, measured ${SECONDS_}s; agent heartbeat every 5 s to a center on loopback, node_exporter scraped every 5 s"
printf '%-20s %8s %8s %9s %9s\n' target rss_MB pss_MB peak_MB cpu_%
IFS=';' read -ra variants <<< "$VARIANTS"
for v in "${variants[@]}"; do
  name=${v%%=*}; flags=${v#*=}
  rm -rf "$work/agent"
  # shellcheck disable=SC2086 # flags is a word list
  MALLOC_ARENA_MAX=2 BRAMBLE_JOIN_TOKEN=$join "$JAVA" $flags -jar "$JAR" agent --center "http://127.0.0.1:$port" \
    --data "$work/agent" > "$work/agent-$name.log" 2>&1 &
  pid=$!; pids+=($pid)
  measure "agent:$name" "$pid" || tail -5 "$work/agent-$name.log" >&2
  grep -q "enrolled with center\|using the saved credential\|heartbeat" "$work/agent-$name.log" \
    || { echo "agent:$name never reached the center:" >&2; tail -5 "$work/agent-$name.log" >&2; }
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  printf '  (%s: %s)\n' "$name" "$flags" >> "$work/flags"
done
ne_port=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$ne_port" > "$work/node_exporter.log" 2>&1 &
ne=$!; pids+=($ne)
( while kill -0 "$ne" 2>/dev/null; do curl -sf -o /dev/null "http://127.0.0.1:$ne_port/metrics" || true; sleep 5; done ) &
pids+=($!)
measure node_exporter "$ne"
echo "$(prometheus-node-exporter --version 2>&1 | head -1)"
cat "$work/flags"
