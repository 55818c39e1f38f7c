#include "delta/stats/predicate_evaluator.h"

#include <strings.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>
#include <utility>

#include "base/check.h"
#include "base/half_float.h"
#include "base/str_cat.h"
#include "columnar/bitmap_scan.h"
#include "delta/stats/typed_literal.h"
#include "format/value_text/value_formatter.h"

namespace lakeml::delta {

using columnar::DataType;
using columnar::Field;
using columnar::Scalar;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;

namespace {

// How a column's values are loaded and compared.
enum class Storage : uint8_t { kInt, kUInt, kFloat, kDecimal, kBytes, kBool };

Storage StorageOf(TypeId id) {
  switch (id) {
    case TypeId::kBoolean:
      return Storage::kBool;
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64:
      return Storage::kUInt;
    case TypeId::kFloat16:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return Storage::kFloat;
    case TypeId::kDecimal:
      return Storage::kDecimal;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kFixedSizeBinary:
      return Storage::kBytes;
    default:
      return Storage::kInt;  // Signed ints, dates, timestamps.
  }
}

// Three-way comparisons (-1, 0, 1) as function objects, so that the typed loops inline them.
struct Cmp3 {
  template <typename T>
  int operator()(const T& a, const T& b) const {
    return (b < a) - (a < b);
  }
};

// Spark's order: NaN above everything and equal to itself; -0.0 == 0.0.
struct CmpDouble {
  int operator()(double a, double b) const {
    const bool na = std::isnan(a), nb = std::isnan(b);
    if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
    return (b < a) - (a < b);
  }
};

struct CmpBytes {
  int operator()(std::string_view a, std::string_view b) const {
    const int c = a.compare(b);  // char_traits<char>: unsigned-byte order.
    return (c > 0) - (c < 0);
  }
};

// Bit (c + 1) of the mask says whether the operator holds when compare(value, literal) == c.
uint8_t OpMask(Predicate::Op op) {
  switch (op) {
    case Predicate::Op::kEq:
      return 0b010;
    case Predicate::Op::kNe:
      return 0b101;
    case Predicate::Op::kLt:
      return 0b001;
    case Predicate::Op::kLe:
      return 0b011;
    case Predicate::Op::kGt:
      return 0b100;
    case Predicate::Op::kGe:
      return 0b110;
  }
  return 0;
}

uint64_t TailMask(int64_t num_rows, size_t word) {
  const int64_t remaining = num_rows - static_cast<int64_t>(word) * 64;
  if (remaining >= 64) return ~uint64_t{0};
  return remaining <= 0 ? 0 : (uint64_t{1} << remaining) - 1;
}

// out[w] bit i = test(get(64 w + i)) for rows below n; 0 past n.
template <typename Get, typename Test>
void FillBits(int64_t n, const Get& get, const Test& test, uint64_t* out) {
  size_t w = 0;
  for (int64_t base = 0; base < n; base += 64, ++w) {
    const int64_t end = std::min(n, base + 64);
    uint64_t word = 0;
    for (int64_t i = base; i < end; ++i) {
      word |= static_cast<uint64_t>(test(get(i))) << (i - base);
    }
    out[w] = word;
  }
}

// Rows whose value satisfies `op literal` (lits.size() == 1) or is in the sorted `lits`.
template <typename V, typename Get, typename CmpFn>
void MatchRows(int64_t n, const Get& get, const CmpFn& cmp, const std::vector<V>& lits,
               bool is_in, uint8_t mask, uint64_t* out) {
  if (!is_in) {
    const V lit = lits[0];
    FillBits(
        n, get, [&](const V& v) { return (mask >> (cmp(v, lit) + 1)) & 1; }, out);
    return;
  }
  FillBits(
      n, get,
      [&](const V& v) {
        auto it = std::lower_bound(lits.begin(), lits.end(), v,
                                   [&](const V& a, const V& b) { return cmp(a, b) < 0; });
        return it != lits.end() && cmp(*it, v) == 0;
      },
      out);
}

const Field* FindField(const std::vector<Field>& fields, std::string_view name, int* index) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) {
      *index = static_cast<int>(i);
      return &fields[i];
    }
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name.size() == name.size() &&
        strncasecmp(fields[i].name.data(), name.data(), name.size()) == 0) {
      *index = static_cast<int>(i);
      return &fields[i];
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

}  // namespace

int64_t RowTruth::CountTrue() const {
  int64_t n = 0;
  for (uint64_t w : true_bits) n += __builtin_popcountll(w);
  return n;
}

