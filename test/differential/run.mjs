// Differential test: random queries over random tables, run by lakeml and by DuckDB
// (@duckdb/node-api), whose results must match (result_compare.mjs says how).
//
// usage: node run.mjs <path-to-lakeml> [<shared-dir>] [--seed N] [--queries N] [--batch N]
//        [--keep] [--verbose] [--unsupported]
// The seed is printed; `--seed N` reproduces a run. DuckDB writes the tables as Parquet, lakeml
// reads them with parquet.`path`. lakeml runs `sql -f FILE --format json` once per batch of
// queries, each followed by a marker query that delimits its rows; a batch that fails stops at
// the failing query (its error is on stderr), and the rest of the batch runs again after it.
// Exit 0 when every query matches, 1 on any mismatch (each printed with the seed, the query in
// both dialects and both results), 77 (skipped) when @duckdb/node-api is missing and
// LAKEML_REQUIRE_INTEROP is unset.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDuckDB, parseJsonLossless, runLakeml } from '../interop/duckdb_peer.mjs';
import {
  COLUMNS, QueryGenerator, TABLES, generateRows, makeRandom, renderQuery,
} from './query_generator.mjs';
import {
  canonicalDuck, canonicalLakeml, compareRows, isNumericDuckType, showRow,
} from './result_compare.mjs';

function parseArgs(argv) {
  const opts = {
    seed: null, queries: 300, batch: 100, keep: false, verbose: false, unsupported: false,
  };
  const positional = [];
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--queries') opts.queries = Number(argv[++i]);
    else if (a === '--batch') opts.batch = Number(argv[++i]);
    else if (a === '--keep') opts.keep = true;
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--unsupported') opts.unsupported = true;
    else positional.push(a);
  }
  if (positional.length < 1 || !Number.isInteger(opts.queries) || opts.batch < 1) {
    console.error(`usage: node ${argv[1]} <path-to-lakeml> [<shared-dir>] [--seed N] ` +
      '[--queries N] [--batch N] [--keep] [--verbose] [--unsupported]');
    process.exit(2);
  }
  opts.lakeml = positional[0];
  if (opts.seed === null || !Number.isFinite(opts.seed)) {
    opts.seed = Math.floor(Math.random() * 2 ** 31);
  }
  return opts;
}

