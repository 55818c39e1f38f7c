#include "delta/stats/data_skipping.h"

#include <strings.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

#include "delta/schema/partition_value.h"
#include "delta/stats/stats_value_text.h"
#include "delta/stats/typed_literal.h"

namespace lakeml::delta {

using columnar::Field;
using columnar::Scalar;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

// Predicates nested deeper than this are refused (the evaluation recurses).
constexpr int kMaxDepth = 2000;
// Distinct partition values remembered per column before the cache starts over.
constexpr size_t kMaxCachedPartitionValues = 1 << 16;
// Spark cuts string statistics to this many characters (delta's
// DATA_SKIPPING_STRING_PREFIX_LENGTH default); a max this long may be a cut prefix.
constexpr int kStringPrefixLength = 32;
// DO NOT CHANGE: stored in Delta logs (field metadata).
constexpr std::string_view kTypeChangesKey = "delta.typeChanges";
constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD, Spark's tie-breaker.

const Field* FindField(const std::vector<Field>& fields, std::string_view name) {
  for (const Field& f : fields) {
    if (f.name == name) return &f;
  }
  for (const Field& f : fields) {
    if (f.name.size() == name.size() &&
        strncasecmp(f.name.data(), name.data(), name.size()) == 0) {
      return &f;
    }
  }
  return nullptr;
}

std::string PathText(const ColumnPath& path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out.push_back('.');
    out += path[i];
  }
  return out;
}

int64_t CodePoints(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
  return r;
}

}  // namespace

// What is known about one column's values in the current file.
struct DataSkipping::Bounds {
  bool may_null = true;     // Some row may be null.
  bool may_nonnull = true;  // Some row may hold a value.
  std::optional<Scalar> lo;  // Every value is >= lo.
  std::optional<Scalar> hi;  // Every value is <= hi, or (hi_is_prefix) below hi + anything.
  bool hi_is_prefix = false;

  void Reset() {
    may_null = may_nonnull = true;
    lo.reset();
    hi.reset();
    hi_is_prefix = false;
  }
};

struct DataSkipping::Column {
  ColumnPath logical;
  TypePtr type;
  bool is_partition = false;
  std::string partition_key;      // Physical name: the partitionValues key.
  std::string partition_key_alt;  // Logical name, tried when the physical one is missing.
  int stats_index = -1;
  bool widened_from_float = false;
  // Raw partition value -> parsed value (nullopt: it did not parse).
  std::unordered_map<std::string, std::optional<Scalar>> partition_cache;
};

struct DataSkipping::Node {
  Predicate::Kind kind = Predicate::Kind::kAlwaysTrue;
  Predicate::Op op = Predicate::Op::kEq;
  int column = -1;
  std::vector<Scalar> values;
  int left = -1;
  int right = -1;
};

DataSkipping::DataSkipping() = default;
DataSkipping::DataSkipping(DataSkipping&&) noexcept = default;
DataSkipping& DataSkipping::operator=(DataSkipping&&) noexcept = default;
DataSkipping::~DataSkipping() = default;

namespace {

struct BuildContext {
  const columnar::Schema& schema;
  const std::vector<std::string>& partition_columns;
  ColumnMappingMode mode;
  std::vector<StatsColumn> stats_columns;
};

}  // namespace

