#include "sql/function/scalar/element_gather.h"

#include <cstring>

#include "base/bit_util.h"
#include "columnar/vector_take.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {

using columnar::Buffer;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

Result<VectorPtr> ElementGather::Take(const VectorPtr& v, const std::vector<int64_t>& indices) {
  const int64_t n = static_cast<int64_t>(indices.size());
  int64_t any_valid = -1;
  bool any_null = false;
  for (int64_t i : indices) {
    if (i >= 0 && any_valid < 0) any_valid = i;
    any_null |= i < 0;
  }
  if (any_valid < 0) return Vector::MakeNull(v->type(), n);
  if (!any_null) return columnar::TakeVector(*v, indices.data(), n);
  std::vector<int64_t> safe(indices);
  for (int64_t& i : safe) {
    if (i < 0) i = any_valid;
  }
  LAKEML_ASSIGN_OR_RETURN(VectorPtr out, columnar::TakeVector(*v, safe.data(), n));
  for (int64_t j = 0; j < n; ++j) {
    if (indices[j] < 0) KernelOutput::SetNull(out.get(), j);
  }
  out->FinishValidity();
  return out;
}

VectorPtr ElementGather::MakeList(const TypePtr& type, std::vector<int64_t> offsets,
                                  std::vector<VectorPtr> elements,
                                  const std::vector<bool>& null_rows) {
  const int64_t n = static_cast<int64_t>(offsets.size()) - 1;
  auto v = std::make_shared<Vector>(type, n);
  auto buf = Buffer::Allocate(static_cast<int64_t>(offsets.size() * sizeof(int64_t)));
  std::memcpy(buf->mutable_data(), offsets.data(), offsets.size() * sizeof(int64_t));
  v->set_values(std::move(buf));
  v->mutable_children() = std::move(elements);
  bool any_null = false;
  for (int64_t i = 0; i < n; ++i) {
    if (i < static_cast<int64_t>(null_rows.size()) && null_rows[i]) {
      KernelOutput::SetNull(v.get(), i);
      any_null = true;
    }
  }
  if (any_null) v->FinishValidity();
  return v;
}

Result<VectorPtr> ElementGather::Finish(const TypePtr& type, const VectorPtr& source, Rows rows) {
  LAKEML_ASSIGN_OR_RETURN(VectorPtr elements, Take(source, rows.take));
  return MakeList(type, std::move(rows.offsets), {std::move(elements)}, rows.nulls);
}

ElementGather::Rows ElementGather::ConcatenatedRows(const std::vector<const Vector*>& lists,
                                                    int64_t n, const std::vector<int64_t>& shift) {
  Rows rows;
  for (int64_t i = 0; i < n; ++i) {
    bool null = false;
    for (const Vector* l : lists) null |= l->IsNull(i);
    if (null) {
      rows.NullRow();
      continue;
    }
    for (size_t k = 0; k < lists.size(); ++k) {
      const int64_t* o = lists[k]->offsets();
      for (int64_t j = o[i]; j < o[i + 1]; ++j) rows.take.push_back(shift[k] + j);
    }
    rows.EndRow();
  }
  return rows;
}

VectorPtr ElementGather::WithParentNulls(const VectorPtr& v, const Vector& parent, int64_t n) {
  if (parent.null_count() == 0 || !parent.validity()) return v;
  auto out = std::make_shared<Vector>(*v);
  out->set_length(n);
  const int64_t bytes = bit_util::BytesForBits(n);
  auto buf = Buffer::Allocate(bytes);
  std::memcpy(buf->mutable_data(), parent.validity()->data(), bytes);
  if (v->validity()) {
    const uint8_t* own = v->validity()->data();
    for (int64_t i = 0; i < bytes; ++i) buf->mutable_data()[i] &= own[i];
  }
  out->set_validity(std::move(buf));
  out->FinishValidity();
  return out;
}

}  // namespace lakeml::sql
