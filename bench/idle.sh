#!/usr/bin/env bash
# Memory per idle connection and handshake speed: starts Payara Micro with the WAR on 127.0.0.1
# (--nohazelcast, embedded database in OUT), takes the server's live-heap class histogram and
# resident size (VmRSS), opens --connections idle logged-in connections as alice, --parallel
# handshakes at a time (`switchboard bench idle`, client/cli/target/switchboard.jar), takes both again
# with them open, then stops everything. Prints the open time, RSS and heap growth per connection
# and the classes that grew most, per connection; the histograms stay in OUT.
#
# The open time depends on what else runs on the machine; the server's CPU time while opening
# (utime + stime from /proc) depends less on it.
#
# Usage: bench/idle.sh [--port 8080] [--connections 10000] [--parallel 200] [--out DIR]
#                      [--jvm-opts "-Xms1g -Xmx1g"] [--jfr FILE] [--heap-dump FILE] [--top 25]
#   --jvm-opts  the server's JVM options (the connection caps and rate limits are added)
#   --jfr FILE  records the server (settings=profile) from its start; FILE is dumped when it stops.
#               The load's start time is printed for bench/run.sh --jfr-top FILE --since HH:MM:SS.
#   --heap-dump FILE  also dumps the live heap (hprof) with the connections open, and before them
#               to FILE without its .hprof, then -before.hprof
# Run it alone on the machine (wrap it in flock where others run servers too).
# Environment: MVN_FLAGS (e.g. "-o") is added to every Maven call; SKIP_BUILD=1 uses target/ and
# client/cli/target/ as they are (otherwise the WAR is built, and the generator's jar when older than
# its sources).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=8080
CONNECTIONS=10000
PARALLEL=200
OUT=target/bench-idle
JVM_OPTS="-Xms1g -Xmx1g"
JFR=""
DUMP=""
TOP=25
while [ $# -gt 0 ]; do
    case "$1" in
        --port) PORT=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --parallel) PARALLEL=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --jvm-opts) JVM_OPTS=$2; shift 2 ;;
        --jfr) JFR=$2; shift 2 ;;
        --heap-dump) DUMP=$2; shift 2 ;;
        --top) TOP=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 1 ;;
    esac
done
mkdir -p "$OUT"
GENERATOR=client/cli/target/switchboard.jar
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    mvn -B -q ${MVN_FLAGS:-} package -DskipTests
    if [ ! -e "$GENERATOR" ] || [ -n "$(find client/cli/src/main client/cli/pom.xml client/pom.xml -newer "$GENERATOR" -type f -print -quit)" ]; then
        mvn -B -q ${MVN_FLAGS:-} -f client/pom.xml package -DskipTests
    fi
fi
[ -e "$GENERATOR" ] || { echo "idle.sh: $GENERATOR is missing (run without SKIP_BUILD=1)" >&2; exit 1; }
LIMIT=$((CONNECTIONS + 100))
RECORD=()
[ -n "$JFR" ] && RECORD=("-XX:StartFlightRecording=filename=$JFR,settings=profile")
# shellcheck disable=SC2086
java $JVM_OPTS "${RECORD[@]}" -Dswitchboard.demo-users=true -Dswitchboard.data-dir="$PWD/$OUT/data-$$" \
    -Dswitchboard.connections.max=$LIMIT -Dswitchboard.connections.max-per-user=$LIMIT \
    -Dswitchboard.connections.max-per-address=$LIMIT -Dswitchboard.login.max-per-address-per-minute=1000 \
    -jar target/payara-micro.jar --nohazelcast --disablephonehome --prebootcommandfile server-config/loopback.asadmin \
    --addlibs target/switchboard-idle-timers.jar \
    --contextroot / --port "$PORT" --deploy target/switchboard.war >"$OUT/server.log" 2>&1 &
