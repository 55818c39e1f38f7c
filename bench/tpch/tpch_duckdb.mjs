// What make_answers.mjs and run.mjs share: loading DuckDB from test/interop's node_modules,
// running bench_tpch_dbgen, reading the 22 query files, rendering DuckDB values the way the
// sqllogictest answers hold them, comparing two results with the numeric tolerance of decision
// 0011, and the order-independent data checksum that test/unit/tpch recomputes in C++.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const SOURCE_DIR = resolve(BENCH_DIR, '../..');
export const QUERY_DIR = join(BENCH_DIR, 'queries');
export const TABLES = ['region', 'nation', 'supplier', 'customer', 'part', 'partsupp', 'orders',
  'lineitem'];

// @duckdb/node-api, installed by scripts/install-deps.sh into test/interop/node_modules.
export async function loadDuckDB() {
  const req = createRequire(join(SOURCE_DIR, 'test/interop/package.json'));
  let path;
  try {
    path = req.resolve('@duckdb/node-api');
  } catch (e) {
    throw new Error(`@duckdb/node-api is not installed: run scripts/install-deps.sh (${e.message})`);
  }
  return import(pathToFileURL(path).href);
}

// Parses `--name value` and `--flag` arguments into an object; `defaults` lists the known ones
// (a boolean default marks a flag).
export function parseArgs(argv, defaults, usage) {
  const args = { ...defaults };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const name = a.startsWith('--') ? a.slice(2).replaceAll('-', '_') : null;
    if (name === 'help' || name === null || !(name in defaults)) {
      console.error(usage);
      process.exit(name === 'help' ? 0 : 2);
    }
    if (typeof defaults[name] === 'boolean') {
      args[name] = true;
    } else {
      if (i + 1 >= argv.length) {
        console.error(`missing value for ${a}\n${usage}`);
        process.exit(2);
      }
      args[name] = argv[++i];
    }
  }
  return args;
}

// "1-22", "1,3,5-7" -> [1, 2, ...].
export function parseQueryList(text) {
  const out = [];
  for (const part of String(text).split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new Error(`bad query list: ${text}`);
    const lo = Number(m[1]);
    const hi = m[2] ? Number(m[2]) : lo;
    for (let q = lo; q <= hi; ++q) {
      if (q < 1 || q > 22) throw new Error(`no TPC-H query ${q}`);
      out.push(q);
    }
  }
  return out;
}

export function queryName(q) {
  return `q${String(q).padStart(2, '0')}`;
}

// The query's text without its leading comment lines and trailing blanks.
export function readQuery(q) {
  const text = readFileSync(join(QUERY_DIR, `${queryName(q)}.sql`), 'utf8');
  return text.split('\n').filter((l) => !l.startsWith('--')).join('\n').trim();
}

// The generator binary: `explicit`, else the usual build folders.
export function findDbgen(explicit) {
  const candidates = explicit ? [explicit] : ['build', 'build-release', 'build-asan']
    .map((b) => join(SOURCE_DIR, b, 'bench/bench_tpch_dbgen'));
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error(`bench_tpch_dbgen not found (tried ${candidates.join(', ')}); build it or ` +
    'pass --dbgen PATH');
}

// Runs bench_tpch_dbgen; throws with its stderr when it fails.
export function generate(dbgen, sf, out, format, threads) {
  const r = spawnSync(dbgen, ['--sf', String(sf), '--out', out, '--format', format, '--threads',
    String(threads)], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${dbgen} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

// sqllogictest column type letter: I for integers, R for every other number (decimal and
// floating point, compared with a tolerance), T for the rest (strings, dates).
export function typeLetter(type) {
  const name = String(type);
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/
    .test(name)) {
    return 'I';
  }
  if (/^(DECIMAL|DOUBLE|FLOAT)/.test(name)) return 'R';
  return 'T';
}

// One value as the answers hold it. Decimals keep DuckDB's exact text (the scale of DuckDB's
// result type); doubles, which DuckDB returns where Spark returns a decimal of scale 6 (avg
// of a decimal, decimal division), are rounded to 6 decimal places; dates YYYY-MM-DD; strings
// raw, the empty string as (empty).
export function renderValue(v, letter) {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    return letter === 'I' ? String(v) : v.toFixed(6);
  }
  if (typeof v === 'bigint') return v.toString();
  const s = String(v);
  return s === '' ? '(empty)' : s;
}

