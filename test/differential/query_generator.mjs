// Seeded generator of random tables and random queries in the subset of SQL where lakeml
// (Databricks SQL, ANSI mode) and DuckDB agree on semantics. README.md lists the differences
// the generator avoids on purpose (division by zero, overflow, NULL ordering, casts, ...).
//
// Queries are written once with placeholders and rendered per engine (renderQuery): `@t1`
// becomes DuckDB's table name or lakeml's parquet.`path`; `@SEMI`/`@ANTI` become DuckDB's
// SEMI/ANTI JOIN or Spark's LEFT SEMI/LEFT ANTI JOIN.

// Mulberry32: small, fast, and the same sequence for a seed on every platform.
export function makeRandom(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rnd = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
  };
  return rnd;
}

// Column types: int (INT), bigint, double, decimal (DECIMAL(10,2)), string, bool.
export const COLUMNS = [
  { name: 'id', type: 'int', sql: 'INTEGER' },  // unique, never NULL
  { name: 'k', type: 'int', sql: 'INTEGER' },   // join key 0..7
  { name: 'a', type: 'int', sql: 'INTEGER' },
  { name: 'b', type: 'bigint', sql: 'BIGINT' },
  { name: 'd', type: 'double', sql: 'DOUBLE' },
  { name: 'm', type: 'decimal', sql: 'DECIMAL(10,2)' },
  { name: 's', type: 'string', sql: 'VARCHAR' },
  { name: 'f', type: 'bool', sql: 'BOOLEAN' },
];

export const TABLES = [
  { name: 't1', rows: 120 },
  { name: 't2', rows: 80 },
  { name: 't3', rows: 25 },
  { name: 't0', rows: 0 },  // Empty: aggregates, joins and subqueries over no rows.
  // Over one 2048-row chunk: the outer table of single-table shapes only (outerTable()), so
  // that joins stay small.
  { name: 't4', rows: 5000 },
];

// Strings with LIKE metacharacters, case differences, spaces and the empty string; no
// backslashes (DuckDB has no default LIKE escape, Spark's is '\').
const STRINGS = ['', 'a', 'ab', 'abc', 'b', 'ba', 'Abc', 'x y', 'hello', 'a_b', 'a%c', 'zz', ' a ',
  'a longer string of over 16 bytes', 'a longer string of over 16 bytez'];

// Rows of one table as SQL literal tuples (shared by both engines through Parquet).
export function generateRows(rnd, rows) {
  const out = [];
  const maybeNull = (v) => (rnd.chance(0.15) ? 'NULL' : v);
  for (let id = 1; id <= rows; id++) {
    const cents = rnd.int(-9999999, 9999999);
    const centsText = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.` +
      String(Math.abs(cents) % 100).padStart(2, '0');
    out.push([
      String(id),
      maybeNull(String(rnd.int(0, 7))),
      maybeNull(String(rnd.int(-50, 50))),
      maybeNull(String(rnd.int(-1000000000, 1000000000))),
      // Eighths are exact in binary; thousandths are not (both engines read the same bits).
      maybeNull(rnd.chance(0.5) ? String(rnd.int(-800, 800) / 8) : String(rnd.int(-99999, 99999) / 1000)),
      maybeNull(centsText),
      maybeNull(`'${rnd.pick(STRINGS)}'`),
      maybeNull(rnd.chance(0.5) ? 'TRUE' : 'FALSE'),
    ]);
  }
  return out;
}

export function renderQuery(text, engine, tablePath) {
  return text
    .replace(/@SEMI/g, engine === 'duckdb' ? 'SEMI JOIN' : 'LEFT SEMI JOIN')
    .replace(/@ANTI/g, engine === 'duckdb' ? 'ANTI JOIN' : 'LEFT ANTI JOIN')
    .replace(/@(t\d)/g, (_, t) => (engine === 'duckdb' ? t : `parquet.\`${tablePath(t)}\``));
}

const NUMERIC = ['int', 'bigint', 'double', 'decimal'];

// Expressions over the columns of `scope` (a list of table aliases).
class ExpressionGenerator {
  constructor(rnd, scope) {
    this.rnd = rnd;
    this.scope = scope;
  }

