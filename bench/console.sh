#!/usr/bin/env bash
# Times the admin console with many connections open: starts Payara Micro with the WAR on
# 127.0.0.1 (--nohazelcast, embedded database in target/bench-console), runs ConsoleLoad
# (src/test/java/io/switchboard/bench/ConsoleLoad.java) against it, then stops the server.
# ConsoleLoad opens --connections idle logged-in connections as alice, then times the console's
# table requests, its live snapshots and, in headless Chromium (/usr/bin/chromium), the page's
# load and redraws. Results are printed (see docs/performance.md, "Admin console").
#
# Usage: bench/console.sh [--port 8080] [--connections 10000] [--rounds 5]
# Run it alone on the machine (wrap it in flock where others run servers too).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=8080
CONNECTIONS=10000
ROUNDS=5
while [ $# -gt 0 ]; do
    case "$1" in
        --port) PORT=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 1 ;;
    esac
done
OUT=target/bench-console
mkdir -p "$OUT"
mvn -B -q ${MVN_FLAGS:-} package -DskipTests
mvn -B -q ${MVN_FLAGS:-} test-compile
mvn -B -q ${MVN_FLAGS:-} dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/classpath.txt" -Dmdep.includeScope=test
CP="$PWD/target/test-classes:$PWD/target/classes:$(cat "$OUT/classpath.txt")"
LIMIT=$((CONNECTIONS + 100))
# --nohazelcast: no data grid, so no discovery of any kind; HTTP on 127.0.0.1 only (loopback.asadmin)
java -Xms1g -Xmx1g -Dswitchboard.demo-users=true -Dswitchboard.data-dir="$PWD/$OUT/data-$$" \
    -Dswitchboard.connections.max=$LIMIT -Dswitchboard.connections.max-per-user=$LIMIT \
    -Dswitchboard.connections.max-per-address=$LIMIT -Dswitchboard.login.max-per-address-per-minute=1000 \
    -jar target/payara-micro.jar --nohazelcast --disablephonehome --prebootcommandfile server-config/loopback.asadmin \
    --addlibs target/switchboard-idle-timers.jar --contextroot / --port "$PORT" --deploy target/switchboard.war >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    kill -0 $SERVER 2>/dev/null || { tail -30 "$OUT/server.log" >&2; exit 1; }
    grep -q "Payara Micro .* ready in" "$OUT/server.log" && break
    sleep 1
done
java -Xms512m -Xmx1g -cp "$CP" io.switchboard.bench.ConsoleLoad --url "http://127.0.0.1:$PORT/" \
    --connections "$CONNECTIONS" --rounds "$ROUNDS"
