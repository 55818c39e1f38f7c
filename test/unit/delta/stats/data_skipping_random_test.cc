// DataSkipping never prunes a file that holds a matching row: random tables (several files of
// random rows, partition values including nulls, stats from StatsCollector, some files with
// no or broken stats) and random predicates, with each file's verdict checked against a
// brute-force, row-by-row evaluation in SQL three-valued logic.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "delta/stats/data_skipping.h"
#include "delta/stats/stats_collector.h"
#include "test_vectors.h"

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::Scalar;
using columnar::Schema;
using columnar::TimeUnit;
using columnar::TypeId;
using columnar::TypePtr;

enum class Tri { kFalse, kTrue, kNull };

// The columns, in row order: two partition columns then the data leaves.
struct Columns {
  TypePtr p = DataType::Primitive(TypeId::kInt32);
  TypePtr q = DataType::String();
  TypePtr a = DataType::Primitive(TypeId::kInt64);
  TypePtr s = DataType::String();
  TypePtr t = DataType::Timestamp(TimeUnit::kMicro, true);
  TypePtr f = DataType::Primitive(TypeId::kFloat64);
  TypePtr d = DataType::Decimal(10, 2);
  TypePtr x = DataType::Primitive(TypeId::kInt32);
  TypePtr n = DataType::Struct({Field{"x", DataType::Primitive(TypeId::kInt32)}});

  std::vector<ColumnPath> paths = {{"p"}, {"q"}, {"a"}, {"s"}, {"t"}, {"f"}, {"d"}, {"n", "x"}};
  std::vector<TypePtr> types = {p, q, a, s, t, f, d, x};

  Schema TableSchema() const {
    return Schema({Field{"p", p}, Field{"q", q}, Field{"a", a}, Field{"s", s}, Field{"t", t},
                   Field{"f", f}, Field{"d", d}, Field{"n", n}});
  }
  Schema DataSchema() const {
    return Schema({Field{"a", a}, Field{"s", s}, Field{"t", t}, Field{"f", f}, Field{"d", d},
                   Field{"n", n}});
  }
};

