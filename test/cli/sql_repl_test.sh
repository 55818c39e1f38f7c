#!/usr/bin/env bash
# The interactive `lakeml sql` (REPL) driven through a pseudo-terminal by sql_repl_pty.py:
# prompts, multi-line statements, tables with times, errors, dot commands, Ctrl-C, Ctrl-D and
# persistent history.
#
# usage: bash sql_repl_test.sh <path-to-lakeml> <shared-dir>
set -u
LAKEML=${1:?usage: sql_repl_test.sh <path-to-lakeml> <shared-dir>}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lakeml-sql-repl-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
python3 "$(dirname "$0")/sql_repl_pty.py" "$LAKEML" "$TMP"