  column(type) {
    const cols = COLUMNS.filter((c) => c.type === type);
    return `${this.rnd.pick(this.scope)}.${this.rnd.pick(cols).name}`;
  }

  gen(type, depth = 2) {
    const r = this.rnd;
    if (depth <= 0 || r.chance(0.35)) return this.leaf(type);
    const g = (t) => this.gen(t, depth - 1);
    switch (type) {
      case 'int':
        return r.pick([
          () => `(${g('int')} + ${g('int')})`,
          () => `(${g('int')} - ${g('int')})`,
          () => `(${g('int')} * ${r.int(-9, 9)})`,
          () => `(${g('int')} % ${r.pick([2, 3, 5, -4])})`,
          () => `abs(${g('int')})`,
          () => `(- ${g('int')})`,
          () => `length(${g('string')})`,
          () => `instr(${g('string')}, '${r.pick(['a', 'b', 'c', ' '])}')`,
          () => `CASE WHEN ${g('bool')} THEN ${g('int')} ELSE ${g('int')} END`,
          () => `coalesce(${g('int')}, ${g('int')})`,
          () => `greatest(${g('int')}, ${g('int')})`,
          () => `least(${g('int')}, ${g('int')})`,
          () => `nullif(${g('int')}, ${r.int(-3, 3)})`,
        ])();
      case 'bigint':
        return r.pick([
          () => `(${g('bigint')} + ${g('int')})`,
          () => `(${g('bigint')} - ${g('bigint')})`,
          () => `(${g('int')} * ${this.column('bigint')})`,
          () => `abs(${g('bigint')})`,
          () => `coalesce(${g('bigint')}, ${g('int')})`,
          () => `CASE WHEN ${g('bool')} THEN ${g('bigint')} END`,
        ])();
      case 'double':
        return r.pick([
          () => `(${g('double')} + ${g('double')})`,
          () => `(${g('double')} - ${g('int')})`,
          () => `(${g('double')} * ${r.pick(['1.5', '-2', '0.25'])})`,
          () => `(${g('double')} / ${r.pick(['4', '-8', '0.5'])})`,
          () => `(${g('int')} / ${r.pick(['2', '3', '-7'])})`,
          () => `abs(${g('double')})`,
          () => `CAST(${g('int')} AS DOUBLE)`,
          () => `coalesce(${g('double')}, ${g('double')})`,
          () => `CASE WHEN ${g('bool')} THEN ${g('double')} ELSE ${g('double')} END`,
        ])();
      case 'decimal':
        return r.pick([
          () => `(${g('decimal')} + ${g('decimal')})`,
          () => `(${g('decimal')} - ${g('int')})`,
          () => `(${this.column('decimal')} * ${r.pick(['3', '-2', '1.5'])})`,
          () => `(${this.column('decimal')} * ${this.column('decimal')})`,
          () => `abs(${g('decimal')})`,
          () => `round(${g('decimal')}, ${r.int(0, 1)})`,
          () => `CAST(${g('int')} AS DECIMAL(12,2))`,
          () => `coalesce(${g('decimal')}, 0.00)`,
        ])();
      case 'string':
        return r.pick([
          () => `upper(${g('string')})`,
          () => `lower(${g('string')})`,
          () => `(${g('string')} || ${g('string')})`,
          () => `substring(${g('string')}, ${r.int(1, 3)}, ${r.int(0, 3)})`,
          () => `trim(${g('string')})`,
          () => `replace(${g('string')}, 'a', 'xy')`,
          () => `reverse(${g('string')})`,
          () => `left(${g('string')}, ${r.int(0, 3)})`,
          () => `${r.pick(['lpad', 'rpad'])}(${g('string')}, ${r.int(0, 6)}, '${r.pick(['*', 'ab'])}')`,
          () => `concat_ws('${r.pick(['-', ''])}', ${g('string')}, ${g('string')})`,
          () => `repeat(${g('string')}, ${r.int(0, 3)})`,
          () => `${r.pick(['ltrim', 'rtrim'])}(${g('string')})`,
          () => `CASE ${this.column('int')} WHEN ${r.int(-3, 3)} THEN ${g('string')} WHEN ${r.int(0, 7)} THEN 'k' END`,
          () => `CAST(${g('int')} AS STRING)`,
          () => `coalesce(${g('string')}, '${r.pick(STRINGS)}')`,
          () => `CASE WHEN ${g('bool')} THEN ${g('string')} ELSE ${g('string')} END`,
        ])();
      case 'bool':
        return r.pick([
          () => this.comparison(depth - 1),
          () => this.comparison(depth - 1),
          () => `(${g('bool')} AND ${g('bool')})`,
          () => `(${g('bool')} OR ${g('bool')})`,
          () => `(NOT ${g('bool')})`,
          () => `(${g(this.anyType())} IS ${r.chance(0.5) ? 'NOT ' : ''}NULL)`,
          () => `(${g('int')} ${r.chance(0.3) ? 'NOT ' : ''}BETWEEN ${r.int(-20, 0)} AND ${r.int(0, 20)})`,
          () => `(${g('int')} ${r.chance(0.3) ? 'NOT ' : ''}IN (${this.intList()}))`,
          () => `(${g('string')} ${r.chance(0.3) ? 'NOT ' : ''}IN ('a', 'ab', 'zz'${r.chance(0.2) ? ', NULL' : ''}))`,
          () => `(${g('string')} ${r.chance(0.2) ? 'NOT ' : ''}LIKE '${r.pick(['a%', '%b%', '_b%', '%', 'a_', '%c', 'A%', 'a_b'])}')`,
          () => `(${g('int')} IS ${r.chance(0.5) ? 'NOT ' : ''}DISTINCT FROM ${g('int')})`,
        ])();
      default:
        throw new Error(`no expressions of type ${type}`);
    }
  }

