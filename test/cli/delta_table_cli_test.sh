#!/usr/bin/env bash
# Behaviour of `lakeml table ...` as a user sees it: a partitioned table written from CSV and
# Parquet, appended to, overwritten with --replace-where, read back (show/history/detail/changes,
# time travel by version and timestamp), maintained (vacuum, optimize, checkpoint, restore,
# rename/drop column), bad input (exit 1, "lakeml: <message>" on stderr, nothing on stdout), and
# `table show` of conformance tables whose contents are known (DAT expected files, log facts).
#
# usage: bash delta_table_cli_test.sh <path-to-lakeml> <shared-dir>
# Prints one line per failed check and a final "N passed, M failed"; exits 1 on any failure.
set -u

LAKEML=${1:?usage: delta_table_cli_test.sh <path-to-lakeml> <shared-dir>}
SHARED=${2:?usage: delta_table_cli_test.sh <path-to-lakeml> <shared-dir>}
DELTA="$SHARED/conformance/delta"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lakeml-table-cli-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  echo "FAIL: $*"
}

# run ARGS...: runs lakeml; sets RC, OUT (stdout) and ERR (stderr).
run() {
  "$LAKEML" "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
}

# expect_ok LABEL ARGS...: exit 0 and nothing on stderr.
expect_ok() {
  local label=$1
  shift
  run "$@"
  if [[ $RC -ne 0 ]]; then
    fail "$label: exit $RC, stderr: $ERR"
  elif [[ -n $ERR ]]; then
    fail "$label: unexpected stderr: $ERR"
  else
    pass
  fi
}

# expect_error LABEL REGEX ARGS...: exit 1, nothing on stdout, stderr "lakeml: ..." matching
# the extended REGEX (case-insensitive).
expect_error() {
  local label=$1 regex=$2
  shift 2
  run "$@"
  if [[ $RC -eq 0 ]]; then
    fail "$label: exit 0, expected an error (stdout: ${OUT:0:200})"
  elif [[ $RC -ge 128 ]]; then
    fail "$label: killed by signal $((RC - 128)) (crash), stderr: $ERR"
  elif [[ $RC -ne 1 ]]; then
    fail "$label: exit $RC, expected 1 (stderr: $ERR)"
  elif [[ -n $OUT ]]; then
    fail "$label: error run wrote to stdout: ${OUT:0:200}"
  elif [[ $ERR != lakeml:* ]]; then
    fail "$label: stderr does not start with 'lakeml:': $ERR"
  elif ! grep -qiE -- "$regex" <<<"$ERR"; then
    fail "$label: stderr does not match /$regex/: $ERR"
  else
    pass
  fi
}

# expect_eq LABEL ACTUAL EXPECTED
expect_eq() {
  if [[ "$2" == "$3" ]]; then
    pass
  else
    fail "$1: got [$2], expected [$3]"
  fi
}

# expect_match LABEL TEXT REGEX (extended)
expect_match() {
  if grep -qE -- "$3" <<<"$2"; then
    pass
  else
    fail "$1: [${2:0:300}] does not match /$3/"
  fi
}

# rows ARGS...: `lakeml table show ARGS...` rows without the CSV header, sorted.
rows() { "$LAKEML" table show "$@" 2>&1 | tail -n +2 | LC_ALL=C sort; }
# json_rows ARGS...: `lakeml table show --format json ARGS...`, sorted.
json_rows() { "$LAKEML" table show --format json "$@" 2>&1 | LC_ALL=C sort; }

# --- help for every subcommand --------------------------------------------------------------
SUBS="show history detail changes write vacuum optimize checkpoint restore rename-column drop-column"
expect_ok "lakeml --help" --help
grep -qE "^ *table\b" <<<"$OUT" && pass || fail "lakeml --help does not list table"
expect_ok "table --help" table --help
for sub in $SUBS; do
  grep -qE "^ *$sub\b" <<<"$OUT" && pass || fail "table --help does not list $sub"
done
for sub in $SUBS; do
  expect_ok "table $sub --help" table "$sub" --help
  grep -qE "Usage: .*table $sub" <<<"$OUT" && pass ||
    fail "table $sub --help does not print its own usage: ${OUT:0:200}"
