// KeywordTable: which words the parser treats specially. Keywords are contextual (any of them
// is a valid column or table name where the grammar expects a name), except that the 16 words
// Databricks forbids as table aliases (JOIN, ON, UNION, ...) cannot be unquoted relation
// aliases, and clause-starting words cannot be implicit column aliases.
//
// Stateless; all functions are thread-safe.
#pragma once

#include <string_view>

namespace lakeml::sql {

class KeywordTable {
 public:
  // True for every word the grammar uses as a keyword (the printer quotes such identifiers).
  static bool IsKeyword(std::string_view word);
  // True for the 16 words Databricks forbids as unquoted table aliases, even after AS.
  static bool IsReservedTableAlias(std::string_view word);
  // True for a word that continues the statement (FROM, WHERE, ORDER, JOIN, ...): it cannot be
  // an implicit alias (without AS), nor an unquoted column name on its own.
  static bool IsReservedColumnAlias(std::string_view word);
};

}  // namespace lakeml::sql
