// The guard of the committed TPC-H answers (test/sql/tpch, decision 0010): the generator's
// SF 0.01 data must still have the row counts and checksums that bench/tpch/make_answers.mjs
// recorded in test/sql/tpch/data_checksums.txt when it computed the answers. The checksum is
// computed here from the generator's batches and there by DuckDB from the Parquet files, so
// the test also checks that the Parquet output holds what the generator made.
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "format/value_text/civil_date.h"
#include "tpch/gen/chunked_batch_source.h"
#include "tpch/gen/tpch_generator.h"

namespace lakeml::tpch {
namespace {

struct TableSum {
  int64_t rows = 0;
  uint64_t checksum = 0;
};

// 64-bit FNV-1a (the same as bench/tpch/tpch_duckdb.mjs).
uint64_t Fnv1a64(const std::string& text) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  return h;
}

// A decimal(15, 2) value from its unscaled integer: "-12.30".
void AppendCents(__int128 unscaled, std::string* out) {
  const bool negative = unscaled < 0;
  const uint64_t magnitude = static_cast<uint64_t>(negative ? -unscaled : unscaled);
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "%s%" PRIu64 ".%02" PRIu64, negative ? "-" : "",
                magnitude / 100, magnitude % 100);
  *out += buffer;
}

void AppendDate(int32_t days, std::string* out) {
  const format::CivilDate d = format::CivilFromDays(days);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04" PRId64 "-%02d-%02d", d.year, d.month, d.day);
  *out += buffer;
}

// Row texts as data_checksums.txt defines them: values joined by '|'.
TableSum SumTable(const std::string& name, double sf) {
  auto generator = TpchGenerator::MakeTable(name, sf);
  EXPECT_TRUE(generator.ok()) << generator.status().ToString();
  TableSum sum;
  if (!generator.ok()) return sum;
  ChunkedBatchSource source(std::move(*generator), /*num_threads=*/2);
  std::string line;
  while (true) {
    auto next = source.Next();
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    if (!next.ok() || !*next) break;
    const columnar::Batch& batch = **next;
    for (int64_t row = 0; row < batch.num_rows(); ++row) {
      line.clear();
      for (size_t c = 0; c < batch.num_columns(); ++c) {
        if (c > 0) line += '|';
        const columnar::Vector& v = *batch.column(c);
        switch (batch.schema()->field(c).type->id()) {
          case columnar::TypeId::kString:
            line += v.GetView(row);
            break;
          case columnar::TypeId::kInt64:
            line += std::to_string(v.values_as<int64_t>()[row]);
            break;
          case columnar::TypeId::kInt32:
            line += std::to_string(v.values_as<int32_t>()[row]);
            break;
          case columnar::TypeId::kDate32:
            AppendDate(v.values_as<int32_t>()[row], &line);
            break;
          case columnar::TypeId::kDecimal:
            AppendCents(v.values_as<__int128>()[row], &line);
            break;
          default:
            ADD_FAILURE() << "unexpected type in " << name << " column " << c;
        }
      }
      sum.checksum += Fnv1a64(line);
    }
    sum.rows += batch.num_rows();
  }
  return sum;
}

// The SF 0.01 lines of data_checksums.txt: table -> {rows, checksum}.
std::map<std::string, TableSum> ReadCommitted() {
  std::ifstream in(std::string(LAKEML_SOURCE_DIR) + "/test/sql/tpch/data_checksums.txt");
  std::map<std::string, TableSum> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string sf, table, hex;
    TableSum sum;
    fields >> sf >> table >> sum.rows >> hex;
    if (sf != "0.01") continue;
    sum.checksum = std::stoull(hex, nullptr, 16);
    out[table] = sum;
  }
  return out;
}

TEST(TpchDataChecksumTest, Sf001MatchesTheCommittedAnswers) {
  const std::map<std::string, TableSum> committed = ReadCommitted();
  ASSERT_EQ(committed.size(), TpchGenerator::TableNames().size())
      << "test/sql/tpch/data_checksums.txt lacks SF 0.01 lines";
  for (const std::string& table : TpchGenerator::TableNames()) {
    const TableSum actual = SumTable(table, 0.01);
    const TableSum& expected = committed.at(table);
    char hex[17];
    std::snprintf(hex, sizeof(hex), "%016" PRIx64, actual.checksum);
    EXPECT_EQ(actual.rows, expected.rows) << table;
    EXPECT_EQ(actual.checksum, expected.checksum)
        << table << " now has checksum " << hex
        << ": the generator changed, so rerun bench/tpch/make_answers.mjs (bench/tpch/README.md)";
  }
}

}  // namespace
}  // namespace lakeml::tpch