  intList() {
    const n = this.rnd.int(1, 4);
    const items = [];
    for (let i = 0; i < n; i++) items.push(String(this.rnd.int(-10, 10)));
    if (this.rnd.chance(0.2)) items.push('NULL');
    return items.join(', ');
  }

  anyType() {
    return this.rnd.pick(['int', 'bigint', 'double', 'decimal', 'string', 'bool']);
  }

  comparison(depth) {
    const r = this.rnd;
    const op = r.pick(['=', '<>', '<', '<=', '>', '>=']);
    if (r.chance(0.3)) return `(${this.gen('string', depth)} ${op} ${this.gen('string', depth)})`;
    const lt = r.pick(NUMERIC);
    const rt = r.chance(0.5) ? lt : r.pick(NUMERIC);
    return `(${this.gen(lt, depth)} ${op} ${this.gen(rt, depth)})`;
  }

  leaf(type) {
    const r = this.rnd;
    if (r.chance(0.7)) {
      if (type === 'bool') return r.chance(0.5) ? this.column('bool') : this.comparison(0);
      return this.column(type);
    }
    switch (type) {
      case 'int': return String(r.int(-10, 10));
      case 'bigint': return this.column('bigint');
      case 'double': return r.pick(['0.5', '-1.25', '3.0', '10.0']);  // Decimal literals.
      case 'decimal': return r.pick(['1.50', '-2.25', '100.00']);
      case 'string': return `'${r.pick(STRINGS)}'`;
      case 'bool': return r.pick(['TRUE', 'FALSE']);
    }
    throw new Error(`no leaf of type ${type}`);
  }
}

// One random query: {text, ordered}. `ordered` means ORDER BY covers every output column, so
// the rows must come back in the same order.
export class QueryGenerator {
  // `unsupported`: also generate what lakeml does not support yet (README.md lists it), to
  // see how far it has come; without it every query should run.
  constructor(rnd, { unsupported = false } = {}) {
    this.rnd = rnd;
    this.unsupported = unsupported;
  }

  // Picks among `supported` choices, plus `unsupported` ones when asked for.
  choose(supported, unsupported) {
    return this.rnd.pick(this.unsupported ? [...supported, ...unsupported] : supported)();
  }

