// FileStats against real tables: every add.stats in the JSON commits of the conformance tables
// is decoded for every leaf column and checked against the Parquet data file it describes
// (read with lakeml's Parquet reader): numRecords, nullCount, and min <= value <= max for
// every value, with the bound equal to the true extreme where the protocol says it is tight.
#include <gtest/gtest.h>
#include <time.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "conformance_adds.h"
#include "delta/stats/file_stats_parser.h"

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::Scalar;
using columnar::TypeId;
using stats_testing::ConformanceAdd;
using stats_testing::FloorDiv;
using stats_testing::LeafColumn;

// Tables whose stats do not describe their data, and why. Their mismatches are reported but
// do not fail the test; any other table's mismatch does.
const std::map<std::string, std::string>& KnownMismatches() {
  static const auto* known = new std::map<std::string, std::string>{
      {"delta-rs/delta-0.8.0/delta",
       "hand-written stats: a max of 2 for a file whose largest value is 1 (loose, still a bound)"},
      {"delta-rs/issue_1374/delta",
       "delta-rs 0.11 wrote a timestamp minValue 3.7 ms above the file's smallest value "
       "(the bug of delta-rs issue 1374): a reader trusting it skips wrongly"},
      {"delta-rs/table_with_edge_timestamps/delta",
       "INT96 timestamps of year 9999: the Parquet reader decodes INT96 to int64 nanoseconds, "
       "which end in 2262, so the values read wrap around"},
  };
  return *known;
}

struct Coverage {
  int files = 0;
  int columns_checked = 0;
  int values_checked = 0;
  int null_counts_checked = 0;
  std::map<TypeId, int> by_type;
  int nested = 0;
  int timestamps_truncated = 0;  // Max timestamps with sub-millisecond data.
  int column_mapped = 0;
  std::map<std::string, std::vector<std::string>> mismatches;  // By table.
};

