// lakeml reads what DuckDB reads: for every readable file of the Parquet conformance corpus,
// and for files DuckDB writes with each of its codecs and every type it can write, the rows
// of `lakeml parquet cat FILE --format json` must equal DuckDB's
// `SELECT * FROM read_parquet(FILE)`, row by row in file order (see duckdb_peer.mjs for how
// DuckDB values map to lakeml's JSON text).
//
// usage: node parquet_read_test.mjs <path-to-lakeml> <shared-dir>
// Exit 0 when everything matches, 1 on any mismatch, 77 (skipped) when @duckdb/node-api is
// missing and LAKEML_REQUIRE_INTEROP is unset. Skipped files and why: SKIPPED_FILES below and
// test/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_TYPES_STATEMENTS } from './all_types_table.mjs';
import {
  compareRow, duckQuery, loadDuckDB, parseJsonLines, runLakeml, sqlString, usage,
} from './duckdb_peer.mjs';

const { lakeml, shared } = usage(process.argv);
const { DuckDBInstance } = await loadDuckDB();
const corpus = path.join(shared, 'conformance', 'parquet');

// Corpus files not compared, with the reason (keep test/README.md in sync).
const SKIPPED_FILES = {
  'data/large_string_map.brotli.parquet':
    'heavy: a 4 KB file that decodes to over 2 GiB (corpus README: keep out of the default run)',
  'data/hadoop_lz4_compressed.parquet': 'DuckDB cannot read it: unsupported codec LZ4 (Hadoop)',
  'data/hadoop_lz4_compressed_larger.parquet':
    'DuckDB cannot read it: unsupported codec LZ4 (Hadoop)',
  'data/non_hadoop_lz4_compressed.parquet': 'DuckDB cannot read it: unsupported codec LZ4',
  'data/map_no_value.parquet':
    'DuckDB cannot read it: "MAP_KEY_VALUE requires two children" (values checked in the gtest)',
  'data/rle-dict-uncompressed-corrupt-checksum.parquet':
    'malformed on purpose (bad dictionary-page CRCs): lakeml must reject it, DuckDB ignores CRCs',
  'bad_data/ARROW-GH-41317.parquet': 'malformed on purpose (fuzzed page type)',
  'bad_data/ARROW-GH-41321.parquet': 'malformed on purpose (fuzzed page headers)',
  'bad_data/ARROW-GH-47662.parquet': 'malformed on purpose (REQUIRED column with nulls)',
  'bad_data/ARROW-RS-GH-6229-LEVELS.parquet':
    'malformed on purpose (too few repetition levels); DuckDB wrongly returns 1 row',
  'bad_data/PARQUET-1481.parquet': 'malformed on purpose (invalid physical type -7)',
  'shredded_variant/case-041.parquet': 'DuckDB cannot read it (INTERNAL Error on VARIANT)',
  'shredded_variant/case-087.parquet': 'DuckDB cannot read it (rejects the VARIANT)',
  'shredded_variant/case-088.parquet': 'DuckDB cannot read it (INTERNAL Error on VARIANT)',
  'shredded_variant/case-127.parquet': 'DuckDB cannot read it (UINTEGER shredding)',
  'shredded_variant/case-128.parquet': 'DuckDB cannot read it (rejects the VARIANT)',
  'shredded_variant/case-131.parquet': 'DuckDB cannot read it (INTERNAL Error on VARIANT)',
  'shredded_variant/case-132.parquet': 'DuckDB cannot read it (INTERNAL Error on VARIANT)',
  'shredded_variant/case-138.parquet': 'DuckDB cannot read it (INTERNAL Error on VARIANT)',
};
const ENCRYPTED_REASON =
  'encrypted (Parquet Modular Encryption): lakeml rejects it as NotImplemented';

// Columns not compared, per file pattern, with the reason.
const SKIPPED_COLUMNS = [
  {
    match: /^shredded_variant\//,
    columns: ['var'],
    reason: 'DuckDB decodes VARIANT into its own value type; lakeml returns the physical ' +
      'metadata/value/typed_value struct (checked against *.variant.bin in the gtest)',
  },
];