done
run table write --help
for opt in --mode --partition-by --merge-schema --replace-where --property --input-format \
  --delimiter --no-header --threads --quiet; do
  grep -q -- "$opt" <<<"$OUT" && pass || fail "table write --help does not document $opt"
done
run table show --help
for opt in --version --timestamp --columns --limit --format; do
  grep -q -- "$opt" <<<"$OUT" && pass || fail "table show --help does not document $opt"
done

# --- write: create a partitioned table from CSV ----------------------------------------------
T="$TMP/events"
cat >"$TMP/v0.csv" <<'EOF'
id,day,name,score
1,2024-01-01,ann,1.5
2,2024-01-01,bob,2.5
3,2024-01-02,cid,3.5
4,2024-01-02,"d, e",
EOF
cat >"$TMP/v1.csv" <<'EOF'
id,day,name,score
5,2024-01-03,eve,5.5
6,2024-01-01,fay,6.5
EOF
cat >"$TMP/v2.csv" <<'EOF'
id,day,name,score
7,2024-01-01,gus,7.5
EOF
expect_ok "write creates" table write "$T" "$TMP/v0.csv" --partition-by day \
  --property delta.enableChangeDataFeed=true
expect_match "write summary" "$OUT" "^Created version 0 of .*: 4 rows, 2 files added, 0 removed, [0-9]+ bytes in [0-9.]+ s$"
[[ -d "$T/_delta_log" && -d "$T/day=2024-01-01" && -d "$T/day=2024-01-02" ]] && pass ||
  fail "write did not create _delta_log and day=... partition directories"
expect_ok "show v0" table show "$T"
expect_eq "show header (schema order)" "$(head -1 <<<"$OUT")" "id,day,name,score"
expect_eq "show v0 rows" "$(rows "$T")" "$(tail -n +2 "$TMP/v0.csv" | LC_ALL=C sort)"
expect_ok "append" table write "$T" "$TMP/v1.csv"
expect_match "append summary" "$OUT" "^Wrote version 1 of .*: 2 rows, 2 files added, 0 removed"
expect_ok "overwrite --replace-where" table write "$T" "$TMP/v2.csv" --mode overwrite \
  --replace-where "day = '2024-01-01'"
expect_match "replace-where summary" "$OUT" "^Wrote version 2 of .*: 1 rows, 1 files added, 2 removed"
expect_eq "rows after replace-where" "$(rows "$T")" "$(printf '%s\n' \
  '3,2024-01-02,cid,3.5' '4,2024-01-02,"d, e",' '5,2024-01-03,eve,5.5' '7,2024-01-01,gus,7.5' |
  LC_ALL=C sort)"
expect_ok "write --quiet" table write "$TMP/quiet" "$TMP/v2.csv" --quiet
expect_eq "write --quiet prints nothing" "$OUT" ""

# --- --replace-where on a data column: matching rows deleted, NULL rows kept -----------------
R="$TMP/rw"
expect_ok "write for data replace-where" table write "$R" "$TMP/v0.csv" --quiet
printf 'id,day,name,score\n8,2024-01-05,hal,8.5\n9,2024-01-05,ivy,2.25\n' >"$TMP/rw1.csv"
expect_ok "overwrite --replace-where data column" table write "$R" "$TMP/rw1.csv" \
  --mode overwrite --replace-where "score > 2"
expect_match "data replace-where summary" "$OUT" \
  "^Wrote version 1 of .*: 2 rows, 2 files added, 1 removed, 2 existing rows deleted, [0-9]+ bytes"
expect_eq "rows after data replace-where" "$(rows "$R")" "$(printf '%s\n' \
  '1,2024-01-01,ann,1.5' '4,2024-01-02,"d, e",' '8,2024-01-05,hal,8.5' '9,2024-01-05,ivy,2.25' |
  LC_ALL=C sort)"
