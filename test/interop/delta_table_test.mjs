// DuckDB and `lakeml table` agree on Delta tables (DuckDB's delta extension needs the network,
// so DuckDB reads the live data files themselves, with partition columns from the Hive paths).
//
// 1. lakeml writes a table (CSV in, partitioned by a string with nulls and a date; append,
//    overwrite with --replace-where, OPTIMIZE): the live files that `lakeml table detail --files`
//    lists are exactly those a replay of the _delta_log JSON gives; each add's numRecords and
//    id bounds match what DuckDB reads from that file; and DuckDB's rows over the live files
//    equal `lakeml table show`.
// 2. DuckDB writes Parquet with every Delta-compatible type (ints, float, double, decimal,
//    string, binary, boolean, date, timestamp with and without zone, list, struct, map);
//    `lakeml table write` ingests it (partitioned by an int column); `lakeml table show` equals
//    DuckDB's source rows, and DuckDB reading lakeml's data files finds the same rows again.
//
// usage: node delta_table_test.mjs <path-to-lakeml> <shared-dir>
// Exit 0 when everything matches, 1 on any mismatch, 77 (skipped) when @duckdb/node-api is
// missing and LAKEML_REQUIRE_INTEROP is unset.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  compareRow, duckQuery, loadDuckDB, parseJsonLines, runLakeml, sqlString, usage,
} from './duckdb_peer.mjs';

const { lakeml } = usage(process.argv);
const { DuckDBInstance } = await loadDuckDB();

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

// Runs lakeml; throws with its stderr when it fails.
function lake(args) {
  const r = runLakeml(lakeml, args);
  if (r.status !== 0) {
    throw new Error(`lakeml ${args.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
  }
  return r.stdout;
}

// Delta primitive type names -> DuckDB types (for partition columns read from paths).
const DUCK_TYPES = {
  byte: 'TINYINT', short: 'SMALLINT', integer: 'INTEGER', long: 'BIGINT', float: 'FLOAT',
  double: 'DOUBLE', string: 'VARCHAR', boolean: 'BOOLEAN', date: 'DATE', binary: 'BLOB',
  timestamp: 'TIMESTAMPTZ', timestamp_ntz: 'TIMESTAMP',
};
function duckType(deltaType) {
  if (typeof deltaType === 'string' && deltaType.startsWith('decimal')) {
    return deltaType.toUpperCase();
  }
  const t = DUCK_TYPES[deltaType];
  if (!t) throw new Error(`no DuckDB type for partition column type ${JSON.stringify(deltaType)}`);
  return t;
}

// `lakeml table detail --files` of a table.
function detail(table) {
  return JSON.parse(lake(['table', 'detail', table, '--files']));
}

// A replay of the table's JSON commits (no checkpoint, no deletion vectors in these tables):
// the live add actions by path.
function replayLog(table) {
  const log = path.join(table, '_delta_log');
  const live = new Map();
  for (const f of fs.readdirSync(log).filter((n) => /^\d{20}\.json$/.test(n)).sort()) {
    for (const line of fs.readFileSync(path.join(log, f), 'utf8').split('\n')) {
      if (!line) continue;
      const a = JSON.parse(line);
      if (a.add) live.set(a.add.path, a.add);
      if (a.remove) live.delete(a.remove.path);
    }
  }
  return live;
}

// DuckDB's rows of the table's live files (from `detail`), partition columns from the Hive
// paths cast to their Delta types, columns in schema order, sorted by `orderBy`.
async function duckReadTable(table, d, orderBy) {
  const files = d.files.map((f) => sqlString(path.join(table, decodeURIComponent(f.path))));
  const parts = new Set(d.partitionColumns);
  const select = d.schema.fields.map((f) => {
    const name = `"${f.name.replaceAll('"', '""')}"`;
    if (!parts.has(f.name)) return name;
    return `CAST(NULLIF(${name}, '__HIVE_DEFAULT_PARTITION__') AS ${duckType(f.type)}) AS ${name}`;
  });
  return duckQuery(con, `SELECT ${select.join(', ')} FROM read_parquet([${files.join(', ')}],
      hive_partitioning = true, hive_types_autocast = false) ORDER BY ${orderBy}`);
}