  next() {
    const r = this.rnd;
    return r.pick([
      () => this.projection(),
      () => this.projection(),
      () => this.aggregate(),
      () => this.aggregate(),
      () => this.join(),
      () => this.join(),
      () => this.semiAnti(),
      () => this.setOperation(),
      () => this.orderedLimit(),
      () => this.orderedLimit(),
      () => this.subqueryFilter(),
      () => this.scalarSubquery(),
      () => this.window(),
      () => this.cteAggregate(),
      () => this.joinAggregate(),
      () => this.derivedTable(),
      () => this.rollup(),
      () => this.qualify(),
      () => this.threeWayJoin(),
      () => this.orderedAggregate(),
    ])();
  }

  table() {
    return this.rnd.chance(0.06) ? 't0' : this.rnd.pick(['t1', 't2', 't3']);
  }

  // The table of a single-table query (or the outer one of a subquery), sometimes the big one.
  outerTable() {
    return this.rnd.chance(0.2) ? 't4' : this.table();
  }

  selectList(exprs) {
    return exprs.map((e, i) => `${e} AS c${i}`).join(', ');
  }

  exprs(g, n, types = null) {
    const out = [];
    for (let i = 0; i < n; i++) out.push(g.gen(types ? this.rnd.pick(types) : g.anyType()));
    return out;
  }

  where(g) {
    return this.rnd.chance(0.7) ? ` WHERE ${g.gen('bool', 3)}` : '';
  }

  projection() {
    const r = this.rnd;
    const g = new ExpressionGenerator(r, ['x']);
    const distinct = r.chance(0.25) ? 'DISTINCT ' : '';
    const exprs = this.exprs(g, r.int(1, 4));
    if (r.chance(0.2)) {
      // Decimal division: Spark's DECIMAL is rounded half up at its scale, DuckDB's DOUBLE is
      // not, so only as an output column (result_compare rounds the double), never inside an
      // aggregate or a comparison where the rounding would change what follows.
      exprs.push(r.pick([`(x.m / ${r.pick(['3', '4', '-7', '2.5'])})`,
        `(x.a / ${r.pick(['2.5', '0.3'])})`]));
    }
    const list = this.selectList(exprs);
    return { text: `SELECT ${distinct}${list} FROM @${this.outerTable()} x${this.where(g)}`, ordered: false };
  }

  aggregateCall(g) {
    const r = this.rnd;
    return this.choose([
      () => 'count(*)',
      () => `count(${g.gen(g.anyType(), 1)})`,
      () => `count(DISTINCT ${g.gen(r.pick(['int', 'string']), 1)})`,
      () => `sum(${g.gen(r.pick(NUMERIC), 1)})`,
      () => `min(${g.gen(g.anyType(), 1)})`,
      () => `max(${g.gen(g.anyType(), 1)})`,
      () => `avg(${g.gen(r.pick(NUMERIC), 1)})`,
      () => `sum(DISTINCT ${g.gen(r.pick(['int', 'decimal']), 1)})`,
      () => `${r.pick(['bool_and', 'bool_or'])}(${g.gen('bool', 1)})`,
    ], [
      () => `count(*) FILTER (WHERE ${g.gen('bool', 1)})`,
      () => `sum(${g.gen(r.pick(['int', 'decimal']), 1)}) FILTER (WHERE ${g.gen('bool', 1)})`,
    ]);
  }

  aggregate() {
    const r = this.rnd;
    const g = new ExpressionGenerator(r, ['x']);
    const keys = [];
    const nkeys = r.int(0, 2);
    for (let i = 0; i < nkeys; i++) {
      // Doubles too: -0.0 and 0.0 must fall in one group.
      let key = g.gen(r.pick(['int', 'string', 'double']), 1);
      // A constant key is an ordinal in Spark and an error or a constant elsewhere.
      if (r.chance(0.6) || !key.includes('x.')) {
        key = g.column(r.pick(['int', 'string', 'bool', 'decimal']));
      }
      keys.push(key);
    }
    const aggs = [];
    for (let i = r.int(1, 3); i > 0; i--) aggs.push(this.aggregateCall(g));
    let text = `SELECT ${this.selectList([...keys, ...aggs])} FROM @${this.outerTable()} x${this.where(g)}`;
    if (keys.length > 0) text += ` GROUP BY ${keys.join(', ')}`;
    if (keys.length > 0 && r.chance(0.4)) {
      text += ` HAVING ${r.pick(['count(*) > 1', `sum(x.a) > ${r.int(-20, 20)}`,
        `min(x.s) < 'b'`, `max(x.d) > 0`])}`;
    }
    return { text, ordered: false };
  }