#define STATS_CHECK(cond, table, msg)                                             \
  do {                                                                            \
    if (!(cond)) cov->mismatches[table].push_back(std::string(#cond) + ": " + (msg)); \
  } while (0)

bool EndsWithReplacementChar(const std::string& s) {
  return s.size() >= 3 && s.compare(s.size() - 3, 3, "\xEF\xBF\xBD") == 0;
}

// Checks one add's stats against its data file.
void CheckFile(const ConformanceAdd& a, Coverage* cov) {
  const std::vector<LeafColumn> leaves = stats_testing::DataLeafColumns(a);
  std::vector<StatsColumn> cols;
  for (const LeafColumn& l : leaves) cols.push_back({l.physical, l.type});
  FileStatsParser parser(cols);
  FileStats stats;
  ASSERT_TRUE(parser.Parse(*a.add.stats, &stats).ok()) << a.table << " " << a.add.path;

  Result<std::unique_ptr<parquet::FileReader>> reader =
      parquet::FileReader::Open(io::LocalFs(), a.data_path, {.num_threads = 1});
  if (!reader.ok()) return;  // Some tables hold deliberately broken files.
  const parquet::FileReader& r = **reader;
  const std::string& table = a.table;
  const std::string where = table + " " + a.add.path;
  if (stats.num_records()) EXPECT_EQ(*stats.num_records(), r.num_rows()) << where;
  ++cov->files;
  if (a.mode != ColumnMappingMode::kNone) ++cov->column_mapped;
  // With a deletion vector the bounds need only cover the rows not deleted, which this test
  // cannot tell apart without applying the vector.
  if (a.add.deletion_vector) return;

  stats_testing::LeafSummary summary;
  for (size_t c = 0; c < leaves.size(); ++c) {
    const LeafColumn& leaf = leaves[c];
    const ColumnStats& cs = stats.column(c);
    if (!cs.min && !cs.max && !cs.null_count) continue;
    if (!stats_testing::SummarizeLeaf(r, leaf, &summary)) continue;
    const bool converted = summary.converted;
    const int64_t nulls = summary.nulls;
    const std::optional<Scalar>& lo = summary.lo;
    const std::optional<Scalar>& hi = summary.hi;
    if (converted) cov->values_checked += summary.non_null;
    ++cov->columns_checked;
    if (converted) ++cov->by_type[leaf.type->id()];
    if (leaf.physical.size() > 1) ++cov->nested;
    const bool tight = stats.tight_bounds();
    const std::string col = where + " column " + leaf.logical.back();
    if (cs.null_count && tight) {
      STATS_CHECK(*cs.null_count == nulls, table,
                  col + " nullCount " + std::to_string(*cs.null_count) + " vs " +
                      std::to_string(nulls));
      ++cov->null_counts_checked;
    }
    if (!lo) continue;  // All null: bounds carry no information.
    const std::string range = " stats [" + (cs.min ? cs.min->ToString() : "-") + ", " +
                              (cs.max ? cs.max->ToString() : "-") + "] data [" +
                              lo->ToString() + ", " + hi->ToString() + "]";
    if (cs.min) {
      STATS_CHECK(cs.min->Compare(*lo) <= 0, table, col + range);
      if (tight) {
        switch (leaf.type->id()) {
          case TypeId::kTimestamp:
            STATS_CHECK(cs.min->i == FloorDiv(lo->i, 1000) * 1000, table, col + range);
            break;
          case TypeId::kString:
            STATS_CHECK(lo->bytes.rfind(cs.min->bytes, 0) == 0, table, col + range);
            break;
          default:
            STATS_CHECK(cs.min->Compare(*lo) == 0, table, col + range);
        }
      }
    }
    if (cs.max) {
      switch (leaf.type->id()) {
        case TypeId::kTimestamp:
          // "Timestamp columns are truncated down to milliseconds": widen by 999 us.
          STATS_CHECK(cs.max->i + 999 >= hi->i, table, col + range);
          if (tight) STATS_CHECK(cs.max->i == FloorDiv(hi->i, 1000) * 1000, table, col + range);
          if (hi->i % 1000 != 0) ++cov->timestamps_truncated;
          break;
        case TypeId::kString:
          if (EndsWithReplacementChar(cs.max->bytes)) {
            const std::string prefix = cs.max->bytes.substr(0, cs.max->bytes.size() - 3);
            STATS_CHECK(hi->bytes.substr(0, prefix.size()).compare(prefix) <= 0, table,
                        col + range);
          } else {
            STATS_CHECK(cs.max->Compare(*hi) >= 0, table, col + range);
            if (tight) STATS_CHECK(cs.max->Compare(*hi) == 0, table, col + range);
          }
          break;
        default:
          STATS_CHECK(cs.max->Compare(*hi) >= 0, table, col + range);
          if (tight) STATS_CHECK(cs.max->Compare(*hi) == 0, table, col + range);
      }
    }
  }
}

TEST(FileStatsConformanceTest, RealStatsBoundTheirDataFiles) {
  Coverage cov;
  std::set<std::string> tables;
  for (const ConformanceAdd& a : stats_testing::ConformanceAddsWithStats()) {
    tables.insert(a.table);
    CheckFile(a, &cov);
  }
  std::printf("[ coverage ] %zu tables, %d files, %d columns, %d values, %d null counts, "
              "%d nested columns, %d column-mapped files, %d sub-ms timestamp maxima\n",
              tables.size(), cov.files, cov.columns_checked, cov.values_checked,
              cov.null_counts_checked, cov.nested, cov.column_mapped, cov.timestamps_truncated);
  for (const auto& [table, messages] : cov.mismatches) {
    auto known = KnownMismatches().find(table);
    for (const std::string& m : messages) {
      if (known == KnownMismatches().end()) {
        ADD_FAILURE() << "stats do not bound the data: " << m;
      } else {
        std::printf("[ known    ] %s (%s)\n", m.c_str(), known->second.c_str());
      }
    }
  }
  for (const auto& [table, why] : KnownMismatches()) {
    EXPECT_TRUE(cov.mismatches.count(table)) << table << " now matches; drop it from the list";
  }
  EXPECT_GE(tables.size(), 40u);
  EXPECT_GE(cov.files, 200);
  EXPECT_GE(cov.nested, 5);
  EXPECT_GE(cov.column_mapped, 10);
  EXPECT_GE(cov.timestamps_truncated, 1);
  for (TypeId t : {TypeId::kInt32, TypeId::kInt64, TypeId::kFloat64, TypeId::kString,
                   TypeId::kDecimal, TypeId::kDate32, TypeId::kTimestamp}) {
    EXPECT_GE(cov.by_type[t], 1) << "no column of type " << static_cast<int>(t);
  }
}

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// The longest stats JSON in the conformance tables (Spark, 16 columns with column mapping),
// parsed 100,000 times for two columns: the cost per file for wide tables.
TEST(FileStatsConformanceTest, TimesTheLongestRealStats) {
  const std::string log = std::string(LAKEML_SHARED_DIR) +
                          "/conformance/delta/delta-kernel-rs/stats-writing-all-types/delta/"
                          "_delta_log/00000000000000000001.json";
  Result<std::string> content = io::LocalFs()->ReadFile(log);
  ASSERT_TRUE(content.ok());
  ActionJsonParser json;
  std::vector<Action> actions;
  ASSERT_TRUE(json.ParseCommit(*content, log, &actions).ok());
  std::string stats;
  for (const Action& a : actions) {
    if (const AddFile* add = std::get_if<AddFile>(&a)) stats = *add->stats;
  }
  ASSERT_GT(stats.size(), 2000u);
  FileStatsParser parser({{{"col-e0571b78-2d49-4109-9add-f2c54d6ea29e"},
                           DataType::Primitive(TypeId::kInt32)},
                          {{"col-caa487cc-e27c-4d92-85ae-1c497cc9e92c"},
                           DataType::Timestamp(columnar::TimeUnit::kMicro, true)}});
  FileStats s;
  int64_t sum = 0;
  const double start = ThreadCpuSeconds();
  for (int i = 0; i < 100000; ++i) {
    Status st = parser.Parse(stats, &s);
    sum += st.ok() ? s.column(0).max->i : 0;
  }
  const double seconds = ThreadCpuSeconds() - start;
  EXPECT_EQ(sum, 100000LL * 5000);
  std::printf("[ perf     ] %zu-byte Spark stats, 2 columns: 100000 files in %.3f s CPU "
              "(%.2f us/file)\n",
              stats.size(), seconds, seconds * 1e6 / 100000);
}

}  // namespace
}  // namespace lakeml::delta
