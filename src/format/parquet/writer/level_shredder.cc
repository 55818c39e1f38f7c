#include "format/parquet/writer/level_shredder.h"

#include <algorithm>

#include "base/bit_util.h"

namespace lakeml::parquet {

using columnar::Field;
using columnar::TypeId;
using columnar::Vector;

namespace {

// Whether the field is OPTIONAL in Parquet (see WriterSchema): void fields always are.
bool IsOptional(const Field& f) { return f.nullable || f.type->id() == TypeId::kNull; }

}  // namespace

Result<LevelShredder> LevelShredder::Make(const Field& top, std::vector<int> child_path) {
  LevelShredder s;
  const Field* f = &top;
  s.name_ = top.name;
  size_t step = 0;
  for (;;) {
    if (IsOptional(*f)) ++s.max_def_;
    const columnar::DataType& t = *f->type;
    if (!t.is_nested()) break;
    if (step >= child_path.size()) {
      return Status::InvalidArgument("Leaf path ends at a nested field: ", s.name_);
    }
    const int c = child_path[step++];
    if (c < 0 || static_cast<size_t>(c) >= t.children().size() ||
        (t.id() == TypeId::kList && c != 0)) {
      return Status::InvalidArgument("Leaf path names no child: field ", s.name_, ", child ", c);
    }
    s.nodes_.push_back({f, c});
    f = &t.children()[c];
    switch (t.id()) {
      case TypeId::kList:
        ++s.max_def_;
        ++s.max_rep_;
        s.name_ += ".list.element";
        break;
      case TypeId::kMap:
        ++s.max_def_;
        ++s.max_rep_;
        s.name_ += c == 0 ? ".key_value.key" : ".key_value.value";
        break;
      default:
        s.name_ += ".";
        s.name_ += f->name;
        break;
    }
  }
  if (step != child_path.size()) {
    return Status::InvalidArgument("Leaf path continues past a primitive field: ", s.name_);
  }
  s.nodes_.push_back({f, -1});
  return s;
}

Status LevelShredder::Shred(const Vector& column, int64_t begin, int64_t end, ShreddedLeaf* out) {
  *out = ShreddedLeaf();
  out->num_rows = end - begin;
  if (is_flat()) return ShredFlat(column, begin, end, out);
  return ShredNested(column, begin, end, out);
}

Status LevelShredder::ShredFlat(const Vector& column, int64_t begin, int64_t end,
                                ShreddedLeaf* out) {
  const int64_t n = end - begin;
  out->values = &column;
  out->num_levels = n;
  out->first_row = begin;
  const uint8_t* validity = column.validity() ? column.validity()->data() : nullptr;
  if (column.type()->id() == TypeId::kNull) {
    // A void column holds only nulls, whatever its (absent) validity bitmap says.
    def_.assign(n, int16_t{0});
    out->num_values = 0;
    out->def_levels = def_.data();
    return Status::OK();
  }
  if (max_def_ == 0) {
    if (validity != nullptr && bit_util::CountSetBits(validity, begin, n) != n) {
      return Status::InvalidArgument("Null in a non-nullable column: ", name_);
    }
    out->num_values = n;
    return Status::OK();
  }
  def_.resize(n);
  if (validity == nullptr) {
    std::fill(def_.begin(), def_.end(), int16_t{1});
    out->num_values = n;
  } else {
    int64_t valid = 0;
    for (int64_t i = 0; i < n; ++i) {
      const int16_t bit = bit_util::GetBit(validity, begin + i);
      def_[i] = bit;
      valid += bit;
    }
    out->num_values = valid;
  }
  out->def_levels = def_.data();
  return Status::OK();
}

Status LevelShredder::ShredNested(const Vector& column, int64_t begin, int64_t end,
                                  ShreddedLeaf* out) {
  const int64_t n = end - begin;
  pos_.resize(n);
  for (int64_t i = 0; i < n; ++i) pos_[i] = begin + i;
  if (max_rep_ > 0) rep_.assign(n, 0);
  const Vector* v = &column;
  int16_t d = 0;
  int16_t r = 0;
  for (size_t step = 0;; ++step) {
    const Node& node = nodes_[step];
    if (v->type()->id() == TypeId::kNull) {
      // A void column holds only nulls, whatever its (absent) validity bitmap says.
      const int64_t finished = -(static_cast<int64_t>(d) + 1);
      for (int64_t& p : pos_) {
        if (p >= 0) p = finished;
      }
    } else if (v->null_count() > 0 && v->validity()) {
      const uint8_t* validity = v->validity()->data();
      if (node.field->nullable) {
        const int64_t finished = -(static_cast<int64_t>(d) + 1);
        for (int64_t& p : pos_) {
          if (p >= 0 && !bit_util::GetBit(validity, p)) p = finished;
        }
      } else {
        for (int64_t p : pos_) {
          if (p >= 0 && !bit_util::GetBit(validity, p)) {
            return Status::InvalidArgument("Null in a non-nullable field: ", name_, ", field ",
                                           node.field->name);
          }
        }
      }
    }
    if (IsOptional(*node.field)) ++d;
    if (node.child < 0) break;
    const columnar::DataType& t = *node.field->type;
    if (t.id() == TypeId::kStruct) {
      v = v->child(node.child).get();
      continue;
    }
    // List or map: expand each live entry into its elements.
    const Vector* child = v->child(t.id() == TypeId::kList ? 0 : node.child).get();
    const int64_t* offsets = v->offsets();
    const int64_t child_len = child->length();
    const int64_t empty = -(static_cast<int64_t>(d) + 1);
    const int16_t inner_rep = static_cast<int16_t>(r + 1);
    next_pos_.clear();
    next_rep_.clear();
    for (size_t i = 0; i < pos_.size(); ++i) {
      const int64_t p = pos_[i];
      const int16_t rep = rep_[i];
      if (p < 0) {
        next_pos_.push_back(p);
        next_rep_.push_back(rep);
        continue;
      }
      const int64_t o0 = offsets[p];
      const int64_t o1 = offsets[p + 1];
      if (o0 < 0 || o1 < o0 || o1 > child_len) {
        return Status::InvalidArgument("List offsets out of range: field ", name_, ", offsets ", o0,
                                       "..", o1, ", child length ", child_len);
      }
      if (o0 == o1) {
        next_pos_.push_back(empty);
        next_rep_.push_back(rep);
        continue;
      }
      next_pos_.push_back(o0);
      next_rep_.push_back(rep);
      for (int64_t e = o0 + 1; e < o1; ++e) {
        next_pos_.push_back(e);
        next_rep_.push_back(inner_rep);
      }
    }
    pos_.swap(next_pos_);
    rep_.swap(next_rep_);
    ++d;
    ++r;
    v = child;
  }
  LAKEML_CHECK(d == max_def_ && r == max_rep_);
  const int64_t levels = static_cast<int64_t>(pos_.size());
  positions_.clear();
  if (max_def_ > 0) def_.resize(levels);
  for (int64_t i = 0; i < levels; ++i) {
    const int64_t p = pos_[i];
    if (p >= 0) {
      positions_.push_back(p);
      if (max_def_ > 0) def_[i] = max_def_;
    } else {
      def_[i] = static_cast<int16_t>(-(p + 1));
    }
  }
  out->values = v;
  out->num_levels = levels;
  out->num_values = static_cast<int64_t>(positions_.size());
  out->def_levels = max_def_ > 0 ? def_.data() : nullptr;
  out->rep_levels = max_rep_ > 0 ? rep_.data() : nullptr;
  out->positions = positions_.data();
  return Status::OK();
}

}  // namespace lakeml::parquet
