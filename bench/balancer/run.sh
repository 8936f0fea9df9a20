#!/usr/bin/env bash
# Bramble's balancer against Apache mod_proxy_balancer, nginx and HAProxy on the same two nginx
# backends, in one run (../shared/bench/balancer-peers.sh does the peers and the table).
#
# Usage: bench/balancer/run.sh            throughput table (ROUNDS, DURATION, CONNECTIONS, WARMUP as in balancer-peers.sh)
#        bench/balancer/run.sh failover   failover run: stop one backend under load, count failures, time to re-admit
# Needs: nginx apache2 haproxy wrk (installed by balancer-peers.sh when run as root), a JDK >= 21.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
peers=${BALANCER_PEERS:-$repo/../shared/bench/balancer-peers.sh}
[ -x "$peers" ] || peers=/work/shared/bench/balancer-peers.sh
jar=$repo/bramble-app/target/bramble.jar

if [ -z "${JAVA_HOME:-}" ]; then
  for j in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do [ -x "$j/bin/java" ] && JAVA_HOME=$j && break; done
fi
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [ ! -f "$jar" ] || [ -n "${REBUILD:-}" ]; then
  # drop the old jars first: otherwise the jar plugin finds bramble.jar up to date, and the shade
  # plugin merges the previous shaded classes over the freshly built modules (first copy wins)
  rm -f "$repo"/bramble-app/target/*.jar
  (cd "$repo" && JAVA_HOME=$JAVA_HOME ./mvnw -q -B -pl bramble-app -am package -DskipTests)
fi

# One event loop: on a small machine the balancer shares the cores with the backends and wrk,
# and a single loop with pooled keep-alive connections does the most work per cycle.
# SerialGC and a small fixed heap: the proxy allocates little and short-lived, so pauses are tiny.
# PerMethodTrapLimit=0 as ./bramble balancer passes it: without it each round that starts after the member pool
# aged out (30 s idle; Bramble sits 32 s between rounds here) first deoptimises the hot path (docs/performance.md).
JVM_FLAGS=${JVM_FLAGS:-"-XX:+UseSerialGC -XX:PerMethodTrapLimit=0 -Xms64m -Xmx64m -XX:+AlwaysPreTouch -XX:-UsePerfData -Xss512k \
 -Dio.netty.leakDetection.level=disabled -Dio.netty.buffer.checkBounds=false -Dio.netty.buffer.checkAccessible=false \
 --enable-native-access=ALL-UNNAMED"}
THREADS=${THREADS:-1}
# The JIT needs a while on a busy 2-core machine (C2 shares the cores with the load); every target
# gets the same warm-up in balancer-peers.sh.
export WARMUP=${WARMUP:-20}
METHOD=${METHOD:-byrequests}
# auto = io_uring where the kernel allows it, else epoll (TRANSPORT=epoll measures the fallback)
TRANSPORT=${TRANSPORT:-auto}

echo "machine: $(nproc) cores, $(awk -F: '/model name/{print $2; exit}' /proc/cpuinfo | sed 's/^ //'), $(uname -sr)"
echo "java: $("$java" -version 2>&1 | head -1)"
echo "bramble flags: $JVM_FLAGS --threads $THREADS --method $METHOD --transport $TRANSPORT"

if [ "${1:-}" = failover ]; then
  exec env JAVA="$java" JAR="$jar" JVM_FLAGS="$JVM_FLAGS" THREADS="$THREADS" TRANSPORT="$TRANSPORT" "$here/failover.sh"
fi

export BRAMBLE_BALANCER_CMD="$java $JVM_FLAGS -jar $jar balancer --threads $THREADS --method $METHOD --transport $TRANSPORT --listen 127.0.0.1:{port} --member http://{b1} --member http://{b2}"
exec "$peers"
