// CommandRunner: runs the catalog statements of one session: USE, SHOW, DESCRIBE, CREATE and
// DROP of catalogs, schemas, tables and views, and CREATE TABLE AS SELECT. Queries go to the
// Connection (through QueryRunner); everything else here answers Databricks-style: DDL returns
// no rows, SHOW and DESCRIBE return Spark's columns.
//
// Split by statement family over command_runner.cc (dispatch, USE, CREATE/DROP of catalogs,
// schemas and tables), command_runner_show.cc (SHOW) and command_runner_describe.cc
// (DESCRIBE, DETAIL, HISTORY). Borrows the Database, SessionState and resolver of its
// Connection; used by one thread at a time.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "catalog/table_entry.h"
#include "columnar/schema.h"
#include "sql/main/database.h"
#include "sql/main/query_result.h"
#include "sql/main/session_state.h"
#include "sql/main/session_table_resolver.h"
#include "sql/parser/ast_node.h"

namespace lakeml::sql {

class CommandRunner {
 public:
  // Runs a query (CTAS) to completion.
  using QueryRunner = std::function<Result<std::unique_ptr<QueryResult>>(const AstNode& query)>;

  CommandRunner(Database* db, SessionState* session, SessionTableResolver* resolver,
                QueryRunner run_query)
      : db_(db), session_(session), resolver_(resolver), run_query_(std::move(run_query)) {}

  // Whether Run handles statements of this kind.
  static bool Handles(NodeKind kind);
  // REQUIRES: Handles(statement.kind).
  Result<std::unique_ptr<QueryResult>> Run(const Statement& statement);

 private:
  Result<std::unique_ptr<QueryResult>> Use(const AstNode& use);
  Result<std::unique_ptr<QueryResult>> CreateSchema(const AstNode& create);
  Result<std::unique_ptr<QueryResult>> Drop(const AstNode& drop);
  Result<std::unique_ptr<QueryResult>> DropTableOrView(const AstNode& drop);
  Result<std::unique_ptr<QueryResult>> CreateTable(const AstNode& create);
  Result<std::unique_ptr<QueryResult>> CreateView(const AstNode& create);

  // SHOW (command_runner_show.cc).
  Result<std::unique_ptr<QueryResult>> Show(const AstNode& show);
  Result<std::unique_ptr<QueryResult>> ShowTables(const AstNode& show, bool views_only);
  Result<std::unique_ptr<QueryResult>> ShowColumns(const AstNode& show);

  // DESCRIBE (command_runner_describe.cc).
  Result<std::unique_ptr<QueryResult>> Describe(const AstNode& describe);
  Result<std::unique_ptr<QueryResult>> DescribeDetail(const AstNode& describe);
  Result<std::unique_ptr<QueryResult>> DescribeHistory(const AstNode& describe);
  // The columns of a table, view or path table (views are bound to find them).
  Result<std::vector<columnar::Field>> ColumnsOf(const AstNode& statement);
  // The Delta table a DESCRIBE DETAIL/HISTORY names: its location, and its catalog entry when
  // it has one. EXPECT_TABLE_NOT_VIEW for views.
  Result<std::pair<std::string, std::optional<catalog::TableEntry>>> DeltaLocationOf(
      const AstNode& statement, std::string_view command);

  // The catalog, or an error at `pos` when the database has no warehouse.
  Result<catalog::Catalog*> RequireCatalog(SourcePosition pos) const;
  // A schema name (1 part: in the current catalog; 2 parts: catalog.schema) as
  // {catalog, schema}, lower-case.
  Result<std::pair<std::string, std::string>> SchemaName(const std::vector<std::string>& names,
                                                         SourcePosition pos) const;
  // The result of DDL: no columns, no rows.
  static std::unique_ptr<QueryResult> NoRows();
  // Deletes a managed table's directory (only when under the warehouse's tables/).
  Status DeleteManagedFiles(const catalog::TableEntry& entry) const;

  Database* db_;
  SessionState* session_;
  SessionTableResolver* resolver_;
  QueryRunner run_query_;
};

}  // namespace lakeml::sql
