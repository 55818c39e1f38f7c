// DuckDB side of the Parquet benchmark (see docs/benchmarks.md), one measurement per process
// so that the process's peak RSS belongs to that measurement alone.
//
//   node duckdb_bench.mjs gen      --rows N --dir D        writes D/scan_{zstd,snappy}*.parquet
//   node duckdb_bench.mjs scan     --file F --threads T --reps R [--columns a,b]
//                                  [--work minmax|decode]
//   node duckdb_bench.mjs write    --file SRC --out O --codec C --threads T --reps R
//   node duckdb_bench.mjs convert  --file SRC --out O --codec C --threads T --reps R
//   node duckdb_bench.mjs agg      --file F                (the scan query's result, untimed)
//   node duckdb_bench.mjs baseline                         (RSS of node + an idle DuckDB)
//
// Prints one JSON object on stdout. Times are seconds; RSS figures are KiB.
// DuckDB is the copy installed for the interop tests (test/interop/node_modules).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const here = path.dirname(fileURLToPath(import.meta.url));
const requireInterop = createRequire(path.join(here, '../../test/interop/package.json'));
const { DuckDBInstance } = requireInterop('@duckdb/node-api');

// The benchmark table. Values come from DuckDB's hash() of the row number, so the files are the
// same on every run of the same DuckDB version.
//   c_int64    BIGINT   40-bit pseudo-random values (PLAIN after the dictionary gives up)
//   c_double   DOUBLE   prices with 2 decimals, ~10M distinct values
//   c_str_low  VARCHAR  20 distinct values ("category_N"): dictionary-encoded
//   c_str_high VARCHAR  ~unique 17-19 byte hex ids: PLAIN
//   c_date     DATE     ~9000 distinct days from 2000-01-01
//   c_nint     INTEGER  24-bit values, 10% NULL
export const kColumns = ['c_int64', 'c_double', 'c_str_low', 'c_str_high', 'c_date', 'c_nint'];

function genSelect(rows) {
  return `SELECT
      (hash(i, 1) >> 24)::BIGINT AS c_int64,
      (hash(i, 2) % 10000000)::DOUBLE / 100 AS c_double,
      'category_' || (hash(i, 3) % 20)::VARCHAR AS c_str_low,
      'id-' || to_hex(hash(i, 4)) AS c_str_high,
      DATE '2000-01-01' + (hash(i, 5) % 9000)::INTEGER AS c_date,
      CASE WHEN hash(i, 6) % 10 = 0 THEN NULL ELSE (hash(i, 6) >> 40)::INTEGER END AS c_nint
    FROM range(${rows}) t(i) ORDER BY i`;
}

// count/min/max of every column. DuckDB answers count(*), and min/max when every aggregate of
// the query can be, from the Parquet statistics without reading a page (a one-column min/max
// over 10M rows takes 2 ms); the scan mode therefore disables the statistics_propagation
// optimizer, which makes DuckDB decode every value. Dates are reported as days since the epoch
// so both engines print the same numbers.
export function aggSql(file, columns = kColumns) {
  const parts = [];
  for (const c of columns) {
    if (c === 'c_date') {
      parts.push(`count(${c})`, `min(${c}) - DATE '1970-01-01'`, `max(${c}) - DATE '1970-01-01'`);
    } else {
      parts.push(`count(${c})`, `min(${c})`, `max(${c})`);
    }
  }
  return `SELECT ${parts.join(', ')} FROM read_parquet('${file}')`;
}

function parseArgs(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[++i];
    else out._.push(argv[i]);
  }
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function jsonValue(v) {
  if (typeof v === 'bigint') return v.toString();
  if (v !== null && typeof v === 'object') return v.toString();
  return v;
}

// Wall time and CPU time (user + system, every thread of the process) of one statement.
async function timed(conn, sql) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await conn.runAndReadAll(sql);
  const t = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return [t, r, (c.user + c.system) / 1e6];
}

