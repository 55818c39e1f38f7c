// The add actions with stats in the conformance tables' JSON commits, with what the stats
// tests need to check them against their Parquet data files: the table schema and settings
// at that commit, and the data file's values per leaf column. Header-only (test sources are
// globbed as *_test.cc).
#pragma once

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "columnar/scalar.h"
#include "delta/log/action_json_parser.h"
#include "delta/schema/column_mapping.h"
#include "delta/schema/partition_path.h"
#include "delta/schema/schema_json.h"
#include "delta/stats/skipping_predicate.h"
#include "format/parquet/file_reader.h"
#include "io/file_system.h"

namespace lakeml::delta::stats_testing {

struct ConformanceAdd {
  std::string table;  // Relative to conformance/delta, e.g. "delta-rs/issue_1374/delta".
  std::string data_path;
  AddFile add;
  columnar::SchemaPtr schema;  // Logical table schema at that commit.
  std::vector<std::string> partition_columns;
  ColumnMappingMode mode = ColumnMappingMode::kNone;
  StringMap configuration;
  bool written_by_spark = false;  // The commit's engineInfo names Spark or Databricks.
};

// Adds with stats whose data file exists (relative paths only), in log order per table.
inline std::vector<ConformanceAdd> ConformanceAddsWithStats() {
  namespace fs = std::filesystem;
  std::vector<ConformanceAdd> out;
  const fs::path root = fs::path(LAKEML_SHARED_DIR) / "conformance" / "delta";
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_directory() || e.path().filename() != "_delta_log") continue;
    const fs::path table_root = e.path().parent_path();
    std::vector<std::string> commits;
    for (const auto& f : fs::directory_iterator(e.path())) {
      const std::string name = f.path().filename().string();
      if (name.size() == 25 && name.compare(20, 5, ".json") == 0 &&
          std::all_of(name.begin(), name.begin() + 20, ::isdigit)) {
        commits.push_back(f.path().string());
      }
    }
    std::sort(commits.begin(), commits.end());
    ActionJsonParser parser;
    ConformanceAdd current;
    current.table = fs::relative(table_root, root).string();
    bool have_metadata = false;
    for (const std::string& commit : commits) {
      Result<std::string> content = io::LocalFs()->ReadFile(commit);
      if (!content.ok()) break;
      std::vector<Action> actions;
      if (!parser.ParseCommit(*content, commit, &actions).ok()) break;  // Broken-log tables.
      current.written_by_spark =
          content->find("\"engineInfo\":\"Apache-Spark") != std::string::npos ||
          content->find("\"engineInfo\":\"Databricks") != std::string::npos;
      for (const Action& a : actions) {
        if (const Metadata* m = std::get_if<Metadata>(&a)) {
          Result<columnar::SchemaPtr> schema = ParseSchemaString(m->schema_string);
          Result<ColumnMappingMode> mode = ColumnMappingModeOf(m->configuration);
          have_metadata = schema.ok() && mode.ok();
          if (!have_metadata) continue;
          current.schema = *schema;
          current.mode = *mode;
          current.partition_columns = m->partition_columns;
          current.configuration = m->configuration;
        }
        const AddFile* add = std::get_if<AddFile>(&a);
        if (!add || !add->stats || !have_metadata ||
            add->path.find(':') != std::string::npos) {
          continue;
        }
        Result<std::string> rel = UriDecodePath(add->path);
        if (!rel.ok()) continue;
        const std::string data_path = (table_root / *rel).string();
        if (!fs::exists(data_path)) continue;
        current.data_path = data_path;
        current.add = *add;
        out.push_back(current);
      }
    }
  }
  return out;
}

struct LeafColumn {
  ColumnPath logical;
  ColumnPath physical;
  columnar::TypePtr type;
};

inline void CollectLeafColumns(const std::vector<columnar::Field>& fields, ColumnMappingMode mode,
                               const ColumnPath& logical, const ColumnPath& physical,
                               std::vector<LeafColumn>* out) {
  for (const columnar::Field& f : fields) {
    ColumnPath l = logical, p = physical;
    l.push_back(f.name);
    p.push_back(PhysicalName(f, mode));
    if (f.type->id() == columnar::TypeId::kStruct && !f.type->is_variant()) {
      CollectLeafColumns(f.type->children(), mode, l, p, out);
    } else {
      out->push_back({l, p, f.type});
    }
  }
}

// The leaf columns of the table's data (partition columns left out).
inline std::vector<LeafColumn> DataLeafColumns(const ConformanceAdd& a) {
  std::vector<columnar::Field> data;
  for (const columnar::Field& f : a.schema->fields()) {
    if (std::find(a.partition_columns.begin(), a.partition_columns.end(), f.name) ==
        a.partition_columns.end()) {
      data.push_back(f);
    }
  }
  std::vector<LeafColumn> out;
  CollectLeafColumns(data, a.mode, {}, {}, &out);
  return out;
}

