// StatsCollector against Spark: for the data files Spark (or Databricks) wrote in the
// conformance tables, the stats lakeml computes from the Parquet data must say what the
// add.stats Spark wrote says: the same JSON for delta-kernel-rs/stats-writing-all-types (the
// writer reference: 16 columns of all types, column mapping), the same numRecords, nullCount
// and min/max values everywhere else.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "conformance_adds.h"
#include "delta/stats/file_stats_parser.h"
#include "delta/stats/stats_collector.h"

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::Schema;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

// `v` (as the Parquet reader decoded it) as a vector of the table's type `to`; null when this
// test does not know the conversion (type widening and the like).
VectorPtr Adapt(const VectorPtr& v, const TypePtr& to) {
  const TypePtr& from = v->type();
  if (from->Equals(*to)) return v;
  if (from->id() == TypeId::kTimestamp && to->id() == TypeId::kTimestamp &&
      to->unit() == columnar::TimeUnit::kMicro) {
    // INT96 reads as nanoseconds without a zone; Delta's timestamp is microseconds in UTC.
    const int64_t div = from->unit() == columnar::TimeUnit::kNano    ? 1000
                        : from->unit() == columnar::TimeUnit::kMicro ? 1
                                                                     : 0;
    if (div == 0) return nullptr;
    VectorPtr out = Vector::Make(to, v->length());
    const int64_t* in = v->values_as<int64_t>();
    int64_t* o = out->mutable_values()->mutable_as<int64_t>();
    for (int64_t i = 0; i < v->length(); ++i) {
      o[i] = in[i] / div - (in[i] % div < 0 ? 1 : 0);
    }
    out->set_validity(v->validity());
    out->set_null_count(v->null_count());
    return out;
  }
  if (from->id() == TypeId::kStruct && to->id() == TypeId::kStruct && !to->is_variant()) {
    auto out = std::make_shared<Vector>(to, v->length());
    for (const Field& f : to->children()) {
      VectorPtr child;
      for (size_t k = 0; k < from->children().size(); ++k) {
        if (from->children()[k].name == f.name) child = Adapt(v->child(k), f.type);
      }
      if (!child) return nullptr;
      out->mutable_children().push_back(child);
    }
    out->set_validity(v->validity());
    out->set_null_count(v->null_count());
    return out;
  }
  // Lists, maps and variants only count nulls: keep the file's layout under the table type's
  // name when the nesting agrees.
  if (from->id() == to->id() && (to->id() == TypeId::kList || to->id() == TypeId::kMap ||
                                 to->is_variant())) {
    return v;
  }
  return nullptr;
}

struct SparkFile {
  std::string table;
  std::string data_path;
  AddFile add;
  columnar::SchemaPtr logical;   // Data columns only.
  columnar::SchemaPtr physical;  // Same shape, physical names.
  StringMap configuration;
};

// Adds Spark wrote with stats and no deletion vector.
std::vector<SparkFile> SparkWrittenFiles() {
  std::vector<SparkFile> out;
  for (const stats_testing::ConformanceAdd& a : stats_testing::ConformanceAddsWithStats()) {
    if (!a.written_by_spark || a.add.deletion_vector) continue;
    std::vector<Field> data;
    for (const Field& f : a.schema->fields()) {
      if (std::find(a.partition_columns.begin(), a.partition_columns.end(), f.name) ==
          a.partition_columns.end()) {
        data.push_back(f);
      }
    }
    auto logical = std::make_shared<Schema>(data);
    Result<columnar::SchemaPtr> physical = PhysicalSchema(*logical, a.mode);
    if (!physical.ok()) continue;
    out.push_back({a.table, a.data_path, a.add, logical, *physical, a.configuration});
  }
  return out;
}

