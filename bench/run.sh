#!/usr/bin/env bash
# Switchboard benchmark: starts Payara Micro with the WAR on 127.0.0.1, runs the load generator
# (`switchboard bench MODE`, client/cli/target/switchboard.jar) against it, then stops the server.
#
# Usage:
#   bench/run.sh [options] -- MODE [generator options]
#
#   MODE is fanout, echo or publish; generator options are passed through (see
#   `java -jar client/cli/target/switchboard.jar bench MODE --help`, and README "switchboard bench":
#   --json, --no-progress too), and --url ws://127.0.0.1:PORT/ws is added unless given. Examples:
#     bench/run.sh -- fanout --subscribers 1000 --messages 600 --size 100 --window 32
#     bench/run.sh --repeat 3 --warmup-run -- echo --connections 100 --seconds 20
#     bench/run.sh --jfr /tmp/fanout.jfr -- fanout --subscribers 1000 --messages 600 --size 2048
#     bench/run.sh --repeat 3 --warmup-run -- publish --publishers 4 --messages 5000 --window 64
#     bench/run.sh --postgres -- publish --publishers 8 --messages 2000 --window 32 --subscribers 2
#     bench/run.sh --instances 2 --postgres-url jdbc:postgresql://127.0.0.1:5432/sb_bench \
#         --repeat 3 --warmup-run -- fanout --subscribers 1000 --messages 1200 --size 100 --window 32
#
#   --instances 2 (fanout only) starts a 2-member cluster and runs every repeat as two passes
#   against it: pass=one, all subscribers and the publisher on the first instance; then
#   pass=split, the publisher on the first and the subscribers alternately on the first and
#   second (the generator's --url list), so half of the deliveries cross the cluster's hop.
#   The second instance is a cluster member in both passes, so only the hop differs.
#   In fanout, run.sh adds --server-pids (the servers' process ids) so the generator reports each
#   server's CPU time over the publishing (server_cpu_ms, one figure per instance). Each RESULT
#   line goes to OUT/results.txt with pass=one|split and servers=N appended.
#
#   publish: stored publishes/s to one channel (--channel, default bench.publish) from --publishers
#   connections (default 4) keeping --window un-acked publishes each, --messages each, with
#   --subscribers (default 1) checking that every message arrives once and in order; options
#   --size, --timeout, --client as in fanout. Channels are durable: the database (--out DIR/data,
#   or PostgreSQL) is kept across runs, so each run's numbering goes on from the last one's.
#
# Options:
#   --port N          HTTP port (default 8080); must be free. Instance i (from 0) of --instances
#                     listens on PORT+i.
#   --instances N     1 (default): one server with --nohazelcast. 2 or 3: that many clustered
#                     members on 127.0.0.1 (Hazelcast TCP/IP member list, never multicast; grid
#                     ports GRID_PORT+i), which needs --postgres or --postgres-url; fanout only.
#   --grid-port N     the first member's data grid port (default 5900).
#   --jfr FILE        record the server with -XX:StartFlightRecording=filename=FILE,settings=profile
#                     (dumped when the server stops); instance i > 0 records to FILE-i.jfr
#                     (FILE without its .jfr).
#   --jvm-opts "..."  server JVM options (default "-Xms1g -Xmx1g"); add -Dswitchboard.*=... here,
#                     e.g. "-Xms1g -Xmx1g -Dswitchboard.outbound.batch-max-bytes=1".
#   --postgres        run the server on PostgreSQL instead of the embedded database:
#                     jdbc:postgresql://127.0.0.1:5432/switchboard_test, user and password switchboard
#                     (the database .ci/run creates); -Dswitchboard.datasource.user=... or
#                     ...password=... in --jvm-opts override those.
#   --postgres-url U  the same with another database, U being jdbc:postgresql://127.0.0.1[:PORT]/NAME.
#   --gen-opts "..."  generator JVM options (default "-Xms512m -Xmx1g").
#   --preboot FILE    Payara pre-boot command file (default server-config/loopback.asadmin, or
#                     server-config/loopback-cluster.asadmin with --instances).
#   --repeat N        run the generator N times against the same server (default 1).
#   --warmup-run      run the generator once more first, unreported, to warm the server's JIT.
#   --wait-quiet      before starting the server and before each run, wait (up to 10 min,
#                     checking every 20 s) until no other Payara Micro JVM is running on this
#                     machine; note it if it never gets quiet.
#   --out DIR         where the server log and results go (default target/bench).
#
# Profile summary (no server started):
#   bench/run.sh --jfr-top FILE [--since HH:MM:SS] [--until HH:MM:SS] [--top N]
#     aggregates `jfr print --stack-depth 60 --events jdk.ExecutionSample FILE`: the N (default 25)
#     hottest methods by self samples (top frame) and by inclusive samples (anywhere on the stack),
#     plus the share of samples in the idle-timer re-arm and its ServiceLoader scan. --since keeps
#     only samples from that wall-clock time on (run.sh prints when the load started), which
#     leaves out the server's start-up; --until drops samples from that time on (each pass's start
#     time is printed too, to look at one pass).
#
# Environment: MVN_FLAGS (e.g. "-o") is added to every Maven call.
# Builds when needed: `mvn -B -q package -DskipTests` (the WAR) and
# `mvn -B -q -f client/pom.xml package -DskipTests` (the generator's jar, when older than its sources).
# The server gets the demo users and limits far above the load: rate limit, connections per user and
# per address; in publish mode also switchboard.publish.max-pending and
# switchboard.connection.max-pending-requests (these two can be set lower in --jvm-opts).
# Exit status: the last generator run's (0 complete and correct, 1 bad generator options,
# 2 incomplete, 3 order violations; publish: also duplicate, out-of-order or mismatched acks;
# 4 the generator could not run: login refused, server unreachable), or 1 for run.sh's own setup
# failures. Only
# 127.0.0.1 is ever used; one server runs with --nohazelcast (no data grid at all), clustered
# members with an explicit loopback member list and the grid bound to 127.0.0.1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

