#!/usr/bin/env bash
# Behaviour of `lakeml sql` as a user sees it: statements from -c, -f and non-TTY stdin; the
# table, csv and json output formats; exit codes (0 ok; 1 with "lakeml: [ERROR_CLASS] ..." on
# stderr); the catalog persisting across invocations through --warehouse and $LAKEML_WAREHOUSE;
# DESCRIBE DETAIL/HISTORY of tables it created; --help.
#
# usage: bash sql_cli_test.sh <path-to-lakeml> <shared-dir>
# Prints one line per failed check and a final "N passed, M failed"; exits 1 on any failure.
set -u

LAKEML=${1:?usage: sql_cli_test.sh <path-to-lakeml> <shared-dir>}
SHARED=${2:?usage: sql_cli_test.sh <path-to-lakeml> <shared-dir>}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lakeml-sql-cli-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
WH="$TMP/warehouse"
# Never touch the user's ~/.lakeml: the default warehouse goes under $TMP too.
export HOME="$TMP/home"
unset LAKEML_WAREHOUSE

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  echo "FAIL: $*"
}

# run ARGS...: runs lakeml with stdin from /dev/null; sets RC, OUT and ERR.
run() {
  "$LAKEML" "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
  RC=$?
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
}

# check_ok LABEL: the last run exited 0 with an empty stderr.
check_ok() {
  if [[ $RC -ne 0 ]]; then
    fail "$1: exit $RC, stderr: $ERR"
  elif [[ -n $ERR ]]; then
    fail "$1: unexpected stderr: $ERR"
  else
    pass
  fi
}

# expect_out LABEL EXPECTED ARGS...: exit 0, no stderr, stdout exactly EXPECTED.
expect_out() {
  local label=$1 expected=$2
  shift 2
  run "$@"
  check_ok "$label"
  if [[ $OUT != "$expected" ]]; then
    fail "$label: stdout [$OUT], expected [$expected]"
  fi
}

# expect_error LABEL REGEX ARGS...: exit 1 and stderr "lakeml: ..." matching REGEX.
expect_error() {
  local label=$1 regex=$2
  shift 2
  run "$@"
  if [[ $RC -ne 1 ]]; then
    fail "$label: exit $RC, expected 1 (stderr: $ERR)"
  elif [[ $ERR != lakeml:* ]]; then
    fail "$label: stderr does not start with 'lakeml:': $ERR"
  elif ! grep -qE -- "$regex" <<<"$ERR"; then
    fail "$label: stderr does not match /$regex/: $ERR"
  else
    pass
  fi
}

# -c, formats.
expect_out "csv" $'a,b\n1,x\n2,' sql --warehouse "$WH" --format csv \
  -c "SELECT * FROM VALUES (1, 'x'), (2, NULL) AS t(a, b)"
expect_out "json" $'{"a":1,"b":"x"}\n{"a":2,"b":null}' sql --warehouse "$WH" --format json \
  -c "SELECT * FROM VALUES (1, 'x'), (2, NULL) AS t(a, b)"
run sql --warehouse "$WH" -c "SELECT 1 AS one"
check_ok "table format"
if ! grep -q "one" <<<"$OUT" || ! grep -q "1" <<<"$OUT"; then fail "table format: [$OUT]"; fi
expect_error "bad format" "Unknown output format" sql --warehouse "$WH" --format xml -c "SELECT 1"

# Errors: class first, exit 1, nothing after the failing statement runs.
expect_error "unknown table" '^lakeml: \[TABLE_OR_VIEW_NOT_FOUND\] The table or view `main`.`default`.`nope`' \
  sql --warehouse "$WH" -c "SELECT * FROM nope"
expect_error "syntax" '^lakeml: \[PARSE_SYNTAX_ERROR\]' sql --warehouse "$WH" -c "SELEC 1"
expect_error "unsupported" '^lakeml: \[UNSUPPORTED_FEATURE' sql --warehouse "$WH" \
  -c "CREATE TABLE u (a INT); INSERT INTO u VALUES (1)"

# The catalog persists across invocations.
expect_out "create" "" sql --warehouse "$WH" \
  -c "CREATE SCHEMA shop; CREATE TABLE shop.items AS SELECT * FROM VALUES (1, 'pen'), (2, 'ink') AS t(id, name)"
expect_out "read back" $'id,name\n1,pen\n2,ink' sql --warehouse "$WH" --format csv \
  -c "SELECT * FROM shop.items"
expect_out "show tables" $'namespace,tableName,isTemporary\nshop,items,false' \
  sql --warehouse "$WH" --format csv -c "USE shop; SHOW TABLES"
expect_out "show schemas" $'databaseName\ndefault\nshop' sql --warehouse "$WH" --format csv \
  -c "SHOW SCHEMAS"
expect_out "describe" $'col_name,data_type,comment\nid,int,\nname,string,' \
  sql --warehouse "$WH" --format csv -c "DESCRIBE shop.items"

# DESCRIBE DETAIL and HISTORY of a table made here.
run sql --warehouse "$WH" --format json -c "DESCRIBE DETAIL shop.items"
check_ok "detail"
for want in '"format":"delta"' '"name":"main.shop.items"' '"numFiles":1' '"minReaderVersion":1' \
  "\"location\":\"$WH/tables/"; do
  grep -qF -- "$want" <<<"$OUT" || fail "detail: [$OUT] lacks $want"
