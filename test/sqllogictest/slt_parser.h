// SltParser: turns the text of a sqllogictest file (DuckDB's dialect, see test/sql/README.md)
// into an SltFile of records with their line numbers.
//
// Stateless; thread-safe. Malformed files (unknown record, query without ----, bad type
// string, unmatched loop) give InvalidArgument "<path>:<line>: <what is wrong>", never a crash.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "sqllogictest/slt_file.h"

namespace lakeml::slt {

class SltParser {
 public:
  // `path` only names the file in errors and in SltFile::path.
  static Result<SltFile> Parse(std::string_view text, const std::string& path);

  // Reads and parses the file at `path`.
  static Result<SltFile> ParseFile(const std::string& path);
};

}  // namespace lakeml::slt