const opts = parseArgs(process.argv);
const { DuckDBInstance } = await loadDuckDB();
console.log(`differential: seed ${opts.seed} (reproduce with --seed ${opts.seed}), ` +
  `${opts.queries} queries`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakeml-differential-'));
// Each table is a directory of Parquet files (rows split by id % 3), so that lakeml scans
// several morsels in parallel and merges partial aggregates, sorts and join builds.
const tablePath = (t) => path.join(dir, t);
const PARTS = 3;
const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();

// Tables: created in DuckDB, written as Parquet for lakeml.
const rnd = makeRandom(opts.seed);
for (const t of TABLES) {
  await con.run(`CREATE TABLE ${t.name} (${COLUMNS.map((c) => `${c.name} ${c.sql}`).join(', ')})`);
  const rows = generateRows(rnd, t.rows);
  if (rows.length > 0) {
    await con.run(`INSERT INTO ${t.name} VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')}`);
  }
  fs.mkdirSync(tablePath(t.name));
  for (let p = 0; p < (t.rows > 0 ? PARTS : 1); p++) {
    await con.run(`COPY (SELECT * FROM ${t.name} WHERE id % ${PARTS} = ${p}) TO ` +
      `'${path.join(tablePath(t.name), `part-${p}.parquet`)}' (FORMAT PARQUET)`);
  }
}

const gen = new QueryGenerator(rnd, { unsupported: opts.unsupported });
const queries = [];
for (let i = 0; i < opts.queries; i++) queries.push(gen.next());

// DuckDB results: {types, rows} or {error}.
const duck = [];
for (const q of queries) {
  try {
    const reader = await con.runAndReadAll(renderQuery(q.text, 'duckdb', tablePath));
    duck.push({ types: reader.columnTypes(), rows: reader.getRows() });
  } catch (e) {
    duck.push({ error: e.message.split('\n')[0] });
  }
}

// lakeml results: {rows} (JSON row objects) or {error}.
const MARKER = 'lakeml_differential_marker';
function runLakemlBatch(indexes) {
  const file = path.join(dir, 'batch.sql');
  const text = indexes.map((i) => `${renderQuery(queries[i].text, 'lakeml', tablePath)};\n` +
    `SELECT ${i} AS ${MARKER};\n`).join('');
  fs.writeFileSync(file, text);
  const r = runLakeml(opts.lakeml, ['sql', '-f', file, '--format', 'json', '--warehouse',
    path.join(dir, 'warehouse')]);
  const done = [];
  let rows = [];
  for (const line of r.stdout.split('\n')) {
    if (line.length === 0) continue;
    const v = parseJsonLossless(line);
    if (v.obj?.length === 1 && v.obj[0][0] === MARKER) {
      done.push({ index: Number(v.obj[0][1].num), rows });
      rows = [];
    } else {
      rows.push(v);
    }
  }
  const failure = r.status === 0 ? null
    : (r.stderr.trim() || `exit status ${r.status}, signal ${r.signal}`);
  return { done, failure };
}

const lake = new Array(queries.length);
function runAllLakeml() {
  let pending = queries.map((_, i) => i);
  while (pending.length > 0) {
    const batch = pending.slice(0, opts.batch);
    const { done, failure } = runLakemlBatch(batch);
    for (const d of done) lake[d.index] = { rows: d.rows };
    if (!failure) {
      pending = pending.slice(batch.length);
      continue;
    }
    // The query after the last completed one failed, or (a parse error stops a batch before
    // it starts) some later one: run the suspect alone to know which.
    const suspect = batch[done.length];
    const alone = runLakemlBatch([suspect]);
    if (alone.failure) {
      lake[suspect] = { error: alone.failure.split('\n')[0] };
      pending = pending.slice(done.length + 1);
    } else {
      lake[suspect] = { rows: alone.done[0].rows };
      if (done.length === 0) {
        // Parse failure elsewhere in the batch: fall back to one query per run.
        for (const i of batch.slice(1)) {
          const one = runLakemlBatch([i]);
          lake[i] = one.failure ? { error: one.failure.split('\n')[0] } : { rows: one.done[0].rows };
        }
        pending = pending.slice(batch.length);
      } else {
        pending = pending.slice(done.length + 1);
      }
    }
  }
}
runAllLakeml();

let matched = 0;
let mismatched = 0;
let bothFailed = 0;
let peerBugs = 0;
let emptyResults = 0;
let rowsCompared = 0;
const MAX_ROWS_SHOWN = 10;
for (let i = 0; i < queries.length; i++) {
  const q = queries[i];
  const d = duck[i];
  const l = lake[i];
  let problem = null;
  let lakeRows = null;
  let duckRows = null;
  if (d.error && l.error) {
    bothFailed++;
    if (opts.verbose) console.log(`both failed: ${q.text}\n  duckdb: ${d.error}\n  lakeml: ${l.error}`);
    continue;
  } else if (d.error && d.error.startsWith('INTERNAL Error')) {
    // A DuckDB bug (seen: CASE with QUALIFY): nothing to compare lakeml with.
    peerBugs++;
    console.log(`duckdb internal error, not compared (query ${i}): ${d.error}\n  ${q.text}`);
    continue;
  } else if (d.error) {
    problem = `duckdb failed: ${d.error}`;
  } else if (l.error) {
    problem = `lakeml failed: ${l.error}`;
  } else {
    const numeric = d.types.map(isNumericDuckType);
    duckRows = d.rows.map((row) => row.map((v, c) => canonicalDuck(v, d.types[c])));
    lakeRows = l.rows.map((row) => row.obj.map(([, v], c) => canonicalLakeml(v, numeric[c])));
    problem = compareRows(lakeRows, duckRows, q.ordered);
    rowsCompared += duckRows.length;
    if (duckRows.length === 0) emptyResults++;
  }
  if (!problem) {
    matched++;
    continue;
  }
  mismatched++;
  console.log(`\nMISMATCH (seed ${opts.seed}, query ${i}): ${problem}`);
  console.log(`  lakeml: ${renderQuery(q.text, 'lakeml', tablePath)}`);
  console.log(`  duckdb: ${renderQuery(q.text, 'duckdb', tablePath)}`);
  for (const [name, rows] of [['lakeml', lakeRows], ['duckdb', duckRows]]) {
    if (!rows) continue;
    console.log(`  ${name} rows (${rows.length}):`);
    for (const r of rows.slice(0, MAX_ROWS_SHOWN)) console.log(`    ${showRow(r)}`);
    if (rows.length > MAX_ROWS_SHOWN) console.log('    ...');
  }
}

console.log(`\ndifferential: seed ${opts.seed}: ${matched} matched, ${mismatched} mismatched, ` +
  `${bothFailed} failed in both, ${peerBugs} DuckDB internal errors (${rowsCompared} rows ` +
  `compared; ${emptyResults} empty results)`);
if (opts.keep) console.log(`tables kept in ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
process.exit(mismatched > 0 ? 1 : 0);
