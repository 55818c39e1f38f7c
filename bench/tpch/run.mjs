// TPC-H side by side: lakeml over Delta tables, DuckDB over its native format and DuckDB over
// the same data as Parquet files, all with the same thread count, in one run (issue 4's
// performance criterion; bench/tpch/README.md).
//
//   node bench/tpch/run.mjs --sf 1 --threads 2 --runs 3 --queries 1-22 \
//       --lakeml build/lakeml --data /tmp/tpch-sf1 [--memory-limit 4GB] [--write-md]
//
// Data: DIR/delta/<table> (Delta, for lakeml), DIR/parquet/<table>.parquet (for DuckDB), and
// DIR/tpch.duckdb (DuckDB's native tables, loaded from the Parquet files), each made by this
// script when missing. Each query runs once untimed, then --runs times, in one process per
// engine and query (--fresh-process: a new lakeml process per run); the median counts.
// lakeml's time is the `Time: X s` line that `lakeml sql --timing` prints on stderr (the
// query's own time). A lakeml failure prints its error and n/a;
// it never stops the run. Results of lakeml are compared with DuckDB's (decision 0011).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  SOURCE_DIR, TABLES, compareResults, createParquetViews, findDbgen, generate, loadDuckDB,
  parseArgs, parseQueryList, queryName, readQuery, runRendered,
} from './tpch_duckdb.mjs';

const USAGE = `usage: node bench/tpch/run.mjs [--sf 1] [--threads 2] [--runs 3] [--queries 1-22]
    [--lakeml PATH] [--data DIR] [--memory-limit 4GB] [--dbgen PATH] [--timeout 600]
    [--fresh-process] [--write-md]`;

const args = parseArgs(process.argv.slice(2), {
  sf: '1', threads: '2', runs: '3', queries: '1-22', lakeml: join(SOURCE_DIR, 'build/lakeml'),
  data: '', memory_limit: '', dbgen: '', timeout: '600', write_md: false, fresh_process: false,
}, USAGE);
const threads = Number(args.threads);
const runs = Math.max(1, Number(args.runs));
const dataDir = resolve(args.data || `/tmp/lakeml-tpch-sf${args.sf}`);
const queries = parseQueryList(args.queries);
const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// ---- data -------------------------------------------------------------------------------------

// Generates what is missing; a stamp file guards against reusing another scale factor's data.
function prepareData() {
  mkdirSync(dataDir, { recursive: true });
  const stamp = join(dataDir, 'scale_factor.txt');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() !== String(args.sf)) {
    throw new Error(`${dataDir} holds scale factor ${readFileSync(stamp, 'utf8').trim()}, ` +
      `not ${args.sf}: pass another --data`);
  }
  writeFileSync(stamp, `${args.sf}\n`);
  const missing = (format, path) => !existsSync(join(dataDir, format, path));
  if (missing('delta', 'lineitem/_delta_log') || missing('parquet', 'lineitem.parquet')) {
    const dbgen = findDbgen(args.dbgen);
    for (const format of ['delta', 'parquet']) {
      console.log(`generating SF ${args.sf} as ${format} into ${join(dataDir, format)}`);
      const t0 = performance.now();
      generate(dbgen, args.sf, join(dataDir, format), format, threads);
      console.log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
}

async function openDuckDB(duckdb, path) {
  const instance = await duckdb.DuckDBInstance.create(path);
  const con = await instance.connect();
  await con.run(`set threads = ${threads}`);
  if (args.memory_limit) await con.run(`set memory_limit = ${sqlString(args.memory_limit)}`);
  return con;
}

// DuckDB's native tables in DIR/tpch.duckdb, loaded from the Parquet files when missing.
async function openDuckDBNative(duckdb) {
  const file = join(dataDir, 'tpch.duckdb');
  const fresh = !existsSync(file);
  const con = await openDuckDB(duckdb, file);
  if (fresh) {
    console.log(`loading DuckDB's native tables into ${file}`);
    try {
      for (const t of TABLES) {
        const parquet = sqlString(join(dataDir, 'parquet', `${t}.parquet`));
        await con.run(`create table ${t} as select * from read_parquet(${parquet})`);
      }
      await con.run('checkpoint');
    } catch (e) {
      rmSync(file, { force: true });
      throw e;
    }
  }
  return con;
}

// ---- engines ----------------------------------------------------------------------------------

async function timeDuckDB(con, sql) {
  const result = await runRendered(con, sql);  // The untimed warm-up; its rows are compared.
  const times = [];
  for (let i = 0; i < runs; ++i) {
    const t0 = performance.now();
    await con.runAndReadAll(sql);
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), result };
}

const timeTool = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