function codecSql(codec) {
  if (codec !== 'zstd' && codec !== 'snappy') throw new Error(`Unknown codec: ${codec}`);
  return codec;
}

function rssKiB() {
  return Math.round(process.memoryUsage().rss / 1024);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const mode = args._[0];
  const reps = Number(args.reps ?? 5);
  const threads = Number(args.threads ?? 1);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const result = { engine: 'duckdb', mode, threads };

  if (mode === 'baseline') {
    await conn.run('SELECT 1');
  } else if (mode === 'gen') {
    const rows = Number(args.rows);
    fs.mkdirSync(args.dir, { recursive: true });
    // ORDER BY i plus preserve_insertion_order (the default) keep the row order fixed.
    await conn.run(`CREATE TABLE gen AS ${genSelect(rows)}`);
    result.files = {};
    for (const codec of ['zstd', 'snappy']) {
      const file = path.join(args.dir, args.name.replace('CODEC', codec));
      const tmp = file + '.tmp';
      await conn.run(`COPY gen TO '${tmp}' (FORMAT parquet, COMPRESSION ${codec})`);
      fs.renameSync(tmp, file);
      result.files[codec] = file;
    }
  } else if (mode === 'agg') {
    const r = await conn.runAndReadAll(aggSql(args.file));
    result.agg = r.getRows()[0].map(jsonValue);
  } else if (mode === 'scan') {
    await conn.run(`SET threads = ${threads}`);
    const columns = args.columns ? args.columns.split(',') : kColumns;
    const work = args.work ?? 'minmax';
    result.work = work;
    let sql;
    if (work === 'minmax') {
      await conn.run(`SET disabled_optimizers = 'statistics_propagation'`);
      sql = aggSql(args.file, columns);
    } else if (work === 'decode') {
      // Runs the scan and discards its vectors: DuckDB decoding into its own vectors, no
      // aggregate. The profiler's per-operator timers are the only extra work.
      sql = `EXPLAIN ANALYZE SELECT ${columns.join(', ')} FROM read_parquet('${args.file}')`;
    } else {
      throw new Error(`Unknown --work: ${work}`);
    }
    await timed(conn, sql);  // Warm-up: page cache, allocator.
    result.rss_before_kib = rssKiB();
    const times = [];
    const cpu = [];
    let last;
    for (let i = 0; i < reps; i++) {
      const [t, r, c] = await timed(conn, sql);
      times.push(t);
      cpu.push(c);
      last = r;
    }
    result.times = times;
    result.median_s = median(times);
    result.cpu_median_s = median(cpu);
    if (work === 'minmax') result.agg = last.getRows()[0].map(jsonValue);
  } else if (mode === 'write' || mode === 'convert') {
    const codec = codecSql(args.codec);
    if (mode === 'write') {
      await conn.run(`CREATE TABLE tbl AS SELECT * FROM read_parquet('${args.file}')`);
    }
    await conn.run(`SET threads = ${threads}`);
    const source = mode === 'write' ? 'tbl' : `(SELECT * FROM read_parquet('${args.file}'))`;
    const sql = `COPY ${source} TO '${args.out}' (FORMAT parquet, COMPRESSION ${codec})`;
    result.rss_before_kib = rssKiB();
    const times = [];
    const cpu = [];
    for (let i = 0; i < reps; i++) {
      fs.rmSync(args.out, { force: true });
      const [t, , c] = await timed(conn, sql);
      times.push(t);
      cpu.push(c);
    }
    result.times = times;
    result.median_s = median(times);
    result.cpu_median_s = median(cpu);
    result.bytes = fs.statSync(args.out).size;
  } else {
    throw new Error(`Unknown mode: ${mode}`);
  }
  result.maxrss_kib = process.resourceUsage().maxRSS;
  conn.closeSync?.();
  process.stdout.write(JSON.stringify(result) + '\n');
}

// Only run when executed directly, so run.mjs can import kColumns and aggSql.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`duckdb_bench: ${e.stack ?? e}\n`);
    process.exit(1);
  });
}
