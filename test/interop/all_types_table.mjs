// The `all_types` DuckDB table used by the interop tests: one column per type DuckDB can write
// to Parquet (the corpus lacks most of TIMESTAMP ms/us/ns +-tz, TIME, UUID, INTERVAL, JSON,
// DECIMAL(38), ENUM, DATE and deep nesting), 2500 deterministic rows with nulls, edge values in
// the first rows (integer extremes, NaN, +-Infinity, -0.0, empty strings and lists, far dates).

export const ALL_TYPES_ROWS = 2500;

// Signed pseudo-random BIGINT from row i and a salt (hash() is deterministic in one DuckDB build).
const h = (salt) => `(hash(i * 7919 + ${salt}) % 2000000000000)::BIGINT - 1000000000000`;
// NULL on every n-th row (offset by salt), else `expr`.
const nul = (n, salt, expr) => `CASE WHEN (i + ${salt}) % ${n} = 0 THEN NULL ELSE ${expr} END`;

// [SQL expression, column name]; `nul(n, salt, expr)` makes every n-th row null.
const COLUMNS = [
  ['i::INTEGER', 'id'],
  [nul(11, 3, 'i % 3 = 0'), 'b'],
  [nul(13, 1, `CASE i WHEN 0 THEN -128 WHEN 1 THEN 127
      ELSE (i * 7) % 256 - 128 END::TINYINT`), 'i8'],
  [nul(13, 2, `CASE i WHEN 0 THEN -32768 WHEN 1 THEN 32767
      ELSE (i * 37) % 65536 - 32768 END::SMALLINT`), 'i16'],
  [nul(13, 3, `CASE i WHEN 0 THEN -2147483648 WHEN 1 THEN 2147483647
      ELSE (${h(1)}) % 2147483647 END::INTEGER`), 'i32'],
  [nul(13, 4, `CASE i WHEN 0 THEN -9223372036854775808 WHEN 1 THEN 9223372036854775807
      ELSE (${h(2)}) * 9000 END::BIGINT`), 'i64'],
  [nul(13, 5, `CASE i WHEN 0 THEN 0 WHEN 1 THEN 255 ELSE i % 256 END::UTINYINT`), 'u8'],
  [nul(13, 6, `CASE i WHEN 0 THEN 0 WHEN 1 THEN 65535
      ELSE (i * 31) % 65536 END::USMALLINT`), 'u16'],
  [nul(13, 7, `CASE i WHEN 0 THEN 0 WHEN 1 THEN 4294967295
      ELSE hash(i) % 4294967296 END::UINTEGER`), 'u32'],
  [nul(13, 8, `CASE i WHEN 0 THEN 0 WHEN 1 THEN 18446744073709551615
      ELSE hash(i + 5) END::UBIGINT`), 'u64'],
  [nul(17, 1, `CASE i WHEN 0 THEN 'NaN'::FLOAT WHEN 1 THEN 'Infinity'::FLOAT
      WHEN 2 THEN '-Infinity'::FLOAT WHEN 3 THEN -0.0::FLOAT WHEN 4 THEN 1.4e-45::FLOAT
      WHEN 5 THEN 3.4028235e38::FLOAT
      ELSE ((${h(3)}) % 100000000)::FLOAT / 7.3::FLOAT END`), 'f32'],
  [nul(17, 2, `CASE i WHEN 0 THEN 'NaN'::DOUBLE WHEN 1 THEN 'Infinity'::DOUBLE
      WHEN 2 THEN '-Infinity'::DOUBLE WHEN 3 THEN -0.0::DOUBLE WHEN 4 THEN 5e-324::DOUBLE
      WHEN 5 THEN 1.7976931348623157e308::DOUBLE
      ELSE (${h(4)})::DOUBLE / 3.1 END`), 'f64'],
  [`${nul(7, 1, '((((i * 37) % 19999) - 9999) / 100.0)')}::DECIMAL(4,2)`, 'dec_4_2'],
  [`${nul(7, 2, `(((${h(5)}) % 999999)::VARCHAR || '.'
      || lpad((i % 1000)::VARCHAR, 3, '0'))`)}::DECIMAL(9,3)`, 'dec_9_3'],
  [`${nul(7, 3, `((${h(6)})::VARCHAR || '.'
      || lpad((hash(i) % 1000000)::VARCHAR, 6, '0'))`)}::DECIMAL(18,6)`, 'dec_18_6'],
  [`${nul(7, 4, `CASE i WHEN 0 THEN '9999999999999999999999999999.9999999999'
      WHEN 1 THEN '-9999999999999999999999999999.9999999999' WHEN 2 THEN '0.0000000001'
      ELSE (CASE WHEN i % 2 = 0 THEN '-' ELSE '' END)
        || (hash(i) % 100000000000000000)::VARCHAR || (hash(i + 1) % 100000000000)::VARCHAR
        || '.' || lpad((hash(i + 2) % 10000000000)::VARCHAR, 10, '0')
      END`)}::DECIMAL(38,10)`, 'dec_38_10'],
  [nul(9, 1, `CASE i WHEN 0 THEN '' WHEN 1 THEN 'quote"s, commas' WHEN 2 THEN 'back\\slash'
      WHEN 3 THEN 'new' || chr(10) || 'line' || chr(13) WHEN 4 THEN 'héllo wörld 🚀 中文'
      WHEN 5 THEN 'ctl' || chr(1) || chr(31) WHEN 6 THEN repeat('long', 2000)
      ELSE 'str_' || (hash(i) % 1000)::VARCHAR END`), 's'],
  [nul(9, 2, `CASE i WHEN 0 THEN ''::BLOB WHEN 1 THEN '\\x00\\xFF\\x80'::BLOB
      ELSE unhex(printf('%016x', hash(i))) END`), 'bin'],
  [nul(9, 3, `CASE i WHEN 0 THEN DATE '0001-01-01' WHEN 1 THEN DATE '9999-12-31'
      WHEN 2 THEN DATE '1969-12-31' WHEN 3 THEN DATE '1970-01-01' WHEN 4 THEN DATE '2000-02-29'
      ELSE DATE '1900-01-01' + (hash(i) % 100000)::INTEGER END`), 'dt'],
  [nul(9, 4, `CASE i WHEN 0 THEN TIME '00:00:00' WHEN 1 THEN TIME '23:59:59.999999'
      ELSE TIME '00:00:00' + to_microseconds((hash(i) % 86400000000)::BIGINT) END`), 'tm'],
  [nul(9, 5, `CASE i WHEN 0 THEN TIMESTAMP '0001-01-01 00:00:00'
      WHEN 1 THEN TIMESTAMP '9999-12-31 23:59:59.999999'
      WHEN 2 THEN TIMESTAMP '1969-12-31 23:59:59.999999' WHEN 3 THEN TIMESTAMP '1970-01-01'
      ELSE TIMESTAMP '1970-01-01' + to_microseconds((${h(7)}) * 1000) END`), 'ts'],
  [nul(9, 6, `(TIMESTAMP '1970-01-01'
      + to_microseconds((${h(8)}) * 1000))::TIMESTAMP_MS`), 'ts_ms'],
  [nul(9, 7, `make_timestamp_ns(CASE i WHEN 0 THEN -1 WHEN 1 THEN 1
      ELSE (${h(9)}) * 1000 + i % 1000 END)`), 'ts_ns'],
  [nul(9, 8, `(TIMESTAMP '1970-01-01'
      + to_seconds((${h(10)}) % 10000000000))::TIMESTAMP_S`), 'ts_s'],
  [nul(9, 0, `CASE i WHEN 2 THEN TIMESTAMPTZ '1969-12-31 23:59:59.999999+00'
      ELSE (TIMESTAMP '1970-01-01' + to_microseconds((${h(11)}) * 1000))::TIMESTAMPTZ END`),
  'tstz'],
  [nul(10, 1, `CASE i WHEN 0 THEN '00000000-0000-0000-0000-000000000000'::UUID
      WHEN 1 THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID
      ELSE md5(i::VARCHAR)::UUID END`), 'uid'],
  // Parquet INTERVAL: non-negative months, days and milliseconds only.
  [nul(10, 2, `CASE i WHEN 0 THEN INTERVAL 0 SECOND
      ELSE to_months(i % 30) + to_days(i % 40)
        + to_milliseconds((hash(i) % 100000000)::BIGINT) END`), 'iv'],
  [`${nul(10, 3, `json_object('k', i, 's', 'x' || i::VARCHAR, 'a', [i, i + 1])`)}::JSON`, 'js'],
  [nul(10, 4, `(['sad', 'ok', 'happy'])[1 + i % 3]::mood`), 'en'],
  [nul(8, 1, `CASE i % 5 WHEN 0 THEN []::INTEGER[] WHEN 1 THEN [NULL]::INTEGER[]
      ELSE list_transform(range(i % 7),
        x -> CASE WHEN x = 3 THEN NULL ELSE (x * i)::INTEGER END) END`), 'l_int'],
  [nul(8, 2, `list_transform(range(i % 4),
      x -> CASE WHEN x = 2 THEN NULL ELSE 'e' || (x + i)::VARCHAR END)`), 'l_str'],
  [nul(8, 3, `list_transform(range(i % 3), x -> CASE WHEN (x + i) % 4 = 0 THEN NULL
      ELSE list_transform(range((x + i) % 3), y -> (x * 10 + y)::BIGINT) END)`), 'l_nested'],
  [nul(8, 4, `{'a': CASE WHEN i % 6 = 0 THEN NULL ELSE i END, 'b': 'v' || i::VARCHAR,
      'c': list_transform(range(i % 3), x -> x / 4.0)}`), 'st'],
  [nul(8, 5, `CASE i % 4 WHEN 0 THEN MAP {}::MAP(VARCHAR, INTEGER)
      ELSE MAP {'k' || (i % 3)::VARCHAR: i,
                'z': CASE WHEN i % 3 = 0 THEN NULL ELSE -i END} END`), 'm_str'],
  [nul(8, 6, `MAP {i: 'one', i + 1: CASE WHEN i % 2 = 0 THEN NULL ELSE 'two' END}`), 'm_int'],
  [nul(8, 7, `list_transform(range(i % 3), x -> {'x': x::INTEGER,
      'y': CASE WHEN x = 1 THEN NULL ELSE 'y' || x::VARCHAR END})`), 'l_struct'],
  ['[i, i + 1, NULL]::INTEGER[3]', 'arr3'],  // CASE cannot return fixed-size arrays: no nulls.
  [nul(12, 1, `{'inner': {'v': (${h(12)})}, 'maps': [MAP {'p': i / 8.0}, MAP {}]}`),
    'st_nested'],
];

export const ALL_TYPES_STATEMENTS = [
  "CREATE TYPE IF NOT EXISTS mood AS ENUM ('sad', 'ok', 'happy')",
  `CREATE OR REPLACE TABLE all_types AS SELECT
    ${COLUMNS.map(([expr, name]) => `${expr} AS ${name}`).join(',\n    ')}
  FROM range(0, ${ALL_TYPES_ROWS}) t(i)`,
];