// Runs `lakeml sql --warehouse W ARGS`; returns {ok, error, stdout, stderr, wall, rssKiB}.
function runLakeml(extra) {
  const argv = ['sql', '--warehouse', join(dataDir, 'warehouse'), ...extra];
  const [cmd, cmdArgs] = timeTool ? [timeTool, ['-v', args.lakeml, ...argv]] : [args.lakeml, argv];
  const t0 = performance.now();
  const r = spawnSync(cmd, cmdArgs, {
    encoding: 'utf8', maxBuffer: 1 << 30, timeout: Number(args.timeout) * 1000,
  });
  const wall = (performance.now() - t0) / 1000;
  let stderr = r.stderr ?? '';
  let rssKiB = null;
  const timeAt = timeTool ? stderr.lastIndexOf('\tCommand being timed:') : -1;
  if (timeAt >= 0) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr.slice(timeAt));
    if (m) rssKiB = Number(m[1]);
    stderr = stderr.slice(0, timeAt);
  }
  let error = null;
  if (r.error) {
    error = r.error.code === 'ETIMEDOUT' ? `timed out after ${args.timeout} s` : r.error.message;
  } else if (r.status !== 0) {
    const text = stderr.replace(/Command exited with non-zero status \d+\s*$/, '').trim();
    error = `exit ${r.status}${r.signal ? ` (${r.signal})` : ''}: ` +
      text.slice(0, 400).replace(/\s*\n\s*/g, ' ');
  }
  return { ok: error === null, error, stdout: r.stdout ?? '', stderr, wall, rssKiB };
}

function registerLakemlTables() {
  const statements = TABLES.map((t) =>
    `CREATE TABLE IF NOT EXISTS ${t} LOCATION ${sqlString(join(dataDir, 'delta', t))}`);
  return runLakeml(['-c', statements.join(';\n')]);
}

// RFC 4180 rows; an unquoted empty field is NULL, a quoted one the empty string.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  const endField = () => {
    row.push(field === '' ? (wasQuoted ? '(empty)' : 'NULL') : field);
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        ++i;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = wasQuoted = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') {
      field += c;
    }
  }
  if (field !== '' || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

// One query in lakeml. By default one process runs the query 1 + --runs times (a warm-up, then
// the timed runs), as DuckDB does in its one process; --fresh-process runs each in a new
// process (cold buffers and Delta log replay every time). The times are the `Time: X s` lines
// of `lakeml sql --timing`. Returns {seconds, rssKiB, rows} or {error}.
function timeLakeml(q, sql) {
  const script = join(dataDir, 'lakeml_queries', `${queryName(q)}.sql`);
  mkdirSync(join(dataDir, 'lakeml_queries'), { recursive: true });
  const settings = [`SET threads = ${threads};`];
  if (args.memory_limit) settings.push(`SET memory_limit = ${sqlString(args.memory_limit)};`);
  const copies = args.fresh_process ? 1 : runs + 1;
  writeFileSync(script, `${settings.join('\n')}\n${`${sql};\n`.repeat(copies)}`);
  const argv = ['--timing', '--format', 'csv', '-f', script];
  const reportedTimes = (stderr) =>
    [...stderr.matchAll(/Time:\s*([0-9.eE+-]+)\s*s/g)].map((m) => Number(m[1]));
  const warm = runLakeml(argv);
  if (!warm.ok) return { error: warm.error };
  // The first result of the script's output is the warm-up's (each result repeats the header).
  const all = parseCsv(warm.stdout);
  const perCopy = all.length / copies;
  const rows = all.slice(1, Number.isInteger(perCopy) ? perCopy : all.length);
  if (!args.fresh_process) {
    // One Time line per statement: the settings, then the copies; the warm-up is not counted.
    const times = reportedTimes(warm.stderr).slice(-runs);
    if (times.length !== runs) return { error: 'lakeml printed no Time line per statement' };
    return { seconds: median(times), rssKiB: warm.rssKiB, rows };
  }
  const times = [];
  let rssKiB = warm.rssKiB;
  for (let i = 0; i < runs; ++i) {
    const r = runLakeml(argv);
    if (!r.ok) return { error: r.error };
    const reported = reportedTimes(r.stderr).pop();
    times.push(reported ?? r.wall);
    if (r.rssKiB !== null) rssKiB = Math.max(rssKiB ?? 0, r.rssKiB);
  }
  return { seconds: median(times), rssKiB, rows };
}

// ---- report -----------------------------------------------------------------------------------

function machineInfo(duckdbVersion) {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    ramGiB: (totalmem() / 2 ** 30).toFixed(1),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: spawnSync('git', ['-C', SOURCE_DIR, 'rev-parse', '--short', 'HEAD'],
      { encoding: 'utf8' }).stdout?.trim() || '?',
    duckdb: duckdbVersion,
    load: loadavg()[0].toFixed(2),
  };
}

const fmt = (s) => (s === null || s === undefined ? 'n/a' : s.toFixed(3));
const ratio = (a, b) => (a && b ? a / b : null);
const geomean = (xs) => (xs.length ? Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length)
  : null);

