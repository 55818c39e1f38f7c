#include "columnar/vector_concat.h"

#include <cstring>

#include "base/str_cat.h"
#include "columnar/bitmap_writer.h"
#include "columnar/vector_layout.h"

namespace lakeml::columnar {
namespace {

// Rows [offset, offset + length) of one input vector.
struct RowRange {
  const Vector* v;
  int64_t offset;
  int64_t length;
};

BufferPtr ConcatValueBits(const std::vector<RowRange>& ranges, int64_t total) {
  auto out = Buffer::Allocate(bit_util::BytesForBits(total));
  BitmapWriter writer(out->mutable_data());
  for (const RowRange& r : ranges) writer.AppendBits(r.v->values()->data(), r.offset, r.length);
  writer.Finish();
  return out;
}

// REQUIRES: some range has a validity bitmap.
BufferPtr ConcatValidity(const std::vector<RowRange>& ranges, int64_t total) {
  auto out = Buffer::Allocate(bit_util::BytesForBits(total));
  BitmapWriter writer(out->mutable_data());
  for (const RowRange& r : ranges) {
    if (r.v->validity()) {
      writer.AppendBits(r.v->validity()->data(), r.offset, r.length);
    } else {
      writer.AppendRepeated(true, r.length);
    }
  }
  writer.Finish();
  return out;
}

BufferPtr ConcatFixed(const std::vector<RowRange>& ranges, int64_t total, int width) {
  auto out = Buffer::Allocate(total * width);
  uint8_t* dst = out->mutable_data();
  for (const RowRange& r : ranges) {
    if (width == 0) break;
    std::memcpy(dst, r.v->values()->data() + r.offset * width, r.length * width);
    dst += r.length * width;
  }
  return out;
}

// Appends the rebased offsets of every range to `out` (which has total + 1 entries) and
// returns, per range, the first offset and the size of its elements or bytes.
std::vector<std::pair<int64_t, int64_t>> ConcatOffsets(const std::vector<RowRange>& ranges,
                                                       int64_t* out) {
  std::vector<std::pair<int64_t, int64_t>> spans;
  spans.reserve(ranges.size());
  out[0] = 0;
  int64_t j = 0;
  int64_t pos = 0;
  for (const RowRange& r : ranges) {
    const int64_t* o = r.v->offsets() + r.offset;
    const int64_t shift = pos - o[0];
    for (int64_t k = 1; k <= r.length; ++k) out[j + k] = o[k] + shift;
    spans.emplace_back(o[0], o[r.length] - o[0]);
    j += r.length;
    pos += o[r.length] - o[0];
  }
  return spans;
}

// REQUIRES: every range has length > 0 and lies within a vector of `type` that passed
// CheckVectorLayout; total is the sum of the lengths.
VectorPtr ConcatRanges(const TypePtr& type, const std::vector<RowRange>& ranges, int64_t total) {
  if (type->id() == TypeId::kNull) return Vector::MakeNull(type, total);
  if (total == 0) return MakeEmptyVector(type);
  auto out = std::make_shared<Vector>(type, total);
  for (const RowRange& r : ranges) {
    if (r.v->validity()) {
      out->set_validity(ConcatValidity(ranges, total));
      out->FinishValidity();
      break;
    }
  }
  switch (type->id()) {
    case TypeId::kBoolean:
      out->set_values(ConcatValueBits(ranges, total));
      break;
    case TypeId::kString:
    case TypeId::kBinary: {
      auto offsets = Buffer::Allocate((total + 1) * 8);
      const auto spans = ConcatOffsets(ranges, offsets->mutable_as<int64_t>());
      int64_t bytes = 0;
      for (const auto& s : spans) bytes += s.second;
      auto data = Buffer::Allocate(bytes);
      uint8_t* dst = data->mutable_data();
      for (size_t i = 0; i < ranges.size(); ++i) {
        if (spans[i].second == 0) continue;  // The part may have no data buffer at all.
        std::memcpy(dst, ranges[i].v->data()->data() + spans[i].first, spans[i].second);
        dst += spans[i].second;
      }
      out->set_values(std::move(offsets));
      out->set_data(std::move(data));
      break;
    }
    case TypeId::kList:
    case TypeId::kMap: {
      auto offsets = Buffer::Allocate((total + 1) * 8);
      const auto spans = ConcatOffsets(ranges, offsets->mutable_as<int64_t>());
      out->set_values(std::move(offsets));
      for (size_t c = 0; c < type->children().size(); ++c) {
        std::vector<RowRange> child_ranges;
        int64_t child_total = 0;
        for (size_t i = 0; i < ranges.size(); ++i) {
          if (spans[i].second == 0) continue;
          child_ranges.push_back({ranges[i].v->child(c).get(), spans[i].first, spans[i].second});
          child_total += spans[i].second;
        }
        out->mutable_children().push_back(
            ConcatRanges(type->children()[c].type, child_ranges, child_total));
      }
      break;
    }
    case TypeId::kStruct:
      for (size_t c = 0; c < type->children().size(); ++c) {
        std::vector<RowRange> child_ranges;
        child_ranges.reserve(ranges.size());
        for (const RowRange& r : ranges) {
          child_ranges.push_back({r.v->child(c).get(), r.offset, r.length});
        }
        out->mutable_children().push_back(
            ConcatRanges(type->children()[c].type, child_ranges, total));
      }
      break;
    default:
      out->set_values(ConcatFixed(ranges, total, type->fixed_width()));
      break;
  }
  return out;
}

// Checks the parts of one column and turns them into the ranges ConcatRanges takes.
Status CollectRanges(const std::vector<const Vector*>& parts, std::vector<RowRange>* ranges,
                     int64_t* total) {
  const DataType& type = *parts[0]->type();
  *total = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    const Vector& p = *parts[i];
    LAKEML_RETURN_IF_ERROR(CheckVectorLayout(p));
    if (!p.type()->Equals(type)) {
      return Status::InvalidArgument("Concat parts differ in type (part 0: ", type.ToString(),
                                     ", part ", i, ": ", p.type()->ToString(), ")");
    }
    if (p.length() > 0) ranges->push_back({&p, 0, p.length()});
    *total += p.length();
  }
  return Status::OK();
}

}  // namespace

