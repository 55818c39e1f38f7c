// DuckDB reads what lakeml writes.
//
// 1. Parquet -> Parquet: DuckDB writes the `all_types` table (all_types_table.mjs) to Parquet;
//    `lakeml parquet convert` rewrites it with each lakeml codec, with small row groups and with
//    the page index; DuckDB must read the same types and values from both files.
// 2. Corpus files (nested, legacy layouts, odd encodings) rewritten by lakeml must read back in
//    DuckDB as DuckDB reads the originals.
// 3. CSV -> Parquet: every /work/shared/datasets/*.csv converted by lakeml must hold, read by
//    DuckDB, the rows DuckDB's read_csv finds in the CSV (same row count, same values per column
//    after type normalization), and the null counts the datasets README documents.
//
// usage: node parquet_write_test.mjs <path-to-lakeml> <shared-dir>
// Exit 0 when everything matches, 1 on any mismatch, 77 (skipped) when @duckdb/node-api is
// missing and LAKEML_REQUIRE_INTEROP is unset.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_TYPES_STATEMENTS } from './all_types_table.mjs';
import { duckQuery, loadDuckDB, runLakeml, sqlString, usage } from './duckdb_peer.mjs';

const { lakeml, shared } = usage(process.argv);
const { DuckDBInstance, DuckDBTimestampTZValue } = await loadDuckDB();
const corpus = path.join(shared, 'conformance', 'parquet');
const datasets = path.join(shared, 'datasets');

const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
await con.run("SET TimeZone = 'UTC'").catch(() => {});

let passed = 0;
let failed = 0;
const failures = [];

function record(label, diff) {
  if (diff) {
    failed++;
    failures.push(`${label}: ${diff}`);
    console.log(`FAIL ${label}: ${diff}`);
  } else {
    passed++;
    console.log(`ok   ${label}`);
  }
}

// Canonical text of a DuckDB value, deep: equal text <=> equal value (NaN == NaN, -0 != 0).
// Timestamps of every unit print as their instant in nanoseconds: a unit change (INT96 read as
// nanoseconds and written as TIMESTAMP(NANOS)) keeps the value.
function canon(v) {
  if (v === null || v === undefined) return 'null';
  if (v?.constructor?.name?.startsWith('DuckDBTimestamp')) {
    const ns = 'nanos' in v ? BigInt(v.nanos) : 'micros' in v ? BigInt(v.micros) * 1000n
      : 'millis' in v ? BigInt(v.millis) * 1000000n : BigInt(v.seconds) * 1000000000n;
    return `ts${v instanceof DuckDBTimestampTZValue ? 'tz' : ''}:${ns}`;
  }
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  const body = Object.entries(v).map(([k, x]) => `${k}:${canon(x)}`).join(',');
  return `${v.constructor?.name ?? ''}{${body}}`;
}

function convert(input, output, extra = []) {
  const r = runLakeml(lakeml, ['parquet', 'convert', input, output, '--quiet', ...extra]);
  if (r.status !== 0) return `lakeml convert failed (exit ${r.status}): ${r.stderr.trim()}`;
  return null;
}

// Type text with the timestamp unit erased (see canon()); with `legacyUtc`, also the time zone
// (KNOWN_DUCKDB_DIVERGENCES).
function typeText(type, legacyUtc) {
  let t = type.toString().replace(/TIMESTAMP(_NS|_MS|_S)\b/g, 'TIMESTAMP');
  if (legacyUtc) t = t.replaceAll('TIMESTAMP WITH TIME ZONE', 'TIMESTAMP');
  return t;
}

// Files where DuckDB is documented to differ from the Parquet spec, and how the comparison
// allows for it.
const KNOWN_DUCKDB_DIVERGENCES = {
  'data/nested_structs.rust.parquet': {
    legacyUtc: true,
    reason: 'legacy ConvertedType TIMESTAMP_MICROS means isAdjustedToUTC=true; DuckDB reads ' +
      'the original as TIMESTAMP, lakeml reads it as UTC and writes TIMESTAMP(isAdjustedToUTC=' +
      'true), which DuckDB reads as TIMESTAMPTZ. Instants are compared.',
  },
};