function report(rows, machine) {
  const out = [];
  out.push(`TPC-H SF ${args.sf}, ${threads} threads, median of ${runs} runs after one warm-up` +
    (args.fresh_process ? ', lakeml in a fresh process per run' : ', each engine in one process per query') +
    (args.memory_limit ? `, memory limit ${args.memory_limit}` : '') + '.');
  out.push(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM; ` +
    `${machine.date}; lakeml ${machine.commit}; DuckDB ${machine.duckdb}; 1-minute load ` +
    `average ${loadBefore} before, ${machine.load} after (the run's own threads included).`);
  out.push('');
  out.push('| Query | lakeml s | DuckDB s | lakeml/DuckDB | DuckDB Parquet s | ' +
    'lakeml/DuckDB Parquet | lakeml peak RSS MiB | result |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---|');
  const nativeRatios = [];
  const parquetRatios = [];
  for (const r of rows) {
    const rn = ratio(r.lakeml, r.duckdb);
    const rp = ratio(r.lakeml, r.parquet);
    if (rn) nativeRatios.push(rn);
    if (rp) parquetRatios.push(rp);
    out.push(`| Q${r.q} | ${fmt(r.lakeml)} | ${fmt(r.duckdb)} | ${rn ? rn.toFixed(2) : 'n/a'} | ` +
      `${fmt(r.parquet)} | ${rp ? rp.toFixed(2) : 'n/a'} | ` +
      `${r.rssKiB ? (r.rssKiB / 1024).toFixed(0) : 'n/a'} | ${r.check} |`);
  }
  const gn = geomean(nativeRatios);
  const gp = geomean(parquetRatios);
  const total = (key) => (rows.every((r) => r[key]) ? rows.reduce((s, r) => s + r[key], 0)
    : null);
  out.push(`| total | ${fmt(total('lakeml'))} | ${fmt(total('duckdb'))} | | ` +
    `${fmt(total('parquet'))} | | | |`);
  out.push('');
  out.push(`Geometric mean of lakeml/DuckDB: ${gn ? gn.toFixed(3) : 'n/a'} ` +
    `(${nativeRatios.length} of ${rows.length} queries); of lakeml/DuckDB Parquet: ` +
    `${gp ? gp.toFixed(3) : 'n/a'}.`);
  return out.join('\n');
}

function writeMarkdown(text) {
  const docs = join(SOURCE_DIR, 'docs/benchmarks.md');
  const begin = '<!-- tpch:begin -->';
  const end = '<!-- tpch:end -->';
  let page = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n';
  const section = `${begin}\n${text}\n${end}`;
  const a = page.indexOf(begin);
  const b = page.indexOf(end);
  if (a >= 0 && b > a) {
    page = page.slice(0, a) + section + page.slice(b + end.length);
  } else {
    page = `${page.trimEnd()}\n\n## TPC-H: lakeml vs DuckDB (bench/tpch/run.mjs)\n\n${section}\n`;
  }
  writeFileSync(docs, page);
  console.log(`updated ${docs}`);
}

const loadBefore = loadavg()[0].toFixed(2);

async function main() {
  prepareData();
  const duckdb = await loadDuckDB();
  const native = await openDuckDBNative(duckdb);
  const parquet = await openDuckDB(duckdb, ':memory:');
  await createParquetViews(parquet, join(dataDir, 'parquet'));
  const version = (await native.runAndReadAll('select version()')).getRows()[0][0];

  const registered = registerLakemlTables();
  if (!registered.ok) console.log(`lakeml: registering the tables failed: ${registered.error}`);

  const rows = [];
  for (const q of queries) {
    const sql = readQuery(q);
    const d = await timeDuckDB(native, sql);
    const p = await timeDuckDB(parquet, sql);
    let l = { error: registered.error ?? null };
    if (registered.ok) l = timeLakeml(q, sql);
    let check = 'n/a';
    const parquetDiff = compareResults(d.result.rows, p.result.rows, d.result.letters);
    if (parquetDiff) check = `DuckDB Parquet differs: ${parquetDiff}`;
    if (l.error) {
      console.log(`Q${q}: lakeml n/a: ${l.error}`);
    } else {
      const diff = compareResults(d.result.rows, l.rows, d.result.letters);
      check = diff ? `MISMATCH: ${diff}` : 'ok';
      if (diff) console.log(`Q${q}: lakeml's result differs from DuckDB's: ${diff}`);
    }
    rows.push({ q, lakeml: l.error ? null : l.seconds, duckdb: d.seconds, parquet: p.seconds,
      rssKiB: l.rssKiB, check });
    console.log(`Q${q}: lakeml ${fmt(rows.at(-1).lakeml)} s, DuckDB ${fmt(d.seconds)} s, ` +
      `DuckDB Parquet ${fmt(p.seconds)} s, ${d.result.rows.length} rows, ${check}`);
  }
  const text = report(rows, machineInfo(version));
  console.log(`\n${text}`);
  if (args.write_md) writeMarkdown(text);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
