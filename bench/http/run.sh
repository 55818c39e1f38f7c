#!/usr/bin/env bash
# The HTTP layer's figures: /health (io thread) and POST /echo (worker pool) at 1 and 64
# keep-alive connections, each measured by bench_http_loadgen and, when installed, by wrk against
# the same server (to validate the generator). Prints one line per measurement.
#   usage: bench/http/run.sh <build-dir> [seconds]
set -euo pipefail
BUILD=${1:?usage: run.sh <build-dir> [seconds]}
SECONDS_PER=${2:-5}
out=$(mktemp)
"$BUILD/bench/bench_http_echo_server" --port 0 >"$out" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$out" "${lua:-}"' EXIT
for _ in $(seq 1 100); do grep -q listening "$out" && break; sleep 0.05; done
port=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$out")
body='{"run_id":"0123456789abcdef0123456789abcdef","key":"loss","value":0.125,"timestamp":1700000000000,"step":1}'
lua=$(mktemp --suffix=.lua)
printf 'wrk.method = "POST"\nwrk.body = [[%s]]\nwrk.headers["Content-Type"] = "application/json"\n' "$body" >"$lua"
for c in 1 64; do
  "$BUILD/bench/bench_http_loadgen" --port "$port" --connections $c --seconds "$SECONDS_PER" --path /health
  "$BUILD/bench/bench_http_loadgen" --port "$port" --connections $c --seconds "$SECONDS_PER" \
    --method POST --path /echo --body "$body" --header "Content-Type: application/json"
  if command -v wrk >/dev/null; then
    t=$([ $c -eq 1 ] && echo 1 || echo 2)
    echo "wrk /health connections=$c"; wrk -t$t -c$c -d"${SECONDS_PER}s" --latency "http://127.0.0.1:$port/health" | grep -E "Requests/sec|50%|90%|99%"
    echo "wrk POST /echo connections=$c"; wrk -t$t -c$c -d"${SECONDS_PER}s" --latency -s "$lua" "http://127.0.0.1:$port/echo" | grep -E "Requests/sec|50%|90%|99%"
  fi
done
