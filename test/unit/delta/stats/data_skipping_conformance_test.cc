// DataSkipping on real tables: for every data file with stats in the conformance tables,
// predicates that are TRUE for some row of the file (read from its Parquet data) must keep
// it: equality with the smallest and largest value of each column, ranges reaching them, IN,
// IS [NOT] NULL, negations, and the file's own partition values. Predicates just outside the
// data must prune a good share of files, so that the check is not vacuous.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "conformance_adds.h"
#include "delta/schema/partition_value.h"
#include "delta/stats/data_skipping.h"

namespace lakeml::delta {
namespace {

using columnar::Scalar;
using columnar::TypeId;
using stats_testing::ConformanceAdd;
using stats_testing::LeafColumn;
using Op = Predicate::Op;

// Tables whose stats are wrong about their data (see file_stats_conformance_test.cc).
const std::set<std::string> kWrongStats = {
    "delta-rs/issue_1374/delta",                 // delta-rs wrote a too-large timestamp min.
    "delta-rs/table_with_edge_timestamps/delta",  // INT96 year 9999 does not read back.
};

TEST(DataSkippingConformanceTest, KeepsEveryFileWithAMatchingRow) {
  int64_t predicates = 0, files = 0, outside = 0, outside_pruned = 0;
  std::set<std::string> tables;
  for (const ConformanceAdd& a : stats_testing::ConformanceAddsWithStats()) {
    if (kWrongStats.count(a.table) || a.add.deletion_vector) continue;
    Result<std::unique_ptr<parquet::FileReader>> reader =
        parquet::FileReader::Open(io::LocalFs(), a.data_path, {.num_threads = 1});
    if (!reader.ok()) continue;
    ++files;
    tables.insert(a.table);
    const std::string where = a.table + " " + a.add.path;

    std::vector<Predicate> must_keep, should_prune;
    // Partition columns: the file's own value.
    std::vector<Predicate> partition_preds;
    for (const std::string& name : a.partition_columns) {
      const int i = a.schema->FieldIndex(name);
      if (i < 0) continue;
      const columnar::Field& field = a.schema->field(i);
      auto it = a.add.partition_values.find(PhysicalName(field, a.mode));
      if (it == a.add.partition_values.end()) continue;
      Result<Scalar> v = ParsePartitionValue(it->second, field.type);
      if (!v.ok()) continue;
      if (v->is_null) {
        partition_preds.push_back(Predicate::IsNull({field.name}));
      } else {
        partition_preds.push_back(Predicate::Compare({field.name}, Op::kEq, *v));
        must_keep.push_back(Predicate::Not(Predicate::Compare({field.name}, Op::kNe, *v)));
        must_keep.push_back(Predicate::IsNotNull({field.name}));
      }
    }
    for (const Predicate& p : partition_preds) must_keep.push_back(p);

    stats_testing::LeafSummary summary;
    for (const LeafColumn& leaf : stats_testing::DataLeafColumns(a)) {
      if (!stats_testing::SummarizeLeaf(**reader, leaf, &summary)) continue;
      const ColumnPath& c = leaf.logical;
      if (summary.nulls > 0) must_keep.push_back(Predicate::IsNull(c));
      if (summary.non_null > 0) must_keep.push_back(Predicate::IsNotNull(c));
      const std::optional<Scalar>& lo = summary.lo;
      const std::optional<Scalar>& hi = summary.hi;
      if (!lo) continue;
      must_keep.push_back(Predicate::Compare(c, Op::kEq, *lo));
      must_keep.push_back(Predicate::Compare(c, Op::kEq, *hi));
      must_keep.push_back(Predicate::Compare(c, Op::kLe, *lo));
      must_keep.push_back(Predicate::Compare(c, Op::kGe, *hi));
      must_keep.push_back(Predicate::In(c, {Scalar::Null(leaf.type), *hi}));
      must_keep.push_back(Predicate::Not(Predicate::Compare(c, Op::kNe, *lo)));
      must_keep.push_back(Predicate::Not(Predicate::Compare(c, Op::kGt, *hi)));
      if (lo->Compare(*hi) < 0) {
        must_keep.push_back(Predicate::Compare(c, Op::kGt, *lo));
        must_keep.push_back(Predicate::Compare(c, Op::kLt, *hi));
        must_keep.push_back(Predicate::Compare(c, Op::kNe, *lo));
      }
      for (const Predicate& p : partition_preds) {
        must_keep.push_back(Predicate::And(p, Predicate::Compare(c, Op::kEq, *hi)));
      }
      // Just outside the data: integers and dates one below the smallest value.
      const TypeId id = leaf.type->id();
      if ((id == TypeId::kInt32 || id == TypeId::kInt64 || id == TypeId::kDate32) &&
          lo->i > INT32_MIN) {
        Scalar below = *lo;
        below.i -= 1;
        should_prune.push_back(Predicate::Compare(c, Op::kLe, below));
      }
    }

    for (const Predicate& p : must_keep) {
      Result<DataSkipping> ds = DataSkipping::Make(p, *a.schema, a.partition_columns, a.mode);
      ASSERT_TRUE(ds.ok()) << where << " " << p.ToString() << ": " << ds.status().ToString();
      EXPECT_TRUE(ds->FileMayMatch(a.add))
          << where << ": pruned for " << p.ToString() << " though a row matches\nstats "
          << *a.add.stats;
      ++predicates;
    }
    for (const Predicate& p : should_prune) {
      Result<DataSkipping> ds = DataSkipping::Make(p, *a.schema, a.partition_columns, a.mode);
      ASSERT_TRUE(ds.ok()) << where << " " << p.ToString() << ": " << ds.status().ToString();
      ++outside;
      outside_pruned += !ds->FileMayMatch(a.add);
    }
  }
  std::printf("[ coverage ] %zu tables, %lld files, %lld predicates with a matching row kept; "
              "%lld of %lld just-outside predicates pruned\n",
              tables.size(), static_cast<long long>(files), static_cast<long long>(predicates),
              static_cast<long long>(outside_pruned), static_cast<long long>(outside));
  EXPECT_GE(tables.size(), 40u);
  EXPECT_GE(predicates, 5000);
  EXPECT_GT(outside_pruned, outside * 8 / 10);
}

}  // namespace
}  // namespace lakeml::delta