inline int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Value `row` of `v` (as decoded from Parquet) as a scalar of the table's type; nullopt when
// the file's type is not one this converts.
inline std::optional<columnar::Scalar> ValueAs(const columnar::Vector& v, int64_t row,
                                               const columnar::TypePtr& type) {
  using columnar::Scalar;
  using columnar::TypeId;
  const TypeId from = v.type()->id();
  int64_t i = 0;
  bool is_int = true;
  switch (from) {
    case TypeId::kInt8:
      i = v.values_as<int8_t>()[row];
      break;
    case TypeId::kInt16:
      i = v.values_as<int16_t>()[row];
      break;
    case TypeId::kInt32:
    case TypeId::kDate32:
      i = v.values_as<int32_t>()[row];
      break;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      i = v.values_as<int64_t>()[row];
      break;
    default:
      is_int = false;
  }
  switch (type->id()) {
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      if (!is_int || from == TypeId::kDate32 || from == TypeId::kTimestamp) return std::nullopt;
      return Scalar::Int(type, i);
    case TypeId::kDate32:
      if (from != TypeId::kDate32) return std::nullopt;
      return Scalar::Int(type, i);
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      if (from == TypeId::kFloat32) return Scalar::Double(type, v.values_as<float>()[row]);
      if (from == TypeId::kFloat64) return Scalar::Double(type, v.values_as<double>()[row]);
      return std::nullopt;
    case TypeId::kDecimal: {
      if (from != TypeId::kDecimal || v.type()->scale() > type->scale()) return std::nullopt;
      __int128 d;
      std::memcpy(&d, v.values()->data() + row * 16, 16);
      for (int s = v.type()->scale(); s < type->scale(); ++s) d *= 10;
      return Scalar::Decimal(type, d);
    }
    case TypeId::kTimestamp: {
      if (from != TypeId::kTimestamp || type->unit() != columnar::TimeUnit::kMicro) {
        return std::nullopt;
      }
      switch (v.type()->unit()) {
        case columnar::TimeUnit::kNano:
          return Scalar::Int(type, FloorDiv(i, 1000));
        case columnar::TimeUnit::kMicro:
          return Scalar::Int(type, i);
        case columnar::TimeUnit::kMilli:
          return Scalar::Int(type, i * 1000);
        default:
          return std::nullopt;
      }
    }
    case TypeId::kString:
      if (from != TypeId::kString && from != TypeId::kBinary) return std::nullopt;
      return Scalar::Bytes(type, std::string(v.GetView(row)));
    default:
      return std::nullopt;
  }
}

// What one leaf column of a data file holds.
struct LeafSummary {
  int64_t nulls = 0;      // Rows where the leaf or a struct above it is null.
  int64_t non_null = 0;
  bool converted = true;  // lo/hi are known (ValueAs converts the file's type).
  std::optional<columnar::Scalar> lo, hi;
};

// Summarizes `leaf` over every row of the file; false when the file lacks the column.
inline bool SummarizeLeaf(const parquet::FileReader& r, const LeafColumn& leaf,
                          LeafSummary* out) {
  *out = LeafSummary();
  const int top = r.schema()->FieldIndex(leaf.physical[0]);
  if (top < 0) return false;
  for (int rg = 0; rg < r.num_row_groups(); ++rg) {
    Result<columnar::BatchPtr> batch = r.ReadRowGroup(rg, {top});
    if (!batch.ok()) return false;
    std::vector<const columnar::Vector*> chain = {(*batch)->column(0).get()};
    for (size_t d = 1; d < leaf.physical.size(); ++d) {
      const columnar::Vector* parent = chain.back();
      const columnar::Vector* next = nullptr;
      const auto& kids = parent->type()->children();
      for (size_t k = 0; k < kids.size(); ++k) {
        if (kids[k].name == leaf.physical[d]) next = parent->child(k).get();
      }
      if (next == nullptr) return false;
      chain.push_back(next);
    }
    for (int64_t row = 0; row < (*batch)->num_rows(); ++row) {
      bool valid = true;
      for (const columnar::Vector* a : chain) valid = valid && a->IsValid(row);
      if (!valid) {
        ++out->nulls;
        continue;
      }
      ++out->non_null;
      if (!out->converted) continue;
      std::optional<columnar::Scalar> value = ValueAs(*chain.back(), row, leaf.type);
      if (!value) {
        out->converted = false;
        out->lo.reset();
        out->hi.reset();
        continue;
      }
      if (!out->lo || value->Compare(*out->lo) < 0) out->lo = value;
      if (!out->hi || value->Compare(*out->hi) > 0) out->hi = std::move(value);
    }
  }
  return true;
}

}  // namespace lakeml::delta::stats_testing