expect_ok "history of data replace-where" table history "$R" --format json --limit 1
expect_match "history predicate" "$OUT" 'score > 2'
printf 'id,day,name,score\n10,2024-01-06,jo,3.5\n11,2024-01-06,kim,1.25\n' >"$TMP/rw2.csv"
expect_error "data replace-where violated" "does not match replaceWhere.*input row 2 has score = 1.25" \
  table write "$R" "$TMP/rw2.csv" --mode overwrite --replace-where "score > 2"
printf 'id,day,name,score\n13,2024-01-06,mo,4.5\n12,2024-01-06,lu,\n' >"$TMP/rw3.csv"
expect_error "data replace-where NULL violates" "input row 2 has score = NULL" \
  table write "$R" "$TMP/rw3.csv" --mode overwrite --replace-where "score > 2"
expect_ok "history after refused writes" table history "$R"
expect_eq "refused writes commit nothing" "$(wc -l <"$TMP/out")" 3

# --- show: formats, time travel, projection, limit -------------------------------------------
expect_ok "show json" table show "$T" --format json --columns id,name
expect_match "json typed values" "$OUT" '^\{"id":3,"name":"cid"\}$'
expect_eq "json rows" "$(wc -l <"$TMP/out")" 4
expect_ok "show --version 1" table show "$T" --version 1
expect_eq "--version 1 rows" "$(rows "$T" --version 1)" "$(
  (tail -n +2 "$TMP/v0.csv"; tail -n +2 "$TMP/v1.csv") | LC_ALL=C sort)"
expect_ok "show --version 0 --columns" table show "$T" --version 0 --columns score,id
expect_eq "--columns order" "$(head -1 <<<"$OUT")" "score,id"
expect_ok "show --limit 2" table show "$T" --limit 2
expect_eq "--limit 2 lines" "$(wc -l <"$TMP/out")" 3
expect_ok "show --limit 0" table show "$T" --limit 0 --format json
expect_eq "--limit 0" "$OUT" ""
NOW_MS=$(($(date +%s) * 1000 + 999))
expect_ok "show --timestamp now" table show "$T" --timestamp "$NOW_MS"
expect_eq "--timestamp now is latest" "$(rows "$T" --timestamp "$NOW_MS")" "$(rows "$T")"
expect_error "show --timestamp before creation" "before|earliest" \
  table show "$T" --timestamp 2001-01-01
expect_error "show --version and --timestamp" "version|timestamp" \
  table show "$T" --version 0 --timestamp "$NOW_MS"
expect_error "show --version beyond latest" "version" table show "$T" --version 42
expect_error "show unknown column" "nope" table show "$T" --columns id,nope
expect_error "show bad --timestamp" "timestamp" table show "$T" --timestamp yesterday