  join() {
    const r = this.rnd;
    const kind = r.pick(['JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL OUTER JOIN']);
    const g = new ExpressionGenerator(r, ['x', 'y']);
    let on = r.pick(['x.k = y.k', 'x.a = y.a', 'x.s = y.s', 'x.k = y.k AND x.f = y.f',
      'x.d * 0 = y.d * 0 AND x.k = y.k', 'x.m = y.m + 0.00 OR x.k = y.a']);
    let right = this.table();
    if (r.chance(0.3)) {
      // Non-equi: only against the small table, to bound the output.
      right = 't3';
      on = r.pick(['x.a < y.a', 'x.k = y.k AND x.a > y.a', 'x.d BETWEEN y.d - 10 AND y.d + 10',
        'x.s LIKE y.s']);
    } else if (r.chance(0.4)) {
      on += ` AND ${g.gen('bool', 1)}`;
    }
    const list = this.selectList(this.exprs(g, r.int(1, 4)));
    const where = r.chance(0.5) ? ` WHERE ${g.gen('bool', 2)}` : '';
    return {
      text: `SELECT ${list} FROM @${this.table()} x ${kind} @${right} y ON ${on}${where}`,
      ordered: false,
    };
  }

  semiAnti() {
    const r = this.rnd;
    const g = new ExpressionGenerator(r, ['x']);
    const gy = new ExpressionGenerator(r, ['x', 'y']);
    const on = r.pick(['x.k = y.k', 'x.a = y.a', 'x.s = y.s', 'x.a < y.a']) +
      (r.chance(0.4) ? ` AND ${gy.gen('bool', 1)}` : '');
    const list = this.selectList(this.exprs(g, r.int(1, 3)));
    return {
      text: `SELECT ${list} FROM @${this.outerTable()} x ${r.pick(['@SEMI', '@ANTI'])} @${this.table()} y ON ${on}`,
      ordered: false,
    };
  }

  setOperation() {
    const r = this.rnd;
    const op = r.pick(['UNION', 'UNION ALL', 'EXCEPT', 'INTERSECT', 'EXCEPT ALL', 'INTERSECT ALL']);
    const n = r.int(1, 2);
    const types = [];
    for (let i = 0; i < n; i++) types.push(r.pick(['int', 'string', 'bool', 'decimal']));
    const side = () => {
      const g = new ExpressionGenerator(r, ['x']);
      const list = this.selectList(types.map((t) => g.gen(t, 1)));
      return `SELECT ${list} FROM @${this.table()} x${this.where(g)}`;
    };
    if (r.chance(0.3)) {
      const op2 = r.pick(['UNION', 'EXCEPT', 'INTERSECT', 'UNION ALL']);
      return { text: `(${side()} ${op} ${side()}) ${op2} ${side()}`, ordered: false };
    }
    return { text: `${side()} ${op} ${side()}`, ordered: false };
  }

  orderedLimit() {
    const r = this.rnd;
    const g = new ExpressionGenerator(r, ['x']);
    const exprs = this.exprs(g, r.int(1, 3), ['int', 'string', 'bigint', 'decimal', 'bool']);
    const order = exprs.map((_, i) =>
      `c${i} ${r.pick(['ASC', 'DESC'])} NULLS ${r.pick(['FIRST', 'LAST'])}`).join(', ');
    const limit = r.int(1, 30);
    const offset = r.chance(0.3) ? ` OFFSET ${r.int(1, 10)}` : '';
    return {
      text: `SELECT ${this.selectList(exprs)} FROM @${this.outerTable()} x${this.where(g)} ` +
        `ORDER BY ${order} LIMIT ${limit}${offset}`,
      ordered: true,
    };
  }