int64_t RowTruth::FirstNotTrue() const {
  for (size_t w = 0; w < true_bits.size(); ++w) {
    const uint64_t missing = ~true_bits[w] & TailMask(num_rows, w);
    if (missing != 0) return static_cast<int64_t>(w) * 64 + __builtin_ctzll(missing);
  }
  return -1;
}

struct PredicateEvaluator::Column {
  ColumnPath path;          // Resolved names.
  std::vector<int> index;   // Top-level column, then the struct child at each level.
  TypePtr type;             // Of the leaf.
};

struct PredicateEvaluator::Node {
  Predicate::Kind kind = Predicate::Kind::kAlwaysTrue;
  Predicate::Op op = Predicate::Op::kEq;
  int column = -1;
  std::vector<int> children;  // kAnd / kOr: two or more; kNot: one.
  Storage storage = Storage::kInt;
  bool null_literal = false;  // kCompare with NULL; kIn with a NULL in the list.
  // The non-null literals in the column's type (kIn: sorted, without duplicates).
  std::vector<int64_t> ints;  // kInt, kBool (0/1)
  std::vector<uint64_t> uints;
  std::vector<double> doubles;
  std::vector<__int128> decimals;
  std::vector<std::string> bytes;
};

PredicateEvaluator::PredicateEvaluator() = default;
PredicateEvaluator::PredicateEvaluator(PredicateEvaluator&&) noexcept = default;
PredicateEvaluator& PredicateEvaluator::operator=(PredicateEvaluator&&) noexcept = default;
PredicateEvaluator::~PredicateEvaluator() = default;

Result<PredicateEvaluator> PredicateEvaluator::Make(const Predicate& predicate,
                                                    const columnar::Schema& schema) {
  PredicateEvaluator e;
  e.predicate_ = predicate;
  LAKEML_ASSIGN_OR_RETURN(int root, e.Compile(predicate, schema));
  LAKEML_CHECK(root == 0);
  return e;
}

Result<int> PredicateEvaluator::ResolveColumn(const ColumnPath& path,
                                              const columnar::Schema& schema) {
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (columns_[c].path == path) return static_cast<int>(c);
  }
  if (path.empty()) return Status::InvalidArgument("Cannot evaluate predicate: empty column path");
  Column col;
  const std::vector<Field>* fields = &schema.fields();
  for (size_t i = 0; i < path.size(); ++i) {
    if (fields == nullptr) {
      return Status::InvalidArgument("Cannot evaluate predicate on column ", PathText(path),
                                     ": ", col.path.back(), " is not a struct");
    }
    int index = -1;
    const Field* f = FindField(*fields, path[i], &index);
    if (f == nullptr) {
      return Status::InvalidArgument("Cannot evaluate predicate on column ", PathText(path),
                                     ": unknown column ", path[i]);
    }
    col.path.push_back(f->name);
    col.index.push_back(index);
    col.type = f->type;
    fields = f->type->id() == TypeId::kStruct && !f->type->is_variant() ? &f->type->children()
                                                                         : nullptr;
  }
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (columns_[c].path == col.path) return static_cast<int>(c);
  }
  columns_.push_back(std::move(col));
  return static_cast<int>(columns_.size() - 1);
}

