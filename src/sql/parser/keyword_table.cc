#include "sql/parser/keyword_table.h"

#include <algorithm>
#include <string>

namespace lakeml::sql {
namespace {

std::string UpperCopy(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool Contains(const std::string_view* begin, const std::string_view* end, std::string_view w) {
  return std::binary_search(begin, end, w);
}

// Sorted, append-only (keep alphabetical). Words the printer back-quotes when they are names;
// function-like words that never mis-parse as names (LEFT, IF, FIRST, ...) are left out.
constexpr std::string_view kKeywords[] = {"ADD",        "ALL",
                                          "ALTER",      "ANALYZE",
                                          "AND",        "ANTI",
                                          "ANY",        "AS",
                                          "ASC",        "BETWEEN",
                                          "BY",         "CASCADE",
                                          "CASE",       "CAST",
                                          "CATALOG",    "CATALOGS",
                                          "CLUSTER",    "COLUMN",
                                          "COLUMNS",    "COMMENT",
                                          "COPY",       "CREATE",
                                          "CROSS",      "CUBE",
                                          "CURRENT",    "DELETE",
                                          "DESC",       "DESCRIBE",
                                          "DETAIL",     "DISTINCT",
                                          "DISTRIBUTE", "DIV",
                                          "DROP",       "ELSE",
                                          "END",        "ESCAPE",
                                          "EXCEPT",     "EXISTS",
                                          "EXPLAIN",    "EXTENDED",
                                          "EXTRACT",    "FALSE",
                                          "FOLLOWING",  "FOR",
                                          "FORMATTED",  "FROM",
                                          "FULL",       "GROUP",
                                          "GROUPING",   "HAVING",
                                          "HISTORY",    "ILIKE",
                                          "IN",         "INNER",
                                          "INSERT",     "INTERSECT",
                                          "INTERVAL",   "INTO",
                                          "IS",         "JOIN",
                                          "LATERAL",    "LIKE",
                                          "LIMIT",      "LOCATION",
                                          "MATCHED",    "MERGE",
                                          "MINUS",      "NATURAL",
                                          "NOT",        "NULL",
                                          "NULLS",      "OF",
                                          "OFFSET",     "ON",
                                          "OPTIMIZE",   "OR",
                                          "ORDER",      "OUTER",
                                          "OVER",       "OVERWRITE",
                                          "PARTITION",  "PARTITIONED",
                                          "PIVOT",      "PRECEDING",
                                          "QUALIFY",    "RANGE",
                                          "RECURSIVE",  "REGEXP",
                                          "RESET",      "RESTORE",
                                          "RLIKE",      "ROLLUP",
                                          "ROW",        "ROWS",
                                          "SCHEMA",     "SCHEMAS",
                                          "SELECT",     "SEMI",
                                          "SET",        "SETS",
                                          "SHOW",       "SORT",
                                          "SOURCE",     "TABLE",
                                          "TABLES",     "TBLPROPERTIES",
                                          "TEMP",       "TEMPORARY",
                                          "THEN",       "TIMESTAMP",
                                          "TO",         "TRUE",
                                          "TRY_CAST",   "UNBOUNDED",
                                          "UNION",      "UNPIVOT",
                                          "UNSET",      "UPDATE",
                                          "USE",        "USING",
                                          "VACUUM",     "VALUES",
                                          "VERSION",    "VIEW",
                                          "WHEN",       "WHERE",
                                          "WINDOW",     "WITH",
                                          "WITHIN",     "ZORDER"};

constexpr std::string_view kReservedTableAliases[] = {
    "ANTI", "CROSS", "EXCEPT",  "FULL", "INNER", "INTERSECT", "JOIN",  "LATERAL",
    "LEFT", "MINUS", "NATURAL", "ON",   "RIGHT", "SEMI",      "UNION", "USING"};

// Words that would be read as the start of the next clause after a select-list item or a
// relation; besides the reserved aliases, the clause keywords.
constexpr std::string_view kClauseWords[] = {
    "ANTI",  "AS",    "CLUSTER", "CROSS",  "DISTRIBUTE", "ELSE",      "END",   "EXCEPT",  "FOR",
    "FROM",  "FULL",  "GROUP",   "HAVING", "INNER",      "INTERSECT", "JOIN",  "LATERAL", "LEFT",
    "LIMIT", "MINUS", "NATURAL", "OFFSET", "ON",         "ORDER",     "PIVOT", "QUALIFY", "RIGHT",
    "SEMI",  "SORT",  "THEN",    "UNION",  "UNPIVOT",    "USING",     "WHEN",  "WHERE",   "WINDOW"};

// The tables are binary-searched.
static_assert(std::is_sorted(std::begin(kKeywords), std::end(kKeywords)));
static_assert(std::is_sorted(std::begin(kReservedTableAliases), std::end(kReservedTableAliases)));
static_assert(std::is_sorted(std::begin(kClauseWords), std::end(kClauseWords)));

}  // namespace

bool KeywordTable::IsKeyword(std::string_view word) {
  return Contains(std::begin(kKeywords), std::end(kKeywords), UpperCopy(word));
}

bool KeywordTable::IsReservedTableAlias(std::string_view word) {
  return Contains(std::begin(kReservedTableAliases), std::end(kReservedTableAliases),
                  UpperCopy(word));
}

bool KeywordTable::IsReservedColumnAlias(std::string_view word) {
  return Contains(std::begin(kClauseWords), std::end(kClauseWords), UpperCopy(word));
}

}  // namespace lakeml::sql