// `lakeml table show --format json`, sorted by the integer column `key`.
function lakeRows(table, key) {
  const rows = parseJsonLines(lake(['table', 'show', table, '--format', 'json']));
  const keyOf = (r) => BigInt(r.obj.find(([k]) => k === key)[1].num);
  return rows.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

// null when lakeml's rows equal DuckDB's (same order), else the first difference.
function compareRows(lakeRowsSorted, duck) {
  if (lakeRowsSorted.length !== duck.rows.length) {
    return `row count: lakeml ${lakeRowsSorted.length}, duckdb ${duck.rows.length}`;
  }
  for (let r = 0; r < duck.rows.length; r++) {
    const d = compareRow(lakeRowsSorted[r], duck.rows[r], duck.names, duck.types);
    if (d) return `row ${r}: ${d}`;
  }
  return null;
}

// Canonical text of a DuckDB value, deep.
function canon(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  const body = Object.entries(v).map(([k, x]) => `${k}:${canon(x)}`).join(',');
  return `${v.constructor?.name ?? ''}{${body}}`;
}

function sameDuckRows(x, y) {
  if (x.names.join('\u0001') !== y.names.join('\u0001')) {
    return `column names: ${JSON.stringify(x.names)} vs ${JSON.stringify(y.names)}`;
  }
  for (let c = 0; c < x.names.length; c++) {
    if (x.types[c].toString() !== y.types[c].toString()) {
      return `column ${x.names[c]}: type ${x.types[c]} vs ${y.types[c]}`;
    }
  }
  if (x.rows.length !== y.rows.length) return `rows: ${x.rows.length} vs ${y.rows.length}`;
  for (let r = 0; r < x.rows.length; r++) {
    for (let c = 0; c < x.names.length; c++) {
      const p = canon(x.rows[r][c]);
      const q = canon(y.rows[r][c]);
      if (p !== q) return `row ${r} column ${x.names[c]}: ${p.slice(0, 200)} vs ${q.slice(0, 200)}`;
    }
  }
  return null;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lakeml-interop-delta-'));
try {
  // -------------------------------------------------------------------------------------------
  // 1. lakeml writes, DuckDB reads the live files.
  const table = path.join(tmp, 'events');
  const csv = (name, from, to, parts) => {
    const lines = ['id,part,day,score,flag,name'];
    for (let i = from; i < to; i++) {
      const part = parts[i % parts.length];
      const day = `2024-01-0${1 + (i % 3)}`;
      const score = i % 7 === 0 ? '' : String(i / 4);
      lines.push(`${i},${part},${day},${score},${i % 2 === 0},"n, ${i}"`);
    }
    const file = path.join(tmp, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  lake(['table', 'write', table, csv('v0.csv', 0, 3000, ['a', 'b', '']),
    '--partition-by', 'part,day', '--quiet']);
  lake(['table', 'write', table, csv('v1.csv', 3000, 4000, ['a', 'b']), '--quiet']);
  lake(['table', 'write', table, csv('v2.csv', 10000, 10500, ['a']), '--mode', 'overwrite',
    '--replace-where', "part = 'a'", '--quiet']);
  lake(['table', 'write', table, csv('v3.csv', 20000, 20100, ['b', '']), '--quiet']);
  lake(['table', 'optimize', table, '--where', "part = 'b'"]);
  // Expected ids: v0/v1 rows not in partition a, v2's rows, v3's rows.
  let expectedRows = 500 + 100;
  for (let i = 0; i < 4000; i++) {
    const parts = i < 3000 ? ['a', 'b', ''] : ['a', 'b'];
    if (parts[i % parts.length] !== 'a') expectedRows++;
  }

  const d = detail(table);
  const replayed = replayLog(table);
  const listed = d.files.map((f) => f.path).sort();
  record('detail --files lists the live files of the log',
    JSON.stringify(listed) === JSON.stringify([...replayed.keys()].sort())
      ? null : `detail ${listed.length} files, log replay ${replayed.size}`);
  record('detail numFiles', d.numFiles === listed.length ? null : `${d.numFiles}`);

  let statsDiff = null;
  for (const [p, add] of replayed) {
    const file = path.join(table, decodeURIComponent(p));
    const q = await duckQuery(con, `SELECT count(*)::BIGINT, min(id), max(id)
        FROM read_parquet(${sqlString(file)})`);
    const stats = JSON.parse(add.stats);
    const [n, lo, hi] = q.rows[0];
    if (BigInt(stats.numRecords) !== n || BigInt(stats.minValues.id) !== lo ||
        BigInt(stats.maxValues.id) !== hi) {
      statsDiff = `${p}: stats ${add.stats} vs DuckDB count ${n}, id ${lo}..${hi}`;
      break;
    }
    if (add.size !== fs.statSync(file).size) {
      statsDiff = `${p}: add.size ${add.size}, file has ${fs.statSync(file).size} bytes`;
      break;
    }
  }
  record('add stats and sizes agree with the files', statsDiff);

  const duckEvents = await duckReadTable(table, d, 'id');
  record('DuckDB row count over the live files',
    duckEvents.rows.length === expectedRows ? null
      : `${duckEvents.rows.length}, expected ${expectedRows}`);
  record('lakeml table show equals DuckDB over the live files',
    compareRows(lakeRows(table, 'id'), duckEvents));

  // Time travel: version 1 (before the overwrite) from the log of that version.
  const v1 = parseJsonLines(lake(['table', 'show', table, '--version', '1', '--format', 'json']));
  record('version 1 has the first 4000 rows', v1.length === 4000 ? null : `${v1.length} rows`);

  // -------------------------------------------------------------------------------------------
  // 2. DuckDB writes Parquet, lakeml ingests it.
  await con.run(`CREATE TABLE src AS SELECT
      i::BIGINT AS id,
      (i % 3)::INTEGER AS grp,
      (i % 100)::TINYINT AS t8,
      (i % 30000)::SMALLINT AS s16,
      (i * 7)::INTEGER AS i32,
      (i * 0.5)::FLOAT AS f32,
      CASE WHEN i % 11 = 0 THEN NULL ELSE i / 7.0 END::DOUBLE AS f64,
      (i * 1.25)::DECIMAL(12, 3) AS dec,
      CASE WHEN i % 5 = 0 THEN NULL ELSE 'name ' || i END AS s,
      ('b' || i)::BLOB AS bin,
      i % 2 = 0 AS flag,
      DATE '2024-01-01' + (i % 400)::INTEGER AS d,
      TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i) AS tstz,
      TIMESTAMP '2024-01-01 00:00:00' + to_minutes(i) AS tsntz,
      CASE WHEN i % 13 = 0 THEN NULL ELSE [i, i + 1] END AS lst,
      {'a': i, 'b': 'x' || i} AS st,
      MAP {'k': i} AS mp
    FROM range(3000) t(i)`);
  const parquet = path.join(tmp, 'duck.parquet');
  await con.run(`COPY src TO ${sqlString(parquet)} (FORMAT parquet)`);
  const ingested = path.join(tmp, 'ingested');
  lake(['table', 'write', ingested, parquet, '--partition-by', 'grp', '--quiet']);
  const source = await duckQuery(con, 'SELECT * FROM src ORDER BY id');
  record('lakeml table show equals the Parquet DuckDB wrote',
    compareRows(lakeRows(ingested, 'id'), source));
  const d2 = detail(ingested);
  record('ingested table partitioned by grp',
    d2.files.length === 3 && d2.files.every((f) => f.path.startsWith('grp='))
      ? null : JSON.stringify(d2.files.map((f) => f.path)));
  let back;
  try {
    back = await duckReadTable(ingested, d2, 'id');
  } catch (e) {
    back = null;
    record('DuckDB reads the ingested table', e.message);
  }
  if (back) record('DuckDB reads back the rows it wrote', sameDuckRows(source, back));

  // Appending the same file again doubles every row.
  lake(['table', 'write', ingested, parquet, '--quiet']);
  const doubled = parseJsonLines(lake(['table', 'show', ingested, '--format', 'json']));
  record('append of the same Parquet', doubled.length === 6000 ? null : `${doubled.length} rows`);
} catch (e) {
  record('delta table interop', e.stack ?? String(e));
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

for (const f of failures) console.log(`FAILED ${f}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
