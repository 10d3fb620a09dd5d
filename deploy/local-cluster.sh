#!/usr/bin/env bash
# A local cluster on loopback ports: PostgreSQL (a throwaway cluster made with initdb), Redis, CLUSTER_NODES (default 3)
# stream-server nodes and HAProxy in front (deploy/haproxy.cfg.template). Needs what build/setup.sh installs.
#   bash deploy/local-cluster.sh start    # prints the address to stream to and the demo user's key
#   bash deploy/local-cluster.sh stop     # stops everything it started; the folder (data, logs) stays
# start refuses when this folder's cluster already runs or one of its ports is in use, and a start that fails stops what
# it had started. Node logs are appended to. stop waits up to 15 s for each node (a node's own stop takes up to 11.1 s
# when the database hangs) and says which process still runs, exiting 1.
# CLUSTER_DIR (default /tmp/stream-server-cluster) holds data, logs and pid files; CLUSTER_PORT (default 18080) is
# HAProxy's port, the nodes take the next CLUSTER_NODES (1-9) and, for HAProxy's PROXY protocol connections, the same
# numbers from CLUSTER_PORT+21; Redis takes CLUSTER_PORT+10 and PostgreSQL CLUSTER_PORT+11.
# CLUSTER_NODE_ARGS: more options for every node (split on spaces), e.g. "--max-plots-per-user 100000" for a load test.
# A users file already in CLUSTER_DIR (NAME:KEY lines) is used as it is; otherwise one with a random demo key is made.
set -euo pipefail

dir="${CLUSTER_DIR:-/tmp/stream-server-cluster}"
port="${CLUSTER_PORT:-18080}"
nodes="${CLUSTER_NODES:-3}"
[[ "$nodes" =~ ^[1-9]$ ]] || { echo "local-cluster: CLUSTER_NODES=$nodes must be 1..9 (Redis takes CLUSTER_PORT+10)" >&2; exit 2; }
# Checked before any arithmetic: bash reads "abc" as a variable's name and "08080" as octal, and a port past 65535 - 20 - nodes
# left PostgreSQL's or a node's port beyond 65535 ("pg_ctl: could not start server").
[[ "$port" =~ ^[1-9][0-9]{0,4}$ ]] && ((port + 20 + nodes <= 65535)) ||
    { echo "local-cluster: CLUSTER_PORT=$port must be a port number from 1 to $((65535 - 20 - nodes)): the cluster's ports reach $((20 + nodes)) above it" >&2; exit 2; }
read -r -a node_args <<< "${CLUSTER_NODE_ARGS:-}"
redis_port=$((port + 10))
pg_port=$((port + 11))
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# No PostgreSQL is no match here, not a failed pipeline: start and stop say what to do.
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"

# PostgreSQL refuses to run as root: as root its tools run as 'nobody', as the tests do.
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }

# Redis removes its own pid file as it exits, so the file can go between a look and a read: read it once, quietly.
pid_of() { # NAME: the pid in NAME.pid, or nothing
    cat "$dir/$1.pid" 2>/dev/null || true
}

