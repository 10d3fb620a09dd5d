#!/usr/bin/env bash
# A local cluster on loopback ports: PostgreSQL (a throwaway cluster made with initdb), Redis, CLUSTER_NODES (default 3)
# stream-server nodes and HAProxy in front (deploy/haproxy.cfg.template). Needs what build/setup.sh installs.
#   bash deploy/local-cluster.sh start    # prints the address to stream to and the demo user's key
#   bash deploy/local-cluster.sh stop     # stops everything it started; the folder (data, logs) stays
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
read -r -a node_args <<< "${CLUSTER_NODE_ARGS:-}"
redis_port=$((port + 10))
pg_port=$((port + 11))
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"

# PostgreSQL refuses to run as root: as root its tools run as 'nobody', as the tests do.
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }

stop_pid() { # NAME: SIGTERM to the process in NAME.pid, then wait for it
    local file="$dir/$1.pid"
    [ -f "$file" ] || return 0
    local pid; pid="$(cat "$file")"
    if kill "$pid" 2>/dev/null; then
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$file"
}

start() {
    [ -n "$pg_bin" ] && command -v redis-server >/dev/null && [ -x /usr/sbin/haproxy ] ||
        { echo "local-cluster: PostgreSQL, Redis or HAProxy is missing: run bash build/setup.sh" >&2; exit 1; }
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown nobody "$dir"

    if [ ! -d "$dir/postgres" ]; then
        as_postgres "$pg_bin/initdb" -D "$dir/postgres" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    # Each node's Npgsql pool opens up to 100 connections (Npgsql's default Maximum Pool Size), PostgreSQL allows 100 in
    # all by default: a burst of streams connecting on every node met "53300: sorry, too many clients already".
    as_postgres "$pg_bin/pg_ctl" -D "$dir/postgres" -l "$dir/postgres.log" -w start \
        -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=$((nodes * 100 + 10))" >/dev/null

    redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
        --logfile "$dir/redis.log" --save "" --appendonly no

    if [ ! -f "$dir/users" ]; then
        (umask 077; echo "demo:$(openssl rand -hex 12)" > "$dir/users")
    fi
    dotnet build "$root/tools/stream-server" -c Release -nologo -v:q >/dev/null
    local dll="$root/artifacts/bin/StreamServer/release/HeartRateStreamer.StreamServer.dll"
    for n in $(seq 1 "$nodes"); do
        nohup dotnet "$dll" --urls "http://127.0.0.1:$((port + n))" --https-port none --data "$dir/node$n" \
            --store "postgres://postgres@127.0.0.1:$pg_port/postgres" --cluster "redis://127.0.0.1:$redis_port" \
            --proxy-protocol-port "$((port + 20 + n))" \
            --users-file "$dir/users" --public-url "http://127.0.0.1:$port" "${node_args[@]}" > "$dir/node$n.log" 2>&1 &
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
        for _ in $(seq 100); do curl -sf "http://127.0.0.1:$((port + n))/healthz" >/dev/null && break; sleep 0.2; done
        curl -sf "http://127.0.0.1:$((port + n))/healthz" >/dev/null || { echo "local-cluster: node $n did not start; see $dir/node$n.log" >&2; exit 1; }
    done
    echo "local-cluster: $nodes node(s) behind http://127.0.0.1:$port (nodes on $((port + 1))-$((port + nodes)), Redis $redis_port, PostgreSQL $pg_port)"
    echo "local-cluster: user and key: $(cat "$dir/users"); logs and data in $dir"
    echo "local-cluster: the virtual device through HAProxy: dotnet run --project tools/virtual-device -- --server http://127.0.0.1:$port --user demo --key KEY"
}

stop() {
    stop_pid haproxy
    # Every node this folder's start left, whatever CLUSTER_NODES is now.
    for file in "$dir"/node*.pid; do [ -e "$file" ] && stop_pid "$(basename "$file" .pid)"; done
    stop_pid redis
    if [ -f "$dir/postgres/postmaster.pid" ]; then
        as_postgres "$pg_bin/pg_ctl" -D "$dir/postgres" -m fast -w stop >/dev/null
    fi
    echo "local-cluster: stopped (data and logs stay in $dir)"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
