#include "sql/function/scalar/element_values.h"

#include "sql/common/sql_type.h"
#include "sql/function/cast/cast_executor.h"

namespace lakeml::sql {

using columnar::Scalar;
using columnar::Vector;
using columnar::VectorPtr;

Result<ElementValues> ElementValues::Of(const Vector& v) {
  ElementValues out;
  const Vector* source = &v;
  VectorPtr text;
  if (v.type()->is_nested()) {
    LAKEML_RETURN_IF_ERROR(CastExecutor::Cast(v, SqlType::String(), false, v.length(), &text));
    source = text.get();
  }
  out.values_.reserve(source->length());
  const bool null_type = source->type()->id() == columnar::TypeId::kNull;
  for (int64_t i = 0; i < source->length(); ++i) {
    out.values_.push_back(null_type ? Scalar::Null(source->type())
                                    : Scalar::FromVector(*source, i));
  }
  return out;
}

int ElementValues::Compare(int64_t a, const ElementValues& other, int64_t b) const {
  const Scalar& x = values_[a];
  const Scalar& y = other.values_[b];
  if (x.is_null || y.is_null) return x.is_null == y.is_null ? 0 : (x.is_null ? -1 : 1);
  return x.Compare(y);
}

}  // namespace lakeml::sql