// The stats lakeml computes for `f`'s data file, or nullopt when its columns cannot be
// brought to the table's types.
std::optional<std::string> Recompute(const SparkFile& f, bool tight_bounds) {
  Result<std::unique_ptr<parquet::FileReader>> reader =
      parquet::FileReader::Open(io::LocalFs(), f.data_path, {.num_threads = 1});
  if (!reader.ok()) return std::nullopt;
  Result<StatsOptions> options = StatsOptions::FromConfiguration(f.configuration);
  if (!options.ok()) return std::nullopt;
  options->write_tight_bounds = tight_bounds;
  StatsCollector collector(*f.physical, *options, f.logical.get());
  std::vector<int> fields;
  for (const Field& field : f.physical->fields()) {
    const int i = (*reader)->schema()->FieldIndex(field.name);
    if (i < 0) return std::nullopt;
    fields.push_back(i);
  }
  for (int rg = 0; rg < (*reader)->num_row_groups(); ++rg) {
    Result<columnar::BatchPtr> batch = (*reader)->ReadRowGroup(rg, fields);
    if (!batch.ok()) return std::nullopt;
    std::vector<VectorPtr> columns;
    for (size_t c = 0; c < fields.size(); ++c) {
      VectorPtr v = Adapt((*batch)->column(c), f.physical->field(c).type);
      if (!v) return std::nullopt;
      columns.push_back(v);
    }
    collector.Update(columnar::Batch(f.physical, std::move(columns), (*batch)->num_rows()));
  }
  return collector.ToJson();
}

TEST(StatsCollectorConformanceTest, SameJsonAsSparkForAllTypes) {
  int checked = 0;
  for (const SparkFile& f : SparkWrittenFiles()) {
    if (f.table != "delta-kernel-rs/stats-writing-all-types/delta") continue;
    std::optional<std::string> ours = Recompute(f, /*tight_bounds=*/false);
    ASSERT_TRUE(ours.has_value()) << f.data_path;
    EXPECT_EQ(nlohmann::json::parse(*ours), nlohmann::json::parse(*f.add.stats))
        << "lakeml: " << *ours << "\nSpark:  " << *f.add.stats;
    ++checked;
  }
  EXPECT_EQ(checked, 1);
}

void CollectLeaves(const std::vector<Field>& fields, const ColumnPath& prefix,
                   std::vector<StatsColumn>* out) {
  for (const Field& f : fields) {
    ColumnPath p = prefix;
    p.push_back(f.name);
    if (f.type->id() == TypeId::kStruct && !f.type->is_variant()) {
      CollectLeaves(f.type->children(), p, out);
    } else {
      out->push_back({p, f.type});
    }
  }
}

TEST(StatsCollectorConformanceTest, SameValuesAsSparkEverywhere) {
  int files = 0, values = 0;
  std::map<std::string, int> tables;
  for (const SparkFile& f : SparkWrittenFiles()) {
    const bool spark_tight = f.add.stats->find("\"tightBounds\"") != std::string::npos;
    std::optional<std::string> ours = Recompute(f, spark_tight);
    if (!ours) continue;
    std::vector<StatsColumn> leaves;
    CollectLeaves(f.physical->fields(), {}, &leaves);
    FileStatsParser parser(leaves);
    FileStats theirs, mine;
    ASSERT_TRUE(parser.Parse(*f.add.stats, &theirs).ok()) << f.data_path;
    ASSERT_TRUE(parser.Parse(*ours, &mine).ok()) << *ours;
    const std::string where = f.table + " " + f.add.path;
    EXPECT_EQ(mine.num_records(), theirs.num_records()) << where;
    for (size_t i = 0; i < leaves.size(); ++i) {
      const ColumnStats& t = theirs.column(i);
      const ColumnStats& m = mine.column(i);
      const std::string col = where + " column " + leaves[i].physical_path.back();
      if (t.null_count) {
        EXPECT_EQ(m.null_count, t.null_count) << col;
        ++values;
      }
      for (auto [a, b, what] : {std::tuple{&m.min, &t.min, "min"}, {&m.max, &t.max, "max"}}) {
        if (!b->has_value()) continue;
        ASSERT_TRUE(a->has_value()) << col << " " << what << " missing, Spark: "
                                    << (*b)->ToString() << "\n" << *ours;
        EXPECT_EQ((*a)->Compare(**b), 0)
            << col << " " << what << ": lakeml " << (*a)->ToString() << ", Spark "
            << (*b)->ToString();
        ++values;
      }
    }
    ++files;
    ++tables[f.table];
  }
  std::printf("[ coverage ] %zu Spark-written tables, %d files, %d stats values compared\n",
              tables.size(), files, values);
  EXPECT_GE(tables.size(), 40u);
  EXPECT_GE(files, 150);
}

}  // namespace
}  // namespace lakeml::delta