// Spark's max for a string column, cut the way its truncateMaxStringAgg does it on Java
// strings: 32 UTF-16 units, then units >= U+FFFD, then U+FFFD; a surrogate pair split by the
// cut leaves a lone half, which Java encodes to UTF-8 as '?'.
std::string SparkCutMax(const std::string& utf8) {
  std::u16string units;
  for (size_t i = 0; i < utf8.size();) {
    const unsigned char c = utf8[i];
    const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) cp = cp << 6 | (utf8[i + k] & 0x3F);
    i += len;
    if (cp >= 0x10000) {
      units.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      units.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      units.push_back(static_cast<char16_t>(cp));
    }
  }
  if (units.size() <= 32) return utf8;
  std::u16string cut = units.substr(0, 32);
  for (size_t i = 32; i < units.size() && units[i] >= 0xFFFD; ++i) cut.push_back(units[i]);
  cut.push_back(0xFFFD);
  std::string out;
  for (size_t i = 0; i < cut.size(); ++i) {
    uint32_t cp = cut[i];
    if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < cut.size() && cut[i + 1] >= 0xDC00 &&
        cut[i + 1] < 0xE000) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (cut[++i] - 0xDC00);
    } else if (cp >= 0xD800 && cp < 0xE000) {
      out.push_back('?');
      continue;
    }
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | cp >> 6));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | cp >> 12));
      out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | cp >> 18));
      out.push_back(static_cast<char>(0x80 | (cp >> 12 & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

using Row = std::vector<Scalar>;  // One scalar per Columns::paths entry (null scalars for nulls).

struct TestFile {
  AddFile add;
  std::vector<Row> rows;
};

class RandomTable {
 public:
  explicit RandomTable(uint64_t seed) : rng_(seed) {}

  std::vector<TestFile> MakeFiles(int count) {
    std::vector<TestFile> files;
    for (int i = 0; i < count; ++i) files.push_back(MakeFile(i));
    return files;
  }

  // A random value of column `c` (never null), drawn from small domains so that predicates hit.
  Scalar RandomValue(size_t c) {
    const TypePtr& type = cols_.types[c];
    switch (c) {
      case 0:
        return Scalar::Int(type, Pick(-2, 3));
      case 1:
        return Scalar::Bytes(type, PickOf<std::string>({"x", "y", "a b/%20", "\xC3\xA9"}));
      case 2:
        return Scalar::Int(type, Pick(-5, 5));
      case 3:
        return Scalar::Bytes(type, RandomString());
      case 4:
        // Around a few milliseconds, with sub-millisecond parts that stats truncate.
        return Scalar::Int(type, Pick(-3, 3) * 1000 + PickOf<int64_t>({0, 1, 500, 999}));
      case 5:
        return Scalar::Double(type, PickOf<double>({-1.5, -0.0, 0.0, 2.25, 1e300,
                                                    std::numeric_limits<double>::infinity(),
                                                    -std::numeric_limits<double>::infinity(),
                                                    std::numeric_limits<double>::quiet_NaN()}));
      case 6:
        return Scalar::Decimal(type, Pick(-300, 300));
      default:
        return Scalar::Int(type, Pick(-3, 3));
    }
  }

  std::string RandomString() {
    static const char* kPieces[] = {"a", "b", "z", "\xC3\xA9", "\xEF\xBF\xBD", "\xEF\xBF\xBF",
                                    "\xF0\x9F\x98\x80", "?"};
    std::string s;
    // Mostly short, sometimes past Spark's 32-character cut with a shared 30-character stem.
    if (rng_() % 3 == 0) s = std::string(29 + rng_() % 4, 'm');
    const int n = Pick(0, 5);
    for (int i = 0; i < n; ++i) s += kPieces[rng_() % 8];
    return s;
  }

  int64_t Pick(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng_() % static_cast<uint64_t>(hi - lo + 1));
  }
  template <typename T>
  T PickOf(std::initializer_list<T> values) {
    return *(values.begin() + rng_() % values.size());
  }
  std::mt19937_64& rng() { return rng_; }
  const Columns& columns() const { return cols_; }

 private:
  TestFile MakeFile(int index) {
    TestFile file;
    file.add.path = "file-" + std::to_string(index) + ".parquet";
    // Partition values: sometimes null (JSON null or the empty string).
    Scalar p = rng_() % 5 == 0 ? Scalar::Null(cols_.p) : RandomValue(0);
    Scalar q = RandomValue(1);
    const int q_null = rng_() % 5;
    if (q_null == 0) q = Scalar::Null(cols_.q);
    file.add.partition_values["p"] =
        p.is_null ? std::nullopt : std::optional<std::string>(std::to_string(p.i));
    file.add.partition_values["q"] =
        q.is_null ? (q_null % 2 ? std::optional<std::string>("") : std::nullopt)
                  : std::optional<std::string>(q.bytes);

    const int rows = static_cast<int>(Pick(0, 12));
    // Per column: all null, no nulls, or mixed.
    std::vector<int> null_mode(cols_.types.size());
    for (int& m : null_mode) m = static_cast<int>(rng_() % 4);
    std::vector<bool> struct_null(rows);
    for (int r = 0; r < rows; ++r) {
      Row row(cols_.types.size());
      row[0] = p;
      row[1] = q;
      struct_null[r] = rng_() % 6 == 0;
      for (size_t c = 2; c < row.size(); ++c) {
        const bool null = null_mode[c] == 0 || (null_mode[c] == 1 && rng_() % 3 == 0);
        row[c] = null ? Scalar::Null(cols_.types[c]) : RandomValue(c);
      }
      file.rows.push_back(std::move(row));
    }
    // Columns of the data file.
    std::vector<std::optional<int64_t>> a, t;
    std::vector<std::optional<std::string>> s;
    std::vector<std::optional<double>> f;
    std::vector<std::optional<__int128>> d;
    std::vector<std::optional<int32_t>> x;
    for (int r = 0; r < rows; ++r) {
      Row& row = file.rows[r];
      auto opt = [&](size_t c) { return !row[c].is_null; };
      a.push_back(opt(2) ? std::optional(row[2].i) : std::nullopt);
      s.push_back(opt(3) ? std::optional(row[3].bytes) : std::nullopt);
      t.push_back(opt(4) ? std::optional(row[4].i) : std::nullopt);
      f.push_back(opt(5) ? std::optional(row[5].d) : std::nullopt);
      d.push_back(opt(6) ? std::optional(row[6].dec) : std::nullopt);
      // Under a null struct the child holds garbage; the row's n.x is null.
      x.push_back(opt(7) ? std::optional(static_cast<int32_t>(row[7].i)) : std::nullopt);
      if (struct_null[r]) {
        x.back() = 77;
        row[7] = Scalar::Null(cols_.x);
      }
    }
    auto schema = std::make_shared<Schema>(cols_.DataSchema());
    auto batch = stats_testing::MakeBatch(
        schema, {stats_testing::Fixed<int64_t>(cols_.a, a), stats_testing::Strings(s),
                 stats_testing::Fixed<int64_t>(cols_.t, t), stats_testing::Fixed<double>(cols_.f, f),
                 stats_testing::Fixed<__int128>(cols_.d, d),
                 stats_testing::Struct(cols_.n, {stats_testing::Fixed<int32_t>(cols_.x, x)}, struct_null)});
    StatsOptions options;
    options.write_tight_bounds = rng_() % 2 == 0;
    if (rng_() % 8 == 0) options.num_indexed_cols = static_cast<int>(Pick(0, 6));
    StatsCollector collector(*schema, options);
    collector.Update(*batch);
    std::string stats = collector.ToJson();
    if (rng_() % 2 == 0) {
      // As Spark would have written the max of s.
      nlohmann::json j = nlohmann::json::parse(stats);
      std::optional<std::string> max;
      for (const Row& row : file.rows) {
        if (!row[3].is_null && (!max || row[3].bytes > *max)) max = row[3].bytes;
      }
      if (max && j.contains("maxValues") && j["maxValues"].contains("s")) {
        j["maxValues"]["s"] = SparkCutMax(*max);
        stats = j.dump();
      }
    }
    switch (rng_() % 12) {
      case 0:
        file.add.stats.reset();  // No stats.
        break;
      case 1:
        stats.resize(stats.size() / 2);  // Broken stats.
        file.add.stats = stats;
        break;
      default:
        file.add.stats = stats;
    }
    return file;
  }

  std::mt19937_64 rng_;
  Columns cols_;
};

Tri Eval(const Predicate& p, const Row& row, const Columns& cols) {
  auto column = [&](const ColumnPath& path) {
    for (size_t c = 0; c < cols.paths.size(); ++c) {
      if (cols.paths[c] == path) return c;
    }
    return cols.paths.size();
  };
  switch (p.kind()) {
    case Predicate::Kind::kAlwaysTrue:
      return Tri::kTrue;
    case Predicate::Kind::kIsNull:
      return row[column(p.column())].is_null ? Tri::kTrue : Tri::kFalse;
    case Predicate::Kind::kIsNotNull:
      return row[column(p.column())].is_null ? Tri::kFalse : Tri::kTrue;
    case Predicate::Kind::kCompare: {
      const Scalar& v = row[column(p.column())];
      if (v.is_null || p.value().is_null) return Tri::kNull;
      const int c = v.Compare(p.value());
      bool r = false;
      switch (p.op()) {
        case Predicate::Op::kEq:
          r = c == 0;
          break;
        case Predicate::Op::kNe:
          r = c != 0;
          break;
        case Predicate::Op::kLt:
          r = c < 0;
          break;
        case Predicate::Op::kLe:
          r = c <= 0;
          break;
        case Predicate::Op::kGt:
          r = c > 0;
          break;
        case Predicate::Op::kGe:
          r = c >= 0;
          break;
      }
      return r ? Tri::kTrue : Tri::kFalse;
    }
    case Predicate::Kind::kIn: {
      const Scalar& v = row[column(p.column())];
      if (v.is_null) return Tri::kNull;
      bool saw_null = false;
      for (const Scalar& x : p.values()) {
        if (x.is_null) {
          saw_null = true;
        } else if (v.Compare(x) == 0) {
          return Tri::kTrue;
        }
      }
      return saw_null ? Tri::kNull : Tri::kFalse;
    }
    case Predicate::Kind::kNot: {
      const Tri t = Eval(p.left(), row, cols);
      return t == Tri::kNull ? Tri::kNull : (t == Tri::kTrue ? Tri::kFalse : Tri::kTrue);
    }
    case Predicate::Kind::kAnd: {
      const Tri l = Eval(p.left(), row, cols), r = Eval(p.right(), row, cols);
      if (l == Tri::kFalse || r == Tri::kFalse) return Tri::kFalse;
      return l == Tri::kTrue && r == Tri::kTrue ? Tri::kTrue : Tri::kNull;
    }
    case Predicate::Kind::kOr: {
      const Tri l = Eval(p.left(), row, cols), r = Eval(p.right(), row, cols);
      if (l == Tri::kTrue || r == Tri::kTrue) return Tri::kTrue;
      return l == Tri::kFalse && r == Tri::kFalse ? Tri::kFalse : Tri::kNull;
    }
  }
  return Tri::kNull;
}

// A literal for column c: a value near one the table holds, or a random one, or null.
Scalar RandomLiteral(RandomTable& table, const std::vector<TestFile>& files, size_t c) {
  auto& rng = table.rng();
  const TypePtr& type = table.columns().types[c];
  if (rng() % 15 == 0) return Scalar::Null(type);
  Scalar v = table.RandomValue(c);
  // Prefer a value from the data.
  const TestFile& f = files[rng() % files.size()];
  if (!f.rows.empty() && rng() % 3 != 0) {
    const Scalar& seen = f.rows[rng() % f.rows.size()][c];
    if (!seen.is_null) v = seen;
  }
  // Nudge it: +-1 tick, or a prefix/extension of a string.
  switch (rng() % 4) {
    case 0:
      if (type->id() == TypeId::kString) {
        v.bytes += "a";
      } else if (type->id() == TypeId::kDecimal) {
        v.dec += 1;
      } else if (type->id() != TypeId::kFloat64) {
        v.i += 1;
      }
      break;
    case 1:
      if (type->id() == TypeId::kString) {
        v.bytes.resize(v.bytes.size() / 2);
      } else if (type->id() == TypeId::kDecimal) {
        v.dec -= 1;
      } else if (type->id() != TypeId::kFloat64) {
        v.i -= 1;
      }
      break;
    default:
      break;
  }
  return v;
}

Predicate RandomPredicate(RandomTable& table, const std::vector<TestFile>& files, int depth) {
  auto& rng = table.rng();
  const Columns& cols = table.columns();
  const int choice = depth >= 4 ? static_cast<int>(rng() % 4) : static_cast<int>(rng() % 8);
  const size_t c = rng() % cols.paths.size();
  switch (choice) {
    case 0:
    case 1: {
      const auto op = static_cast<Predicate::Op>(rng() % 6);
      return Predicate::Compare(cols.paths[c], op, RandomLiteral(table, files, c));
    }
    case 2: {
      std::vector<Scalar> list;
      const int n = 1 + static_cast<int>(rng() % 3);
      for (int i = 0; i < n; ++i) list.push_back(RandomLiteral(table, files, c));
      return Predicate::In(cols.paths[c], std::move(list));
    }
    case 3:
      if (rng() % 10 == 0) return Predicate::AlwaysTrue();
      return rng() % 2 ? Predicate::IsNull(cols.paths[c]) : Predicate::IsNotNull(cols.paths[c]);
    case 4:
    case 5:
      return Predicate::And(RandomPredicate(table, files, depth + 1),
                            RandomPredicate(table, files, depth + 1));
    case 6:
      return Predicate::Or(RandomPredicate(table, files, depth + 1),
                           RandomPredicate(table, files, depth + 1));
    default:
      return Predicate::Not(RandomPredicate(table, files, depth + 1));
  }
}

TEST(DataSkippingRandomTest, NeverPrunesAFileWithAMatchingRow) {
  int64_t checks = 0, pruned = 0, pruned_by_partition = 0, skipped_by_stats = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    RandomTable table(seed);
    const std::vector<TestFile> files = table.MakeFiles(30);
    const Schema schema = table.columns().TableSchema();
    for (int i = 0; i < 250; ++i) {
      const Predicate predicate = RandomPredicate(table, files, 0);
      Result<DataSkipping> ds =
          DataSkipping::Make(predicate, schema, {"p", "q"}, ColumnMappingMode::kNone);
      ASSERT_TRUE(ds.ok()) << predicate.ToString() << ": " << ds.status().ToString();
      for (const TestFile& f : files) {
        bool matches = false;
        for (const Row& row : f.rows) {
          matches = matches || Eval(predicate, row, table.columns()) == Tri::kTrue;
        }
        const bool keep = ds->FileMayMatch(f.add);
        ++checks;
        if (!keep) ++pruned;
        ASSERT_TRUE(keep || !matches)
            << "pruned a matching file: seed " << seed << ", predicate " << predicate.ToString()
            << "\npartitions p=" << f.add.partition_values.at("p").value_or("<null>")
            << " q=" << f.add.partition_values.at("q").value_or("<null>")
            << "\nstats " << f.add.stats.value_or("<none>");
      }
      pruned_by_partition += ds->counters().files_pruned_by_partition;
      skipped_by_stats += ds->counters().files_skipped_by_stats;
    }
  }
  std::printf("[ random   ] %lld file verdicts, %lld pruned (%lld by partition, %lld by stats)\n",
              static_cast<long long>(checks), static_cast<long long>(pruned),
              static_cast<long long>(pruned_by_partition),
              static_cast<long long>(skipped_by_stats));
  // The test only means something if pruning happens a fair amount.
  EXPECT_GT(pruned_by_partition, checks / 20);
  EXPECT_GT(skipped_by_stats, checks / 20);
}

}  // namespace
}  // namespace lakeml::delta
