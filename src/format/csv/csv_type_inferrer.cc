#include "format/csv/csv_type_inferrer.h"

#include "format/csv/csv_value_parser.h"

namespace lakeml::csv {

using columnar::DataType;
using columnar::TimeUnit;
using columnar::TypeId;

void CsvTypeInferrer::Observe(std::string_view s) {
  if (candidates_ == 0) return;
  s = TrimBlanks(s);
  if (s.empty()) return;  // Blank: null in every non-string type.
  seen_value_ = true;
  uint32_t fits = 0;
  bool evidence = true;
  const char c = s[0];
  const bool numeric_start = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
  if ((candidates_ & (kInt | kDouble)) != 0) {
    int64_t i;
    double d;
    if (numeric_start && ParseInt64(s, &i)) {
      fits |= kInt | kDouble;
    } else if (ParseDouble(s, &d)) {
      fits |= kDouble;
      if (IsSpecialFloat(s)) evidence = false;
    }
  }
  if ((candidates_ & kBool) != 0) {
    bool b;
    if (ParseBool(s, &b)) fits |= kBool;
  }
  if ((candidates_ & (kDate | kTimestamp | kTimestampTz)) != 0 && s.size() >= 10 && c >= '0' &&
      c <= '9') {
    ParsedTimestamp t;
    if (ParseTimestampParts(s, &t)) {
      if (s.size() == 10) {
        fits |= kDate | kTimestamp | kTimestampTz;
      } else {
        fits |= t.has_zone ? kTimestampTz : kTimestamp;
      }
    }
  }
  candidates_ &= fits;
  if (evidence) seen_evidence_ = true;
}

columnar::TypePtr CsvTypeInferrer::Result() const {
  if (!seen_value_ || !seen_evidence_ || candidates_ == 0) return DataType::String();
  if (candidates_ & kBool) return DataType::Primitive(TypeId::kBoolean);
  if (candidates_ & kInt) return DataType::Primitive(TypeId::kInt64);
  if (candidates_ & kDouble) return DataType::Primitive(TypeId::kFloat64);
  if (candidates_ & kDate) return DataType::Primitive(TypeId::kDate32);
  if (candidates_ & kTimestamp) return DataType::Timestamp(TimeUnit::kMicro, false);
  return DataType::Timestamp(TimeUnit::kMicro, true);
}

}  // namespace lakeml::csv
