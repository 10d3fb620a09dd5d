#!/usr/bin/env bash
# Time of /clientresp fileopt "new" as plots of the same name pile up (issue 13, item 6).
# Usage: tools/stream-server/scripts/measure-fileopt-new.sh [SERVER_DLL] [PLOTS]
#   SERVER_DLL  default artifacts/bin/StreamServer/debug/HeartRateStreamer.StreamServer.dll (build it first)
# Creates PLOTS (default 5000) plots named "hr" on one kept-alive connection and prints the median time of each
# block of 1000 requests: flat when naming is O(1), growing when it searches the plots.
set -euo pipefail
dll=${1:-artifacts/bin/StreamServer/debug/HeartRateStreamer.StreamServer.dll}
plots=${2:-5000}
data=$(mktemp -d /tmp/fileopt-new-XXXXXX)
port=$((20000 + RANDOM % 20000))
key=measure-key-0123456789

dotnet "$dll" --urls "http://127.0.0.1:$port" --https-port none --data "$data" --user "measure:$key" >"$data.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data" "$data.log"' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/static/viewer.css" && break; sleep 0.2; done

python3 - "$port" "$key" "$plots" <<'PY'
import http.client, statistics, sys, time
port, key, plots = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
conn = http.client.HTTPConnection("127.0.0.1", port)
body = ('un=measure&key=%s&args=[{"x":[1],"y":[2]}]&kwargs={"filename":"hr","fileopt":"new"}' % key).encode()
times = []
for i in range(plots):
    start = time.perf_counter()
    conn.request("POST", "/clientresp", body, {"Content-Type": "application/x-www-form-urlencoded"})
    reply = conn.getresponse().read()
    times.append((time.perf_counter() - start) * 1000)
    if i == plots - 1:
        print("last reply:", reply.decode()[:160])
for block in range(0, plots, 1000):
    print("plots %5d-%5d: median %.2f ms" % (block, block + 999, statistics.median(times[block:block + 1000])))
PY
