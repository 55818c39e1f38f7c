#include "sql/function/aggregate/aggregate_params.h"

#include "base/str_cat.h"
#include "sql/common/sql_type.h"

namespace lakeml::sql {

Result<double> AggregateParams::Number(const columnar::Scalar& value, const char* what, double lo,
                                       double hi, const char* range_text, std::string* subclass) {
  if (value.is_null) {
    *subclass = "UNEXPECTED_NULL";
    return Status::InvalidArgument("The `", what, "` must not be null.");
  }
  double number = 0;
  switch (value.type->id()) {
    case columnar::TypeId::kFloat32:
    case columnar::TypeId::kFloat64:
      number = value.d;
      break;
    case columnar::TypeId::kInt8:
    case columnar::TypeId::kInt16:
    case columnar::TypeId::kInt32:
    case columnar::TypeId::kInt64:
      number = static_cast<double>(value.i);
      break;
    case columnar::TypeId::kDecimal: {
      double scale = 1;
      for (int i = 0; i < value.type->scale(); ++i) scale *= 10;
      number = static_cast<double>(value.dec) / scale;
      break;
    }
    default:
      *subclass = "UNEXPECTED_INPUT_TYPE";
      return Status::InvalidArgument("The `", what, "` must be a numeric constant, but it is ",
                                     SqlType::SqlName(value.type), ".");
  }
  if (!(number >= lo && number <= hi)) {
    *subclass = "VALUE_OUT_OF_RANGE";
    return Status::InvalidArgument("The `", what, "` must be between ", range_text, ", but got ",
                                   value.ToString(), ".");
  }
  return number;
}

}  // namespace lakeml::sql
