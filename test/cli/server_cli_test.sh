#!/usr/bin/env bash
# Behaviour of `lakeml server` and `lakeml token` as a user sees them: --port 0 prints the chosen
# port; /health, /version and /metrics answer; SIGTERM stops it with exit 0; a non-loopback
# --host is refused without tokens and requires a bearer token once one exists; revoked tokens
# are refused; bad flags fail with a message; --help lists the flags.
#
# usage: bash server_cli_test.sh <path-to-lakeml> <shared-dir>
# Prints one line per failed check and a final "N passed, M failed"; exits 1 on any failure.
set -u

LAKEML=${1:?usage: server_cli_test.sh <path-to-lakeml> <shared-dir>}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lakeml-server-cli-test.XXXXXX")
SERVER_PID=""
cleanup() {
  [[ -n $SERVER_PID ]] && kill -9 "$SERVER_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
WH="$TMP/warehouse"
export HOME="$TMP/home"
unset LAKEML_WAREHOUSE

passed=0
failed=0
check() {  # check LABEL CONDITION...
  local label=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $label"; fi
}

# start_server ARGS...: starts lakeml server --port 0 in the background; sets SERVER_PID and PORT.
start_server() {
  "$LAKEML" server --port 0 --warehouse "$WH" "$@" >"$TMP/server.out" 2>"$TMP/server.err" &
  SERVER_PID=$!
  PORT=""
  for _ in $(seq 1 100); do
    PORT=$(sed -n 's|^lakeml server listening on http://[^:]*:\([0-9]*\)$|\1|p' "$TMP/server.out")
    [[ -n $PORT ]] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

stop_server() {  # SIGTERM; sets STOP_RC
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID"
  STOP_RC=$?
  SERVER_PID=""
}

# --- loopback, no auth
check "server starts on port 0" start_server
check "prints a real port" test -n "$PORT"
check "/health is OK" test "$(curl -s "http://127.0.0.1:$PORT/health")" = "OK"
check "/version" test "$(curl -s "http://127.0.0.1:$PORT/version")" = "0.1.0"
curl -s "http://127.0.0.1:$PORT/nope" >"$TMP/nope.json"
check "unknown path has MLflow error" grep -q '"error_code":"ENDPOINT_NOT_FOUND"' "$TMP/nope.json"
check "unknown path is 404" test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/nope")" = 404
curl -s "http://127.0.0.1:$PORT/metrics" >"$TMP/metrics.txt"
check "/metrics counts /health" grep -q 'lakeml_http_requests_total{route="/health",code="2xx"} 1' "$TMP/metrics.txt"
check "/metrics has the latency histogram" grep -q '^# TYPE lakeml_http_request_duration_seconds histogram' "$TMP/metrics.txt"
stop_server
check "SIGTERM exits 0" test "$STOP_RC" -eq 0
check "artifacts directory created" test -d "$WH/artifacts"

# --- non-loopback without tokens is refused
"$LAKEML" server --host 0.0.0.0 --port 0 --warehouse "$WH" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "0.0.0.0 without tokens exits 1" test $rc -eq 1
check "refusal says how to create a token" grep -q "lakeml token create" "$TMP/err"

# --- tokens
TOKEN=$("$LAKEML" token create --name cli --warehouse "$WH" 2>/dev/null)
check "token create prints lkml_ token" grep -qE '^lkml_[0-9a-f]{40}$' <<<"$TOKEN"
"$LAKEML" token list --warehouse "$WH" >"$TMP/list.txt"
check "token list shows the name" grep -q ' cli$' "$TMP/list.txt"
check "token list never shows the secret" bash -c "! grep -q '${TOKEN#lkml_}' '$TMP/list.txt'"
check "server starts with tokens on 0.0.0.0" start_server --host 0.0.0.0
check "health needs no token" test "$(curl -s "http://127.0.0.1:$PORT/health")" = "OK"
check "metrics without token is 401" test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/metrics")" = 401
check "metrics with token is 200" test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/metrics")" = 200
"$LAKEML" token revoke cli --warehouse "$WH"
check "revoke exits 0" test $? -eq 0
sleep 1.2  # Servers re-read tokens at most once a second.
check "revoked token is 401" test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/metrics")" = 401
stop_server
check "SIGTERM exits 0 (auth)" test "$STOP_RC" -eq 0
"$LAKEML" token revoke nosuch --warehouse "$WH" 2>"$TMP/err"
check "revoking an unknown token fails" test $? -eq 1

# --- bad flags
"$LAKEML" server --port 0 --warehouse "$WH" --backend-store-uri postgresql://x/y >/dev/null 2>"$TMP/err"
check "postgresql store is refused" test $? -eq 1
check "postgresql refusal is clear" grep -q "not supported yet" "$TMP/err"
"$LAKEML" server --port 0 --warehouse "$WH" --backend-store-uri mysql://x >/dev/null 2>"$TMP/err"
check "unknown store scheme fails" test $? -eq 1
"$LAKEML" server --port 0 --warehouse "$WH" --host not-an-ip >/dev/null 2>"$TMP/err"
check "bad host fails" test $? -eq 1
check "bad host message" grep -q "Not an IP address for --host" "$TMP/err"
"$LAKEML" server --help >"$TMP/help.txt"
for flag in --host --port --warehouse --backend-store-uri --artifacts-destination --workers --log-format; do
  check "--help lists $flag" grep -q -- "$flag" "$TMP/help.txt"
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
