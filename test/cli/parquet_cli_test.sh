#!/usr/bin/env bash
# Behaviour of `lakeml parquet schema|meta|cat|convert` as a user sees it: help, exit codes and
# stderr for bad input, --limit, --columns, CSV nulls and quoting, and the JSON text of typed
# values on corpus files whose values the upstream docs give.
#
# usage: bash parquet_cli_test.sh <path-to-lakeml> <shared-dir>
# Prints one line per failed check and a final "N passed, M failed"; exits 1 on any failure.
set -u

LAKEML=${1:?usage: parquet_cli_test.sh <path-to-lakeml> <shared-dir>}
SHARED=${2:?usage: parquet_cli_test.sh <path-to-lakeml> <shared-dir>}
DATA="$SHARED/conformance/parquet/data"
SV="$SHARED/conformance/parquet/shredded_variant"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lakeml-cli-test.XXXXXX")
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

# expect_error LABEL REGEX ARGS...: non-zero exit, nothing on stdout, stderr matching the
# extended REGEX (case-insensitive).
expect_error() {
  local label=$1 regex=$2
  shift 2
  run "$@"
  if [[ $RC -eq 0 ]]; then
    fail "$label: exit 0, expected an error (stdout: ${OUT:0:200})"
  elif [[ $RC -ge 128 ]]; then
    fail "$label: killed by signal $((RC - 128)) (crash), stderr: $ERR"
  elif [[ -n $OUT ]]; then
    fail "$label: error run wrote to stdout: ${OUT:0:200}"
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

# --- help for every subcommand --------------------------------------------------------------
expect_ok "lakeml --help" --help
grep -q "parquet" <<<"$OUT" && pass || fail "lakeml --help does not list parquet"
expect_ok "parquet --help" parquet --help
for sub in schema meta cat convert; do
  grep -qE "^ *$sub\b" <<<"$OUT" && pass || fail "parquet --help does not list $sub"
done
for sub in schema meta cat convert; do
  expect_ok "parquet $sub --help" parquet "$sub" --help
  grep -qE "Usage: .*parquet $sub" <<<"$OUT" && pass ||
    fail "parquet $sub --help does not print its own usage: ${OUT:0:200}"
done
run parquet cat --help
for opt in --columns --limit --format --threads; do
  grep -q -- "$opt" <<<"$OUT" && pass || fail "parquet cat --help does not document $opt"
done

# --- errors: non-zero exit, clear stderr, no stdout ------------------------------------------
printf 'id,name\n1,a\n' >"$TMP/not_parquet.csv"
head -c 1000 "$DATA/alltypes_plain.parquet" >"$TMP/truncated.parquet"
: >"$TMP/empty.parquet"
for sub in schema meta cat; do
  expect_error "$sub missing file" "no such file|not found" \
    parquet "$sub" "$TMP/does_not_exist.parquet"
  grep -q "does_not_exist.parquet" <<<"$ERR" && pass ||
    fail "$sub missing file: path not named: $ERR"
  expect_error "$sub non-Parquet file" "parquet|magic|PAR1" parquet "$sub" "$TMP/not_parquet.csv"
  expect_error "$sub empty file" "parquet|small|empty|size" parquet "$sub" "$TMP/empty.parquet"
  expect_error "$sub truncated file" "parquet|footer|magic|truncat" \
    parquet "$sub" "$TMP/truncated.parquet"
  expect_error "$sub directory" "director" parquet "$sub" "$DATA"
  expect_error "$sub encrypted file" "Encrypted" \
    parquet "$sub" "$DATA/uniform_encryption.parquet.encrypted"
done
expect_error "cat unknown column" "no_such_col" \
  parquet cat "$DATA/alltypes_plain.parquet" --columns id,no_such_col
expect_error "cat unknown column, json" "no_such_col" \
  parquet cat "$DATA/alltypes_plain.parquet" --columns no_such_col --format json
expect_error "cat bad --format" "format|xml" parquet cat "$DATA/alltypes_plain.parquet" --format xml
expect_error "cat bad --limit" "limit" parquet cat "$DATA/alltypes_plain.parquet" --limit abc
expect_error "cat without FILE" "FILE|required" parquet cat
expect_error "parquet without subcommand" "subcommand|required" parquet
expect_error "cat corrupt CRC" "CRC" \
  parquet cat "$DATA/rle-dict-uncompressed-corrupt-checksum.parquet"
expect_error "cat malformed file" "page|values|level" \
  parquet cat "$SHARED/conformance/parquet/bad_data/ARROW-RS-GH-6229-LEVELS.parquet"

# --- --limit -------------------------------------------------------------------------------
expect_ok "cat --limit 3 json" parquet cat "$DATA/alltypes_plain.parquet" --limit 3 --format json
expect_eq "json --limit 3 lines" "$(wc -l <"$TMP/out")" 3
expect_ok "cat --limit 3 csv" parquet cat "$DATA/alltypes_plain.parquet" --limit 3
expect_eq "csv --limit 3 lines" "$(wc -l <"$TMP/out")" 4
expect_eq "csv header" "$(head -1 "$TMP/out")" \
  "id,bool_col,tinyint_col,smallint_col,int_col,bigint_col,float_col,double_col,$(
  )date_string_col,string_col,timestamp_col"
