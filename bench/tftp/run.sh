#!/usr/bin/env bash
# TFTP benchmark: Bramble's TFTP server against tftpd-hpa on this machine, same client, same files, loopback.
#   bench/tftp/run.sh [repeats [only]]  (default 5 repeats, every scenario; needs root for tftpd-hpa's chroot, and in.tftpd + curl)
# Prints a markdown table of medians (copy it into docs/performance.md, section "TFTP").
set -euo pipefail
cd "$(dirname "$0")/../.."
REPEATS="${1:-5}"
ONLY="${2:-}"   # e.g. "12" runs scenarios 1 and 2 only, "h" the herd only; empty: everything
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
command -v in.tftpd >/dev/null || { echo "in.tftpd not found: apt-get install tftpd-hpa" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root: tftpd-hpa chroots into its directory" >&2; exit 2; }

echo "building bramble-boot and its test classpath..." >&2
./mvnw -q -B -pl bramble-boot -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bramble-boot/target/bench-cp.txt" -Dmdep.includeScope=test >&2
CP="$PWD/bramble-boot/target/test-classes:$PWD/bramble-boot/target/classes:$PWD/bramble-core/target/classes:$(cat bramble-boot/target/bench-cp.txt)"

WORK="$(mktemp -d /tmp/bramble-tftp-bench.XXXXXX)"
chmod 755 "$WORK"
BRAMBLE_PID=""
HPA_PID=""
cleanup() {
  [ -n "$BRAMBLE_PID" ] && kill "$BRAMBLE_PID" 2>/dev/null || true
  [ -n "$HPA_PID" ] && kill "$HPA_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "writing test files into $WORK..." >&2
head -c $((32 * 1024 * 1024)) /dev/urandom > "$WORK/big32.bin"
head -c $((8 * 1024 * 1024)) /dev/urandom > "$WORK/mid8.bin"
# the herd's Pi 4 boot files (sizes like a real firmware + kernel), one hard-linked set per serial for tftpd-hpa
SHARED="$WORK/shared"
mkdir -p "$SHARED/overlays"
head -c $((2 * 1024 * 1024 + 229 * 1024)) /dev/urandom > "$SHARED/start4.elf"
head -c 5400 /dev/urandom > "$SHARED/fixup4.dat"
printf 'arm_64bit=1\nenable_uart=1\n' > "$SHARED/config.txt"
printf 'console=serial0,115200 root=/dev/nfs ip=dhcp\n' > "$SHARED/cmdline.txt"
head -c 54000 /dev/urandom > "$SHARED/bcm2711-rpi-4-b.dtb"
head -c 3600 /dev/urandom > "$SHARED/overlays/overlay_map.dtb"
head -c $((8 * 1024 * 1024 + 300 * 1024)) /dev/urandom > "$SHARED/kernel8.img"
for i in $(seq 0 63); do
  serial=$(printf '%08x' $((0xb0000000 + i)))
  mkdir -p "$WORK/$serial/overlays"
  for f in start4.elf fixup4.dat config.txt cmdline.txt bcm2711-rpi-4-b.dtb kernel8.img overlays/overlay_map.dtb; do
    ln "$SHARED/$f" "$WORK/$serial/$f"
  done
done
chmod -R a+rX "$WORK"

BASE=$((20000 + RANDOM % 20000))
BRAMBLE_PORT=$BASE; HPA_PORT=$((BASE + 1)); DHCP_PORT=$((BASE + 2)); CLIENT_PORT=$((BASE + 3))

in.tftpd -L -s "$WORK" -a "127.0.0.1:$HPA_PORT" &
HPA_PID=$!
"$JAVA" -XX:+UseSerialGC -Xmx256m -cp "$CP" io.bramble.boot.bench.TftpBench server \
  --root "$WORK" --port "$BRAMBLE_PORT" --dhcp-port "$DHCP_PORT" --client-port "$CLIENT_PORT" > "$WORK/bramble.log" 2>&1 &
BRAMBLE_PID=$!
for _ in $(seq 1 100); do grep -q READY "$WORK/bramble.log" && break; sleep 0.1; done
grep -q READY "$WORK/bramble.log" || { cat "$WORK/bramble.log" >&2; exit 1; }

echo "java: $("$JAVA" -version 2>&1 | head -1); tftpd-hpa: $(dpkg-query -W -f='${Version}' tftpd-hpa 2>/dev/null || echo unknown); cores: $(nproc)" >&2
"$JAVA" -XX:+UseSerialGC -cp "$CP" io.bramble.boot.bench.TftpBench run --root "$WORK" \
  --bramble-port "$BRAMBLE_PORT" --hpa-port "$HPA_PORT" --dhcp-port "$DHCP_PORT" --client-port "$CLIENT_PORT" --repeats "$REPEATS" ${ONLY:+--only "$ONLY"}

if command -v curl >/dev/null; then
  median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
  b=$(for _ in $(seq 1 "$REPEATS"); do curl -s -o /dev/null -w '%{time_total}\n' --tftp-blksize 1468 "tftp://127.0.0.1:$BRAMBLE_PORT/big32.bin"; done | median)
  h=$(for _ in $(seq 1 "$REPEATS"); do curl -s -o /dev/null -w '%{time_total}\n' --tftp-blksize 1468 "tftp://127.0.0.1:$HPA_PORT/big32.bin"; done | median)
  echo
  echo "| client: curl $(curl --version | head -1 | cut -d' ' -f2), 1 × 32 MB, blksize 1468 | Bramble | tftpd-hpa | Bramble ÷ tftpd-hpa |"
  echo "|---|---|---|---|"
  awk -v b="$b" -v h="$h" 'BEGIN { printf "| median of %d runs | %.2f s (%.1f MB/s) | %.2f s (%.1f MB/s) | %.2f× |\n", '"$REPEATS"', b, 32/b, h, 32/h, h/b }'
fi
