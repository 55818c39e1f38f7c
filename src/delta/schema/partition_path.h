// Partition directories and data-file paths as Delta writers spell them.
//
// Two independent encodings meet in an `add.path` (dat/multi_partitioned shows both):
//  1. Hive escaping of partition directory names: `letter=/%20%f` becomes the directory
//     `letter=%2F%2520%25f` (Spark's ExternalCatalogUtils.escapePathName, uppercase hex).
//  2. URI encoding of the whole relative path in the log: the directory above is stored as
//     `letter=%252F%252520%2525f/part-...parquet` (Hadoop Path.toUri; non-ASCII letters such as
//     an emoji stay raw). Readers percent-decode once to find the file.
// Partition values in `partitionValues` are neither: they are raw strings.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace lakeml::delta {

// DO NOT CHANGE: the directory name Hive, Spark and Delta use for a null partition value.
inline constexpr char kHiveDefaultPartition[] = "__HIVE_DEFAULT_PARTITION__";

// Hive's escaping of one path component: control characters 0x01-0x1F, 0x7F and
// " # % ' * / : = ? \ { [ ] ^ become %XX (uppercase hex); everything else, non-ASCII included,
// is kept.
std::string EscapePartitionPathName(std::string_view s);

// The inverse of EscapePartitionPathName: %XX sequences are decoded, a '%' not followed by two
// hex digits is kept as is (as Hive does).
std::string UnescapePartitionPathName(std::string_view s);

// The Hive-style directory `column=value` for one partition column, both sides escaped; a
// null or empty value gives `column=__HIVE_DEFAULT_PARTITION__`.
std::string PartitionPathSegment(std::string_view column, const std::optional<std::string>& value);

// Percent-encodes a relative path or URI path for `add.path` like java.net.URI's
// multi-argument constructors (what Hadoop's Path.toUri produces): unreserved and punctuation
// characters, '/', '@' and non-ASCII letters stay, everything else (space, %, ", #, <, >, ?,
// [, \, ], ^, `, {, |, }, controls, non-ASCII controls and spaces, invalid UTF-8) becomes %XX.
std::string UriEncodePath(std::string_view path);

// Decodes every %XX in an `add.path` (or DV path); '+' stays '+'. A '%' not followed by two
// hex digits is an InvalidArgument error naming the path.
Result<std::string> UriDecodePath(std::string_view path);

}  // namespace lakeml::delta
