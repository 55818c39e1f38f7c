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
  // True for a word that cannot be an unquoted table alias (Databricks' reserved list).
  static bool IsReservedTableAlias(std::string_view word);
  // True for a word that cannot follow an expression as an implicit column alias, because it
  // continues the statement (FROM, WHERE, ORDER, ...).
  static bool IsReservedColumnAlias(std::string_view word);
};

}  // namespace lakeml::sql