Result<int> PredicateEvaluator::Compile(const Predicate& p, const columnar::Schema& schema) {
  const int id = static_cast<int>(nodes_.size());
  nodes_.emplace_back();
  nodes_[id].kind = p.kind();
  switch (p.kind()) {
    case Predicate::Kind::kAlwaysTrue:
      return id;
    case Predicate::Kind::kAnd:
    case Predicate::Kind::kOr: {
      // Flatten chains of the same operator ("a AND b AND c ...") so that long lists of
      // conditions do not nest deeply.
      std::vector<const Predicate*> operands;
      std::vector<const Predicate*> stack = {&p.right(), &p.left()};
      while (!stack.empty()) {
        const Predicate* q = stack.back();
        stack.pop_back();
        if (q->kind() == p.kind()) {
          stack.push_back(&q->right());
          stack.push_back(&q->left());
        } else {
          operands.push_back(q);
        }
      }
      std::vector<int> children;
      for (const Predicate* q : operands) {
        LAKEML_ASSIGN_OR_RETURN(int child, Compile(*q, schema));
        children.push_back(child);
      }
      nodes_[id].children = std::move(children);
      return id;
    }
    case Predicate::Kind::kNot: {
      LAKEML_ASSIGN_OR_RETURN(int child, Compile(p.left(), schema));
      nodes_[id].children = {child};
      return id;
    }
    default:
      break;
  }
  LAKEML_ASSIGN_OR_RETURN(const int c, ResolveColumn(p.column(), schema));
  Node& node = nodes_[id];
  node.column = c;
  node.op = p.op();
  if (p.kind() == Predicate::Kind::kIsNull || p.kind() == Predicate::Kind::kIsNotNull) {
    return id;
  }
  const Column& col = columns_[c];
  if (!IsComparableType(*col.type)) {
    return Status::InvalidArgument("Cannot evaluate predicate on column ", PathText(col.path),
                                   ": cannot compare a column of type ", col.type->ToString());
  }
  node.storage = StorageOf(col.type->id());
  for (const Scalar& literal : p.values()) {
    Result<Scalar> typed = CoerceLiteral(literal, col.type);
    if (!typed.ok()) {
      return Status::InvalidArgument("Cannot evaluate predicate on column ", PathText(col.path),
                                     ": ", typed.status().message());
    }
    const Scalar& v = *typed;
    if (v.is_null) {
      node.null_literal = true;
      continue;
    }
    switch (node.storage) {
      case Storage::kInt:
        node.ints.push_back(v.i);
        break;
      case Storage::kBool:
        node.ints.push_back(v.b ? 1 : 0);
        break;
      case Storage::kUInt:
        node.uints.push_back(v.u);
        break;
      case Storage::kFloat:
        node.doubles.push_back(v.d);
        break;
      case Storage::kDecimal:
        node.decimals.push_back(v.dec);
        break;
      case Storage::kBytes:
        node.bytes.push_back(v.bytes);
        break;
    }
  }
  if (p.kind() == Predicate::Kind::kIn) {
    auto sort_unique = [](auto* v, auto cmp) {
      std::sort(v->begin(), v->end(), [&](const auto& a, const auto& b) { return cmp(a, b) < 0; });
      v->erase(std::unique(v->begin(), v->end(),
                           [&](const auto& a, const auto& b) { return cmp(a, b) == 0; }),
               v->end());
    };
    sort_unique(&node.ints, Cmp3());
    sort_unique(&node.uints, Cmp3());
    sort_unique(&node.doubles, CmpDouble());
    sort_unique(&node.decimals, Cmp3());
    sort_unique(&node.bytes, [](const std::string& a, const std::string& b) {
      return CmpBytes()(a, b);
    });
  }
  return id;
}

Result<const Vector*> PredicateEvaluator::ColumnVector(int c, const columnar::Batch& batch,
                                                       std::vector<uint64_t>* valid) const {
  const Column& col = columns_[c];
  const int64_t n = batch.num_rows();
  const size_t words = static_cast<size_t>((n + 63) / 64);
  valid->assign(words, ~uint64_t{0});
  if (words > 0) valid->back() = TailMask(n, words - 1);
  const Vector* v = nullptr;
  for (size_t level = 0; level < col.index.size(); ++level) {
    const size_t i = static_cast<size_t>(col.index[level]);
    if (level == 0) {
      v = i < batch.num_columns() ? batch.column(i).get() : nullptr;
    } else {
      v = v->type()->id() == TypeId::kStruct && i < v->children().size() ? v->child(i).get()
                                                                           : nullptr;
    }
    if (v == nullptr || v->length() < n) {
      return Status::InvalidArgument("Cannot evaluate predicate: the batch has no column ",
                                     PathText(col.path), " with ", n, " rows");
    }
    if (v->validity()) {
      const uint8_t* bits = v->validity()->data();
      for (size_t w = 0; w < words; ++w) {
        (*valid)[w] &= columnar::LoadBitWord(bits, static_cast<int64_t>(w) * 64, n);
      }
    }
  }
  if (!v->type()->Equals(*col.type)) {
    return Status::InvalidArgument("Cannot evaluate predicate: column ", PathText(col.path),
                                   " is ", v->type()->ToString(), " in the batch, expected ",
                                   col.type->ToString());
  }
  return v;
}