  subqueryFilter() {
    const r = this.rnd;
    const g = new ExpressionGenerator(r, ['x']);
    const gy = new ExpressionGenerator(r, ['y']);
    const inner = `@${this.table()} y`;
    const pred = this.choose([
      () => `x.a ${r.chance(0.4) ? 'NOT ' : ''}IN (SELECT y.a FROM ${inner} WHERE ${gy.gen('bool', 1)})`,
      () => `x.s IN (SELECT y.s FROM ${inner} WHERE y.k = x.k)`,
      () => `${r.chance(0.4) ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ${inner} WHERE y.k = x.k AND ${gy.gen('bool', 1)})`,
      () => `x.a > (SELECT avg(y.a) FROM ${inner})`,
      () => `x.b >= (SELECT min(y.b) FROM ${inner} WHERE y.k = x.k)`,
      () => `EXISTS (SELECT 1 FROM ${inner} WHERE y.a > x.a)`,
      () => `x.k IN (SELECT y.k FROM ${inner} WHERE y.s = x.s AND y.id IN (SELECT z.id FROM @t3 z WHERE z.a > y.a))`,
    ], [
      // IN/EXISTS under OR; a non-equality correlation in a scalar subquery; a reference two
      // levels out.
      () => `(${g.gen('bool', 1)} OR EXISTS (SELECT 1 FROM ${inner} WHERE y.k = x.k AND y.a > x.a))`,
      () => `(${g.gen('bool', 1)} OR x.a ${r.chance(0.5) ? 'NOT ' : ''}IN (SELECT y.a FROM ${inner} WHERE y.f))`,
      () => `x.a < (SELECT count(*) FROM ${inner} WHERE y.a < x.a)`,
      () => `NOT EXISTS (SELECT 1 FROM ${inner} WHERE y.k = x.k AND NOT EXISTS (SELECT 1 FROM @t3 z WHERE z.k = y.k AND z.a = x.a))`,
    ]);
    const list = this.selectList(this.exprs(g, r.int(1, 3)));
    return { text: `SELECT ${list} FROM @${this.outerTable()} x WHERE ${pred}`, ordered: false };
  }

  scalarSubquery() {
    const r = this.rnd;
    const g = new ExpressionGenerator(r, ['x']);
    const inner = `@${this.table()} y`;
    const sub = this.choose([
      () => `(SELECT count(*) FROM ${inner} WHERE y.k = x.k)`,
      () => `(SELECT max(y.s) FROM ${inner} WHERE y.a = x.a)`,
      () => `(SELECT sum(y.m) FROM ${inner} WHERE y.k = x.k AND y.f)`,
      () => `(SELECT min(y.d) FROM ${inner})`,
      () => `CASE WHEN x.f THEN (SELECT max(y.a) FROM ${inner} WHERE y.k = x.k) ELSE -1 END`,
    ], [
      // IN and EXISTS as values in the SELECT list; a non-equality correlation.
      () => `x.a ${r.chance(0.5) ? 'NOT ' : ''}IN (SELECT y.a FROM ${inner} WHERE y.k = x.k)`,
      () => `x.a ${r.chance(0.5) ? 'NOT ' : ''}IN (SELECT y.a FROM ${inner})`,
      () => `EXISTS (SELECT 1 FROM ${inner} WHERE y.s = x.s)`,
      () => `(SELECT count(*) FROM ${inner} WHERE y.a < x.a)`,
    ]);
    const list = this.selectList([...this.exprs(g, r.int(0, 2)), sub]);
    return { text: `SELECT ${list} FROM @${this.outerTable()} x${this.where(g)}`, ordered: false };
  }

