#!/usr/bin/env bash
# Switchboard beside a reference Node `ws` hub, under one load generator: starts Switchboard
# (Payara Micro, the WAR, on 127.0.0.1), runs each workload against it, stops it; starts the
# reference hub (bench/node/hub.js), runs the same workloads, stops it; then prints one markdown
# table, workload | Node ws hub | Switchboard | Switchboard/Node. The load generator is
# bench/node/load.js (Node and the `ws` client, the same generator for both servers: --procs Node
# processes in echo, fan-out and latency, one in idle and publish); it logs in to Switchboard as
# the demo user alice, checks every reply and delivery, and prints a RESULT line.
#
# Usage: bench/compare.sh [options]
#
# Workloads (--only takes a comma-separated list of these names):
#   echo       100 connections, 10 echo requests in flight each, --seconds after a 3 s warm-up:
#              round trips/s, round-trip p50 and p99
#   fanout     1 publisher -> 1,000 subscribers of one channel, 3,000 publishes of 100 B with a
#              window of 256 un-acked (--fanout-window), as fast as acks allow: deliveries/s
#   latency    50 publishes/s -> 1,000 subscribers for --seconds after a 2 s warm-up: publish to
#              delivery p50 and p99 (the send time travels in the data; the machine's monotonic
#              clock, one for all the generator's processes)
#   ephemeral  the same latency in a channel kept by no history (bench.eph.*, durable=false);
#              Switchboard only
#   idle       --connections logged-in idle connections, opened 200 handshakes at a time:
#              seconds until all are open and the server's CPU meanwhile; server RSS growth per
#              connection (VmRSS before opening and once all are open and a full GC ran); heap per
#              connection (JVM: `jcmd PID GC.class_histogram` totals, both histograms kept in
#              --out; Node: heapUsed after a gc())
#   publish    stored publishes/s to one channel: 4 publishers x 5,000, window 64, 1 subscriber
#              checking order; Switchboard only
#
# Options:
#   --only LIST            run only these workloads (default: all)
#   --seconds N            measured seconds of echo and latency (default 20)
#   --warmup N             seconds of the same load before each measured echo, latency and
#                          ephemeral span (default 3 for echo, 2 for latency; 0..600): a fresh
#                          Payara Micro is still compiling its paths for the first minutes, so
#                          --warmup 150 measures a warm server (and the Node hub as long)
#   --connections N        idle connections (default 10000)
#   --fanout-window N      un-acked publishes in fan-out (default 256, 1..4096); a small window
#                          measures fan-out at a publisher's pace rather than at full speed
#   --procs N              load generator processes in echo, fanout, latency and ephemeral, for
#                          both servers (default 1, 1..16): the connections or subscribers split
#                          evenly over them, the publisher in the first process (load.js --procs);
#                          worth it only with cores to spare beside the server (on 2 cores, 2
#                          processes measured no better than one)
#   --smoke                tiny sizes for a check that it all works: ~2 s per workload, 20 idle
#                          connections, 50 subscribers, 4 x 200 stored publishes
#   --switchboard-url U    use the Switchboard running at U (http://127.0.0.1:PORT[/context-root])
#                          instead of starting one; it needs the demo users, limits above the load
#                          and bench.eph.* ephemeral (see SWITCHBOARD_SETTINGS below)
#   --switchboard-pid P    that server's process id, for the idle memory figures and CPU (without it
#                          they are skipped)
#   --jvm-opts "..."       server JVM options (default "-Xms1g -Xmx1g"), after the settings below,
#                          so -Dswitchboard.*=... here overrides them
#   --port N               Switchboard's HTTP port when started here (default: the first free one
#                          from 8080 on)
#   --hub-port N           the Node hub's port (default: the first free one from 8190 on)
#   --out DIR              results, RESULT lines, server logs, histograms, table (default target/compare)
#
# The table also gives the load generator's own CPU in echo, fan-out and latency, over its
# measured span: the sum over its --procs processes (% of one core; the server and the generator
# share the machine's cores) and the busiest process. Near 100 % that process, not the server, is
# what limits that row; with --procs 1 the two are the same figure.
#
# Needs node and npm (runs `npm ci --prefix bench/node` when bench/node/node_modules is missing).
# Builds when needed, like bench/run.sh: `mvn -B -q package -DskipTests` (MVN_FLAGS added, e.g. -o).
# Raises `ulimit -n` to its hard limit for both servers and the generator. Only 127.0.0.1 is used;
# Payara Micro runs with --nohazelcast. Run it alone on the machine (under flock where others run
# servers too). Exit status: 0 when every run was complete and correct, 2 when some was not (the
# table says which, the run's output is in --out), 1 for setup failures.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