Status PredicateEvaluator::EvalLeaf(const Node& node, const columnar::Batch& batch, size_t words,
                                    uint64_t* t, uint64_t* f) const {
  std::vector<uint64_t> valid;
  LAKEML_ASSIGN_OR_RETURN(const Vector* v, ColumnVector(node.column, batch, &valid));
  const int64_t n = batch.num_rows();
  switch (node.kind) {
    case Predicate::Kind::kIsNull:
    case Predicate::Kind::kIsNotNull: {
      const bool want_null = node.kind == Predicate::Kind::kIsNull;
      for (size_t w = 0; w < words; ++w) {
        const uint64_t nulls = ~valid[w] & TailMask(n, w);
        t[w] = want_null ? nulls : valid[w];
        f[w] = want_null ? valid[w] : nulls;
      }
      return Status::OK();
    }
    default:
      break;
  }
  const bool is_in = node.kind == Predicate::Kind::kIn;
  if (!is_in && node.null_literal) {  // x op NULL is NULL.
    std::fill(t, t + words, 0);
    std::fill(f, f + words, 0);
    return Status::OK();
  }
  const size_t num_literals = node.ints.size() + node.uints.size() + node.doubles.size() +
                              node.decimals.size() + node.bytes.size();
  if (is_in && num_literals == 0) {
    // Only NULLs in the list: never TRUE. An empty list is FALSE even for a null value.
    std::fill(t, t + words, 0);
    for (size_t w = 0; w < words; ++w) f[w] = node.null_literal ? 0 : TailMask(n, w);
    return Status::OK();
  }
  const uint8_t mask = OpMask(node.op);
  uint64_t* m = t;  // Matches, masked by validity below.
  switch (node.storage) {
    case Storage::kInt: {
      const Cmp3 cmp;
      switch (v->type()->id()) {
        case TypeId::kInt8: {
          const int8_t* x = v->values_as<int8_t>();
          MatchRows(n, [x](int64_t i) { return int64_t{x[i]}; }, cmp, node.ints, is_in, mask, m);
          break;
        }
        case TypeId::kInt16: {
          const int16_t* x = v->values_as<int16_t>();
          MatchRows(n, [x](int64_t i) { return int64_t{x[i]}; }, cmp, node.ints, is_in, mask, m);
          break;
        }
        case TypeId::kInt32:
        case TypeId::kDate32: {
          const int32_t* x = v->values_as<int32_t>();
          MatchRows(n, [x](int64_t i) { return int64_t{x[i]}; }, cmp, node.ints, is_in, mask, m);
          break;
        }
        default: {  // kInt64, kTimestamp
          const int64_t* x = v->values_as<int64_t>();
          MatchRows(n, [x](int64_t i) { return x[i]; }, cmp, node.ints, is_in, mask, m);
          break;
        }
      }
      break;
    }
    case Storage::kBool: {
      const uint8_t* bits = v->values()->data();
      MatchRows(
          n, [bits](int64_t i) { return int64_t{bit_util::GetBit(bits, i)}; }, Cmp3(),
          node.ints, is_in, mask, m);
      break;
    }
    case Storage::kUInt: {
      const Cmp3 cmp;
      switch (v->type()->id()) {
        case TypeId::kUInt8: {
          const uint8_t* x = v->values_as<uint8_t>();
          MatchRows(n, [x](int64_t i) { return uint64_t{x[i]}; }, cmp, node.uints, is_in, mask,
                    m);
          break;
        }
        case TypeId::kUInt16: {
          const uint16_t* x = v->values_as<uint16_t>();
          MatchRows(n, [x](int64_t i) { return uint64_t{x[i]}; }, cmp, node.uints, is_in, mask,
                    m);
          break;
        }
        case TypeId::kUInt32: {
          const uint32_t* x = v->values_as<uint32_t>();
          MatchRows(n, [x](int64_t i) { return uint64_t{x[i]}; }, cmp, node.uints, is_in, mask,
                    m);
          break;
        }
        default: {
          const uint64_t* x = v->values_as<uint64_t>();
          MatchRows(n, [x](int64_t i) { return x[i]; }, cmp, node.uints, is_in, mask, m);
          break;
        }
      }
      break;
    }
    case Storage::kFloat: {
      switch (v->type()->id()) {
        case TypeId::kFloat16: {
          const uint16_t* x = v->values_as<uint16_t>();
          MatchRows(
              n, [x](int64_t i) { return static_cast<double>(HalfToFloat(x[i])); }, CmpDouble(),
              node.doubles, is_in, mask, m);
          break;
        }
        case TypeId::kFloat32: {
          const float* x = v->values_as<float>();
          MatchRows(
              n, [x](int64_t i) { return static_cast<double>(x[i]); }, CmpDouble(), node.doubles,
              is_in, mask, m);
          break;
        }
        default: {
          const double* x = v->values_as<double>();
          MatchRows(n, [x](int64_t i) { return x[i]; }, CmpDouble(), node.doubles, is_in, mask, m);
          break;
        }
      }
      break;
    }
    case Storage::kDecimal: {
      const uint8_t* x = v->values()->data();
      MatchRows(
          n,
          [x](int64_t i) {
            __int128 d;
            std::memcpy(&d, x + i * 16, 16);
            return d;
          },
          Cmp3(), node.decimals, is_in, mask, m);
      break;
    }
    case Storage::kBytes: {
      std::vector<std::string_view> lits(node.bytes.begin(), node.bytes.end());
      if (v->type()->id() == TypeId::kFixedSizeBinary) {
        MatchRows(
            n, [v](int64_t i) { return v->GetFixedView(i); }, CmpBytes(), lits, is_in, mask, m);
      } else {
        // Null slots may have any offsets in foreign data; read only valid rows.
        const uint64_t* ok = valid.data();
        MatchRows(
            n,
            [v, ok](int64_t i) {
              return (ok[i >> 6] >> (i & 63)) & 1 ? v->GetView(i) : std::string_view();
            },
            CmpBytes(), lits, is_in, mask, m);
      }
      break;
    }
  }
  // Valid rows are TRUE where they match; the rest of them are FALSE, or NULL when the IN list
  // holds a NULL (x IN (1, NULL) is NULL for x = 2).
  const bool unmatched_false = !(is_in && node.null_literal);
  for (size_t w = 0; w < words; ++w) {
    const uint64_t matched = m[w] & valid[w];
    f[w] = unmatched_false ? ~m[w] & valid[w] : 0;
    t[w] = matched;
  }
  return Status::OK();
}