  window() {
    const r = this.rnd;
    const part = r.pick(['x.k', 'x.f', 'x.s', 'x.a % 3']);
    const fns = [];
    for (let i = r.int(1, 3); i > 0; i--) {
      fns.push(r.pick([
        `row_number() OVER (PARTITION BY ${part} ORDER BY x.id)`,
        `rank() OVER (PARTITION BY ${part} ORDER BY x.a ${r.pick(['ASC', 'DESC'])} NULLS ${r.pick(['FIRST', 'LAST'])})`,
        `dense_rank() OVER (PARTITION BY ${part} ORDER BY x.s ASC NULLS FIRST)`,
        `sum(x.${r.pick(['a', 'b', 'm'])}) OVER (PARTITION BY ${part})`,
        `sum(x.a) OVER (PARTITION BY ${part} ORDER BY x.id)`,
        `count(x.s) OVER (PARTITION BY ${part} ORDER BY x.k ASC NULLS LAST)`,
        `max(x.m) OVER (PARTITION BY ${part})`,
        `count(*) OVER ()`,
        `${r.pick(['lag', 'lead'])}(x.${r.pick(['a', 's', 'm'])}${r.pick(['', ', 2'])}) OVER (PARTITION BY ${part} ORDER BY x.id)`,
        `ntile(3) OVER (PARTITION BY ${part} ORDER BY x.id)`,
        `${r.pick(['percent_rank', 'cume_dist'])}() OVER (PARTITION BY ${part} ORDER BY x.a ASC NULLS FIRST)`,
        `sum(x.${r.pick(['a', 'm', 'd'])}) OVER (PARTITION BY ${part} ORDER BY x.id ROWS BETWEEN ${r.int(0, 2)} PRECEDING AND ${r.pick(['CURRENT ROW', '1 FOLLOWING', 'UNBOUNDED FOLLOWING'])})`,
        `min(x.s) OVER (PARTITION BY ${part} ORDER BY x.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`,
        `first_value(x.b) OVER (PARTITION BY ${part} ORDER BY x.id)`,
        `avg(x.a) OVER (PARTITION BY ${part})`,
        `sum(x.b) OVER (PARTITION BY ${part} ORDER BY x.a ${r.pick(['ASC NULLS FIRST', 'DESC NULLS LAST'])} RANGE BETWEEN ${r.int(0, 5)} PRECEDING AND ${r.int(0, 5)} FOLLOWING)`,
        `count(*) OVER (ORDER BY x.k ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING)`,
        `last_value(x.s) OVER (PARTITION BY ${part} ORDER BY x.id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`,
        `nth_value(x.a, 2) OVER (PARTITION BY ${part} ORDER BY x.id)`,
      ]));
    }
    const g = new ExpressionGenerator(r, ['x']);
    const list = this.selectList(['x.id', ...fns]);
    return { text: `SELECT ${list} FROM @${this.outerTable()} x${this.where(g)}`, ordered: false };
  }

  cteAggregate() {
    const r = this.rnd;
    const g = new ExpressionGenerator(r, ['x']);
    const agg = `SELECT x.k AS k, count(*) AS n, sum(x.a) AS total FROM @${this.table()} x` +
      `${this.where(g)} GROUP BY x.k`;
    const gy = new ExpressionGenerator(r, ['y']);
    const list = this.selectList(['c.k', 'c.n', 'c.total', ...this.exprs(gy, r.int(0, 2))]);
    const join = r.pick(['JOIN', 'LEFT JOIN']);
    return {
      text: `WITH c AS (${agg}) SELECT ${list} FROM c ${join} @${this.table()} y ON c.k = y.k` +
        (r.chance(0.5) ? ' WHERE c.n > 2' : ''),
      ordered: false,
    };
  }
  joinAggregate() {
    const r = this.rnd;
    const g = new ExpressionGenerator(r, ['x', 'y']);
    const key = r.pick(['x.k', 'y.s', 'x.f', 'y.k']);
    const aggs = [];
    for (let i = r.int(1, 3); i > 0; i--) aggs.push(this.aggregateCall(g));
    const kind = r.pick(['JOIN', 'LEFT JOIN', 'FULL OUTER JOIN']);
    const on = r.pick(['x.k = y.k', 'x.a = y.a', 'x.s = y.s']);
    return {
      text: `SELECT ${this.selectList([key, ...aggs])} FROM @${this.table()} x ${kind} ` +
        `@${this.table()} y ON ${on}${this.where(g)} GROUP BY ${key}`,
      ordered: false,
    };
  }

