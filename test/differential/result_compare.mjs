// Compares one query's rows from lakeml (JSON Lines, parsed losslessly by duckdb_peer.mjs) with
// DuckDB's rows, by column position (names are aliased c0, c1, ... by the generator).
//
// Values are reduced to a canonical form first:
//   - NULL -> null;
//   - exact numbers (lakeml integers and decimal strings, DuckDB integers and decimals) ->
//     {exact: "normalized decimal text"}, compared exactly, so DECIMAL(10,2) 1.50 equals
//     DECIMAL(21,4) 1.5000 (the engines' decimal result types differ; the values may not);
//   - floating numbers -> {float: number}, compared with a relative tolerance (sums of doubles
//     depend on the order rows are added in), also against an exact number of the other side
//     (avg of a decimal is DECIMAL in Spark, DOUBLE in DuckDB);
//   - strings and booleans as they are.
// Rows are compared as multisets, or in order when the query's ORDER BY covers every column.

import { decimalText } from '../interop/duckdb_peer.mjs';

const REL_TOLERANCE = 1e-9;

function normalizeExact(text) {
  let s = String(text);
  let neg = false;
  if (s.startsWith('-')) {
    neg = true;
    s = s.slice(1);
  }
  let [int, frac = ''] = s.split('.');
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const out = frac ? `${int}.${frac}` : int;
  return neg && out !== '0' ? `-${out}` : out;
}

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

// lakeml JSON value -> canonical. Decimal columns arrive as strings; `numericColumn` says the
// peer's column is a number, so a numeric-looking string is a decimal, not text.
export function canonicalLakeml(v, numericColumn) {
  if (v === null) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (numericColumn && DECIMAL_TEXT.test(v)) {
      return { exact: normalizeExact(v), scale: v.includes('.') ? v.length - v.indexOf('.') - 1 : 0 };
    }
    if (numericColumn && ['NaN', 'Infinity', '-Infinity'].includes(v)) return { float: Number(v) };
    return v;
  }
  if (v && typeof v === 'object' && 'num' in v) {
    return /^-?\d+$/.test(v.num) ? { exact: normalizeExact(v.num) } : { float: Number(v.num) };
  }
  return { other: JSON.stringify(v) };
}

const DUCK_INTEGER_TYPES = new Set([2, 3, 4, 5, 6, 7, 8, 9, 16, 32]);

export function isNumericDuckType(type) {
  return DUCK_INTEGER_TYPES.has(type.typeId) || [10, 11, 19].includes(type.typeId);
}

// DuckDB value of `type` -> canonical.
export function canonicalDuck(v, type) {
  if (v === null || v === undefined) return null;
  const t = type.typeId;
  if (DUCK_INTEGER_TYPES.has(t)) return { exact: normalizeExact(BigInt(v).toString()) };
  if (t === 19) return { exact: normalizeExact(decimalText(v.value, v.scale)) };
  if (t === 10 || t === 11) return { float: v };
  if (t === 1 || t === 17) return v;
  return { other: String(v) };
}

function isNumberValue(c) {
  return c !== null && typeof c === 'object' && ('exact' in c || 'float' in c);
}

function asFloat(c) {
  return 'float' in c ? c.float : Number(c.exact);
}

export function valuesEqual(x, y) {
  if (x === null || y === null) return x === y;
  if (isNumberValue(x) && isNumberValue(y)) {
    if ('exact' in x && 'exact' in y) return x.exact === y.exact;
    // A lakeml DECIMAL against a DuckDB DOUBLE: equal when the double rounds to the decimal
    // (avg of a decimal is DECIMAL(p+4, s+4) in Spark, rounded half up).
    const dec = 'scale' in x ? x : 'scale' in y ? y : null;
    if (dec) {
      const f = asFloat(dec === x ? y : x);
      const unit = 10 ** -dec.scale;
      if (Math.abs(f - Number(dec.exact)) <= unit / 2 * (1 + 1e-9) + REL_TOLERANCE * Math.abs(f)) {
        return true;
      }
    }
    const a = asFloat(x);
    const b = asFloat(y);
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (a === b) return true;
    return Math.abs(a - b) <= REL_TOLERANCE * Math.max(Math.abs(a), Math.abs(b), 1e-300);
  }
  if (typeof x === 'object' && typeof y === 'object') return JSON.stringify(x) === JSON.stringify(y);
  return x === y;
}

// Sort key of a canonical value. In a column that holds a float on either side, numbers are
// rounded, so that values within the tolerance sort together; elsewhere keys are exact.
function sortKey(c, rounded) {
  if (c === null) return '0';
  if (typeof c === 'boolean') return `1${c}`;
  if (typeof c === 'string') return `3${c}`;
  if (isNumberValue(c)) {
    if (!rounded) return `2${c.exact}`;
    const f = asFloat(c);
    return `2${Number.isFinite(f) ? f.toPrecision(6) : String(f)}`;
  }
  return `4${JSON.stringify(c)}`;
}

function roundedColumns(...rowLists) {
  const rounded = [];
  for (const rows of rowLists) {
    for (const row of rows) {
      row.forEach((c, i) => {
        if (isNumberValue(c) && 'float' in c) rounded[i] = true;
      });
    }
  }
  return rounded;
}

export function showRow(row) {
  return '(' + row.map((c) => {
    if (c === null) return 'NULL';
    if (typeof c === 'string') return JSON.stringify(c);
    if (typeof c === 'boolean') return String(c);
    if ('exact' in c) return c.exact;
    if ('float' in c) return String(c.float);
    return c.other;
  }).join(', ') + ')';
}

// Returns null when the row lists match, else a description of the first difference.
export function compareRows(lakeRows, duckRows, ordered) {
  if (lakeRows.length !== duckRows.length) {
    return `row count: lakeml ${lakeRows.length}, duckdb ${duckRows.length}`;
  }
  const rounded = roundedColumns(lakeRows, duckRows);
  const rowKey = (row) => row.map((c, i) => sortKey(c, rounded[i])).join('\u0001');
  const sorted = (rows) => rows.map((r) => [rowKey(r), r]).sort((p, q) => cmp(p[0], q[0]))
    .map((p) => p[1]);
  const l = ordered ? lakeRows : sorted(lakeRows);
  const d = ordered ? duckRows : sorted(duckRows);
  for (let i = 0; i < l.length; i++) {
    if (l[i].length !== d[i].length) {
      return `column count: lakeml ${l[i].length}, duckdb ${d[i].length}`;
    }
    for (let c = 0; c < l[i].length; c++) {
      if (!valuesEqual(l[i][c], d[i][c])) {
        if (!ordered) return matchMultisets(l, d);
        return `row ${i}, column c${c}: lakeml ${showRow(l[i])}, duckdb ${showRow(d[i])}`;
      }
    }
  }
  return null;
}

function rowsEqual(p, q) {
  return p.length === q.length && p.every((v, c) => valuesEqual(v, q[c]));
}

// Multiset equality under the tolerance, when sorting by rounded keys did not line the rows up
// (floats near a rounding boundary): every lakeml row takes an equal, unused DuckDB row.
function matchMultisets(l, d) {
  const used = new Array(d.length).fill(false);
  for (const row of l) {
    const j = d.findIndex((other, k) => !used[k] && rowsEqual(row, other));
    if (j < 0) {
      const missing = d.find((_, k) => !used[k] && !l.some((r) => rowsEqual(r, d[k])));
      return `lakeml row ${showRow(row)} is not in DuckDB's result` +
        (missing ? `; DuckDB row ${showRow(missing)} is not in lakeml's` : '');
    }
    used[j] = true;
  }
  return null;
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