Status PredicateEvaluator::EvalNode(int n, const columnar::Batch& batch, size_t words,
                                    uint64_t* t, uint64_t* f) const {
  const Node& node = nodes_[static_cast<size_t>(n)];
  switch (node.kind) {
    case Predicate::Kind::kAlwaysTrue:
      for (size_t w = 0; w < words; ++w) t[w] = TailMask(batch.num_rows(), w);
      std::fill(f, f + words, 0);
      return Status::OK();
    case Predicate::Kind::kNot:
      // NOT swaps TRUE and FALSE; NULL stays NULL.
      return EvalNode(node.children[0], batch, words, f, t);
    case Predicate::Kind::kAnd:
    case Predicate::Kind::kOr: {
      const bool is_and = node.kind == Predicate::Kind::kAnd;
      LAKEML_RETURN_IF_ERROR(EvalNode(node.children[0], batch, words, t, f));
      std::vector<uint64_t> ct(words), cf(words);
      for (size_t c = 1; c < node.children.size(); ++c) {
        LAKEML_RETURN_IF_ERROR(EvalNode(node.children[c], batch, words, ct.data(), cf.data()));
        for (size_t w = 0; w < words; ++w) {
          // AND: TRUE if both are, FALSE if either is. OR: the dual.
          if (is_and) {
            t[w] &= ct[w];
            f[w] |= cf[w];
          } else {
            t[w] |= ct[w];
            f[w] &= cf[w];
          }
        }
      }
      return Status::OK();
    }
    default:
      return EvalLeaf(node, batch, words, t, f);
  }
}

Status PredicateEvaluator::Evaluate(const columnar::Batch& batch, RowTruth* out) const {
  const size_t words = static_cast<size_t>((batch.num_rows() + 63) / 64);
  out->num_rows = batch.num_rows();
  out->true_bits.assign(words, 0);
  out->false_bits.assign(words, 0);
  return EvalNode(0, batch, words, out->true_bits.data(), out->false_bits.data());
}

std::string PredicateEvaluator::DescribeRow(const columnar::Batch& batch, int64_t row) const {
  std::string out;
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (c > 0) out += ", ";
    out += PathText(columns_[c].path);
    out += " = ";
    const Vector* v = nullptr;
    bool is_null = false;
    for (size_t level = 0; level < columns_[c].index.size(); ++level) {
      const size_t i = static_cast<size_t>(columns_[c].index[level]);
      if (level == 0) {
        v = i < batch.num_columns() ? batch.column(i).get() : nullptr;
      } else {
        v = v->type()->id() == TypeId::kStruct && i < v->children().size() ? v->child(i).get()
                                                                             : nullptr;
      }
      if (v == nullptr || row >= v->length()) break;
      is_null = is_null || v->IsNull(row);
    }
    if (v == nullptr || row >= v->length()) {
      out += "?";
    } else if (is_null) {
      out += "NULL";
    } else {
      format::ValueFormatter::AppendJson(*v, row, &out);
    }
  }
  return out;
}

}  // namespace lakeml::delta
