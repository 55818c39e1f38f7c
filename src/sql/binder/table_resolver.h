// TableResolver: what the binder asks to turn a table name in FROM into a TableSource. The
// session (main/ClientContext) implements it over the catalog and path tables
// (delta.`/path`), so the binder does not depend on the catalog.
//
// Implementations are used by one statement's binder at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "sql/parser/ast_node.h"
#include "sql/parser/token.h"
#include "sql/storage/table_source.h"

namespace lakeml::sql {

struct TimeTravel {
  std::optional<int64_t> version;
  std::optional<int64_t> timestamp_ms;
};

struct ResolvedTable {
  std::shared_ptr<const TableSource> source;
  // The qualifier columns of this table can be named by: {"main", "default", "t"}.
  std::vector<std::string> qualifier;
  // Views: `source` is null; the binder binds `view_query` as a subquery and renames its
  // output columns to `view_columns` (when not empty).
  std::shared_ptr<const AstNode> view_query;
  std::vector<std::string> view_columns;
};

// Table-valued functions (sql-syntax): files read by read_files(path, name => value, ...),
// read_csv/read_json/read_parquet, or a format-qualified path (csv.`/path`).
struct FileScanRequest {
  std::string function;  // read_files, read_csv, ..., or the format of a path table (csv).
  std::string path;
  // Options as given (names lower-cased; values as text), in order.
  std::vector<std::pair<std::string, std::string>> options;
};

class TableResolver {
 public:
  virtual ~TableResolver() = default;
  // `parts` as written (1 to 3 parts, or a format and a path). Errors are SQL errors at `pos`
  // (TABLE_OR_VIEW_NOT_FOUND, ...).
  virtual Result<ResolvedTable> ResolveTable(const std::vector<std::string>& parts,
                                             SourcePosition pos,
                                             const std::optional<TimeTravel>& travel) = 0;
  // The files of a table-valued function call (sql-syntax). Errors are SQL errors at `pos`
  // (PATH_NOT_FOUND, bad options).
  virtual Result<ResolvedTable> ResolveFiles(const FileScanRequest& request,
                                             SourcePosition pos) = 0;
};

}  // namespace lakeml::sql