  derivedTable() {
    const r = this.rnd;
    const g = new ExpressionGenerator(r, ['x']);
    const inner = `SELECT x.k AS k, x.s AS s, ${g.gen('int', 2)} AS v, ${g.gen('decimal', 1)} AS w ` +
      `FROM @${this.table()} x${this.where(g)}`;
    const outer = r.pick([
      `SELECT q.k AS c0, count(*) AS c1, sum(q.v) AS c2, max(q.w) AS c3 FROM (${inner}) q GROUP BY q.k`,
      `SELECT q.s AS c0, q.v AS c1 FROM (${inner}) q WHERE q.v > ${r.int(-10, 10)}`,
      `SELECT DISTINCT q.k AS c0, q.v % 4 AS c1 FROM (${inner}) q`,
      `SELECT q.k AS c0, q.w AS c1 FROM (${inner}) q JOIN @${this.table()} y ON q.k = y.k AND q.s = y.s`,
    ]);
    return { text: outer, ordered: false };
  }

  rollup() {
    const r = this.rnd;
    const cols = r.pick([['x.k', 'x.f'], ['x.s', 'x.k'], ['x.f', 'x.s'], ['x.k']]);
    const how = r.pick(['ROLLUP', 'CUBE']);
    const list = this.selectList([...cols, 'count(*)', `sum(x.${r.pick(['a', 'm', 'b'])})`,
      `grouping(${cols[0]})`]);
    const g = new ExpressionGenerator(r, ['x']);
    return {
      // HAVING: Spark returns no row for the empty grouping set of an empty input (the grouping
      // id is a key), DuckDB one; this drops DuckDB's and changes nothing else.
      text: `SELECT ${list} FROM @${this.outerTable()} x${this.where(g)} GROUP BY ${how} ` +
        `(${cols.join(', ')}) HAVING count(*) > 0`,
      ordered: false,
    };
  }

  qualify() {
    const r = this.rnd;
    const part = r.pick(['x.k', 'x.s', 'x.f']);
    const g = new ExpressionGenerator(r, ['x']);
    const list = this.selectList(['x.id', ...this.exprs(g, r.int(1, 2))]);
    const q = r.pick([
      `row_number() OVER (PARTITION BY ${part} ORDER BY x.id DESC) <= ${r.int(1, 3)}`,
      `rank() OVER (PARTITION BY ${part} ORDER BY x.a ASC NULLS LAST) = 1`,
      `sum(x.a) OVER (PARTITION BY ${part}) > ${r.int(-20, 40)}`,
    ]);
    return { text: `SELECT ${list} FROM @${this.outerTable()} x${this.where(g)} QUALIFY ${q}`, ordered: false };
  }

  threeWayJoin() {
    const r = this.rnd;
    const g = new ExpressionGenerator(r, ['x', 'y', 'z']);
    const list = this.selectList(this.exprs(g, r.int(1, 3)));
    const k2 = r.pick(['JOIN', 'LEFT JOIN']);
    return {
      text: `SELECT ${list} FROM @${this.table()} x JOIN @${this.table()} y ON x.k = y.k ` +
        `${k2} @t3 z ON y.a = z.a AND ${r.pick(['x.s = z.s', 'x.f = z.f', 'x.k = z.k'])}` +
        `${r.chance(0.6) ? ` WHERE ${g.gen('bool', 2)}` : ''}`,
      ordered: false,
    };
  }

  orderedAggregate() {
    const r = this.rnd;
    const g = new ExpressionGenerator(r, ['x']);
    const key = g.column(r.pick(['int', 'string', 'bool']));
    const agg = r.pick(['count(*)', 'sum(x.a)', 'max(x.s)', 'min(x.m)', 'count(DISTINCT x.k)']);
    const order = ['c0', 'c1'].map((c) =>
      `${c} ${r.pick(['ASC', 'DESC'])} NULLS ${r.pick(['FIRST', 'LAST'])}`);
    if (r.chance(0.5)) order.reverse();
    return {
      text: `SELECT ${key} AS c0, ${agg} AS c1 FROM @${this.outerTable()} x${this.where(g)} ` +
        `GROUP BY ${key} ORDER BY ${order.join(', ')} LIMIT ${r.int(1, 6)}`,
      ordered: true,
    };
  }
}
