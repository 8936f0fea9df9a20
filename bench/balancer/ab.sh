#!/usr/bin/env bash
# A/B runs of the balancer: HAProxy and one or more Bramble variants (JVM flags and balancer arguments) behind the same
# two nginx backends, measured in interleaved rounds so each round's noise hits every target alike. Prints, per round
# and target, req/s, CPU per request (user + system from /proc, µs) and wrk's 50/90/99 % latency, then the medians.
#
# Usage: VARIANTS="name=JVM FLAGS|BALANCER ARGS;name2=...|..." bench/balancer/ab.sh
#   e.g. VARIANTS="base=|;pooled=-Dio.netty.allocator.type=pooled|" ROUNDS=7 bench/balancer/ab.sh
#   Every variant starts from run.sh's flags, -XX:PerMethodTrapLimit=0 included; the JVM's default back is
#   VARIANTS="with=|;without=-XX:PerMethodTrapLimit=100|" (a later flag wins).
# Settings: ROUNDS (5), DURATION (8 s), CONNECTIONS (32), WARMUP (20 s per target), JAR (bramble-app/target/bramble.jar),
# DIRECT=1 (also measure the first backend without a proxy, for the latency a proxy adds; its CPU column shows nginx's).
# Needs nginx, haproxy, wrk, curl, bc (bench/balancer/run.sh installs them) and a JDK >= 21.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); repo=$(cd "$here/../.." && pwd)
ROUNDS=${ROUNDS:-5}; DURATION=${DURATION:-8}; CONNECTIONS=${CONNECTIONS:-32}; WARMUP=${WARMUP:-20}
JAR=${JAR:-$repo/bramble-app/target/bramble.jar}
VARIANTS=${VARIANTS:-"base=|"}
[ -f "$JAR" ] || { echo "no $JAR: build it first (./bramble --version)" >&2; exit 1; }
for bin in nginx haproxy wrk curl bc; do command -v "$bin" >/dev/null || { echo "missing $bin (apt-get install $bin)" >&2; exit 2; }; done
. "$here/../lib.sh"
find_java
# the flags bench/balancer/run.sh gives Bramble; a variant's flags come after them
BASE_FLAGS="-XX:+UseSerialGC -Xms64m -Xmx64m -XX:+AlwaysPreTouch -XX:-UsePerfData -Xss512k -Dio.netty.leakDetection.level=disabled \
 -Dio.netty.buffer.checkBounds=false -Dio.netty.buffer.checkAccessible=false --enable-native-access=ALL-UNNAMED -XX:PerMethodTrapLimit=0"

work=$(mktemp -d /tmp/balancer-ab.XXXXXX); pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for f in "$work"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

B1=$(free_port); B2=$(free_port); PH=$(free_port)
mkdir -p "$work/www"; head -c 1024 /dev/zero | tr '\0' x > "$work/www/index.html"; chmod -R a+rX "$work"
cat > "$work/backend.conf" <<EOF
worker_processes 1; pid $work/backend.pid; error_log $work/backend.err; events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$B1; root $work/www; } server { listen 127.0.0.1:$B2; root $work/www; } }
EOF
printf 'global\n  nbthread 1\n  maxconn 4000\n  pidfile %s/haproxy.pid\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n  http-reuse safe\nfrontend fe\n  bind 127.0.0.1:%s\n  default_backend workers\nbackend workers\n  balance roundrobin\n  server w1 127.0.0.1:%s\n  server w2 127.0.0.1:%s\n' \
  "$work" "$PH" "$B1" "$B2" > "$work/haproxy.cfg"
nginx -c "$work/backend.conf"
haproxy -D -f "$work/haproxy.cfg"
sleep 0.5
declare -A PID
PID[haproxy]=$(cat "$work/haproxy.pid")
targets=("haproxy=$PH")
if [ "${DIRECT:-}" = 1 ]; then PID[direct]=$(pgrep -P "$(cat "$work/backend.pid")" | head -1); targets=("direct=$B1" "${targets[@]}"); fi
IFS=';' read -ra variants <<< "$VARIANTS"
for v in "${variants[@]}"; do
  name=${v%%=*}; rest=${v#*=}; flags=${rest%%|*}; args=${rest#*|}
  port=$(free_port)
  # shellcheck disable=SC2086 # flags and args are word lists
  "$JAVA" $BASE_FLAGS $flags -jar "$JAR" balancer --threads 1 --method byrequests --listen "127.0.0.1:$port" \
    --member "http://127.0.0.1:$B1" --member "http://127.0.0.1:$B2" $args > "$work/$name.log" 2>&1 &
  pids+=($!); PID[$name]=$!; targets+=("$name=$port")
done
for t in "${targets[@]}"; do
  port=${t#*=}
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.2; done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/" || { echo "${t%%=*} does not answer"; tail -20 "$work/${t%%=*}.log" 2>/dev/null; exit 1; }
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$port/" >/dev/null 2>&1 || true
done
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}'; }
printf '%-5s %-10s %9s %13s %7s %7s %7s\n' round target req/s cpu_us/req p50_ms p90_ms p99_ms
declare -A all_rps all_p99
for r in $(seq 1 "$ROUNDS"); do
  for t in "${targets[@]}"; do
    name=${t%%=*}; c0=$(cpu_ticks "${PID[$name]}")
    out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:${t#*=}/" 2>&1)
    c1=$(cpu_ticks "${PID[$name]}")
    n=$(awk '/requests in/{print $1}' <<<"$out"); rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
    p50=$(awk '$1=="50%"{print $2}' <<<"$out" | to_ms); p90=$(awk '$1=="90%"{print $2}' <<<"$out" | to_ms); p99=$(awk '$1=="99%"{print $2}' <<<"$out" | to_ms)
    ticks=$(getconf CLK_TCK)
    printf '%-5s %-10s %9.0f %13.1f %7.2f %7.2f %7.2f\n' "$r" "$name" "$rps" "$(echo "($c1 - $c0) * 1000000 / $ticks / $n" | bc -l)" "$p50" "$p90" "$p99"
    all_rps[$name]+="$rps "; all_p99[$name]+="$p99 "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END{print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo; printf '%-10s %12s %14s\n' target median_req/s median_p99_ms
for t in "${targets[@]}"; do
  name=${t%%=*}
  printf '%-10s %12.0f %14.2f\n' "$name" "$(median <<<"${all_rps[$name]}")" "$(median <<<"${all_p99[$name]}")"
done