PORT=8080
JFR=""
JVM_OPTS="-Xms1g -Xmx1g"
GEN_OPTS="-Xms512m -Xmx1g"
PREBOOT=""
REPEAT=1
WARMUP_RUN=0
WAIT_QUIET=0
OUT="target/bench"
MVN_FLAGS=${MVN_FLAGS:-}
JFR_TOP=""
SINCE=""
UNTIL=""
TOP=25
POSTGRES_URL=""
INSTANCES=1
GRID_PORT=5900

die() { echo "run.sh: $*" >&2; exit 1; }

jfr_top() { # jfr_top FILE: prints the profile summary described above
    [ -r "$1" ] || die "cannot read $1"
    jfr print --stack-depth 60 --events jdk.ExecutionSample "$1" | awk -v N="$TOP" -v SINCE="$SINCE" -v UNTIL="$UNTIL" '
        BEGIN {
            # key frames: label, then a regular expression matched against "class.method"
            nk = split("socket read+dispatch (HubEndpoint.frame)|HubEndpoint\\.frame$|" \
                "local fan-out (LocalFanOut.deliver*)|LocalFanOut\\.deliver(InOrder)?$|" \
                "  seq gate (SeqGate.offer)|SeqGate\\.offer$|" \
                "cluster event sent (ClusteredBus.send)|ClusteredBus\\.send$|" \
                "cluster event received (ClusteredBus.arrived)|ClusteredBus\\.arrived$|" \
                "  Java serialization out (ObjectOutputStream.writeObject)|ObjectOutputStream\\.writeObject$|" \
                "  Java serialization in (ObjectInputStream.readObject)|ObjectInputStream\\.readObject$|" \
                "Switchboard send (SessionSink.send)|SessionSink\\.send$|" \
                "Tyrus async send (TyrusRemoteEndpoint$Async.sendText)|TyrusRemoteEndpoint\\$Async\\.sendText$|" \
                "socket write (TyrusServletWriter.write)|TyrusServletWriter\\.write$|" \
                "idle-timer re-arm (TyrusSession.restartIdleTimeoutExecutor)|TyrusSession\\.restartIdleTimeoutExecutor$|" \
                "  context capture (ContextSetupProviderImpl.saveContext)|ContextSetupProviderImpl\\.saveContext$|" \
                "    ServiceLoader scan (ServiceLoader.*)|^java\\.util\\.ServiceLoader|" \
                "    tracing lookup (InvocationContext.saveTracingContext)|InvocationContext\\.saveTracingContext$|" \
                "frame parse (FrameParser.parse)|FrameParser\\.parse$|" \
                "frame write (FrameWriter.write)|FrameWriter\\.write$", kv, "|")
            for (i = 1; i < nk; i += 2) { klabel[++K] = kv[i]; kre[K] = kv[i + 1] }
        }
        function keep() {
            return (SINCE == "" || substr(when, 1, length(SINCE)) >= SINCE) \
                && (UNTIL == "" || substr(when, 1, length(UNTIL)) < UNTIL)
        }
        /^jdk.ExecutionSample/ { when = ""; depth = 0; next }
        /^  startTime = / { when = $3; next }
        /^  stackTrace = \[/ { inside = 1; next }
        /^  \]/ {
            inside = 0
            if (!keep() || depth == 0) next
            n++
            self[stack[1]]++
            split("", seen)
            for (i = 1; i <= depth; i++) {
                if (!(stack[i] in seen)) { seen[stack[i]] = 1; incl[stack[i]]++ }
            }
            for (k = 1; k <= K; k++) {
                for (i = 1; i <= depth; i++) if (stack[i] ~ kre[k]) { key[k]++; break }
            }
            rearm = 0; sending = 0
            for (i = 1; i <= depth; i++) {
                if (stack[i] ~ /TyrusSession\.restartIdleTimeoutExecutor$/) rearm = 1
                if (stack[i] ~ /TyrusRemoteEndpoint\$(Async|Basic)\.send|TyrusSession\$.*send|TyrusWebSocket\.send/) sending = 1
            }
            if (rearm && sending) rearmSend++
            if (rearm && !sending) rearmReceive++
            next
        }
        inside {
            frame = $0
            sub(/^ +/, "", frame); sub(/\(.*$/, "", frame)
            if (frame != "...") stack[++depth] = frame
        }
        END {
            if (n == 0) { print "no jdk.ExecutionSample events" (SINCE == "" ? "" : " since " SINCE); exit }
            printf "samples: %d%s\n", n, (SINCE == "" ? "" : " (since " SINCE ")")
            print "key frames (share of samples with the frame anywhere on the stack):"
            for (k = 1; k <= K; k++) printf "  %5.1f%%  %s\n", 100 * key[k] / n, klabel[k]
            printf "  %5.1f%%  idle-timer re-arm inside a send\n", 100 * rearmSend / n
            printf "  %5.1f%%  idle-timer re-arm outside any send (receive path, open)\n", 100 * rearmReceive / n
            print "top methods by self samples (top frame):"
            cmd = "sort -t\"\t\" -k1,1nr | head -" N " | cut -f2-"
            for (m in self) printf "%d\t  %5.1f%%  %s\n", self[m], 100 * self[m] / n, m | cmd
            close(cmd)
            print "top Switchboard/Tyrus/concurrency methods by inclusive samples:"
            for (m in incl) if (m ~ /^(io\.switchboard|org\.glassfish\.tyrus\.core|org\.glassfish\.(enterprise\.)?concurrent|java\.util\.ServiceLoader|fish\.payara\.micro\.cdi|fish\.payara\.nucleus\.(eventbus|hazelcast)|com\.hazelcast\.(topic|spi\.impl\.eventservice))/)
                printf "%d\t  %5.1f%%  %s\n", incl[m], 100 * incl[m] / n, m | cmd
            close(cmd)
        }'
}

while [ $# -gt 0 ]; do
    case "$1" in
        --port) PORT=$2; shift 2 ;;
        --instances) INSTANCES=$2; shift 2 ;;
        --grid-port) GRID_PORT=$2; shift 2 ;;
        --jfr) JFR=$2; shift 2 ;;
        --jvm-opts) JVM_OPTS=$2; shift 2 ;;
        --gen-opts) GEN_OPTS=$2; shift 2 ;;
        --preboot) PREBOOT=$2; shift 2 ;;
        --repeat) REPEAT=$2; shift 2 ;;
        --warmup-run) WARMUP_RUN=1; shift ;;
        --wait-quiet) WAIT_QUIET=1; shift ;;
        --out) OUT=$2; shift 2 ;;
        --postgres) POSTGRES_URL=${POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/switchboard_test}; shift ;;
        --postgres-url) POSTGRES_URL=$2; shift 2 ;;
        --jfr-top) JFR_TOP=$2; shift 2 ;;
        --since) SINCE=$2; shift 2 ;;
        --until) UNTIL=$2; shift 2 ;;
        --top) TOP=$2; shift 2 ;;
        --) shift; break ;;
        -h|--help) sed -n '2,/^set -euo/{/^#/p}' "$0"; exit 0 ;;
        *) die "unknown option $1 (generator options go after --)" ;;
    esac