# --- show prints exactly what `parquet cat` prints --------------------------------------------
U="$TMP/flat"
expect_ok "write unpartitioned" table write "$U" "$TMP/v0.csv" --quiet
DATA_FILE=$(ls "$U"/*.parquet)
for fmt in csv json; do
  "$LAKEML" parquet cat "$DATA_FILE" --format $fmt >"$TMP/cat.$fmt" 2>&1
  "$LAKEML" table show "$U" --format $fmt >"$TMP/show.$fmt" 2>&1
  cmp -s "$TMP/cat.$fmt" "$TMP/show.$fmt" && pass ||
    fail "table show --format $fmt differs from parquet cat of the table's only file"
done

# --- history, detail, changes ----------------------------------------------------------------
expect_ok "history" table history "$T"
expect_eq "history lines" "$(wc -l <"$TMP/out")" 4
expect_match "history newest first" "$(sed -n 2p "$TMP/out")" "^2 +[0-9-]+T[0-9:.]+Z +WRITE "
expect_match "history oldest" "$(sed -n 4p "$TMP/out")" "^0 .*CREATE TABLE"
expect_ok "history json" table history "$T" --format json --limit 1
expect_match "history json" "$OUT" '^\{"version":2,"timestamp":"[0-9-]+T[0-9:.]+Z",.*"operation":"WRITE"'
expect_ok "detail" table detail "$T"
expect_match "detail partitionColumns" "$(tr -d ' \n' <"$TMP/out")" '"partitionColumns":\["day"\]'
expect_match "detail version" "$OUT" '"version": 2,'
expect_match "detail numFiles" "$OUT" '"numFiles": 3,'
expect_match "detail property" "$OUT" '"delta.enableChangeDataFeed": "true"'
expect_ok "detail --version 0 --files" table detail "$T" --version 0 --files
expect_eq "detail --files lists the files" "$(grep -c '"path": "day=' "$TMP/out")" 2
expect_ok "changes" table changes "$T" --from 0
expect_eq "changes header" "$(head -1 <<<"$OUT")" \
  "id,day,name,score,_change_type,_commit_version,_commit_timestamp"
expect_eq "changes inserts" "$(grep -c ',insert,' "$TMP/out")" 7
expect_eq "changes deletes (replace-where)" "$(grep -c ',delete,2,' "$TMP/out")" 3
expect_ok "changes --from 2 --to 2 json" table changes "$T" --from 2 --to 2 --format json
expect_eq "changes of version 2" "$(wc -l <"$TMP/out")" 4
expect_error "changes without CDF" "change data feed|enableChangeDataFeed" \
  table changes "$U" --from 0

# --- vacuum ----------------------------------------------------------------------------------
expect_ok "vacuum --dry-run" table vacuum "$T" --dry-run
expect_match "vacuum default retention keeps recent files" "$OUT" "^Would delete 0 files"
expect_error "vacuum retention check" "retention" table vacuum "$T" --retain-hours 0
expect_ok "vacuum --force --dry-run" table vacuum "$T" --retain-hours 0 --force --dry-run
expect_eq "vacuum dry run lists the 2 replaced files" "$(grep -c '^day=2024-01-01/' "$TMP/out")" 2
expect_match "vacuum dry run total" "$(tail -1 "$TMP/out")" "^Would delete 2 files \([0-9]+ bytes\)"
FIRST=$(head -1 "$TMP/out")
[[ -f "$T/$FIRST" ]] && pass || fail "vacuum --dry-run deleted $FIRST"

# --- optimize --------------------------------------------------------------------------------
for i in 1 2 3; do
  "$LAKEML" table write "$T" "$TMP/v1.csv" --quiet || fail "append $i for optimize"
done
BEFORE=$(rows "$T")
FILES_BEFORE=$(find "$T" -name '*.parquet' -path '*day=2024-01-03*' | wc -l)
expect_ok "optimize --where" table optimize "$T" --where "day = '2024-01-03'"
expect_match "optimize summary" "$OUT" "^Optimized .* as version 6: 4 files .* compacted into 1 files .* in 1 partitions"
expect_eq "optimize keeps rows" "$(rows "$T")" "$BEFORE"
expect_ok "optimize" table optimize "$T"
expect_match "optimize the rest" "$OUT" "^Optimized .* as version 7: .* in 1 partitions"
expect_eq "optimize keeps rows (all)" "$(rows "$T")" "$BEFORE"
expect_ok "optimize again" table optimize "$T"
expect_match "nothing left to optimize" "$OUT" "^Nothing to optimize"
expect_ok "history after optimize" table history "$T" --limit 1
expect_match "OPTIMIZE in history" "$(tail -1 "$TMP/out")" "^7 .* OPTIMIZE "
expect_error "optimize on a data column" "partition column" table optimize "$T" --where "id > 1"
expect_error "optimize bad --target-size" "target-size" table optimize "$T" --target-size lots
expect_ok "changes skip OPTIMIZE (dataChange=false)" table changes "$T" --from 6 --to 7
expect_eq "no changes from OPTIMIZE" "$(wc -l <"$TMP/out")" 1

# --- checkpoint ------------------------------------------------------------------------------
expect_ok "checkpoint" table checkpoint "$T"
expect_match "checkpoint summary" "$OUT" "version 7"
[[ -f "$T/_delta_log/00000000000000000007.checkpoint.parquet" && -f "$T/_delta_log/_last_checkpoint" ]] &&
  pass || fail "checkpoint files missing: $(ls "$T/_delta_log")"
expect_eq "rows after checkpoint" "$(rows "$T")" "$BEFORE"

# --- restore ---------------------------------------------------------------------------------
expect_ok "restore --version 1" table restore "$T" --version 1
expect_match "restore summary" "$OUT" "^Restored .* to version 1 as version 8: "
expect_eq "restored rows" "$(rows "$T")" "$(rows "$T" --version 1)"
expect_ok "history after restore" table history "$T" --limit 1 --format json
expect_match "RESTORE commit" "$OUT" '"operation":"RESTORE","operationParameters":\{"version":1,"timestamp":null\}'
expect_ok "restore --timestamp now" table restore "$T" --timestamp "$(($(date +%s) * 1000 + 999))"
expect_eq "restoring the latest changes no rows" "$(rows "$T")" "$(rows "$T" --version 1)"
expect_error "restore needs a target" "version|timestamp" table restore "$T"
expect_error "restore beyond latest" "version 99" table restore "$T" --version 99
expect_ok "vacuum old files" table vacuum "$T" --retain-hours 0 --force
expect_error "restore after vacuum" "no longer exists|VACUUM" table restore "$T" --version 3

# --- rename-column / drop-column (column mapping) --------------------------------------------
M="$TMP/mapped"
expect_ok "write mapped" table write "$M" "$TMP/v0.csv" --partition-by day \
  --property delta.columnMapping.mode=name --quiet
expect_ok "rename-column" table rename-column "$M" name who
expect_match "rename summary" "$OUT" "Renamed column name to who .*version 1"
expect_ok "show after rename" table show "$M" --columns id,who
expect_eq "renamed header" "$(head -1 <<<"$OUT")" "id,who"
expect_eq "renamed column keeps values" "$(rows "$M" --columns id,who)" \
  "$(printf '%s\n' 1,ann 2,bob 3,cid '4,"d, e"' | LC_ALL=C sort)"
expect_ok "rename a partition column" table rename-column "$M" day dt
expect_ok "show after partition rename" table show "$M" --columns dt --limit 1 --format json
expect_match "renamed partition column" "$OUT" '^\{"dt":"2024-01-0[12]"\}$'
expect_ok "drop-column" table drop-column "$M" score
expect_ok "show after drop" table show "$M" --version 3
expect_eq "dropped column gone" "$(head -1 <<<"$OUT")" "id,dt,who"
expect_ok "old versions keep the old names" table show "$M" --version 0 --columns name --limit 1
expect_error "rename without column mapping" "column mapping|columnMapping" \
  table rename-column "$T" name who
expect_error "rename unknown column" "nope" table rename-column "$M" nope other
expect_error "drop partition column" "partition" table drop-column "$M" dt

# --- Parquet input ---------------------------------------------------------------------------
"$LAKEML" parquet convert "$TMP/v0.csv" "$TMP/v0.parquet" --quiet || fail "convert v0.csv"
expect_ok "write from Parquet" table write "$TMP/fromparquet" "$TMP/v0.parquet" --partition-by day
expect_eq "Parquet input rows" "$(rows "$TMP/fromparquet")" "$(rows "$U")"
cp "$TMP/v0.parquet" "$TMP/v0.data"
expect_ok "Parquet input by content" table write "$TMP/fromparquet2" "$TMP/v0.data" --quiet
expect_eq "Parquet by content rows" "$(rows "$TMP/fromparquet2")" "$(rows "$U")"
printf 'id;day;name;score\n9;2024-02-01;zed;9.5\n' >"$TMP/semi.txt"
expect_ok "--delimiter" table write "$TMP/semi" "$TMP/semi.txt" --delimiter ';' --quiet
expect_eq "--delimiter rows" "$(rows "$TMP/semi")" "9,2024-02-01,zed,9.5"
printf '10,x\n11,y\n' >"$TMP/nohdr.csv"
expect_ok "--no-header" table write "$TMP/nohdr" "$TMP/nohdr.csv" --no-header --quiet
expect_eq "--no-header names" "$("$LAKEML" table show "$TMP/nohdr" | head -1)" "column0,column1"

# --- bad input -------------------------------------------------------------------------------
expect_error "write missing input" "no such file|not found" \
  table write "$TMP/x" "$TMP/does_not_exist.csv"
grep -q "does_not_exist.csv" <<<"$ERR" && pass || fail "missing input not named: $ERR"
[[ ! -e "$TMP/x/_delta_log" ]] && pass || fail "a failed write created a table"
expect_error "write bad --mode" "mode.*upsert|upsert.*mode" \
  table write "$T" "$TMP/v1.csv" --mode upsert
printf 'id,other\n1,2\n' >"$TMP/other.csv"
expect_error "schema mismatch" "schema|other" table write "$T" "$TMP/other.csv"
expect_error "replace-where needs overwrite" "overwrite" \
  table write "$T" "$TMP/v1.csv" --replace-where "day = '2024-01-03'"
expect_error "replace-where data outside" "replaceWhere|satisf" \
  table write "$T" "$TMP/v1.csv" --mode overwrite --replace-where "day = '2024-01-01'"
expect_error "partition-by mismatch" "partition" \
  table write "$T" "$TMP/v1.csv" --partition-by name
expect_error "bad --property" "property" table write "$TMP/y" "$TMP/v1.csv" --property novalue
expect_error "--property on an existing table" "property" \
  table write "$T" "$TMP/v1.csv" --property a=b
expect_ok "merge-schema" table write "$T" "$TMP/other.csv" --merge-schema --quiet
expect_eq "merged column" "$("$LAKEML" table show "$T" | head -1)" "id,day,name,score,other"
printf 'not,a\nreal,csv,file\n' >"$TMP/ragged.csv"
expect_error "ragged CSV" "line|field|column" table write "$TMP/z" "$TMP/ragged.csv"
for sub in show history detail vacuum optimize checkpoint; do
  expect_error "$sub on a non-table" "Not a Delta table" table "$sub" "$TMP/nowhere"
done
expect_error "changes on a non-table" "Not a Delta table|not found" \
  table changes "$TMP/nowhere" --from 0

# --- show on conformance tables (expected contents checked by hand / DAT expected files) ------
if [[ -d "$DELTA" ]]; then
  for t in basic_append multi_partitioned with_schema_change; do
    for v in $(ls "$DELTA/dat/$t/expected"); do
      args=()
      [[ $v == v* ]] && args=(--version "${v#v}")
      got=$(json_rows "$DELTA/dat/$t/delta" "${args[@]}")
      want=$("$LAKEML" parquet cat --format json "$DELTA/dat/$t/expected/$v/table_content.parquet" |
        LC_ALL=C sort)
      expect_eq "dat/$t $v" "$got" "$want"
    done
  done
  expect_ok "basic_append csv" table show "$DELTA/dat/basic_append/delta"
  expect_eq "basic_append csv" "$OUT" \
    $'letter,number,a_float\na,1,1.1\nb,2,2.2\nc,3,3.3\nd,4,4.4\ne,5,5.5'
  # RESTORE at version 3 brought back version 1's 200 ids (0..199); version 2 held 500..999.
  G="$DELTA/delta-golden/basic-with-inserts-overwrite-restore/delta"
  expect_eq "golden restore table" "$(rows "$G" | sort -n | sed -n '1p;$p' | tr '\n' ' ')" "0 199 "
  expect_eq "golden restore count" "$(rows "$G" | wc -l)" 200
  expect_eq "golden v2 range" "$(rows "$G" --version 2 | sort -n | sed -n '1p;$p' | tr '\n' ' ')" \
    "500 999 "
  expect_eq "golden history ops" "$("$LAKEML" table history "$G" | awk 'NR>1 {print $3}' | tr '\n' ' ')" \
    "RESTORE WRITE WRITE WRITE "
  expect_eq "log-replay-dv-key-cases" \
    "$(json_rows "$DELTA/delta-golden/log-replay-dv-key-cases/delta" | wc -l)" 47
  expect_eq "canonicalized paths: empty at v1" \
    "$(json_rows "$DELTA/delta-golden/canonicalized-paths-normal-a/delta" | wc -l)" 0
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
