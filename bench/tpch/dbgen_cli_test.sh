#!/usr/bin/env bash
# bench_tpch_dbgen end to end at SF 0.01: every table written as Delta, Parquet and CSV, read back
# with `lakeml table show` and `lakeml parquet cat`; the three formats hold the same rows, the
# same data at 1 and 3 threads, and --help and bad flags behave.
#
# usage: bash dbgen_cli_test.sh <path-to-bench_tpch_dbgen> <path-to-lakeml>
# Prints one line per failed check and a final "N passed, M failed"; exits 1 on any failure.
set -u

DBGEN=${1:?usage: dbgen_cli_test.sh <path-to-bench_tpch_dbgen> <path-to-lakeml>}
LAKEML=${2:?usage: dbgen_cli_test.sh <path-to-bench_tpch_dbgen> <path-to-lakeml>}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lakeml-tpch-dbgen-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

passed=0
failed=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi
}

check "--help exits 0 with usage" bash -c "'$DBGEN' --help | grep -q 'Usage: bench_tpch_dbgen'"
check "missing --out exits 2" bash -c "'$DBGEN' --sf 0.01 2>/dev/null; test \$? -eq 2"
check "unknown table fails" bash -c "! '$DBGEN' --sf 0.01 --out '$TMP/x' --tables foo 2>/dev/null"

for f in delta parquet csv; do
  check "$f generation" bash -c "'$DBGEN' --sf 0.01 --out '$TMP/$f' --format $f >'$TMP/$f.out' 2>/dev/null"
done
check "csv at 3 threads" bash -c "'$DBGEN' --sf 0.01 --out '$TMP/csv3' --format csv --threads 3 >/dev/null 2>&1"

for t in region nation supplier customer part partsupp orders lineitem; do
  csv_rows=$(($(wc -l <"$TMP/csv/$t.csv") - 1))
  reported=$(awk -v t="$t" '$1 == t { sub("rows=", "", $2); print $2 }' "$TMP/delta.out")
  check "$t: reported rows ($reported) = csv rows ($csv_rows)" test "$reported" = "$csv_rows"
  delta_rows=$(($("$LAKEML" table show "$TMP/delta/$t" | wc -l) - 1))
  check "$t: delta rows ($delta_rows) = csv rows" test "$delta_rows" = "$csv_rows"
  parquet_rows=$(($("$LAKEML" parquet cat "$TMP/parquet/$t.parquet" | wc -l) - 1))
  check "$t: parquet rows ($parquet_rows) = csv rows" test "$parquet_rows" = "$csv_rows"
  check "$t: same csv at 1 and 3 threads" cmp -s "$TMP/csv/$t.csv" "$TMP/csv3/$t.csv"
done
check "spec row counts" bash -c "grep -q '^orders *rows=15000 ' '$TMP/delta.out' &&
  grep -q '^partsupp *rows=8000 ' '$TMP/delta.out' && grep -q '^customer *rows=1500 ' '$TMP/delta.out'"
LOG0="$TMP/delta/lineitem/_delta_log/00000000000000000000.json"
check "delta lineitem: decimal(15,2) columns" grep -qF 'decimal(15,2)' "$LOG0"
check "delta lineitem: date columns" grep -qF 'l_shipdate\",\"type\":\"date' "$LOG0"

echo "$passed passed, $failed failed"
test "$failed" -eq 0
