#!/usr/bin/env bash
# CLI behaviour of the sqllogictest binary: bash cli_test.sh <sqllogictest> <test/sql dir>.
set -uo pipefail
bin=$1
dir=$2/sqlite_selftest
failures=0
check() {  # check NAME EXPECTED_RC ACTUAL_RC OUTPUT PATTERN
  if [ "$2" != "$3" ] || ! grep -qE -- "$5" <<<"$4"; then
    echo "FAIL $1: rc=$3 (want $2), output did not match /$5/:"; echo "$4" | head -20
    failures=$((failures + 1))
  else
    echo "ok   $1"
  fi
}
out=$("$bin" --help 2>&1); check help 0 $? "$out" "usage: sqllogictest"
out=$("$bin" --bogus x 2>&1); check unknown-option 2 $? "$out" "unknown option --bogus"
out=$("$bin" --db nosuchdb "$dir" 2>&1); check unknown-db 2 $? "$out" "unknown database 'nosuchdb'"
out=$("$bin" 2>&1); check no-paths 2 $? "$out" "no test files or directories given"
out=$("$bin" /nonexistent/slt 2>&1); check missing-path 2 $? "$out" "no such file or directory"
out=$("$bin" --filter nothing-matches "$dir" 2>&1); check empty-filter 2 $? "$out" "no .test files found"
out=$("$bin" --list --filter sort "$dir" 2>&1); check list 0 $? "$out" "^$dir/sort_modes.test$"
[ "$(wc -l <<<"$out")" = 1 ] || { echo "FAIL list: more than one file"; failures=$((failures + 1)); }
out=$("$bin" "$dir" 2>&1); check summary 0 $? "$out" "[0-9]+ files: [0-9]+ ok, 0 failed, 1 skipped"
check skipped-line 0 0 "$out" "^skipped  .*requires_lakeml.test \(require lakeml_delta\)$"
out=$("$bin" "$dir/wrong_results.test_fail" 2>&1)
check failing-file 1 $? "$out" "wrong_results.test_fail:8: query returned wrong results"
check failing-summary 1 1 "$out" "1 files: 0 ok, 1 failed, 0 skipped"
out=$("$bin" --expect-fail "$dir/basic.test" 2>&1)
check expect-fail-on-passing-file 1 $? "$out" "passed, but --expect-fail wants a failure"
out=$("$bin" --verbose --filter basic "$dir" 2>&1 >/dev/null)
check verbose-trace 0 $? "$out" "basic.test:7: CREATE TABLE t"
exit $((failures > 0))