done
if [ -n "$JFR_TOP" ]; then
    jfr_top "$JFR_TOP"
    exit 0
fi
[ $# -ge 1 ] || die "missing -- MODE [generator options]; see --help"
case "$1" in fanout|echo|publish) ;; *) die "MODE must be fanout, echo or publish, not $1" ;; esac
MODE=$1
DB_SETTINGS=()
if [ -n "$POSTGRES_URL" ]; then
    [[ "$POSTGRES_URL" =~ ^jdbc:postgresql://127\.0\.0\.1(:([0-9]+))?/[A-Za-z0-9_]+$ ]] \
        || die "--postgres-url must be jdbc:postgresql://127.0.0.1[:PORT]/NAME, not $POSTGRES_URL"
    PG_PORT=${BASH_REMATCH[2]:-5432}
    (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null \
        || die "nothing answers on 127.0.0.1:$PG_PORT for $POSTGRES_URL (.ci/run shows how to set PostgreSQL up)"
    DB_SETTINGS=(-Dswitchboard.datasource.class=org.postgresql.ds.PGSimpleDataSource
        "-Dswitchboard.datasource.url=$POSTGRES_URL?reWriteBatchedInserts=true"
        -Dswitchboard.datasource.user=switchboard -Dswitchboard.datasource.password=switchboard)
fi
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number"
[[ "$GRID_PORT" =~ ^[0-9]+$ ]] || die "--grid-port must be a number"
[[ "$INSTANCES" =~ ^[1-3]$ ]] || die "--instances must be 1, 2 or 3"
if [ "$INSTANCES" -gt 1 ]; then
    [ "$MODE" = fanout ] || die "--instances $INSTANCES is for fanout only"
    [ -n "$POSTGRES_URL" ] || die "--instances $INSTANCES needs --postgres or --postgres-url (clustered instances share PostgreSQL)"
fi
[[ "$REPEAT" =~ ^[0-9]+$ ]] && [ "$REPEAT" -ge 1 ] && [ "$REPEAT" -le 20 ] || die "--repeat must be 1..20"
GEN_ARGS=("$@")
# Each pass: a name and the generator's --url (a list: the publisher on the first URL).
PASSES=()
if printf '%s\n' "${GEN_ARGS[@]}" | grep -qx -- '--url'; then
    [ "$INSTANCES" = 1 ] || die "with --instances the generator's --url is chosen by run.sh"
    PASSES=("given|")
elif [ "$INSTANCES" = 1 ]; then
    PASSES=("one|ws://127.0.0.1:$PORT/ws")
else
    ALL_URLS="ws://127.0.0.1:$PORT/ws"
    for i in $(seq 1 $((INSTANCES - 1))); do ALL_URLS+=",ws://127.0.0.1:$((PORT + i))/ws"; done
    PASSES=("one|ws://127.0.0.1:$PORT/ws" "split|$ALL_URLS")
fi
mkdir -p "$OUT"

# ---- build when needed
newer_than() { # newer_than TARGET DIR...: true when TARGET is missing or a file under DIR is newer
    [ -e "$1" ] || return 0
    local t=$1; shift
    [ -n "$(find "$@" -newer "$t" -type f -print -quit 2>/dev/null)" ]
}
if newer_than target/switchboard.war src/main pom.xml || [ ! -e target/payara-micro.jar ] || [ ! -e target/switchboard-idle-timers.jar ]; then
    echo "run.sh: building the WAR" >&2
    mvn -B -q $MVN_FLAGS package -DskipTests
fi
GENERATOR=client/cli/target/switchboard.jar
if newer_than "$GENERATOR" client/cli/src/main client/cli/pom.xml client/pom.xml; then
    echo "run.sh: building the load generator ($GENERATOR)" >&2
    mvn -B -q $MVN_FLAGS -f client/pom.xml package -DskipTests
fi

# ---- the servers
SERVER_PIDS=()
others_running() { # Payara Micro JVMs on this machine that are not ours
    local pid p mine
    for pid in $(pgrep -f payara-micro); do
        mine=0
        for p in "$$" "${SERVER_PIDS[@]}"; do [ "$pid" = "$p" ] && mine=1; done
        [ "$mine" = 1 ] || echo "$pid"
    done
}
wait_quiet() {
    [ "$WAIT_QUIET" = 1 ] || return 0
    for _ in $(seq 1 30); do
        [ -z "$(others_running)" ] && return 0
        sleep 20
    done
    echo "run.sh: NOTE other Payara Micro JVMs were still running during this run: $(others_running | tr '\n' ' ')" \
        | tee -a "$OUT/results.txt" >&2
}
# Quiet first, so two benchmark runs on one machine do not start their servers side by side.
wait_quiet
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for i in $(seq 0 $((INSTANCES - 1))); do
    port_busy $((PORT + i)) && die "port $((PORT + i)) on 127.0.0.1 is in use; pick another with --port"
    if [ "$INSTANCES" -gt 1 ]; then
        port_busy $((GRID_PORT + i)) && die "grid port $((GRID_PORT + i)) is in use; pick another with --grid-port"
    fi
done

stop_servers() {
    local pid
    for pid in "${SERVER_PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${SERVER_PIDS[@]}"; do
        for _ in $(seq 1 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "run.sh: server $pid did not stop in 30 s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    SERVER_PIDS=()
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

# The hub requires a login and limits each connection's rate and each user's connections: the
# generator logs in as the demo user alice, and these limits are raised far above the load.
BENCH_SETTINGS=(-Dswitchboard.demo-users=true
    -Dswitchboard.rate.messages-per-second=1000000 -Dswitchboard.rate.burst=1000000
    -Dswitchboard.connections.max-per-user=100000 -Dswitchboard.connections.max-per-address=100000
    -Dhazelcast.phone.home.enabled=false)
# Stored publishes: no refusal for pending publishes or requests before the generator's window bounds
# them. Before JVM_OPTS, so --jvm-opts can set them (and the database settings) otherwise.
MODE_SETTINGS=()
if [ "$MODE" = publish ]; then
    MODE_SETTINGS=(-Dswitchboard.publish.max-pending=1000000 -Dswitchboard.connection.max-pending-requests=1000000)
fi
CLUSTER_NAME="bench-$$"
MEMBERS=""
for i in $(seq 0 $((INSTANCES - 1))); do MEMBERS+="${MEMBERS:+,}127.0.0.1:$((GRID_PORT + i))"; done

start_server() { # start_server I: instance I (from 0) on PORT+I; appends its pid to SERVER_PIDS
    local i=$1 port=$((PORT + $1)) jvm log data
    data="$ROOT/$OUT/data"
    [ "$i" -gt 0 ] && data="$ROOT/$OUT/data-$i"
    jvm=("${DB_SETTINGS[@]}" "${MODE_SETTINGS[@]}" $JVM_OPTS "${BENCH_SETTINGS[@]}" "-Dswitchboard.data-dir=$data")
    if [ -n "$JFR" ]; then
        local file=$JFR
        [ "$i" -gt 0 ] && file="${JFR%.jfr}-$i.jfr"
        jvm+=("-XX:StartFlightRecording=filename=$file,settings=profile")
    fi
    log="$OUT/server-$port.log"
    if [ "$INSTANCES" = 1 ]; then
        echo "run.sh: starting Payara Micro on 127.0.0.1:$port (log $log)" >&2
        # --nohazelcast: no data grid at all, so no discovery (multicast or other) runs
        java "${jvm[@]}" \
            -jar target/payara-micro.jar --nohazelcast --disablephonehome \
            --prebootcommandfile "${PREBOOT:-server-config/loopback.asadmin}" --addlibs target/switchboard-idle-timers.jar \
            --contextroot / --port "$port" --deploy target/switchboard.war \
            >"$log" 2>&1 &
    else
        echo "run.sh: starting cluster member $i on 127.0.0.1:$port, grid 127.0.0.1:$((GRID_PORT + i)) (log $log)" >&2
        # The grid binds 127.0.0.1 only, and leaves at the JVM's exit, not before the application drains.
        jvm+=(-Dhazelcast.socket.bind.any=false -Dhazelcast.shutdownhook.enabled=false)
        java "${jvm[@]}" -jar target/payara-micro.jar --clustermode "tcpip:$MEMBERS" --interfaces 127.0.0.1 --startport $((GRID_PORT + i)) --nohostaware --clustername "$CLUSTER_NAME" --name "$CLUSTER_NAME-$i" --disablephonehome \
            --prebootcommandfile "${PREBOOT:-server-config/loopback-cluster.asadmin}" --addlibs target/switchboard-idle-timers.jar \
            --contextroot / --port "$port" --deploy target/switchboard.war \
            >"$log" 2>&1 &
    fi
    SERVER_PIDS+=($!)
}

await_ready() { # await_ready I
    local i=$1 port=$((PORT + $1)) pid=${SERVER_PIDS[$1]} log="$OUT/server-$((PORT + $1)).log" code
    for _ in $(seq 1 $((120 * INSTANCES))); do
        kill -0 "$pid" 2>/dev/null || { tail -30 "$log" >&2; die "server $i exited during start-up"; }
        code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)
        if [ "$code" = "200" ] && grep -q "Payara Micro .* ready in" "$log"; then
            echo "run.sh: server $i ready (pid $pid)" >&2
            return 0
        fi
        sleep 1
    done
    tail -30 "$log" >&2
    die "server $i did not answer on 127.0.0.1:$port in time"
}

grid_size() { # the member count server I logged last
    grep -o 'DG Size: [0-9]*' "$OUT/server-$((PORT + $1)).log" | tail -1 | grep -o '[0-9]*$' || echo 0
}

for i in $(seq 0 $((INSTANCES - 1))); do start_server "$i"; done
for i in $(seq 0 $((INSTANCES - 1))); do await_ready "$i"; done
if [ "$INSTANCES" -gt 1 ]; then
    formed=0
    for _ in $(seq 1 120); do
        formed=1
        for i in $(seq 0 $((INSTANCES - 1))); do
            [ "$(grid_size "$i")" = "$INSTANCES" ] || formed=0
        done
        [ "$formed" = 1 ] && break
        sleep 1
    done
    [ "$formed" = 1 ] || die "the $INSTANCES members did not form one data grid within 120 s (see $OUT/server-*.log)"
    echo "run.sh: cluster $CLUSTER_NAME formed: $INSTANCES members" >&2
fi

# ---- the generator
run_generator() { # run_generator PASS_URL: the --url of the pass, empty when the arguments name it
    local url=()
    [ -n "$1" ] && url=(--url "$1")
    # fanout reports each server's CPU time over its publishing
    [ "$MODE" = fanout ] && url+=(--server-pids "$(IFS=,; echo "${SERVER_PIDS[*]}")")
    java $GEN_OPTS -jar "$ROOT/$GENERATOR" bench "${GEN_ARGS[@]}" "${url[@]}"
}

if [ "$WARMUP_RUN" = 1 ]; then
    for pass in "${PASSES[@]}"; do
        echo "run.sh: warm-up run (${pass%%|*})" >&2
        wait_quiet
        run_generator "${pass#*|}" >"$OUT/warmup.txt" 2>&1 || true
        grep '^RESULT' "$OUT/warmup.txt" | sed 's/^RESULT/WARMUP/' >&2 || true
    done
fi
echo "run.sh: load started at $(date +%H:%M:%S) (for --jfr-top --since)" >&2
status=0
for i in $(seq 1 "$REPEAT"); do
    for pass in "${PASSES[@]}"; do
        name=${pass%%|*}
        wait_quiet
        load_before=$(cut -d' ' -f1 /proc/loadavg)
        others_before=$(others_running | wc -l)
        echo "run.sh: run $i of $REPEAT, pass $name at $(date +%H:%M:%S): ${GEN_ARGS[*]} ${pass#*|} (load average $load_before," \
            "other Payara Micro JVMs: $others_before)" >&2
        set +e
        run_generator "${pass#*|}" | tee "$OUT/run-$i-$name.txt"
        status=${PIPESTATUS[0]}
        set -e
        grep '^RESULT' "$OUT/run-$i-$name.txt" \
            | sed "s/\$/ pass=$name servers=$INSTANCES${POSTGRES_URL:+ db=postgresql} load1_before=$load_before others_before=$others_before/" \
            >>"$OUT/results.txt" || true
    done
done
stop_servers
[ -n "$JFR" ] && echo "run.sh: JFR recording in $JFR" >&2
exit "$status"
