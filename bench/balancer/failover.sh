#!/usr/bin/env bash
# Failover under load: wrk drives Bramble in front of two nginx backends; backend 2 is stopped
# (fast shutdown, connections cut) after STOP_AT seconds and started again at START_AT. Prints the
# requests that failed (non-2xx and socket errors as wrk counts them) and how long after the
# restart backend 2 served its first request through the balancer again.
# Called by run.sh failover (JAVA, JAR, JVM_FLAGS, THREADS, TRANSPORT set there).
set -euo pipefail
DURATION=${DURATION:-24}; STOP_AT=${STOP_AT:-6}; START_AT=${START_AT:-14}; CONNECTIONS=${CONNECTIONS:-32}
work=$(mktemp -d /tmp/balancer-failover.XXXXXX)
pids=()
cleanup() {
  for f in "$work"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
B1=$(free_port); B2=$(free_port); P=$(free_port)
mkdir -p "$work/www"; head -c 1024 /dev/zero | tr '\0' x > "$work/www/index.html"; chmod -R a+rX "$work"
backend() { # name port
  cat > "$work/$1.conf" <<EOC
worker_processes 1;
pid $work/$1.pid;
error_log $work/$1.err;
events { worker_connections 4096; }
http {
  log_format t '\$msec \$request_uri';
  access_log $work/$1.access t;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$2; root $work/www; }
}
EOC
  nginx -c "$work/$1.conf"
}
backend b1 "$B1"; backend b2 "$B2"
cat > "$work/balancer.yaml" <<EOC
listen: 127.0.0.1:$P
threads: $THREADS
transport: ${TRANSPORT:-auto}
slowStart: 5s
members:
  - {name: b1, url: http://127.0.0.1:$B1}
  - {name: b2, url: http://127.0.0.1:$B2}
healthCheck: {path: /index.html, interval: 1s, timeout: 500ms, rise: 2, fall: 2}
ejection: {consecutiveErrors: 3, baseTime: 2s, maxTime: 30s}
retry: {attempts: 2, budgetPercent: 50, minConcurrent: 32}
EOC
# shellcheck disable=SC2086
$JAVA $JVM_FLAGS -jar "$JAR" balancer --config "$work/balancer.yaml" > "$work/bramble.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$P/" 2>/dev/null && break; sleep 0.2; done
wrk -t1 -c"$CONNECTIONS" -d5s "http://127.0.0.1:$P/" > /dev/null 2>&1 || true  # warm-up
wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$P/" > "$work/wrk.out" 2>&1 &
wrkpid=$!
sleep "$STOP_AT"; nginx -c "$work/b2.conf" -s stop; stopped=$(date +%s.%N)
sleep $((START_AT - STOP_AT)); : > "$work/b2.access"; nginx -c "$work/b2.conf"; started=$(date +%s.%N)
wait $wrkpid || true
first=$(awk '$2=="/"{print $1; exit}' "$work/b2.access" 2>/dev/null || true)
total=$(awk '/requests in/{print $1}' "$work/wrk.out")
non2xx=$(awk '/Non-2xx/{print $NF}' "$work/wrk.out"); non2xx=${non2xx:-0}
sockerr=$(awk -F'[ ,]+' '/Socket errors/{print $4+$6+$8+$10}' "$work/wrk.out"); sockerr=${sockerr:-0}
readmit=$( [ -n "$first" ] && echo "$first - $started" | bc -l || echo "never")
printf '%-10s %10s %10s %14s %18s\n' target requests failed socket_errors readmit_seconds
printf '%-10s %10s %10s %14s %18.2f\n' bramble "$total" "$non2xx" "$sockerr" "$readmit"
echo "(re-admission: first proxied request on backend 2 after its restart; health checks every 1s, rise 2)" >&2
echo "backend 2 down from +${STOP_AT}s to +${START_AT}s of a ${DURATION}s run at $CONNECTIONS connections; GETs only" >&2
grep -E "WARN|ejected|down after|up after" "$work/bramble.log" | sed 's/^/  log: /' | head -8 >&2
