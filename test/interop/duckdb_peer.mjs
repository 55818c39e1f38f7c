// DuckDB as an independent peer for lakeml's Parquet interop tests: loading it (with the
// skip rule), running `lakeml`, and comparing lakeml's JSON Lines output with DuckDB's values.
//
// lakeml's JSON rules (src/format/value_text/value_formatter.h) that the comparison encodes:
// integers as numbers; float/double as shortest round-trip numbers, NaN/Infinity/-Infinity as
// strings; decimals as exact strings; DATE "YYYY-MM-DD"; TIME "HH:MM:SS.ffffff"; TIMESTAMP
// "YYYY-MM-DDTHH:MM:SS.ffffff" (+ "Z" when adjusted to UTC; nanoseconds truncate toward
// negative infinity); INTERVAL as an ISO-8601 duration with per-component signs; UUID as
// 8-4-4-4-12 hex; strings as strings; binary and other fixed-size binary as base64; list ->
// array; struct -> object; map -> object when its keys are strings, else an array of
// {"key": k, "value": v}.
import { spawnSync } from 'node:child_process';

// Exit code that CTest reads as SKIPPED (test/CMakeLists.txt: SKIP_RETURN_CODE 77).
export const SKIP = 77;

// Imports @duckdb/node-api. When it is missing the test is skipped, unless
// LAKEML_REQUIRE_INTEROP is set (CI), where that is a failure.
export async function loadDuckDB() {
  try {
    return await import('@duckdb/node-api');
  } catch (e) {
    if (process.env.LAKEML_REQUIRE_INTEROP) {
      console.error(`@duckdb/node-api is required (LAKEML_REQUIRE_INTEROP is set): ${e.message}`);
      process.exit(1);
    }
    console.log(`SKIPPED: @duckdb/node-api is not installed (${e.message})`);
    process.exit(SKIP);
  }
}

export function usage(argv) {
  if (argv.length < 4) {
    console.error(`usage: node ${argv[1]} <path-to-lakeml> <shared-dir>`);
    process.exit(2);
  }
  return { lakeml: argv[2], shared: argv[3] };
}

// Runs lakeml; returns {status, stdout, stderr}.
export function runLakeml(lakeml, args) {
  const r = spawnSync(lakeml, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// SQL string literal.
export function sqlString(s) {
  return `'${String(s).replaceAll("'", "''")}'`;
}

// Runs a query; returns {names, types, rows} (rows of DuckDBValue).
export async function duckQuery(con, sql) {
  const reader = await con.runAndReadAll(sql);
  return { names: reader.columnNames(), types: reader.columnTypes(), rows: reader.getRows() };
}

// ---------------------------------------------------------------------------------------------
// A JSON parser that keeps numbers as their source text (int64/uint64/float precision) and
// objects as ordered [key, value] pairs. Numbers: {num: "text"}; objects: {obj: [[k, v], ...]}.

export function parseJsonLossless(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const fail = (what) => {
    throw new Error(`bad JSON at ${i} (${what}): ${text.slice(Math.max(0, i - 20), i + 20)}`);
  };
  const value = () => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj = [];
      ws();
      if (text[i] === '}') { i++; return { obj }; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('key');
        const k = str();
        ws();
        if (text[i++] !== ':') fail(':');
        obj.push([k, value()]);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return { obj }; }
        fail('object');
      }
    }
    if (c === '[') {
      i++;
      const arr = [];
      ws();
      if (text[i] === ']') { i++; return arr; }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return arr; }
        fail('array');
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) { i += 4; return true; }
    if (text.startsWith('false', i)) { i += 5; return false; }
    if (text.startsWith('null', i)) { i += 4; return null; }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail('value');
    i += m[0].length;
    return { num: m[0] };
  };
  const str = () => {
    const start = i;
    i++;
    let out = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) fail('unterminated string');
      if (c === '"') { i++; break; }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          const map = {
            '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t',
          };
          if (!(e in map)) fail(`escape at ${start}`);
          out += map[e];
          i += 2;
        }
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };
  const v = value();
  ws();
  if (i !== text.length) fail('trailing text');
  return v;
}

// Parses `lakeml parquet cat --format json` output: one object per line.
export function parseJsonLines(text) {
  return text.split('\n').filter((l) => l.length > 0).map(parseJsonLossless);
}

// ---------------------------------------------------------------------------------------------
// DuckDB values -> lakeml's text rules.