running() { # NAME: the process in NAME.pid is alive
    local pid; pid="$(pid_of "$1")"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

signal_pid() { # NAME: SIGTERM to the process in NAME.pid, if any
    local pid; pid="$(pid_of "$1")"
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
}

# A node's own stop takes up to 11.1 s when the database hangs (tools/stream-server/README.md, Persistence), so 15 s is
# waited before a process is reported as still running; its pid file then stays, so a later stop tries again.
wait_pid() { # NAME [SECONDS]: wait for the process in NAME.pid to end, then forget it
    local file="$dir/$1.pid"
    local pid; pid="$(pid_of "$1")"
    [ -n "$pid" ] || return 0 # gone already (Redis removes its own file)
    for _ in $(seq $((${2:-15} * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        echo "local-cluster: $1 (pid $pid) is still running ${2:-15} s after SIGTERM; see $dir/$1.log, run stop again or kill $pid" >&2
        return 1
    fi
    rm -f "$file"
}

port_busy() { # PORT: something on this machine listens on 127.0.0.1:PORT
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Asked with bash's own /dev/tcp, not curl, which Ubuntu's desktop and Debian's container images do not have.
healthy() { # PORT: the node on 127.0.0.1:PORT answers GET /healthz with 200
    (
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$1" >&3
        IFS=' ' read -r -t 5 _ status _ <&3 && [ "$status" = 200 ]
    ) 2>/dev/null
}

postgres_running() { [ -n "$pg_bin" ] && [ -d "$dir/postgres" ] && as_postgres "$pg_bin/pg_ctl" -D "$dir/postgres" status >/dev/null 2>&1; }

# A start that fails stops what it had started, so no PostgreSQL, Redis or HAProxy is left behind (data and logs stay):
# fail for the failures it checks, an EXIT trap for a step that set -e ends (inside a function too, where ERR is not run).
fail() { # MESSAGE
    trap - EXIT
    echo "local-cluster: $1" >&2
    undo_start
    exit 1
}
start_exited() {
    local code=$?
    trap - EXIT
    [ "$code" -eq 0 ] && return 0
    echo "local-cluster: start failed (exit code $code; output above)" >&2
    undo_start
    exit "$code"
}
undo_start() {
    stop >/dev/null 2>&1 || true
    echo "local-cluster: stopped what this start had started" >&2
}

start() {
    local missing=""
    [ -n "$pg_bin" ] || missing+=" PostgreSQL"
    command -v redis-server >/dev/null && command -v redis-cli >/dev/null || missing+=" Redis"
    [ -x /usr/sbin/haproxy ] || missing+=" HAProxy"
    command -v openssl >/dev/null || missing+=" openssl"
    [ -z "$missing" ] || { echo "local-cluster: missing:$missing; run bash build/setup.sh" >&2; exit 1; }
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown nobody "$dir"
    local name
    for name in haproxy redis "$dir"/node*.pid; do
        name="$(basename "$name" .pid)"
        if running "$name"; then
            echo "local-cluster: already running ($name, pid $(pid_of "$name")); run bash deploy/local-cluster.sh stop first" >&2
            exit 1
        fi
    done
    if postgres_running; then
        echo "local-cluster: already running (PostgreSQL in $dir/postgres); run bash deploy/local-cluster.sh stop first" >&2
        exit 1
    fi
    local p
    for p in "$port" "$redis_port" "$pg_port" $(seq $((port + 1)) $((port + nodes))) $(seq $((port + 21)) $((port + 20 + nodes))); do
        port_busy "$p" && { echo "local-cluster: port $p on 127.0.0.1 is in use; stop what uses it or give another CLUSTER_PORT" >&2; exit 1; }
    done
    trap start_exited EXIT

    if [ ! -d "$dir/postgres" ]; then
        as_postgres "$pg_bin/initdb" -D "$dir/postgres" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    # Each node's Npgsql pool opens up to 100 connections (Npgsql's default Maximum Pool Size), PostgreSQL allows 100 in
    # all by default: a burst of streams connecting on every node met "53300: sorry, too many clients already".
    as_postgres "$pg_bin/pg_ctl" -D "$dir/postgres" -l "$dir/postgres.log" -w start \
        -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=$((nodes * 100 + 10))" >/dev/null

    # --daemonize returns 0 before Redis binds its port: only an answer on the port says it runs.
    redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
        --logfile "$dir/redis.log" --save "" --appendonly no
    for _ in $(seq 50); do [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] && running redis && break; sleep 0.1; done
    [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] && running redis ||
        fail "Redis did not start on 127.0.0.1:$redis_port; see $dir/redis.log"

    if [ ! -f "$dir/users" ]; then
        local key
        key="$(openssl rand -hex 12)" && [ ${#key} -eq 24 ] || fail "openssl rand failed; no users file was written"
        (umask 077; echo "demo:$key" > "$dir/users.new") && mv "$dir/users.new" "$dir/users"
    fi
    # dotnet build writes its errors on stdout: kept, and shown if the build fails.
    local build
    build="$(dotnet build "$root/tools/stream-server" -c Release -nologo -v:q 2>&1)" ||
        { printf '%s\n' "$build" >&2; fail "building tools/stream-server failed (above)"; }
    local dll="$root/artifacts/bin/StreamServer/release/HeartRateStreamer.StreamServer.dll"
    # Logs are appended (data and logs stay); this start's lines begin after log_lines[n].
    local -a log_lines=()
    for n in $(seq 1 "$nodes"); do
        log_lines[n]=0
        [ ! -f "$dir/node$n.log" ] || log_lines[n]="$(wc -l < "$dir/node$n.log")"
        nohup dotnet "$dll" --urls "http://127.0.0.1:$((port + n))" --https-port none --data "$dir/node$n" \
            --store "postgres://postgres@127.0.0.1:$pg_port/postgres" --cluster "redis://127.0.0.1:$redis_port" \
            --proxy-protocol-port "$((port + 20 + n))" \
            --users-file "$dir/users" --public-url "http://127.0.0.1:$port" "${node_args[@]}" >> "$dir/node$n.log" 2>&1 &
        echo $! > "$dir/node$n.pid"
    done

    local servers=""
    # HAProxy reaches each node on its PROXY protocol port (port + 20 + n), so the nodes see the clients' addresses.
    for n in $(seq 1 "$nodes"); do servers+="    server node$n 127.0.0.1:$((port + 20 + n))"$'\n'; done
    local template; template="$(cat "$root/deploy/haproxy.cfg.template")"
    template="${template//@LISTEN@/127.0.0.1:$port}"
    printf '%s\n' "${template//@SERVERS@/$servers}" > "$dir/haproxy.cfg"
    /usr/sbin/haproxy -D -p "$dir/haproxy.pid" -f "$dir/haproxy.cfg"

    for n in $(seq 1 "$nodes"); do
        for _ in $(seq 100); do
            healthy "$((port + n))" && break
            running "node$n" || { sed -n "$((log_lines[n] + 1)),$((log_lines[n] + 3))p" "$dir/node$n.log" >&2; fail "node $n exited; see $dir/node$n.log"; }
            sleep 0.2
        done
        healthy "$((port + n))" || fail "node $n did not answer /healthz within 20 s; see $dir/node$n.log"
    done
    trap - EXIT
    echo "local-cluster: $nodes node(s) behind http://127.0.0.1:$port (nodes on $((port + 1))-$((port + nodes)), Redis $redis_port, PostgreSQL $pg_port)"
    echo "local-cluster: user and key: $(cat "$dir/users"); logs and data in $dir"
    echo "local-cluster: the virtual device through HAProxy: dotnet run --project tools/virtual-device -- --server http://127.0.0.1:$port --user demo --key KEY"
}

stop() {
    local left=0 file
    signal_pid haproxy
    wait_pid haproxy 5 || left=1
    # Every node this folder's start left, whatever CLUSTER_NODES is now; all are asked at once, then waited for, while
    # Redis and PostgreSQL still run for their last saves.
    for file in "$dir"/node*.pid; do [ -e "$file" ] && signal_pid "$(basename "$file" .pid)"; done
    for file in "$dir"/node*.pid; do [ -e "$file" ] && { wait_pid "$(basename "$file" .pid)" || left=1; }; done
    signal_pid redis
    wait_pid redis 5 || left=1
    if [ -f "$dir/postgres/postmaster.pid" ]; then
        if [ -z "$pg_bin" ]; then
            echo "local-cluster: PostgreSQL's tools are missing, so $dir/postgres was not stopped; run bash build/setup.sh" >&2
            left=1
        else
            as_postgres "$pg_bin/pg_ctl" -D "$dir/postgres" -m fast -w stop >/dev/null || left=1
        fi
    fi
    if [ "$left" -ne 0 ]; then
        echo "local-cluster: stop left something running (above); data and logs stay in $dir" >&2
        return 1
    fi
    echo "local-cluster: stopped (data and logs stay in $dir)"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
