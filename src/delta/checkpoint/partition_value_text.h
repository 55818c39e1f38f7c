// Partition values between their typed form (a checkpoint's add.partitionValues_parsed struct)
// and Delta's text form (add.partitionValues, PROTOCOL.md "Partition Value Serialization"):
//
//   string, binary     the bytes as they are
//   numbers            decimal text; doubles and floats as Java prints them ("1.5", "1.0E10")
//   decimal            plain text with the type's scale ("12.30")
//   boolean            "true" / "false"
//   date               "YYYY-MM-DD"
//   timestamp          ISO-8601 adjusted to UTC, "1970-01-01T00:00:00.123456Z" (the spelling
//                      the protocol recommends; a value's original zone cannot be recovered)
//   timestamp_ntz      "YYYY-MM-DD HH:MM:SS[.ffffff]", trailing fraction zeros dropped as Spark
//                      prints them
//   "An empty string for any type translates to a `null` partition value." (PROTOCOL.md)
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "columnar/scalar.h"
#include "columnar/vector.h"

namespace lakeml::delta {

// The text of value `row` of `v` (a non-nested vector); nullopt for null. `utc` says whether a
// timestamp is an instant (Delta `timestamp`) rather than wall-clock time (`timestamp_ntz`).
// NotImplemented for nested types.
Result<std::optional<std::string>> FormatPartitionValue(const columnar::Vector& v, int64_t row,
                                                        bool utc);

// Parses Delta partition value text into a scalar of `type`; null for an empty string.
// InvalidArgument, naming the text and the type, when it does not parse.
Result<columnar::Scalar> ParsePartitionValue(std::string_view text, const columnar::TypePtr& type);

}  // namespace lakeml::delta