Result<DataSkipping> DataSkipping::Make(const Predicate& predicate,
                                        const columnar::Schema& logical_schema,
                                        const std::vector<std::string>& partition_columns,
                                        ColumnMappingMode mode) {
  DataSkipping ds;
  BuildContext ctx{logical_schema, partition_columns, mode, {}};

  // Resolves a logical path to a column index, adding the column on first use.
  auto resolve = [&](const ColumnPath& path) -> Result<int> {
    if (path.empty()) return Status::InvalidArgument("Cannot use predicate column: empty path");
    const std::vector<Field>* fields = &ctx.schema.fields();
    ColumnPath canonical, physical;
    const Field* field = nullptr;
    for (size_t i = 0; i < path.size(); ++i) {
      if (fields == nullptr) {
        return Status::InvalidArgument("Cannot use predicate column ", PathText(path),
                                       ": not a struct: ", PathText(canonical));
      }
      field = FindField(*fields, path[i]);
      if (field == nullptr) {
        return Status::InvalidArgument("Cannot use predicate column ", PathText(path),
                                       ": no such column in the table schema");
      }
      canonical.push_back(field->name);
      physical.push_back(PhysicalName(*field, ctx.mode));
      fields = field->type->id() == TypeId::kStruct && !field->type->is_variant()
                   ? &field->type->children()
                   : nullptr;
    }
    for (size_t c = 0; c < ds.columns_.size(); ++c) {
      if (ds.columns_[c].logical == canonical) return static_cast<int>(c);
    }
    Column col;
    col.logical = canonical;
    col.type = field->type;
    if (canonical.size() == 1) {
      for (const std::string& p : ctx.partition_columns) {
        if (p.size() == canonical[0].size() &&
            strncasecmp(p.data(), canonical[0].data(), p.size()) == 0) {
          col.is_partition = true;
        }
      }
    }
    if (col.is_partition) {
      col.partition_key = physical[0];
      col.partition_key_alt = canonical[0];
      ds.uses_partition_values_ = true;
    } else {
      col.stats_index = static_cast<int>(ctx.stats_columns.size());
      ctx.stats_columns.push_back({physical, field->type});
      col.widened_from_float = field->type->id() == TypeId::kFloat64 &&
                               field->FindMetadata(kTypeChangesKey) != nullptr;
      ds.uses_stats_ = true;
    }
    ds.columns_.push_back(std::move(col));
    return static_cast<int>(ds.columns_.size() - 1);
  };

  auto coerce = [&](const Scalar& v, int column) -> Result<Scalar> {
    const Column& col = ds.columns_[column];
    Result<Scalar> r = CoerceLiteral(v, col.type);
    if (!r.ok()) {
      return Status::InvalidArgument("Cannot use predicate column ", PathText(col.logical), ": ",
                                     r.status().message());
    }
    return std::move(r).value();
  };

  // Post-order: children first, so evaluation can index them directly.
  std::function<Result<int>(const Predicate&, int)> add = [&](const Predicate& p,
                                                              int depth) -> Result<int> {
    if (depth > kMaxDepth) {
      return Status::InvalidArgument("Predicate nested deeper than ", kMaxDepth, " levels");
    }
    Node node;
    node.kind = p.kind();
    switch (p.kind()) {
      case Predicate::Kind::kAlwaysTrue:
        break;
      case Predicate::Kind::kAnd:
      case Predicate::Kind::kOr: {
        LAKEML_ASSIGN_OR_RETURN(node.left, add(p.left(), depth + 1));
        LAKEML_ASSIGN_OR_RETURN(node.right, add(p.right(), depth + 1));
        break;
      }
      case Predicate::Kind::kNot: {
        LAKEML_ASSIGN_OR_RETURN(node.left, add(p.left(), depth + 1));
        break;
      }
      case Predicate::Kind::kIsNull:
      case Predicate::Kind::kIsNotNull: {
        LAKEML_ASSIGN_OR_RETURN(node.column, resolve(p.column()));
        break;
      }
      case Predicate::Kind::kCompare:
      case Predicate::Kind::kIn: {
        LAKEML_ASSIGN_OR_RETURN(node.column, resolve(p.column()));
        node.op = p.op();
        for (const Scalar& v : p.values()) {
          LAKEML_ASSIGN_OR_RETURN(Scalar typed, coerce(v, node.column));
          node.values.push_back(std::move(typed));
        }
        break;
      }
    }
    ds.nodes_.push_back(std::move(node));
    return static_cast<int>(ds.nodes_.size() - 1);
  };

  LAKEML_ASSIGN_OR_RETURN(ds.root_, add(predicate, 0));
  ds.stats_parser_ = std::make_unique<FileStatsParser>(std::move(ctx.stats_columns));
  ds.bounds_.resize(ds.columns_.size());
  ds.bounds_state_.assign(ds.columns_.size(), 0);
  return ds;
}

bool DataSkipping::FileMayMatch(const AddFile& add) {
  ++counters_.files_considered;
  file_ = &add;
  stats_loaded_ = false;
  std::fill(bounds_state_.begin(), bounds_state_.end(), 0);
  bool keep = true;
  // Partition values first: exact and cheap, and they attribute the pruning. A predicate
  // without columns (NOT TRUE) is decided here too.
  if ((uses_partition_values_ || !uses_stats_) && !May(root_, true, /*partitions_only=*/true)) {
    ++counters_.files_pruned_by_partition;
    keep = false;
  } else if (uses_stats_ && !May(root_, true, /*partitions_only=*/false)) {
    ++counters_.files_skipped_by_stats;
    keep = false;
  }
  file_ = nullptr;
  return keep;
}

