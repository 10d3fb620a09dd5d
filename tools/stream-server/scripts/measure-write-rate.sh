#!/usr/bin/env bash
# Disk writes of the stream server while one stream sends 20 points/s into a large plot (issue 13, item 6).
# Usage: tools/stream-server/scripts/measure-write-rate.sh [SERVER_DLL] [PLOT_MB] [SECONDS]
#   SERVER_DLL  default artifacts/bin/StreamServer/debug/HeartRateStreamer.StreamServer.dll (build it first)
# Builds a PLOT_MB (default 45) plot of one trace (50 points whose text is PLOT_MB/50 MB each), waits for the saver
# to settle, then streams {"x":i,"y":i} every 50 ms for SECONDS (default 30) and prints the server process's
# write_bytes (bytes it caused to be written to storage, /proc/PID/io) and wchar (bytes passed to write()) per second.
set -euo pipefail
dll=${1:-artifacts/bin/StreamServer/debug/HeartRateStreamer.StreamServer.dll}
plot_mb=${2:-45}
seconds=${3:-30}
data=$(mktemp -d /tmp/write-rate-XXXXXX)
port=$((20000 + RANDOM % 20000))
key=measure-key-0123456789
h=http://127.0.0.1:$port

dotnet "$dll" --urls "$h" --https-port none --data "$data" --user "measure:$key" >"$data.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data" "$data.log"' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "$h/static/viewer.css" && break; sleep 0.2; done

curl -s "$h/clientresp" -d "un=measure&key=$key"'&args=[{"x":[],"y":[],"text":[],"stream":{"token":"big","maxpoints":10000}}]&kwargs={"filename":"big","fileopt":"overwrite"}' >/dev/null
text_bytes=$((plot_mb * 1024 * 1024 / 50))
python3 - "$text_bytes" >"$data/big.ndjson" <<'PY'
import sys
text = "t" * int(sys.argv[1])
for i in range(50):
    print('{"x":%d,"y":%d,"text":"%s"}' % (i, i, text))
PY
# One object per 60 ms, under the default 50 ms throttle, so none is dropped.
python3 -c "
import sys, time
for line in open('$data/big.ndjson'):
    sys.stdout.write(line); sys.stdout.flush(); time.sleep(0.06)
" | curl -s -o /dev/null -X POST -T - -H 'plotly-streamtoken: big' "$h/"
sleep 5 # the saver writes the big plot (whole or appended) and settles

read_io() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$pid/io"; }
wb0=$(read_io write_bytes); wc0=$(read_io wchar)
python3 -c "
import sys, time
for i in range($seconds * 20):
    sys.stdout.write('{\"x\":%d,\"y\":%d}\n' % (1000 + i, i)); sys.stdout.flush(); time.sleep(0.05)
" | curl -s -o /dev/null -X POST -T - -H 'plotly-streamtoken: big' "$h/"
sleep 1.5 # the last interval's save
wb1=$(read_io write_bytes); wc1=$(read_io wchar)
points=$(curl -s "$h/~measure/0.json" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"][0]["x"]))')
size=$(du -cb "$data"/stream-server.db* | tail -1 | cut -f1)
echo "plot: $points points, database files $((size / 1024 / 1024)) MiB"
echo "write_bytes: $(( (wb1 - wb0) / seconds )) bytes/s   wchar: $(( (wc1 - wc0) / seconds )) bytes/s   (over ${seconds} s of 20 points/s)"