Result<VectorPtr> ConcatVectors(const std::vector<VectorPtr>& parts) {
  if (parts.empty()) return Status::InvalidArgument("Concat needs at least one vector");
  std::vector<const Vector*> raw;
  raw.reserve(parts.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!parts[i] || !parts[i]->type()) {
      return Status::InvalidArgument("Concat part is null or untyped (part ", i, ")");
    }
    raw.push_back(parts[i].get());
  }
  std::vector<RowRange> ranges;
  int64_t total = 0;
  LAKEML_RETURN_IF_ERROR(CollectRanges(raw, &ranges, &total));
  if (parts.size() == 1) return std::make_shared<Vector>(*parts[0]);  // Shares every buffer.
  return ConcatRanges(parts[0]->type(), ranges, total);
}

Result<BatchPtr> ConcatBatches(const std::vector<BatchPtr>& parts) {
  if (parts.empty()) return Status::InvalidArgument("Concat needs at least one batch");
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!parts[i]) return Status::InvalidArgument("Concat batch is null (part ", i, ")");
    if (parts[i]->num_columns() != parts[0]->num_columns()) {
      return Status::InvalidArgument(
          "Concat batches differ in column count (part 0: ", parts[0]->num_columns(), ", part ", i,
          ": ", parts[i]->num_columns(), ")");
    }
  }
  const size_t num_columns = parts[0]->num_columns();
  std::vector<VectorPtr> columns;
  columns.reserve(num_columns);
  int64_t rows = 0;
  for (const BatchPtr& b : parts) rows += b->num_rows();
  for (size_t c = 0; c < num_columns; ++c) {
    std::vector<const Vector*> raw;
    raw.reserve(parts.size());
    for (size_t i = 0; i < parts.size(); ++i) {
      const VectorPtr& col = parts[i]->column(c);
      if (!col || !col->type()) {
        return Status::InvalidArgument("Concat batch column is null or untyped (part ", i,
                                       ", column ", c, ")");
      }
      if (col->length() != parts[i]->num_rows()) {
        return Status::InvalidArgument("Concat batch column length differs from its batch (part ",
                                       i, ", column ", c, ", length ", col->length(), ", rows ",
                                       parts[i]->num_rows(), ")");
      }
      raw.push_back(col.get());
    }
    std::vector<RowRange> ranges;
    int64_t total = 0;
    LAKEML_RETURN_IF_ERROR(CollectRanges(raw, &ranges, &total));
    columns.push_back(ConcatRanges(raw[0]->type(), ranges, total));
  }
  return std::make_shared<Batch>(parts[0]->schema(), std::move(columns), rows);
}

}  // namespace lakeml::columnar