bool DataSkipping::May(int n, bool want, bool partitions_only) {
  const Node& node = nodes_[n];
  switch (node.kind) {
    case Predicate::Kind::kAlwaysTrue:
      return want;
    case Predicate::Kind::kAnd:
      // TRUE needs both TRUE (in one row: checking each is weaker, hence safe); FALSE needs
      // either FALSE.
      return want ? May(node.left, true, partitions_only) && May(node.right, true, partitions_only)
                  : May(node.left, false, partitions_only) ||
                        May(node.right, false, partitions_only);
    case Predicate::Kind::kOr:
      return want ? May(node.left, true, partitions_only) || May(node.right, true, partitions_only)
                  : May(node.left, false, partitions_only) &&
                        May(node.right, false, partitions_only);
    case Predicate::Kind::kNot:
      // NOT maps TRUE to FALSE and back; NULL stays NULL, which neither question counts.
      return May(node.left, !want, partitions_only);
    case Predicate::Kind::kIsNull: {
      const Bounds& b = ColumnBounds(node.column, partitions_only);
      return want ? b.may_null : b.may_nonnull;
    }
    case Predicate::Kind::kIsNotNull: {
      const Bounds& b = ColumnBounds(node.column, partitions_only);
      return want ? b.may_nonnull : b.may_null;
    }
    case Predicate::Kind::kCompare: {
      const Scalar& v = node.values[0];
      if (v.is_null) return false;  // Comparing with NULL is NULL in every row.
      const Bounds& b = ColumnBounds(node.column, partitions_only);
      if (!b.may_nonnull) return false;  // Null rows compare as NULL.
      // A non-null comparison is FALSE exactly when the negated one is TRUE.
      return MayCompare(b, want ? node.op : Predicate::Negate(node.op), v);
    }
    case Predicate::Kind::kIn: {
      const Bounds& b = ColumnBounds(node.column, partitions_only);
      if (!b.may_nonnull) return false;
      if (want) {
        for (const Scalar& v : node.values) {
          if (!v.is_null && MayCompare(b, Predicate::Op::kEq, v)) return true;
        }
        return false;
      }
      // FALSE needs a value equal to none of the list, and no NULL in it (x IN (1, NULL) is
      // TRUE or NULL, never FALSE). Without that, only a file whose values all equal one
      // listed value is certainly never FALSE.
      if (node.values.empty()) return true;
      for (const Scalar& v : node.values) {
        if (v.is_null) return false;
      }
      if (b.lo && b.hi && !b.hi_is_prefix && b.lo->Compare(*b.hi) == 0) {
        for (const Scalar& v : node.values) {
          if (b.lo->Compare(v) == 0) return false;
        }
      }
      return true;
    }
  }
  return true;
}

bool DataSkipping::MayCompare(const Bounds& b, Predicate::Op op, const Scalar& v) const {
  // Is some value <= / < hi? With a prefix bound P, every value is below P + anything, so a
  // value can reach v unless v's first |P| bytes already exceed P.
  auto hi_reaches = [&](bool strict) {
    if (!b.hi) return true;
    if (b.hi_is_prefix) {
      return std::string_view(v.bytes).substr(0, b.hi->bytes.size()).compare(b.hi->bytes) <= 0;
    }
    const int c = b.hi->Compare(v);
    return strict ? c > 0 : c >= 0;
  };
  auto lo_reaches = [&](bool strict) {
    if (!b.lo) return true;
    const int c = b.lo->Compare(v);
    return strict ? c < 0 : c <= 0;
  };
  switch (op) {
    case Predicate::Op::kEq:
      return lo_reaches(false) && hi_reaches(false);
    case Predicate::Op::kNe:
      // FALSE for every row only if every value equals v: lo == hi == v.
      return !(b.lo && b.hi && !b.hi_is_prefix && b.lo->Compare(v) == 0 &&
               b.hi->Compare(v) == 0);
    case Predicate::Op::kLt:
      return lo_reaches(true);
    case Predicate::Op::kLe:
      return lo_reaches(false);
    case Predicate::Op::kGt:
      return hi_reaches(true);
    case Predicate::Op::kGe:
      return hi_reaches(false);
  }
  return true;
}

const DataSkipping::Bounds& DataSkipping::ColumnBounds(int c, bool partitions_only) {
  static const Bounds kUnknown;
  const Column& col = columns_[c];
  if (col.is_partition) {
    if (bounds_state_[c] == 0) {
      LoadPartitionBounds(c, &bounds_[c]);
      bounds_state_[c] = 1;
    }
    return bounds_[c];
  }
  if (partitions_only) return kUnknown;
  if (bounds_state_[c] != 2) {
    LoadStatsBounds(c, &bounds_[c]);
    bounds_state_[c] = 2;
  }
  return bounds_[c];
}

