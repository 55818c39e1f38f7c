// Partition values (PROTOCOL.md, "Partition Value Serialization"): the strings of
// `add.partitionValues` parsed into typed scalars, the scalars serialized back for writers,
// and constant columns that put a file's partition values into the batches a scan returns.
// Partition directory names and data-file path encoding are in partition_path.h.
//
// Accepted strings (after trimming spaces and tabs, except for string and binary):
//   any type    null (JSON null) and "" are a null value
//   boolean     true / false in any case
//   integers    [+-]digits, range-checked for the column type
//   float       decimal or scientific text; NaN, Infinity, -Infinity, inf, nan in any case
//   decimal     [+-]digits[.digits], at most the column's scale and precision
//   date        YYYY-MM-DD
//   timestamp   YYYY-MM-DD HH:MM:SS[.ffffff] (UTC: the spec says the writer's zone, which a
//               reader cannot know; UTC is what Delta kernels and Spark in UTC read) or ISO-8601
//               YYYY-MM-DDTHH:MM:SS[.ffffff](Z|+hh:mm), also a bare date (midnight)
//   timestamp_ntz  YYYY-MM-DD[ T]HH:MM:SS[.ffffff], wall-clock time (a "Z" is accepted)
//   string      the raw value (partition values are never URI-encoded)
//   binary      the raw bytes of the string
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "columnar/scalar.h"
#include "columnar/vector.h"
#include "delta/schema/partition_path.h"

namespace lakeml::delta {

// The typed value of one partition column. REQUIRES: type is primitive (Delta forbids nested
// and variant partition columns); others get InvalidArgument. Errors look like
//   Invalid partition value for type int: 'abc'
// (callers add the column and file).
Result<columnar::Scalar> ParsePartitionValue(const std::optional<std::string>& value,
                                             const columnar::TypePtr& type);

// A column of `num_rows` copies of `value` (nulls when it is null), of value.type.
// REQUIRES: num_rows >= 0; the type is not nested.
Result<columnar::VectorPtr> ConstantVector(const columnar::Scalar& value, int64_t num_rows);

// The partitionValues string a writer stores for `value`: nullopt for null (and for empty
// strings and binaries, which Delta cannot tell from null); numbers as Java prints them
// ("1.0", "1.0E10", "NaN", "-Infinity"); decimals plain ("-0.50"); dates "2024-01-31";
// timestamps ISO-8601 in UTC with six fraction digits ("2024-01-01T10:00:00.000000Z", the form
// the protocol recommends); timestamp_ntz "2024-01-01 10:00:00.000000"; strings and binaries
// raw. ParsePartitionValue() reads every output back to an equal value.
std::optional<std::string> SerializePartitionValue(const columnar::Scalar& value);

}  // namespace lakeml::delta
