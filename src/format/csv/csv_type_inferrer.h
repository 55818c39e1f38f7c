// CsvTypeInferrer: infers the type of one CSV column from sample field texts.
//
// Candidates, most specific first: boolean (true/false), bigint, double, date (YYYY-MM-DD),
// timestamp without zone, timestamp with zone (-> timestamp utc), else string. Each non-null
// sample removes the candidates it does not parse as; a date also counts as a timestamp, an
// integer as a double. NaN/Infinity spellings fit double but do not by themselves make a
// column numeric (a column of only "NaN" stays string). A column with no non-null samples is
// string. Timestamps are inferred in microseconds.
// Not thread-safe; one per column.
#pragma once

#include <cstdint>
#include <string_view>

#include "columnar/data_type.h"

namespace lakeml::csv {

class CsvTypeInferrer {
 public:
  // `s` is a non-null field text (trimmed of blanks by the inferrer).
  void Observe(std::string_view s);
  // True once no candidate but string remains (observing more cannot change the result).
  bool IsString() const { return candidates_ == 0; }
  columnar::TypePtr Result() const;

 private:
  enum : uint32_t {
    kBool = 1,
    kInt = 2,
    kDouble = 4,
    kDate = 8,
    kTimestamp = 16,
    kTimestampTz = 32,
    kAll = 63,
  };
  uint32_t candidates_ = kAll;
  bool seen_value_ = false;
  bool seen_evidence_ = false;  // A value other than a NaN/Infinity spelling.
};

}  // namespace lakeml::csv