# geography-points: 50 row groups of 10 rows; a limit that ends inside a row group.
expect_ok "cat --limit 25 across row groups" \
  parquet cat "$DATA/geospatial/geography-points.parquet" --limit 25 --format json
expect_eq "--limit 25 over 10-row row groups" "$(wc -l <"$TMP/out")" 25
expect_ok "cat --limit beyond rows" \
  parquet cat "$DATA/alltypes_plain.parquet" --limit 1000 --format json
expect_eq "--limit beyond rows" "$(wc -l <"$TMP/out")" 8
expect_ok "cat whole file" parquet cat "$DATA/geospatial/geography-points.parquet" --format json
expect_eq "all 500 rows" "$(wc -l <"$TMP/out")" 500

# --- --columns: order as given ----------------------------------------------------------------
expect_ok "cat --columns" \
  parquet cat "$DATA/alltypes_plain.parquet" --columns double_col,id --limit 2
expect_eq "--columns order" "$OUT" $'double_col,id\n0,4\n10.1,5'

# --- CSV: nulls are empty fields, quoting per RFC 4180 --------------------------------------
# delta_byte_array_expect.csv: rows 1-3 have c_salutation Sir/Mrs./Ms. and a null c_login.
expect_ok "csv nulls" \
  parquet cat "$DATA/delta_byte_array.parquet" --columns c_salutation,c_login --limit 3
expect_eq "csv null is an empty field" "$OUT" $'c_salutation,c_login\nSir,\nMrs.,\nMs.,'
expect_ok "csv single null column" parquet cat "$DATA/single_nan.parquet"
expect_eq "csv single null: header + one empty line" "$(wc -l <"$TMP/out")" 2
expect_eq "csv single null" "$(tail -1 "$TMP/out")" ""
# delta_encoding_required_column_expect.csv row 1: c_birth_country "VIRGIN ISLANDS, U.S.".
expect_ok "csv quoting" parquet cat "$DATA/delta_encoding_required_column.parquet" --limit 1 \
  --columns 'c_birth_country:,c_customer_sk:'
expect_eq "csv field with a comma is quoted" "$OUT" \
  $'c_birth_country:,c_customer_sk:\n"VIRGIN ISLANDS, U.S.",105'

# --- JSON text of typed values (oracles: corpus README, data/README.md, cases.json) ---------
json_first() {  # json_first LABEL FILE EXPECTED [extra args]
  local label=$1 file=$2 want=$3
  shift 3
  expect_ok "$label" parquet cat "$file" --format json --limit 1 "$@"
  expect_eq "$label" "$OUT" "$want"
}
json_first "decimal on INT32 is an exact string" "$DATA/int32_decimal.parquet" '{"value":"1.00"}'
json_first "decimal on FLBA is an exact string" "$DATA/fixed_length_decimal.parquet" \
  '{"value":"1.00"}'
json_first "timestamp utc has Z" "$SV/case-020.parquet" \
  '{"id":1,"var":{"metadata":"AQAA","value":null,"typed_value":"2024-11-07T12:33:54.123456Z"}}'
json_first "timestamp ntz has no Z" "$SV/case-022.parquet" \
  '{"id":1,"var":{"metadata":"AQAA","value":null,"typed_value":"2024-11-07T12:33:54.123456"}}'
json_first "timestamp nanos truncate to micros" "$SV/case-033.parquet" \
  '{"id":1,"var":{"metadata":"AQAA","value":null,"typed_value":"2024-11-07T12:33:54.123456Z"}}'
json_first "date" "$SV/case-018.parquet" \
  '{"id":1,"var":{"metadata":"AQAA","value":null,"typed_value":"2024-11-07"}}'