// Runs `sql`; returns {names, letters, rows} with rows as arrays of rendered strings.
export async function runRendered(con, sql) {
  const reader = await con.runAndReadAll(sql);
  const letters = reader.columnTypes().map(typeLetter);
  const rows = reader.getRows().map((row) => row.map((v, i) => renderValue(v, letters[i])));
  return { names: reader.columnNames(), letters, rows };
}

// Decision 0011: numbers (R columns) match when |a - b| <= max(1e-5, 1e-9 * max(|a|, |b|)).
export function valuesMatch(expected, actual, letter) {
  if (expected === actual) return true;
  if (letter !== 'R' && letter !== 'I') return false;
  const a = Number(expected);
  const b = Number(actual);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return Math.abs(a - b) <= Math.max(1e-5, 1e-9 * Math.max(Math.abs(a), Math.abs(b)));
}

// Compares two rendered results (same row order); returns null or the first difference.
export function compareResults(expected, actual, letters) {
  if (expected.length !== actual.length) {
    return `${actual.length} rows, expected ${expected.length}`;
  }
  for (let r = 0; r < expected.length; ++r) {
    if (expected[r].length !== actual[r].length) {
      return `row ${r + 1}: ${actual[r].length} columns, expected ${expected[r].length}`;
    }
    for (let c = 0; c < expected[r].length; ++c) {
      if (!valuesMatch(expected[r][c], actual[r][c], letters[c])) {
        return `row ${r + 1} column ${c + 1}: ${actual[r][c]}, expected ${expected[r][c]}`;
      }
    }
  }
  return null;
}

// --- The data checksum (test/sql/tpch/data_checksums.txt; test/unit/tpch recomputes it) ----
// A row's text is its values joined by '|': integers in decimal, decimals with their scale
// ("-12.30"), dates YYYY-MM-DD, strings raw. The table's checksum is the sum modulo 2^64 of
// the rows' 64-bit FNV-1a hashes (of the UTF-8 bytes), so row order does not matter.

// 64-bit FNV-1a of a string's UTF-8 bytes, as [hi, lo] 32-bit halves. The prime is
// 2^40 + 0x1b3, so h * prime = h * 0x1b3 + (h << 40).
const FNV_OFFSET_HI = 0xcbf29ce4;
const FNV_OFFSET_LO = 0x84222325;
const encoder = new TextEncoder();

function fnv1a64(text) {
  const bytes = encoder.encode(text);
  let hi = FNV_OFFSET_HI;
  let lo = FNV_OFFSET_LO;
  for (const b of bytes) {
    lo = (lo ^ b) >>> 0;
    const loProduct = lo * 0x1b3;  // < 2^41: exact in a double.
    const carry = Math.floor(loProduct / 0x100000000);
    const newLo = loProduct >>> 0;
    hi = (Math.imul(hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = newLo;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

// {rows, checksum (16 hex digits)} of one table, read by DuckDB (the text of each row built by
// DuckDB's casts to VARCHAR, which print decimals with their scale and dates as YYYY-MM-DD).
export async function tableChecksum(con, table) {
  const reader = await con.runAndReadAll(`select * from ${table} limit 0`);
  const row = reader.columnNames().map((c) => `cast(${c} as varchar)`).join(`, '|', `);
  const text = await con.runAndReadAll(`select concat(${row}) from ${table}`);
  let sum = 0n;
  let rows = 0;
  for (const [line] of text.getRows()) {
    sum = (sum + fnv1a64(line)) & 0xffffffffffffffffn;
    ++rows;
  }
  return { rows, checksum: sum.toString(16).padStart(16, '0') };
}

// Creates one view per table over DIR/<table>.parquet.
export async function createParquetViews(con, dir) {
  for (const t of TABLES) {
    const path = join(dir, `${t}.parquet`).replaceAll("'", "''");
    await con.run(`create or replace view ${t} as select * from read_parquet('${path}')`);
  }
}