function floorDiv(a, b) {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

function pad(n, w) {
  return String(n).padStart(w, '0');
}

// Days since 1970-01-01 -> "YYYY-MM-DD" (ISO expanded years outside 0000..9999).
export function dateText(days) {
  // Howard Hinnant's civil_from_days.
  const z = BigInt(days) + 719468n;
  const era = floorDiv(z, 146097n);
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  let y = yoe + era * 400n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const d = doy - (153n * mp + 2n) / 5n + 1n;
  const m = mp < 10n ? mp + 3n : mp - 9n;
  if (m <= 2n) y += 1n;
  let ys;
  if (y >= 0n && y <= 9999n) ys = pad(y, 4);
  else if (y < 0n) ys = '-' + pad(-y, 4);
  else ys = '+' + pad(y, 4);
  return `${ys}-${pad(m, 2)}-${pad(d, 2)}`;
}

// Microseconds within a day -> "HH:MM:SS.ffffff".
export function timeText(micros) {
  micros = BigInt(micros);
  const h = micros / 3600000000n;
  const mi = (micros / 60000000n) % 60n;
  const s = (micros / 1000000n) % 60n;
  const f = micros % 1000000n;
  return `${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(f, 6)}`;
}

export function timestampText(micros, utc) {
  micros = BigInt(micros);
  const days = floorDiv(micros, 86400000000n);
  const rem = micros - days * 86400000000n;
  return `${dateText(days)}T${timeText(rem)}${utc ? 'Z' : ''}`;
}

export function decimalText(value, scale) {
  let v = BigInt(value);
  const neg = v < 0n;
  if (neg) v = -v;
  let s = v.toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    s = `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  }
  return (neg ? '-' : '') + s;
}

// ISO-8601 duration, every component with its own sign ("P-1Y-1M2D", "PT-0.5S", "PT0S").
export function intervalText(months, days, nanos) {
  nanos = BigInt(nanos);
  let out = 'P';
  const y = Math.trunc(months / 12);
  const mo = months % 12;
  if (y) out += `${y}Y`;
  if (mo) out += `${mo}M`;
  if (days) out += `${days}D`;
  if (nanos !== 0n) {
    out += 'T';
    const neg = nanos < 0n;
    let n = neg ? -nanos : nanos;
    const sign = neg ? '-' : '';
    const h = n / 3600000000000n;
    n %= 3600000000000n;
    const mi = n / 60000000000n;
    n %= 60000000000n;
    if (h) out += `${sign}${h}H`;
    if (mi) out += `${sign}${mi}M`;
    if (n) {
      const whole = n / 1000000000n;
      let frac = pad(n % 1000000000n, 9).replace(/0+$/, '');
      out += `${sign}${whole}${frac ? '.' + frac : ''}S`;
    }
  }
  return out === 'P' ? 'PT0S' : out;
}

// ---------------------------------------------------------------------------------------------
// Comparison of one lakeml JSON value (parsed losslessly) with one DuckDB value of `type`.
// Returns null when equal, else a short description of the first difference.

function show(v) {
  return JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? `${x}n` : x))?.slice(0, 300);
}

function isNum(v) {
  return v !== null && typeof v === 'object' && 'num' in v;
}

function floatingEquals(lake, duck, single) {
  if (typeof duck === 'number' && !Number.isFinite(duck)) {
    const want = Number.isNaN(duck) ? 'NaN' : duck > 0 ? 'Infinity' : '-Infinity';
    return lake === want;
  }
  if (!isNum(lake)) return false;
  const x = Number(lake.num);
  return Object.is(single ? Math.fround(x) : x, duck);
}

// opts.naiveTimestampsAreUtc: DuckDB's TIMESTAMP (no time zone) is compared as UTC-adjusted
// (see SKIPPED_COLUMNS / KNOWN_DUCKDB_DIVERGENCES in parquet_read_test.mjs).
export function compareValue(lake, duck, type, path = '', opts = {}) {
  const T = type.typeId;
  const diff = (why) => `${path || '<value>'}: ${why}: lakeml ${show(lake)}, duckdb ${show(duck)}`;
  if (duck === null || duck === undefined) return lake === null ? null : diff('null expected');
  if (lake === null) return diff('unexpected null');
  switch (T) {
    case 1: // BOOLEAN
      return lake === duck ? null : diff('boolean');
    case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 16: case 32:
      // Integers of every width (HUGEINT/UHUGEINT included).
      return isNum(lake) && /^-?\d+$/.test(lake.num) && BigInt(lake.num) === BigInt(duck)
        ? null : diff('integer');
    case 10: // FLOAT
      return floatingEquals(lake, duck, true) ? null : diff('float');
    case 11: // DOUBLE
      return floatingEquals(lake, duck, false) ? null : diff('double');
    case 19: // DECIMAL
      return lake === decimalText(duck.value, duck.scale) ? null : diff('decimal');
    case 13: // DATE
      return lake === dateText(duck.days) ? null : diff('date');
    case 14: // TIME (microseconds)
      return lake === timeText(duck.micros) ? null : diff('time');
    case 39: // TIME_NS: truncated to microseconds
      return lake === timeText(BigInt(duck.nanos) / 1000n) ? null : diff('time_ns');
    case 30: // TIME_TZ: lakeml prints the time of day
      return lake === timeText(duck.micros) ? null : diff('time_tz');
    case 12: // TIMESTAMP
      return lake === timestampText(duck.micros, !!opts.naiveTimestampsAreUtc)
        ? null : diff('timestamp');
    case 31: // TIMESTAMP_TZ
      return lake === timestampText(duck.micros, true) ? null : diff('timestamptz');
    case 20: // TIMESTAMP_S
      return lake === timestampText(BigInt(duck.seconds) * 1000000n, false) ? null : diff('ts_s');
    case 21: // TIMESTAMP_MS
      return lake === timestampText(BigInt(duck.millis) * 1000n, false) ? null : diff('ts_ms');
    case 22: // TIMESTAMP_NS
      return lake === timestampText(floorDiv(BigInt(duck.nanos), 1000n), false)
        ? null : diff('ts_ns');
    case 15: // INTERVAL
      return lake === intervalText(duck.months, duck.days, BigInt(duck.micros) * 1000n)
        ? null : diff('interval');
    case 27: // UUID
      return lake === duck.toString() ? null : diff('uuid');
    case 17: // VARCHAR (and JSON, an alias of it)
      return lake === duck ? null : diff('string');
    case 23: // ENUM
      return lake === duck ? null : diff('enum');
    case 18: // BLOB
    case 40: // GEOMETRY (WKB)
      return lake === Buffer.from(duck.bytes).toString('base64') ? null : diff('binary');
    case 24: // LIST
    case 33: { // ARRAY
      const items = duck.items;
      if (!Array.isArray(lake)) return diff('list expected');
      if (lake.length !== items.length) {
        return diff(`list length ${lake.length} vs ${items.length}`);
      }
      for (let k = 0; k < items.length; k++) {
        const d = compareValue(lake[k], items[k], type.valueType, `${path}[${k}]`, opts);
        if (d) return d;
      }
      return null;
    }
    case 25: { // STRUCT
      if (!lake.obj) return diff('object expected');
      const names = type.entryNames;
      if (lake.obj.length !== names.length) return diff('struct field count');
      for (let k = 0; k < names.length; k++) {
        if (lake.obj[k][0] !== names[k]) return diff(`field ${k} named ${lake.obj[k][0]}`);
        const d = compareValue(lake.obj[k][1], duck.entries[names[k]], type.entryTypes[k],
          `${path}.${names[k]}`, opts);
        if (d) return d;
      }
      return null;
    }
    case 26: { // MAP
      const entries = duck.entries;
      const stringKeys = type.keyType.typeId === 17;
      if (stringKeys) {
        if (!lake.obj) return diff('object expected for a string-keyed map');
        if (lake.obj.length !== entries.length) return diff('map size');
        for (let k = 0; k < entries.length; k++) {
          if (lake.obj[k][0] !== entries[k].key) return diff(`key ${k}`);
          const d = compareValue(lake.obj[k][1], entries[k].value, type.valueType,
            `${path}{${entries[k].key}}`, opts);
          if (d) return d;
        }
        return null;
      }
      if (!Array.isArray(lake)) return diff('array of {key, value} expected');
      if (lake.length !== entries.length) return diff('map size');
      for (let k = 0; k < entries.length; k++) {
        const e = lake[k];
        if (!e?.obj || e.obj.length !== 2 || e.obj[0][0] !== 'key' || e.obj[1][0] !== 'value') {
          return diff(`entry ${k} is not {"key","value"}`);
        }
        const d =
          compareValue(e.obj[0][1], entries[k].key, type.keyType, `${path}<key ${k}>`, opts) ||
          compareValue(e.obj[1][1], entries[k].value, type.valueType, `${path}<value ${k}>`,
            opts);
        if (d) return d;
      }
      return null;
    }
    default:
      return diff(`DuckDB type ${type.toString()} is not covered by the comparison`);
  }
}

// Compares one lakeml row object with one DuckDB row. `skipColumns`: names not compared.
export function compareRow(lakeRow, duckRow, names, types, skipColumns = new Set(), opts = {}) {
  if (!lakeRow?.obj) return 'lakeml row is not an object';
  if (lakeRow.obj.length !== names.length) {
    return `column count: lakeml ${lakeRow.obj.length}, duckdb ${names.length}`;
  }
  for (let c = 0; c < names.length; c++) {
    if (lakeRow.obj[c][0] !== names[c]) {
      return `column ${c}: lakeml names it ${show(lakeRow.obj[c][0])}, duckdb ${show(names[c])}`;
    }
    if (skipColumns.has(names[c])) continue;
    const d = compareValue(lakeRow.obj[c][1], duckRow[c], types[c], names[c], opts);
    if (d) return d;
  }
  return null;
}
