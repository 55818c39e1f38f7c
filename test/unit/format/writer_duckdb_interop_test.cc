// DuckDB as the oracle for the Parquet writer: files written by FileWriter are read by DuckDB
// (npm @duckdb/node-api in test/interop), which checks every value against the formula that
// generated it. Skipped when node or the DuckDB package is not installed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "format/parquet/writer/file_writer.h"
#include "io/file_system.h"
#include "writer_vector_builders.h"

namespace lakeml::parquet {
namespace {

using namespace testing;  // NOLINT
using columnar::Batch;
using columnar::Schema;
using columnar::SchemaPtr;

constexpr int64_t kRows = 6000;

TypePtr Prim(TypeId id) { return DataType::Primitive(id); }

bool NullAt(int64_t i) { return i % 7 == 3; }

// IEEE half for a small non-negative integer k < 2048 (exact).
uint16_t HalfOf(int k) {
  if (k == 0) return 0;
  int e = 31 - __builtin_clz(static_cast<unsigned>(k));
  return static_cast<uint16_t>(((e + 15) << 10) | ((k - (1 << e)) << (10 - e)));
}

SchemaPtr InteropSchema() {
  TypePtr list = DataType::List({"element", Prim(TypeId::kInt64), true});
  TypePtr map =
      DataType::Map({"key", DataType::String(), false}, {"value", Prim(TypeId::kInt32), true});
  TypePtr st =
      DataType::Struct({{"a", Prim(TypeId::kInt32), true},
                        {"b", DataType::List({"element", DataType::String(), false}), false}});
  return std::make_shared<const Schema>(std::vector<Field>{
      {"id", Prim(TypeId::kInt64), false},
      {"b", Prim(TypeId::kBoolean)},
      {"i8", Prim(TypeId::kInt8)},
      {"i16", Prim(TypeId::kInt16)},
      {"i32", Prim(TypeId::kInt32)},
      {"i64", Prim(TypeId::kInt64)},
      {"u8", Prim(TypeId::kUInt8)},
      {"u16", Prim(TypeId::kUInt16)},
      {"u32", Prim(TypeId::kUInt32)},
      {"u64", Prim(TypeId::kUInt64)},
      {"f16", Prim(TypeId::kFloat16)},
      {"f32", Prim(TypeId::kFloat32)},
      {"f64", Prim(TypeId::kFloat64)},
      {"d9", DataType::Decimal(9, 2)},
      {"d18", DataType::Decimal(18, 3)},
      {"d38", DataType::Decimal(38, 4)},
      {"day", Prim(TypeId::kDate32)},
      {"t_ms", DataType::Time(columnar::TimeUnit::kMilli)},
      {"t_us", DataType::Time(columnar::TimeUnit::kMicro)},
      {"ts_ms", DataType::Timestamp(columnar::TimeUnit::kMilli, false)},
      {"ts_us", DataType::Timestamp(columnar::TimeUnit::kMicro, true)},
      {"ts_ns", DataType::Timestamp(columnar::TimeUnit::kNano, true)},
      {"iv", Prim(TypeId::kInterval)},
      {"s", DataType::String()},
      {"low", DataType::String()},
      {"bin", DataType::Binary()},
      {"fx", DataType::FixedSizeBinary(4)},
      {"uuid", DataType::FixedSizeBinary(16, "uuid")},
      {"l", list},
      {"m", map},
      {"st", st, true},
  });
}

// The SQL expression, over the row number i, that each column must equal.
const char* kExpected[][2] = {
    {"id", "i"},
    {"b", "i % 3 = 0"},
    {"i8", "((i % 256) - 128)::TINYINT"},
    {"i16", "((i * 7) % 65536 - 32768)::SMALLINT"},
    {"i32", "(i * 1000 - 5000000)::INTEGER"},
    {"i64", "i * 1000000007 - 900000000000000000"},
    {"u8", "(i % 256)::UTINYINT"},
    {"u16", "(i % 65536)::USMALLINT"},
    {"u32", "((i * 1000003) % 4294967296)::UINTEGER"},
    {"u64", "(i::UBIGINT * 3000000000000000)"},
    {"f16", "(i % 2048)::FLOAT"},
    {"f32", "(i // 4)::FLOAT"},
    {"f64", "i * 0.5 - 1000.25"},
    {"d9", "((i * 137 - 300000)::DECIMAL(18, 0) / 100)::DECIMAL(9, 2)"},
    {"d18", "((i * 1000000007 - 3000000000000)::DECIMAL(18, 0) / 1000)::DECIMAL(18, 3)"},
    {"d38",
     "(((CASE WHEN i % 2 = 1 THEN -1 ELSE 1 END) * (i::HUGEINT * 10000000000000000000000000 + i))"
     "::DECIMAL(38, 0) * 0.0001::DECIMAL(5, 4))"},
    {"day", "DATE '1970-01-01' + (18000 + i % 5000)::INTEGER"},
    {"t_ms", "TIME '00:00:00' + to_milliseconds((i * 1003) % 86400000)"},
    {"t_us", "TIME '00:00:00' + to_microseconds((i * 1000003) % 86400000000)"},
    {"ts_ms", "make_timestamp(0) + to_milliseconds(i * 1003 - 500000)"},
    {"ts_us", "(make_timestamp(i * 1000003 - 7000000))::TIMESTAMPTZ"},
    {"ts_ns", "make_timestamp_ns(i * 1000000007)::TIMESTAMPTZ"},
    {"iv", "to_months(i % 12) + to_days(i % 30) + to_milliseconds((i * 1000) % 86400000)"},
    {"s", "'s' || i || repeat('x', i % 90)"},
    {"low", "'category_' || (i % 13)"},
    {"bin", "('b' || i)::BLOB"},
    {"fx", "lpad((i % 10000)::VARCHAR, 4, '0')::BLOB"},
    {"uuid", "printf('%08x-0000-4000-8000-%012x', i, i * 7)::UUID"},
    {"l",
     "list_transform(range(i % 4), j -> CASE WHEN (i + j) % 5 = 0 THEN NULL ELSE i * 10 + j "
     "END)"},
    {"m",
     "map_from_entries(list_transform(range(i % 3), j -> struct_pack(k := 'k' || j, v := CASE "
     "WHEN j = 1 THEN NULL ELSE (j * i)::INTEGER END)))"},
    {"st",
     "CASE WHEN i % 11 = 5 THEN NULL ELSE struct_pack(a := CASE WHEN i % 2 = 1 THEN NULL ELSE "
     "i::INTEGER END, b := list_transform(range(i % 3), j -> 'x' || (i + j))) END"},
};

template <typename T, typename F>
VectorPtr Column(const Field& f, int64_t begin, int64_t n, F value) {
  auto v = Vector::Make(f.type, n);
  std::vector<bool> valid(n, true);
  for (int64_t k = 0; k < n; ++k) {
    const int64_t i = begin + k;
    T x = value(i);
    std::memcpy(v->mutable_values()->mutable_data() + k * sizeof(T), &x, sizeof(T));
    if (f.nullable && NullAt(i)) valid[k] = false;
  }
  if (f.nullable) SetValidity(v.get(), valid);
  return v;
}

std::vector<bool> Validity(const Field& f, int64_t begin, int64_t n) {
  std::vector<bool> valid(n, true);
  if (!f.nullable) return valid;
  for (int64_t k = 0; k < n; ++k) valid[k] = !NullAt(begin + k);
  return valid;
}

template <typename F>
VectorPtr StringColumn(const Field& f, int64_t begin, int64_t n, F value) {
  std::vector<std::optional<std::string>> s;
  for (int64_t k = 0; k < n; ++k) {
    if (f.nullable && NullAt(begin + k)) {
      s.push_back(std::nullopt);
    } else {
      s.push_back(value(begin + k));
    }
  }
  return Strings(s, f.type);
}

Batch MakeBatch(const SchemaPtr& schema, int64_t begin, int64_t n) {
  std::vector<VectorPtr> c;
  auto f = [&](size_t k) -> const Field& { return schema->field(k); };
  c.push_back(Column<int64_t>(f(0), begin, n, [](int64_t i) { return i; }));
  {
    auto v = Vector::Make(f(1).type, n);
    for (int64_t k = 0; k < n; ++k) {
      bit_util::SetBitTo(v->mutable_values()->mutable_data(), k, (begin + k) % 3 == 0);
    }
    SetValidity(v.get(), Validity(f(1), begin, n));
    c.push_back(v);
  }
  c.push_back(Column<int8_t>(f(2), begin, n, [](int64_t i) { return int8_t(i % 256 - 128); }));
  c.push_back(
      Column<int16_t>(f(3), begin, n, [](int64_t i) { return int16_t(i * 7 % 65536 - 32768); }));
  c.push_back(
      Column<int32_t>(f(4), begin, n, [](int64_t i) { return int32_t(i * 1000 - 5000000); }));
  c.push_back(Column<int64_t>(f(5), begin, n,
                              [](int64_t i) { return i * 1000000007 - 900000000000000000; }));
  c.push_back(Column<uint8_t>(f(6), begin, n, [](int64_t i) { return uint8_t(i % 256); }));
  c.push_back(Column<uint16_t>(f(7), begin, n, [](int64_t i) { return uint16_t(i % 65536); }));
  c.push_back(Column<uint32_t>(f(8), begin, n,
                               [](int64_t i) { return uint32_t(i * 1000003 % 4294967296); }));
  c.push_back(Column<uint64_t>(f(9), begin, n,
                               [](int64_t i) { return uint64_t(i) * 3000000000000000ull; }));
  c.push_back(Column<uint16_t>(f(10), begin, n, [](int64_t i) { return HalfOf(int(i % 2048)); }));
  c.push_back(Column<float>(f(11), begin, n, [](int64_t i) { return float(i / 4); }));
  c.push_back(Column<double>(f(12), begin, n, [](int64_t i) { return i * 0.5 - 1000.25; }));
  c.push_back(
      Column<__int128>(f(13), begin, n, [](int64_t i) { return __int128(i * 137 - 300000); }));
  c.push_back(Column<__int128>(f(14), begin, n,
                               [](int64_t i) { return __int128(i * 1000000007 - 3000000000000); }));
  c.push_back(Column<__int128>(f(15), begin, n, [](int64_t i) {
    __int128 p = 1;
    for (int k = 0; k < 25; ++k) p *= 10;
    __int128 x = __int128(i) * p + i;
    return i % 2 == 1 ? -x : x;
  }));
  c.push_back(
      Column<int32_t>(f(16), begin, n, [](int64_t i) { return int32_t(18000 + i % 5000); }));
  c.push_back(Column<int64_t>(f(17), begin, n, [](int64_t i) { return (i * 1003) % 86400000; }));
  c.push_back(
      Column<int64_t>(f(18), begin, n, [](int64_t i) { return (i * 1000003) % 86400000000LL; }));
  c.push_back(Column<int64_t>(f(19), begin, n, [](int64_t i) { return i * 1003 - 500000; }));
  c.push_back(Column<int64_t>(f(20), begin, n, [](int64_t i) { return i * 1000003 - 7000000; }));
  c.push_back(Column<int64_t>(f(21), begin, n, [](int64_t i) { return i * 1000000007; }));
  {
    struct Iv {
      int32_t months, days;
      int64_t nanos;
    };
    c.push_back(Column<Iv>(f(22), begin, n, [](int64_t i) {
      return Iv{int32_t(i % 12), int32_t(i % 30), (i * 1000) % 86400000 * 1000000};
    }));
  }
  c.push_back(StringColumn(f(23), begin, n, [](int64_t i) {
    return "s" + std::to_string(i) + std::string(i % 90, 'x');
  }));
  c.push_back(StringColumn(f(24), begin, n,
                           [](int64_t i) { return "category_" + std::to_string(i % 13); }));
  c.push_back(StringColumn(f(25), begin, n, [](int64_t i) { return "b" + std::to_string(i); }));
  {
    auto v = Vector::Make(f(26).type, n);
    for (int64_t k = 0; k < n; ++k) {
      char buf[8];
      snprintf(buf, sizeof(buf), "%04d", static_cast<int>((begin + k) % 10000));
      std::memcpy(v->mutable_values()->mutable_data() + k * 4, buf, 4);
    }
    SetValidity(v.get(), Validity(f(26), begin, n));
    c.push_back(v);
  }
  {
    auto v = Vector::Make(f(27).type, n);
    for (int64_t k = 0; k < n; ++k) {
      const uint64_t i = begin + k, j = i * 7;
      uint8_t* p = v->mutable_values()->mutable_data() + k * 16;
      for (int b = 0; b < 4; ++b) p[b] = uint8_t(i >> (8 * (3 - b)));
      p[4] = p[5] = 0;
      p[6] = 0x40, p[7] = 0;
      p[8] = 0x80, p[9] = 0;
      for (int b = 0; b < 6; ++b) p[10 + b] = uint8_t(j >> (8 * (5 - b)));
    }
    SetValidity(v.get(), Validity(f(27), begin, n));
    c.push_back(v);
  }
  {
    std::vector<int64_t> offsets = {0};
    std::vector<std::optional<int64_t>> elems;
    for (int64_t k = 0; k < n; ++k) {
      const int64_t i = begin + k;
      if (!NullAt(i)) {
        for (int64_t j = 0; j < i % 4; ++j) {
          elems.push_back((i + j) % 5 == 0 ? std::nullopt : std::optional<int64_t>(i * 10 + j));
        }
      }
      offsets.push_back(static_cast<int64_t>(elems.size()));
    }
    c.push_back(Nested(f(28).type, offsets, {Int64s(elems)}, Validity(f(28), begin, n)));
  }
  {
    std::vector<int64_t> offsets = {0};
    std::vector<std::optional<std::string>> keys;
    std::vector<std::optional<int32_t>> values;
    for (int64_t k = 0; k < n; ++k) {
      const int64_t i = begin + k;
      if (!NullAt(i)) {
        for (int64_t j = 0; j < i % 3; ++j) {
          keys.push_back("k" + std::to_string(j));
          values.push_back(j == 1 ? std::nullopt : std::optional<int32_t>(int32_t(j * i)));
        }
      }
      offsets.push_back(static_cast<int64_t>(keys.size()));
    }
    c.push_back(
        Nested(f(29).type, offsets, {Strings(keys), Int32s(values)}, Validity(f(29), begin, n)));
  }
  {
    std::vector<std::optional<int32_t>> a;
    std::vector<int64_t> offsets = {0};
    std::vector<std::optional<std::string>> b;
    std::vector<bool> valid;
    for (int64_t k = 0; k < n; ++k) {
      const int64_t i = begin + k;
      valid.push_back(i % 11 != 5);
      a.push_back(i % 2 == 1 ? std::nullopt : std::optional<int32_t>(int32_t(i)));
      if (i % 11 != 5) {
        for (int64_t j = 0; j < i % 3; ++j) b.push_back("x" + std::to_string(i + j));
      }
      offsets.push_back(static_cast<int64_t>(b.size()));
    }
    const TypePtr& st = f(30).type;
    auto list = Nested(st->children()[1].type, offsets, {Strings(b)});
    c.push_back(StructOf(st, n, {Int32s(a), list}, valid));
  }
  return Batch(schema, std::move(c), n);
}

std::string RunCommand(const std::string& cmd, int* rc) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) {
    *rc = -1;
    return out;
  }
  char buf[4096];
  size_t got;
  while ((got = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, got);
  *rc = pclose(p);
  return out;
}

TEST(WriterDuckDbInteropTest, DuckDbReadsEveryValue) {
  const std::string duckdb =
      std::string(LAKEML_SOURCE_DIR) + "/test/interop/node_modules/@duckdb/node-api/lib/index.js";
  int rc = 0;
  RunCommand("node --version >/dev/null 2>&1", &rc);
  if (rc != 0 || !std::ifstream(duckdb).good()) GTEST_SKIP() << "node or @duckdb/node-api missing";

  char dir_template[] = "/tmp/lakeml_writer_interop_XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::string dir = dir_template;
  SchemaPtr schema = InteropSchema();
  std::vector<Batch> batches = {MakeBatch(schema, 0, 2500), MakeBatch(schema, 2500, 0),
                                MakeBatch(schema, 2500, kRows - 2500)};
  struct Case {
    const char* name;
    CompressionCodec codec;
    int version;
    bool dictionary;
    bool page_index;
  };
  const Case cases[] = {
      {"snappy_v1_dict", CompressionCodec::kSnappy, 1, true, true},
      {"zstd_v2_dict", CompressionCodec::kZstd, 2, true, false},
      {"gzip_v1_plain", CompressionCodec::kGzip, 1, false, true},
      {"lz4raw_v2_plain", CompressionCodec::kLz4Raw, 2, false, false},
      {"none_v1_fallback", CompressionCodec::kUncompressed, 1, true, true},
  };
  std::string files;
  for (const Case& c : cases) {
    WriterOptions o;
    o.compression = c.codec;
    o.data_page_version = c.version;
    o.dictionary = c.dictionary;
    o.page_index = c.page_index;
    o.page_bytes = 4096;
    o.row_group_rows = 2000;
    if (std::string(c.name) == "none_v1_fallback") o.dictionary_page_bytes = 2000;
    const std::string path = dir + "/" + c.name + ".parquet";
    auto w = FileWriter::Open(io::LocalFs(), path, schema, o);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    for (const Batch& b : batches) ASSERT_TRUE((*w)->Write(b).ok());
    ASSERT_TRUE((*w)->Close().ok());
    files += (files.empty() ? "'" : ", '") + path + "'";
  }

  // One query per file and column: rows whose value differs from the formula.
  std::ostringstream js;
  js << "import { DuckDBInstance } from '" << duckdb << "';\n"
     << "const con = await (await DuckDBInstance.create(':memory:')).connect();\n"
     << "const cols = [";
  for (const auto& e : kExpected) {
    std::string expr = e[1];
    js << "['" << e[0] << "', `" << expr << "`],";
  }
  js << "];\n"
     << "for (const f of [" << files << "]) {\n"
     << "  const n = (await con.runAndReadAll(`SELECT count(*) FROM read_parquet('${f}')`))"
        ".getRows()[0][0];\n"
     << "  console.log(`ROWS ${f} ${n}`);\n"
     << "  for (const [c, e] of cols) {\n"
     << "    const nullable = c !== 'id' && c !== 'st';\n"
     << "    const expected = nullable ? `CASE WHEN i % 7 = 3 THEN NULL ELSE ${e} END` : e;\n"
     << "    const q = `SELECT count(*), any_value(\"${c}\"::VARCHAR), any_value((${expected})"
        "::VARCHAR) FROM (SELECT id AS i, * FROM read_parquet('${f}')) "
        "WHERE \"${c}\" IS DISTINCT FROM (${expected})`;\n"
     << "    const r = (await con.runAndReadAll(q)).getRows()[0];\n"
     << "    if (r[0] != 0n) console.log(`MISMATCH ${f} ${c} ${r[0]} got ${r[1]} want ${r[2]}`);\n"
     << "  }\n"
     // Chunk statistics against the values of each row group (2000 rows each). Truncated byte
     // array bounds need only bound the values.
     << "  for (const c of ['b','i8','i16','i32','i64','u8','u16','u32','u64','f16','f32','f64',"
        "'d9','d18','d38','day','t_ms','t_us','ts_ms','ts_us','ts_ns','s','low','bin','fx']) {\n"
     << "    const t = (await con.runAndReadAll(`SELECT typeof(\"${c}\") FROM "
        "read_parquet('${f}') LIMIT 1`)).getRows()[0][0];\n"
     << "    const exact = c !== 's';\n"
     << "    const q = `SELECT count(*), count(m.rg), any_value(a.rg) FROM (SELECT i // 2000 AS "
        "rg, "
        "min(\"${c}\") AS mn, max(\"${c}\") AS mx, count(*) - count(\"${c}\") AS nulls FROM "
        "(SELECT id AS i, * FROM read_parquet('${f}')) GROUP BY 1) a LEFT JOIN (SELECT "
        "row_group_id AS rg, TRY_CAST(stats_min_value AS ${t}) AS lo, TRY_CAST(stats_max_value "
        "AS ${t}) AS hi, stats_null_count AS nc FROM parquet_metadata('${f}') WHERE "
        "path_in_schema = '${c}') m USING (rg) WHERE m.nc IS DISTINCT FROM a.nulls OR "
        "(a.mn IS NOT NULL AND ${exact ? '(m.lo IS DISTINCT FROM a.mn OR m.hi IS DISTINCT FROM "
        "a.mx)' : '(m.lo > a.mn OR m.hi < a.mx OR m.lo IS NULL OR m.hi IS NULL)'})`;\n"
     << "    const r = (await con.runAndReadAll(q)).getRows()[0];\n"
     << "    if (r[0] != 0n) console.log(`MISMATCH stats ${f} ${c} ${r[0]} row group ${r[2]}`);\n"
     << "  }\n"
     << "}\n"
     << "console.log('DONE');\n";
  const std::string script = dir + "/check.mjs";
  std::ofstream(script) << js.str();
  const std::string out = RunCommand("node " + script + " 2>&1", &rc);
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("DONE"), std::string::npos) << out;
  EXPECT_EQ(out.find("MISMATCH"), std::string::npos) << out;
  std::istringstream lines(out);
  std::string line;
  int files_seen = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("ROWS ", 0) == 0) {
      ++files_seen;
      EXPECT_EQ(line.substr(line.rfind(' ') + 1), std::to_string(kRows)) << line;
    }
  }
  EXPECT_EQ(files_seen, 5);
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace lakeml::parquet