done
run sql --warehouse "$WH" --format csv -c "DESCRIBE HISTORY shop.items"
check_ok "history"
[[ $(tail -n +2 <<<"$OUT" | wc -l) -eq 1 ]] || fail "history: one commit expected: [$OUT]"
grep -qE '^0,' <<<"$(tail -n +2 <<<"$OUT")" || fail "history: version 0 expected: [$OUT]"

# Managed table files go away with DROP TABLE; external ones stay.
run sql --warehouse "$WH" --format json -c "DESCRIBE DETAIL shop.items"
location=$(grep -oE '"location":"[^"]*"' <<<"$OUT" | head -1 | cut -d'"' -f4)
[[ -d $location/_delta_log ]] || fail "managed location [$location] has no _delta_log"
expect_out "external" "" sql --warehouse "$WH" \
  -c "CREATE TABLE ext LOCATION '$TMP/ext' AS SELECT 1 AS x; DROP TABLE ext; DROP TABLE shop.items"
[[ -d $location ]] && fail "DROP TABLE left the managed directory $location"
[[ -d $TMP/ext/_delta_log ]] || fail "DROP TABLE deleted the external table's files"
expect_error "dropped" "TABLE_OR_VIEW_NOT_FOUND" sql --warehouse "$WH" -c "SELECT * FROM shop.items"

# -f and stdin.
printf 'CREATE TEMP VIEW v AS SELECT 7 AS n;\nSELECT n FROM v;\n' >"$TMP/q.sql"
expect_out "-f" $'n\n7' sql --warehouse "$WH" --format csv -f "$TMP/q.sql"
out=$("$LAKEML" sql --warehouse "$WH" --format csv <"$TMP/q.sql" 2>"$TMP/err")
rc=$?
expect_eq() { if [[ "$2" == "$3" ]]; then pass; else fail "$1: got [$2], expected [$3]"; fi; }
expect_eq "stdin rc" "$rc" 0
expect_eq "stdin out" "$out" $'n\n7'
out=$(printf 'SELECT 1 AS a;\nSELECT * FROM nope;\nSELECT 2 AS b;\n' |
  "$LAKEML" sql --warehouse "$WH" --format csv 2>"$TMP/err")
rc=$?
expect_eq "stdin error rc" "$rc" 1
expect_eq "stdin error out (later statements still run)" "$out" $'a\n1\nb\n2'
grep -q '^lakeml: \[TABLE_OR_VIEW_NOT_FOUND\]' "$TMP/err" || fail "stdin error: $(cat "$TMP/err")"
expect_error "missing -f" "Cannot open SQL file" sql --warehouse "$WH" -f "$TMP/none.sql"

# Default warehouse: $LAKEML_WAREHOUSE, else ~/.lakeml/warehouse.
LAKEML_WAREHOUSE="$TMP/env_wh" "$LAKEML" sql -c "CREATE SCHEMA from_env" </dev/null ||
  fail "LAKEML_WAREHOUSE create"
LAKEML_WAREHOUSE="$TMP/env_wh" expect_out "LAKEML_WAREHOUSE" $'databaseName\nfrom_env' \
  sql --format csv -c "SHOW SCHEMAS LIKE 'from*'"
"$LAKEML" sql -c "CREATE SCHEMA from_home" </dev/null || fail "home create"
[[ -f $HOME/.lakeml/warehouse/lakeml.db ]] || fail "no catalog under \$HOME/.lakeml/warehouse"
expect_out "home default" $'databaseName\nfrom_home' sql --format csv -c "SHOW SCHEMAS LIKE 'from*'"

# DOUBLE values print as Spark writes them (sql-gaps); JSON keeps numbers, with a fraction
# for whole DOUBLEs (Spark's to_json, Databricks' JSON results: 2.0).
expect_out "double csv" $'a,b,c\n2.0,1.0E10,-0.0' sql --warehouse "$WH" --format csv \
  -c "SELECT 6 / 3 AS a, 1e10 AS b, -0.0D AS c"
expect_out "double json" '{"a":2.0,"b":1,"c":0.5}' sql --warehouse "$WH" --format json \
  -c "SELECT 6 / 3 AS a, 1 AS b, 0.5D AS c"
expect_out "interval json" $'{"i":"INTERVAL \'3\' DAY"}' sql --warehouse "$WH" --format json \
  -c "SELECT INTERVAL '3' DAY AS i"

# --param binds :name markers (sql-syntax).
expect_out "param" $'a,b\n42,it\'s' sql --warehouse "$WH" --format csv \
  --param n=40 --param "s='it\\'s'" -c "SELECT :n + 2 AS a, :s AS b"
expect_out "param date" $'d\n2024-01-02' sql --warehouse "$WH" --format csv \
  --param "day=DATE'2024-01-01'" -c "SELECT date_add(:day, 1) AS d"
expect_error "unbound param" '^lakeml: \[UNBOUND_SQL_PARAMETER\] Found the unbound parameter: m' \
  sql --warehouse "$WH" --param n=1 -c "SELECT :m"
expect_error "param not constant" '^lakeml: \[INVALID_SQL_ARG\]' \
  sql --warehouse "$WH" --param "n=(SELECT 1)" -c "SELECT :n"
run sql --warehouse "$WH" --param nonsense -c "SELECT 1"
[[ $RC -eq 2 ]] || fail "--param without =: exit $RC"

# --help.
run sql --help
check_ok "--help"
for want in --warehouse LAKEML_WAREHOUSE --format -c -f; do
  grep -qF -- "$want" <<<"$OUT" || fail "--help lacks $want"
done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