json_first "time" "$SV/case-032.parquet" \
  '{"id":1,"var":{"metadata":"AQAA","value":null,"typed_value":"12:33:54.123456"}}'
json_first "uuid" "$SV/case-037.parquet" \
  '{"id":1,"var":{"metadata":"AQAA","value":null,"typed_value":"'$(
  )'f24f9b64-81fa-49d1-b74e-8c09a6e31c56"}}'
json_first "decimal16" "$SV/case-029.parquet" \
  '{"id":1,"var":{"metadata":"AQAA","value":null,"typed_value":"-9876543210.123456789"}}'
json_first "binary is base64" "$DATA/binary.parquet" '{"foo":"AA=="}'
json_first "legacy two-level list" "$DATA/old_list_structure.parquet" '{"a":[[1,2],[3,4]]}'
json_first "empty list" "$DATA/null_list.parquet" '{"emptylist":[]}'
json_first "null struct field" "$DATA/single_nan.parquet" '{"mycol":null}'
expect_ok "NaN is a string" parquet cat "$DATA/nan_in_stats.parquet" --format json
expect_eq "NaN is a string" "$OUT" $'{"x":1.0}\n{"x":"NaN"}'
expect_ok "uint64" parquet cat "$DATA/concatenated_gzip_members.parquet" --format json
expect_eq "uint64 513 rows" "$(wc -l <"$TMP/out")" 513
expect_eq "uint64 last value" "$(tail -1 "$TMP/out")" '{"long_col":513}'
# CSV writes the same values bare.
expect_ok "csv decimal and timestamp bare" parquet cat "$SV/case-020.parquet" --columns id --limit 1
expect_eq "csv id" "$OUT" $'id\n1'
expect_ok "csv decimal bare" parquet cat "$DATA/byte_array_decimal.parquet" --limit 2
expect_eq "csv decimal bare" "$OUT" $'value\n1.00\n2.00'

# --- --threads does not change output ------------------------------------------------------
"$LAKEML" parquet cat "$DATA/alltypes_tiny_pages.parquet" --format json --threads 1 >"$TMP/t1" 2>&1
"$LAKEML" parquet cat "$DATA/alltypes_tiny_pages.parquet" --format json --threads 4 >"$TMP/t4" 2>&1
cmp -s "$TMP/t1" "$TMP/t4" && pass || fail "--threads 1 and --threads 4 print different rows"
expect_eq "7300 rows" "$(wc -l <"$TMP/t1")" 7300

# --- convert ---------------------------------------------------------------------------------
expect_error "convert bad --compression" "compression|bogus" \
  parquet convert "$DATA/alltypes_plain.parquet" "$TMP/c.parquet" --compression bogus
expect_error "convert missing input" "no such file|not found" \
  parquet convert "$TMP/does_not_exist.parquet" "$TMP/c.parquet"
expect_error "convert without OUT" "OUT|required" parquet convert "$DATA/alltypes_plain.parquet"
expect_error "convert encrypted input" "Encrypted" \
  parquet convert "$DATA/uniform_encryption.parquet.encrypted" "$TMP/c.parquet"
run parquet convert "$DATA/alltypes_plain.parquet" "$TMP/c.parquet" --compression zstd
[[ $RC -eq 0 ]] && pass || fail "convert alltypes_plain: exit $RC: $ERR"
"$LAKEML" parquet cat "$DATA/alltypes_plain.parquet" --format json >"$TMP/a.json" 2>&1
"$LAKEML" parquet cat "$TMP/c.parquet" --format json >"$TMP/b.json" 2>&1
cmp -s "$TMP/a.json" "$TMP/b.json" && pass || fail "convert changed the rows of alltypes_plain"
run parquet convert "$DATA/alltypes_plain.parquet" "$TMP/q.parquet" --quiet
[[ $RC -eq 0 && -z $ERR ]] && pass || fail "convert --quiet: exit $RC, stderr: $ERR"

# --- schema and meta -------------------------------------------------------------------------
expect_ok "schema" parquet schema "$DATA/alltypes_tiny_pages.parquet"
grep -q "OPTIONAL INT96 timestamp_col" <<<"$OUT" && pass || fail "schema lacks the Parquet schema"
grep -q "tinyint_col: tinyint" <<<"$OUT" && pass || fail "schema lacks the lakeml types"
expect_ok "meta" parquet meta "$DATA/sort_columns.parquet"
grep -q "row groups: 2" <<<"$OUT" && pass || fail "meta lacks the row group count"
grep -q "codec: SNAPPY" <<<"$OUT" && pass || fail "meta lacks the codec"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