SERVER=$!
LOAD=""
RELEASE="$OUT/release-$$"
trap 'touch "$RELEASE"; [ -n "$LOAD" ] && wait $LOAD 2>/dev/null; kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -f "$RELEASE"' EXIT
for _ in $(seq 1 120); do
    kill -0 $SERVER 2>/dev/null || { tail -30 "$OUT/server.log" >&2; exit 1; }
    grep -q "Payara Micro .* ready in" "$OUT/server.log" && break
    sleep 1
done

rss() { awk '/^VmRSS/ { print $2 }' /proc/$SERVER/status; }
# The server's CPU time so far in clock ticks (utime + stime; the command name holds no spaces: "java").
cpu() { awk '{ print $14 + $15 }' /proc/$SERVER/stat; }
TICKS=$(getconf CLK_TCK)
jcmd $SERVER GC.run >/dev/null
jcmd $SERVER GC.class_histogram >"$OUT/histogram-before.txt"
[ -n "$DUMP" ] && jcmd $SERVER GC.heap_dump "${DUMP%.hprof}-before.hprof" >/dev/null
RSS_BEFORE=$(rss)

CPU_BEFORE=$(cpu)
echo "load started at $(date +%H:%M:%S)"
java -Xms512m -Xmx1g -jar "$GENERATOR" bench idle --url "ws://127.0.0.1:$PORT/ws" --no-progress --timeout 10m \
    --connections "$CONNECTIONS" --parallel "$PARALLEL" --hold-until "$RELEASE" --hold-seconds 600 >"$OUT/load.log" 2>&1 &
LOAD=$!
for _ in $(seq 1 600); do
    grep -q '^opened ' "$OUT/load.log" && break
    kill -0 $LOAD 2>/dev/null || { cat "$OUT/load.log" >&2; exit 1; }
    sleep 1
done
CPU_OPEN=$(( $(cpu) - CPU_BEFORE ))
grep '^opened ' "$OUT/load.log"
echo "load opened at $(date +%H:%M:%S); server CPU while opening: $(awk -v t=$CPU_OPEN -v hz=$TICKS -v n=$CONNECTIONS \
    'BEGIN { printf "%.1f s, %.2f ms per connection", t / hz, t / hz * 1000 / n }')"
jcmd $SERVER GC.run >/dev/null
jcmd $SERVER GC.class_histogram >"$OUT/histogram-after.txt"
RSS_AFTER=$(rss)
[ -n "$DUMP" ] && jcmd $SERVER GC.heap_dump "$DUMP" >/dev/null && echo "heap dump: $DUMP"
touch "$RELEASE"
wait $LOAD || true
LOAD=""
cat "$OUT/load.log" | grep -v '^opened '

echo "server VmRSS: before $RSS_BEFORE kB, after $RSS_AFTER kB: $(( (RSS_AFTER - RSS_BEFORE) * 1024 / CONNECTIONS )) bytes per connection"
awk -v N="$CONNECTIONS" -v TOP="$TOP" '
    FNR == 1 { file++ }
    $1 ~ /^[0-9]+:$/ { name = $4; if (file == 1) { bi[name] = $2; bb[name] = $3 } else { ai[name] = $2; ab[name] = $3 } }
    $1 == "Total" { if (file == 1) tb = $3; else ta = $3 }
    END {
        printf "live heap: before %.1f MB, after %.1f MB: %.0f bytes per connection\n", tb / 1e6, ta / 1e6, (ta - tb) / N
        for (c in ab) { d = ab[c] - bb[c]; if (d > 0) print d, ai[c] - bi[c], c }
    }' "$OUT/histogram-before.txt" "$OUT/histogram-after.txt" | {
    read -r line; echo "$line"
    echo "classes that grew most, per connection (bytes, instances):"
    sort -rn | awk -v T="$TOP" 'NR <= T' | awk -v N="$CONNECTIONS" '{ printf "  %8.0f B %7.2f  %s\n", $1 / N, $2 / N, $3 }'
}