ALL_WORKLOADS=(echo fanout latency ephemeral idle publish)
ONLY=""
MEASURE_SECONDS=20
CONNECTIONS=10000
PROCS=1
SMOKE=0
SB_URL=""
SB_PID=""
JVM_OPTS="-Xms1g -Xmx1g"
SB_PORT=""
HUB_PORT=""
OUT="target/compare"
MVN_FLAGS=${MVN_FLAGS:-}
CONNECTIONS_GIVEN=0
SECONDS_GIVEN=0
WARMUP=""
FANOUT_WINDOW=256

die() { echo "compare.sh: $*" >&2; exit 1; }
note() { echo "compare.sh: $*" >&2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --only) ONLY=$2; shift 2 ;;
        --seconds) MEASURE_SECONDS=$2; SECONDS_GIVEN=1; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; CONNECTIONS_GIVEN=1; shift 2 ;;
        --fanout-window) FANOUT_WINDOW=$2; shift 2 ;;
        --procs) PROCS=$2; shift 2 ;;
        --smoke) SMOKE=1; shift ;;
        --switchboard-url) SB_URL=${2%/}; shift 2 ;;
        --switchboard-pid) SB_PID=$2; shift 2 ;;
        --jvm-opts) JVM_OPTS=$2; shift 2 ;;
        --port) SB_PORT=$2; shift 2 ;;
        --hub-port) HUB_PORT=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/{/^#/p}' "$0"; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done
[[ "$MEASURE_SECONDS" =~ ^[0-9]+$ ]] && [ "$MEASURE_SECONDS" -ge 1 ] && [ "$MEASURE_SECONDS" -le 600 ] \
    || die "--seconds must be 1..600"
[ -z "$WARMUP" ] || { [[ "$WARMUP" =~ ^[0-9]+$ ]] && [ "$WARMUP" -le 600 ]; } || die "--warmup must be 0..600"
[[ "$CONNECTIONS" =~ ^[0-9]+$ ]] && [ "$CONNECTIONS" -ge 1 ] && [ "$CONNECTIONS" -le 30000 ] \
    || die "--connections must be 1..30000"
[[ "$FANOUT_WINDOW" =~ ^[0-9]+$ ]] && [ "$FANOUT_WINDOW" -ge 1 ] && [ "$FANOUT_WINDOW" -le 4096 ] \
    || die "--fanout-window must be 1..4096"
# At most 16: the smoke sizes' echo has 20 connections, and each process needs one.
[[ "$PROCS" =~ ^[0-9]+$ ]] && [ "$PROCS" -ge 1 ] && [ "$PROCS" -le 16 ] || die "--procs must be 1..16"
[ -z "$SB_PORT" ] || [[ "$SB_PORT" =~ ^[0-9]+$ ]] || die "--port must be a number"
[ -z "$HUB_PORT" ] || [[ "$HUB_PORT" =~ ^[0-9]+$ ]] || die "--hub-port must be a number"
[ -z "$SB_PID" ] || [[ "$SB_PID" =~ ^[0-9]+$ ]] || die "--switchboard-pid must be a process id"
if [ -n "$SB_URL" ]; then
    [[ "$SB_URL" =~ ^http://127\.0\.0\.1:[0-9]+(/.*)?$ ]] || die "--switchboard-url must be http://127.0.0.1:PORT[/context-root]"
fi
WORKLOADS=()
for w in ${ONLY//,/ }; do
    [[ " ${ALL_WORKLOADS[*]} " == *" $w "* ]] || die "--only: unknown workload $w (one of ${ALL_WORKLOADS[*]})"
    WORKLOADS+=("$w")
done
[ ${#WORKLOADS[@]} -gt 0 ] || WORKLOADS=("${ALL_WORKLOADS[@]}")
wants() { [[ " ${WORKLOADS[*]} " == *" $1 "* ]]; }

# ---- sizes: each workload's generator options
WARMUP_ECHO=3
WARMUP_LATENCY=2
SUBSCRIBERS=1000
FANOUT_MESSAGES=3000
PUBLISH_MESSAGES=5000
if [ "$SMOKE" = 1 ]; then
    [ "$SECONDS_GIVEN" = 1 ] || MEASURE_SECONDS=1
    [ "$CONNECTIONS_GIVEN" = 1 ] || CONNECTIONS=20
    WARMUP_ECHO=0.5
    WARMUP_LATENCY=0.5
    SUBSCRIBERS=50
    FANOUT_MESSAGES=100
    PUBLISH_MESSAGES=200
fi
if [ -n "$WARMUP" ]; then
    WARMUP_ECHO=$WARMUP
    WARMUP_LATENCY=$WARMUP
fi
ECHO_ARGS=(--connections 100 --inflight 10 --seconds "$MEASURE_SECONDS" --warmup "$WARMUP_ECHO" --size 32
    --timeout $((MEASURE_SECONDS + ${WARMUP:-0} + 60)) --procs "$PROCS")
[ "$SMOKE" = 1 ] && ECHO_ARGS[1]=20
FANOUT_ARGS=(--subscribers "$SUBSCRIBERS" --messages "$FANOUT_MESSAGES" --size 100 --window "$FANOUT_WINDOW" --timeout 300 --procs "$PROCS")
LATENCY_ARGS=(--subscribers "$SUBSCRIBERS" --rate 50 --seconds "$MEASURE_SECONDS" --warmup "$WARMUP_LATENCY" --size 100
    --timeout $((MEASURE_SECONDS + ${WARMUP:-0} + 150)) --procs "$PROCS")
IDLE_ARGS=(--connections "$CONNECTIONS" --concurrency 200 --hold 600 --timeout $((CONNECTIONS / 50 + 300)))
PUBLISH_ARGS=(--publishers 4 --messages "$PUBLISH_MESSAGES" --window 64 --subscribers 1 --size 100 --timeout 300)

# Everything the Switchboard server is started with, in this one place. Payara Micro's options:
# no data grid at all, so no discovery of any kind (--nohazelcast); HTTP on 127.0.0.1 only and the
# idle-timer scheduler from loopback.asadmin, which needs its jar (--addlibs). The JVM settings: the
# demo users the generator logs in as; limits far above the load (frame rate, connections per user
# and address and in all, pending publishes and requests) so nothing is refused; bench.eph.*
# ephemeral for the ephemeral workload, every other channel as the default policy. JVM_OPTS last:
# --jvm-opts overrides.
SWITCHBOARD_MICRO_OPTS=(--disablephonehome --prebootcommandfile server-config/loopback.asadmin
    --addlibs target/switchboard-idle-timers.jar)
switchboard_jvm_settings() {
    local limit=$((CONNECTIONS + 2000))
    SWITCHBOARD_SETTINGS=(
        -Dswitchboard.demo-users=true
        "-Dswitchboard.data-dir=$ROOT/$OUT/switchboard-data"
        -Dswitchboard.rate.messages-per-second=1000000 -Dswitchboard.rate.burst=1000000
        "-Dswitchboard.connections.max=$limit" "-Dswitchboard.connections.max-per-user=$limit"
        "-Dswitchboard.connections.max-per-address=$limit"
        -Dswitchboard.publish.max-pending=1000000 -Dswitchboard.connection.max-pending-requests=1000000
        '-Dswitchboard.channel-policies=bench.eph.*:durable=false;*:durable=true,max-messages=1000,max-age=24h,presence=true'
        -Dhazelcast.phone.home.enabled=false
        $JVM_OPTS)
}

mkdir -p "$OUT"
: >"$OUT/results.txt"

# ---- what it needs
command -v node >/dev/null || die "node is not installed"
if [ ! -d bench/node/node_modules/ws ]; then
    command -v npm >/dev/null || die "npm is not installed (needed once for npm ci --prefix bench/node)"
    note "installing the ws library: npm ci --prefix bench/node"
    npm ci --prefix bench/node --no-audit --no-fund >"$OUT/npm.log" 2>&1 || { cat "$OUT/npm.log" >&2; die "npm ci failed"; }
fi
# Each side holds --connections sockets, and the generator the same number.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((CONNECTIONS + 1000)) ]; then
    note "NOTE ulimit -n is $(ulimit -n), below the $((CONNECTIONS + 1000)) the idle workload needs"
fi
JAVA_BIN=$(dirname "$(readlink -f "$(command -v java)")")
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # free_port FROM: the first port from FROM on that nothing listens on
    local p
    for p in $(seq "$1" $(($1 + 99))); do port_busy "$p" || { echo "$p"; return 0; }; done
    die "no free port in $1..$(($1 + 99))"
}

# ---- results: RESULTS[server.workload.key]=value; STATUS[server.workload]=exit status
declare -A RESULTS=()
declare -A STATUS=()
FAILED=()

LOADS=()
load1() { cut -d' ' -f1 /proc/loadavg; }

record() { # record SERVER WORKLOAD FILE LOAD1: keeps the RESULT line's key=value pairs
    local server=$1 workload=$2 file=$3 line pair
    LOADS+=("$server $workload: $4")
    line=$(grep '^RESULT ' "$file" | tail -1 || true)
    [ -n "$line" ] && echo "$line server=$server workload=$workload load1_before=$4" >>"$OUT/results.txt"
    for pair in ${line#RESULT }; do
        RESULTS["$server.$workload.${pair%%=*}"]=${pair#*=}
    done
}

run_load() { # run_load SERVER WORKLOAD MODE ARGS...: one generator run, its output shown and kept
    local server=$1 workload=$2 mode=$3 file="$OUT/$1-$2.txt" status load started=$SECONDS
    shift 3
    load=$(load1)
    note "$server: $workload (load average $load)"
    set +e
    node bench/node/load.js "$mode" "${CONNECT[@]}" "$@" 2>&1 | tee "$file"
    status=${PIPESTATUS[0]}
    set -e
    note "$server: $workload took $((SECONDS - started)) s"
    STATUS["$server.$workload"]=$status
    [ "$status" = 0 ] || FAILED+=("$server $workload (exit $status, see $file)")
    record "$server" "$workload" "$file" "$load"
}

vmrss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || true; }

heap_bytes() { # heap_bytes SERVER PID NAME: live heap after a full GC; keeps the histogram (JVM)
    local server=$1 pid=$2 name=$3 log lines
    if [ "$server" = switchboard ]; then
        # GC.class_histogram runs a full GC first, so it counts live objects only
        "$JAVA_BIN/jcmd" "$pid" GC.class_histogram >"$OUT/switchboard-histogram-$name.txt" 2>&1 || return 0
        awk '/^Total/ {print $3}' "$OUT/switchboard-histogram-$name.txt"
    else
        log="$OUT/node-hub.log"
        lines=$(grep -c '^MEMORY ' "$log" || true)
        kill -USR2 "$pid"
        for _ in $(seq 1 100); do
            [ "$(grep -c '^MEMORY ' "$log" || true)" -gt "$lines" ] && break
            sleep 0.1
        done
        grep '^MEMORY ' "$log" | tail -1 | sed -n 's/.* heap_used=\([0-9]*\).*/\1/p'
    fi
}

run_idle() { # run_idle SERVER PID: the idle workload, with the memory figures when PID is known
    local server=$1 pid=$2 file="$OUT/$1-idle.txt" load status rss0="" rss1="" heap0="" heap1="" load1_before started=$SECONDS
    load1_before=$(load1)
    note "$server: idle ($CONNECTIONS connections; load average $load1_before)"
    if [ -n "$pid" ]; then
        heap0=$(heap_bytes "$server" "$pid" before)
        rss0=$(vmrss_kb "$pid")
    fi
    set +e
    node bench/node/load.js idle "${CONNECT[@]}" "${IDLE_ARGS[@]}" ${pid:+--server-pid "$pid"} >"$file" 2>&1 &
    load=$!
    set -e
    # Bounded by the generator's own --timeout: it exits if it cannot open them all in time.
    while kill -0 "$load" 2>/dev/null && ! grep -q '^IDLE-READY' "$file"; do sleep 0.2; done
    if grep -q '^IDLE-READY' "$file" && [ -n "$pid" ]; then
        heap1=$(heap_bytes "$server" "$pid" after)
        rss1=$(vmrss_kb "$pid")
    fi
    kill -USR2 "$load" 2>/dev/null || true
    set +e
    wait "$load"
    status=$?
    set -e
    cat "$file"
    note "$server: idle took $((SECONDS - started)) s"
    STATUS["$server.idle"]=$status
    [ "$status" = 0 ] || FAILED+=("$server idle (exit $status, see $file)")
    record "$server" idle "$file" "$load1_before"
    local n=${RESULTS[$server.idle.connections]:-0}
    if [ -n "$rss0" ] && [ -n "$rss1" ] && [ "$n" -gt 0 ]; then
        RESULTS["$server.idle.rss_kb_per_connection"]=$(awk -v a="$rss0" -v b="$rss1" -v n="$n" 'BEGIN {printf "%.1f", (b - a) / n}')
        echo "MEMORY server=$server connections=$n rss_before_kb=$rss0 rss_after_kb=$rss1 heap_before=$heap0 heap_after=$heap1" \
            | tee -a "$OUT/results.txt"
    fi
    if [ -n "$heap0" ] && [ -n "$heap1" ] && [ "$n" -gt 0 ]; then
        RESULTS["$server.idle.heap_kb_per_connection"]=$(awk -v a="$heap0" -v b="$heap1" -v n="$n" 'BEGIN {printf "%.1f", (b - a) / n / 1024}')
    fi
}

run_workloads() { # run_workloads SERVER PID
    local server=$1 pid=$2
    wants echo && run_load "$server" echo echo "${ECHO_ARGS[@]}"
    wants fanout && run_load "$server" fanout fanout "${FANOUT_ARGS[@]}"
    wants latency && run_load "$server" latency latency "${LATENCY_ARGS[@]}"
    if wants ephemeral && [ "$server" = switchboard ]; then
        run_load "$server" ephemeral latency "${LATENCY_ARGS[@]}" --expect-ephemeral true
    fi
    wants publish && [ "$server" = switchboard ] && run_load "$server" publish publish "${PUBLISH_ARGS[@]}"
    # Last: its memory figures then count what the earlier runs left resident as already there.
    wants idle && run_idle "$server" "$pid"
    return 0
}

# ---- the servers
SERVER_PID=""
stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        note "server $SERVER_PID did not stop in 30 s; killing it"
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

await_http() { # await_http URL LOG SECONDS [LOG_PATTERN]: until URL answers 200 (and LOG has the pattern)
    local url=$1 log=$2 code
    for _ in $(seq 1 $(($3 * 2))); do
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -30 "$log" >&2; die "the server exited during start-up (log $log)"; }
        code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" || true)
        if [ "$code" = 200 ] && { [ -z "${4:-}" ] || grep -q "$4" "$log"; }; then return 0; fi
        sleep 0.5
    done
    tail -30 "$log" >&2
    die "no answer from $url in $3 s (log $log)"
}

newer_than() { # newer_than TARGET DIR...: true when TARGET is missing or a file under DIR is newer
    [ -e "$1" ] || return 0
    local t=$1; shift
    [ -n "$(find "$@" -newer "$t" -type f -print -quit 2>/dev/null)" ]
}

# Switchboard
if [ -n "$SB_URL" ]; then
    SB_BASE=$SB_URL
    note "switchboard: using the server at $SB_BASE${SB_PID:+ (pid $SB_PID)}"
    [ -n "$SB_PID" ] || note "switchboard: no --switchboard-pid, so no memory or CPU figures for it"
    SB_MEASURED_PID=$SB_PID
else
    if newer_than target/switchboard.war src/main pom.xml || [ ! -e target/payara-micro.jar ] \
        || [ ! -e target/switchboard-idle-timers.jar ]; then
        note "building the WAR"
        mvn -B -q $MVN_FLAGS package -DskipTests
    fi
    if [ -z "$SB_PORT" ]; then SB_PORT=$(free_port 8080)
    elif port_busy "$SB_PORT"; then die "port $SB_PORT on 127.0.0.1 is in use; pick another with --port"; fi
    switchboard_jvm_settings
    rm -rf "$OUT/switchboard-data"
    log="$OUT/switchboard-server.log"
    note "switchboard: starting Payara Micro on 127.0.0.1:$SB_PORT (log $log)"
    java "${SWITCHBOARD_SETTINGS[@]}" -jar target/payara-micro.jar --nohazelcast "${SWITCHBOARD_MICRO_OPTS[@]}" \
        --contextroot / --port "$SB_PORT" --deploy target/switchboard.war >"$log" 2>&1 &
    SERVER_PID=$!
    await_http "http://127.0.0.1:$SB_PORT/health/ready" "$log" 120 "Payara Micro .* ready in"
    note "switchboard: ready (pid $SERVER_PID)"
    SB_BASE="http://127.0.0.1:$SB_PORT"
    SB_MEASURED_PID=$SERVER_PID
fi
SB_WS="ws://${SB_BASE#http://}/ws"
CONNECT=(--url "$SB_WS" --login "$SB_BASE")
run_workloads switchboard "$SB_MEASURED_PID"
stop_server

# The reference hub
if [ -z "$HUB_PORT" ]; then HUB_PORT=$(free_port 8190)
elif port_busy "$HUB_PORT"; then die "port $HUB_PORT on 127.0.0.1 is in use; pick another with --hub-port"; fi
log="$OUT/node-hub.log"
note "node: starting the reference hub on 127.0.0.1:$HUB_PORT (log $log)"
node --expose-gc bench/node/hub.js --port "$HUB_PORT" >"$log" 2>&1 &
SERVER_PID=$!
await_http "http://127.0.0.1:$HUB_PORT/health" "$log" 30
CONNECT=(--url "ws://127.0.0.1:$HUB_PORT/ws")
run_workloads node "$SERVER_PID"
stop_server

# ---- the table
cell() { # cell SERVER WORKLOAD KEY: the figure, "n/a" when not measured; marked when its run failed
    local v=${RESULTS[$1.$2.$3]:-} failed=""
    [ -n "${STATUS[$1.$2]:-}" ] && [ "${STATUS[$1.$2]}" != 0 ] && failed=1
    if [ -z "$v" ] || [ "$v" = -1 ]; then
        if [ -n "$failed" ]; then echo "FAILED"; else echo "n/a"; fi
    else echo "$v${failed:+ (run FAILED)}"; fi
}
row() { # row WORKLOAD KEY LABEL
    wants "$1" || return 0
    local n s ratio
    n=$(cell node "$1" "$2")
    s=$(cell switchboard "$1" "$2")
    ratio=$(awk -v n="$n" -v s="$s" 'BEGIN {
        if (n ~ /^-?[0-9.]+$/ && s ~ /^-?[0-9.]+$/ && n + 0 != 0) printf "%.2f", s / n; else print "n/a" }')
    printf '| %s | %s | %s | %s |\n' "$3" "$n" "$s" "$ratio"
}
SUB_TEXT=$(printf "%'d" "$SUBSCRIBERS" 2>/dev/null || echo "$SUBSCRIBERS")
CONN_TEXT=$(printf "%'d" "$CONNECTIONS" 2>/dev/null || echo "$CONNECTIONS")
ECHO_CONNECTIONS=${ECHO_ARGS[1]}
PROCS_TEXT="$PROCS processes"
[ "$PROCS" = 1 ] && PROCS_TEXT="1 process"
{
    echo "| workload | Node ws hub | Switchboard | Switchboard/Node |"
    echo "| --- | --- | --- | --- |"
    row echo round_trips_per_s "echo: $ECHO_CONNECTIONS connections x 10 in flight, ${MEASURE_SECONDS} s: round trips/s"
    row echo p50_ms "echo: round trip p50 (ms)"
    row echo p99_ms "echo: round trip p99 (ms)"
    row echo client_cpu_percent "echo: load generator CPU, sum over its $PROCS_TEXT (% of one core)"
    row echo client_cpu_max_percent "echo: load generator CPU, busiest process (%; near 100 it is the limit)"
    row fanout deliveries_per_s "fan-out: 1 publisher -> $SUB_TEXT subscribers, window $FANOUT_WINDOW: deliveries/s"
    row fanout client_cpu_percent "fan-out: load generator CPU, sum (%)"
    row fanout client_cpu_max_percent "fan-out: load generator CPU, busiest process (%)"
    row latency p50_ms "latency: 50 publishes/s -> $SUB_TEXT subscribers, ${MEASURE_SECONDS} s: p50 (ms)"
    row latency p99_ms "latency: p99 (ms)"
    row latency client_cpu_percent "latency: load generator CPU, sum (%)"
    row latency client_cpu_max_percent "latency: load generator CPU, busiest process (%)"
    row ephemeral p50_ms "latency, ephemeral channel: p50 (ms)"
    row ephemeral p99_ms "latency, ephemeral channel: p99 (ms)"
    row idle rss_kb_per_connection "$CONN_TEXT idle connections: server RSS growth per connection (KB)"
    row idle heap_kb_per_connection "$CONN_TEXT idle connections: live heap per connection (KB)"
    row idle open_s "$CONN_TEXT connections opened 200 at a time: seconds until all open"
    row idle server_cpu_percent "$CONN_TEXT connections opened 200 at a time: server CPU (% of one core)"
    row publish publishes_per_s "stored publishes/s to one channel, 4 publishers x window 64, 1 subscriber"
} | tee "$OUT/table.md"
echo
if wants echo || wants fanout || wants latency || wants ephemeral; then
    echo "Load generator: $PROCS_TEXT (--procs) in echo, fan-out and latency, on a machine of $(nproc) cores." \
        "Its CPU rows are over each process's measured span: the sum over the processes (% of one core) and the" \
        "busiest process; near 100 % that process, not the server, is what limits the row." | tee -a "$OUT/table.md"
fi
if wants echo || wants latency || wants ephemeral; then
    echo "Warm-up before each measured span: ${WARMUP_ECHO} s in echo, ${WARMUP_LATENCY} s in latency (--warmup)." \
        | tee -a "$OUT/table.md"
fi
# Other work on the machine skews every figure: the 1-minute load average before each run says how much.
echo "Load average before each run: $(IFS=,; echo "${LOADS[*]}" | sed 's/,/, /g')" | tee -a "$OUT/table.md"
echo "Results: $OUT/results.txt; each run's output, server logs and histograms: $OUT/"
if [ ${#FAILED[@]} -gt 0 ]; then
    printf 'compare.sh: FAILED: %s\n' "${FAILED[@]}" >&2
    exit 2
fi
exit 0