void DataSkipping::LoadPartitionBounds(int c, Bounds* b) {
  b->Reset();
  Column& col = columns_[c];
  auto it = file_->partition_values.find(col.partition_key);
  if (it == file_->partition_values.end()) it = file_->partition_values.find(col.partition_key_alt);
  if (it == file_->partition_values.end()) return;  // Unknown: keep the file.
  // "An empty string for any type translates to a null partition value."
  if (!it->second || it->second->empty()) {
    b->may_nonnull = false;
    return;
  }
  auto cached = col.partition_cache.find(*it->second);
  if (cached == col.partition_cache.end()) {
    if (col.partition_cache.size() >= kMaxCachedPartitionValues) col.partition_cache.clear();
    Result<Scalar> parsed = ParsePartitionValue(it->second, col.type);
    std::optional<Scalar> value;
    if (parsed.ok()) value = std::move(parsed).value();
    cached = col.partition_cache.emplace(*it->second, std::move(value)).first;
  }
  if (!cached->second) return;  // Does not parse: unknown.
  const Scalar& v = *cached->second;
  if (v.is_null) {
    b->may_nonnull = false;
    return;
  }
  // Every row holds exactly v.
  b->may_null = false;
  b->lo = v;
  b->hi = v;
}

bool DataSkipping::EnsureStats() {
  if (!stats_loaded_) {
    stats_loaded_ = true;
    stats_ok_ = false;
    if (!file_->stats) {
      ++counters_.files_without_stats;
    } else {
      Status st = stats_parser_->Parse(*file_->stats, &stats_);
      if (st.ok()) {
        stats_ok_ = true;
      } else {
        ++counters_.files_with_bad_stats;
        last_stats_error_ = st.WithContext("Ignoring the statistics of ", file_->path);
      }
    }
  }
  return stats_ok_;
}

void DataSkipping::LoadStatsBounds(int c, Bounds* b) {
  b->Reset();
  const Column& col = columns_[c];
  if (col.stats_index < 0 || !EnsureStats()) return;
  const std::optional<int64_t> num_records = stats_.num_records();
  const ColumnStats& cs = stats_.column(col.stats_index);
  if (num_records && *num_records == 0) {
    b->may_null = b->may_nonnull = false;  // No rows at all.
    return;
  }
  // Wide bounds keep exactly these two cases meaningful: "If the nullCount for a column equals
  // the physical number of records then all valid rows for this column must have null
  // values", "If the nullCount for a column equals 0 then all valid rows are non-null".
  if (cs.null_count) {
    if (*cs.null_count == 0) b->may_null = false;
    if (num_records && *cs.null_count == *num_records) b->may_nonnull = false;
  }
  if (!b->may_nonnull) return;
  b->lo = cs.min;
  b->hi = cs.max;
  const TypeId id = col.type->id();
  if (id == TypeId::kTimestamp) {
    // "Timestamp columns are truncated down to milliseconds."
    const int64_t slack = std::max<int64_t>(TicksPerSecond(col.type->unit()) / 1000 - 1, 0);
    if (b->lo) b->lo->i = SaturatingAdd(b->lo->i, -slack);
    if (b->hi) b->hi->i = SaturatingAdd(b->hi->i, slack);
  } else if (id == TypeId::kString && b->hi) {
    std::string& hi = b->hi->bytes;
    const bool tie_breaker =
        hi.size() >= kReplacementChar.size() &&
        hi.compare(hi.size() - kReplacementChar.size(), kReplacementChar.size(),
                   kReplacementChar) == 0;
    if (tie_breaker) {
      // Spark appends U+FFFD after a cut; it compares characters as UTF-16 units, so a cut
      // before a supplementary character (UTF-8 F0.., above U+FFFD) is not bounded by it, and
      // a cut inside a surrogate pair leaves a '?'. Keep only the prefix before them.
      hi.resize(hi.size() - kReplacementChar.size());
      if (!hi.empty() && hi.back() == '?') hi.pop_back();
      b->hi_is_prefix = true;
    } else if (CodePoints(hi) >= kStringPrefixLength) {
      b->hi_is_prefix = true;  // Maybe cut without a tie-breaker.
    }
  } else if (col.widened_from_float) {
    // Stats written while the column was a float hold the float's shortest text, which as a
    // double may lie just beside the widened value.
    if (b->lo && !std::isnan(b->lo->d)) {
      b->lo->d = std::min(b->lo->d, static_cast<double>(static_cast<float>(b->lo->d)));
    }
    if (b->hi && !std::isnan(b->hi->d)) {
      b->hi->d = std::max(b->hi->d, static_cast<double>(static_cast<float>(b->hi->d)));
    }
  }
}

}  // namespace lakeml::delta