// DuckDB reads `a` and `b`; null when the column names, types and every value agree.
async function sameInDuckDB(a, b, { legacyUtc = false } = {}) {
  let x;
  let y;
  try {
    x = await duckQuery(con, `SELECT * FROM read_parquet(${sqlString(a)})`);
  } catch (e) {
    return `DuckDB cannot read the original: ${e.message}`;
  }
  try {
    y = await duckQuery(con, `SELECT * FROM read_parquet(${sqlString(b)})`);
  } catch (e) {
    return `DuckDB cannot read lakeml's file: ${e.message}`;
  }
  if (x.names.join('\u0001') !== y.names.join('\u0001')) {
    return `column names: ${JSON.stringify(x.names)} vs ${JSON.stringify(y.names)}`;
  }
  for (let c = 0; c < x.names.length; c++) {
    if (typeText(x.types[c], legacyUtc) !== typeText(y.types[c], legacyUtc)) {
      return `column ${x.names[c]}: type ${x.types[c]} became ${y.types[c]}`;
    }
  }
  if (x.rows.length !== y.rows.length) return `rows: ${x.rows.length} vs ${y.rows.length}`;
  for (let r = 0; r < x.rows.length; r++) {
    for (let c = 0; c < x.names.length; c++) {
      let p = canon(x.rows[r][c]);
      let q = canon(y.rows[r][c]);
      if (legacyUtc) {
        p = p.replaceAll('tstz:', 'ts:');
        q = q.replaceAll('tstz:', 'ts:');
      }
      if (p !== q) {
        return `row ${r} column ${x.names[c]}: ${p.slice(0, 200)} became ${q.slice(0, 200)}`;
      }
    }
  }
  return null;
}

// Row groups and codecs of a Parquet file, as DuckDB's parquet_metadata() reports them.
async function layout(file) {
  const m = await duckQuery(con, `SELECT count(DISTINCT row_group_id)::INTEGER AS groups,
      string_agg(DISTINCT compression, ',') AS codecs FROM parquet_metadata(${sqlString(file)})`);
  return { groups: m.rows[0][0], codecs: m.rows[0][1] };
}

// The spellings DuckDB's read_csv takes for booleans.
const CSV_BOOLEANS = { true: true, t: true, yes: true, y: true, 1: true,
  false: false, f: false, no: false, n: false, 0: false };

// A CSV cell and a Parquet cell agree after type normalization: numbers numerically (exactly
// for integers), a numeric string with a number by value, dates and timestamps by their text.
function cellsAgree(a, b) {
  const norm = (v) => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'bigint' || typeof v === 'number') return { n: v };
    if (typeof v === 'object' && 'scale' in v && 'value' in v) return { n: v.toDouble() };
    if (typeof v === 'object') return v.toString();
    return v;
  };
  const x = norm(a);
  const y = norm(b);
  if (x === null || y === null) return x === y;
  // read_csv infers BOOLEAN from words such as yes/no; lakeml may keep the words.
  if (typeof x === 'boolean' && typeof y === 'string') return CSV_BOOLEANS[y.toLowerCase()] === x;
  const num = (z) => (typeof z === 'object' ? z.n : /^-?\d+(\.\d*)?([eE][+-]?\d+)?$/.test(z)
    ? Number(z) : undefined);
  if (typeof x === 'object' || typeof y === 'object') {
    const p = num(x);
    const q = num(y);
    if (p === undefined || q === undefined) return false;
    if (typeof p === 'bigint' || typeof q === 'bigint') {
      return Number.isInteger(Number(p)) && Number.isInteger(Number(q)) && BigInt(p) === BigInt(q);
    }
    return p === q;
  }
  return x === y;
}