// Files where DuckDB is documented to differ from the Parquet spec, and how the comparison
// allows for it.
const KNOWN_DUCKDB_DIVERGENCES = {
  'data/nested_structs.rust.parquet': {
    opts: { naiveTimestampsAreUtc: true },
    reason: 'legacy ConvertedType TIMESTAMP_MICROS means isAdjustedToUTC=true (LogicalTypes.md, ' +
      '"deprecated timestamp ConvertedType"); DuckDB reads it as TIMESTAMP without time zone, ' +
      'lakeml as UTC ("Z"). Instants are compared; DuckDB\'s TIMESTAMP is taken as UTC.',
  },
};

function listCorpus() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(corpus, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.parquet') || e.name.endsWith('.parquet.encrypted')) out.push(rel);
    }
  };
  for (const d of ['bad_data', 'data', 'shredded_variant']) walk(d);
  return out.sort();
}

const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();

let passed = 0;
let failed = 0;
const failures = [];

// Compares one file; returns null or the first difference.
async function compareFile(file, skipColumns, opts) {
  const lake = runLakeml(lakeml, ['parquet', 'cat', file, '--format', 'json']);
  if (lake.status !== 0) return `lakeml failed (exit ${lake.status}): ${lake.stderr.trim()}`;
  let duck;
  try {
    duck = await duckQuery(con, `SELECT * FROM read_parquet(${sqlString(file)})`);
  } catch (e) {
    return `DuckDB failed: ${e.message}`;
  }
  const rows = parseJsonLines(lake.stdout);
  if (rows.length !== duck.rows.length) {
    return `row count: lakeml ${rows.length}, duckdb ${duck.rows.length}`;
  }
  for (let r = 0; r < rows.length; r++) {
    const d = compareRow(rows[r], duck.rows[r], duck.names, duck.types, skipColumns, opts);
    if (d) return `row ${r}: ${d}`;
  }
  return null;
}

async function check(label, file, skipColumns = new Set(), opts = {}) {
  let d;
  try {
    d = await compareFile(file, skipColumns, opts);
  } catch (e) {
    d = `exception: ${e.stack}`;
  }
  if (d) {
    failed++;
    failures.push(`${label}: ${d}`);
    console.log(`FAIL ${label}: ${d}`);
  } else {
    passed++;
    console.log(`ok   ${label}`);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. The conformance corpus.

const skipped = [];
for (const rel of listCorpus()) {
  const reason = rel.endsWith('.encrypted') ? ENCRYPTED_REASON : SKIPPED_FILES[rel];
  if (reason) {
    skipped.push(`${rel}: ${reason}`);
    continue;
  }
  const skipColumns = new Set();
  for (const s of SKIPPED_COLUMNS) {
    if (s.match.test(rel)) s.columns.forEach((c) => skipColumns.add(c));
  }
  await check(`corpus ${rel}`, path.join(corpus, rel), skipColumns,
    KNOWN_DUCKDB_DIVERGENCES[rel]?.opts);
}
console.log(`(${skipped.length} corpus files skipped, reasons in the script and test/README.md)`);

// ---------------------------------------------------------------------------------------------
// 2. Files DuckDB writes: every type it can write, with each of its codecs.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lakeml-interop-read-'));
try {
  await con.run("SET TimeZone = 'UTC'").catch(() => {});
  for (const sql of ALL_TYPES_STATEMENTS) await con.run(sql);
  for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd', 'lz4_raw', 'brotli']) {
    for (const version of ['V1', 'V2']) {
      const file = path.join(tmp, `all_types_${codec}_${version}.parquet`);
      await con.run(`COPY all_types TO ${sqlString(file)} (FORMAT parquet, COMPRESSION ${codec}, ` +
        `PARQUET_VERSION ${version}, ROW_GROUP_SIZE 1000)`);
      await check(`duckdb-written all_types ${codec} ${version}`, file);
    }
  }
  // Dictionary-heavy and long-string columns, several row groups.
  const file = path.join(tmp, 'dictionary_strings.parquet');
  await con.run(`COPY (SELECT i, 'v' || (i % 7) AS small_dict, repeat('x', i % 300) AS long_str,
      CASE WHEN i % 5 = 0 THEN NULL ELSE ['a', 'b', NULL][1 + i % 3] END AS nullable_dict
      FROM range(0, 20000) t(i)) TO ${sqlString(file)} (FORMAT parquet, ROW_GROUP_SIZE 4096)`);
  await check('duckdb-written dictionary_strings', file);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

for (const f of failures) console.log(`FAILED ${f}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