async function sameAsCsv(csv, parquet, nulls) {
  const x = await duckQuery(con, `SELECT * FROM read_csv(${sqlString(csv)})`);
  let y;
  try {
    y = await duckQuery(con, `SELECT * FROM read_parquet(${sqlString(parquet)})`);
  } catch (e) {
    return `DuckDB cannot read lakeml's file: ${e.message}`;
  }
  if (x.names.join('\u0001') !== y.names.join('\u0001')) {
    return `column names: ${JSON.stringify(x.names)} vs ${JSON.stringify(y.names)}`;
  }
  if (x.rows.length !== y.rows.length) {
    return `rows: csv ${x.rows.length}, parquet ${y.rows.length}`;
  }
  for (let c = 0; c < x.names.length; c++) {
    let nullCount = 0;
    for (let r = 0; r < x.rows.length; r++) {
      if (y.rows[r][c] === null) nullCount++;
      if (!cellsAgree(x.rows[r][c], y.rows[r][c])) {
        return `row ${r} column ${x.names[c]} (csv ${x.types[c]}, parquet ${y.types[c]}): ` +
          `csv ${canon(x.rows[r][c])}, parquet ${canon(y.rows[r][c])}`;
      }
    }
    const want = nulls[x.names[c]] ?? 0;
    if (nullCount !== want) return `column ${x.names[c]}: ${nullCount} nulls, README says ${want}`;
  }
  return null;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lakeml-interop-write-'));
try {
  // ---------------------------------------------------------------------------------------------
  // 1. all_types through every lakeml codec.
  for (const sql of ALL_TYPES_STATEMENTS) await con.run(sql);
  const source = path.join(tmp, 'all_types.parquet');
  await con.run(`COPY all_types TO ${sqlString(source)} (FORMAT parquet, COMPRESSION zstd)`);
  const variants = [
    { name: 'snappy', args: ['--compression', 'snappy'], codec: 'SNAPPY' },
    { name: 'zstd', args: ['--compression', 'zstd'], codec: 'ZSTD' },
    { name: 'gzip', args: ['--compression', 'gzip'], codec: 'GZIP' },
    { name: 'lz4_raw', args: ['--compression', 'lz4_raw'], codec: 'LZ4_RAW' },
    { name: 'brotli', args: ['--compression', 'brotli'], codec: 'BROTLI' },
    { name: 'none', args: ['--compression', 'none'], codec: 'UNCOMPRESSED' },
    { name: 'zstd, 300-row row groups', args: ['--compression', 'zstd', '--row-group-rows', '300'],
      codec: 'ZSTD', groups: Math.ceil(2500 / 300) },
    { name: 'snappy, 1-row row groups (first 40 rows)', args: ['--row-group-rows', '1'],
      codec: 'SNAPPY', groups: 40, rows: 40 },
    { name: 'page index', args: ['--page-index', '--row-group-rows', '1000'], codec: 'SNAPPY',
      groups: 3 },
  ];
  for (const v of variants) {
    const label = `all_types via lakeml ${v.name}`;
    let input = source;
    if (v.rows) {
      input = path.join(tmp, `all_types_${v.rows}.parquet`);
      await con.run(`COPY (SELECT * FROM all_types WHERE id < ${v.rows}) TO ${sqlString(input)}
          (FORMAT parquet)`);
    }
    const out = path.join(tmp, `lakeml_${v.name.replace(/[^a-z0-9]+/g, '_')}.parquet`);
    let diff = convert(input, out, v.args) ?? (await sameInDuckDB(input, out));
    if (!diff) {
      const l = await layout(out);
      if (l.codecs !== v.codec) diff = `codec ${l.codecs}, expected ${v.codec}`;
      else if (v.groups && l.groups !== v.groups) {
        diff = `${l.groups} row groups, expected ${v.groups}`;
      }
    }
    record(label, diff);
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Corpus files rewritten by lakeml (DuckDB reads both; skips as in parquet_read_test.mjs).
  const corpusFiles = [
    'data/alltypes_plain.parquet', 'data/alltypes_tiny_pages.parquet',
    'data/byte_stream_split.zstd.parquet', 'data/delta_binary_packed.parquet',
    'data/delta_byte_array.parquet', 'data/delta_encoding_required_column.parquet',
    'data/fixed_length_decimal.parquet', 'data/byte_array_decimal.parquet',
    'data/int64_decimal.parquet', 'data/float16_nonzeros_and_nans.parquet',
    'data/floating_orders_nan_count.parquet', 'data/list_columns.parquet',
    'data/nested_lists.snappy.parquet', 'data/nested_structs.rust.parquet',
    'data/nonnullable.impala.parquet', 'data/nullable.impala.parquet', 'data/null_list.parquet',
    'data/nulls.snappy.parquet', 'data/old_list_structure.parquet',
    'data/repeated_no_annotation.parquet', 'data/repeated_primitive_no_list.parquet',
    'data/incorrect_map_schema.parquet', 'data/int32_with_null_pages.parquet',
    'data/fixed_length_byte_array.parquet', 'data/binary_truncated_min_max.parquet',
    'data/rle_boolean_encoding.parquet', 'data/concatenated_gzip_members.parquet',
    'data/sort_columns.parquet', 'data/geospatial/geospatial.parquet',
    'data/column_chunk_key_value_metadata.parquet', 'bad_data/ARROW-GH-43605.parquet',
  ];
  for (const rel of corpusFiles) {
    const out = path.join(tmp, `corpus_${rel.replace(/[^A-Za-z0-9]+/g, '_')}`);
    const src = path.join(corpus, rel);
    record(`corpus ${rel} via lakeml`,
      convert(src, out) ?? (await sameInDuckDB(src, out, KNOWN_DUCKDB_DIVERGENCES[rel])));
  }

  // ---------------------------------------------------------------------------------------------
  // 3. CSV -> Parquet.
  // Null counts per column from the datasets README ("Missing values"); other columns: 0.
  const documentedNulls = {
    'credit_data.csv': { Income: 381, Assets: 47, Debt: 18, Home: 6, Job: 2, Marital: 1 },
    'penguins.csv': {
      sex: 11, bill_length_mm: 2, bill_depth_mm: 2, flipper_length_mm: 2, body_mass_g: 2,
    },
    'gss_vocab.csv': { ageGroup: 65, age: 65, nativeBorn: 49, educGroup: 46, educ: 46 },
  };
  for (const name of fs.readdirSync(datasets).filter((f) => f.endsWith('.csv')).sort()) {
    const csv = path.join(datasets, name);
    const out = path.join(tmp, name.replace(/\.csv$/, '.parquet'));
    const label = `datasets/${name} -> lakeml Parquet`;
    let diff = convert(csv, out, ['--compression', 'zstd']);
    if (!diff) diff = await sameAsCsv(csv, out, documentedNulls[name] ?? {});
    record(label, diff);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

for (const f of failures) console.log(`FAILED ${f}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
