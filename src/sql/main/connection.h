// Connection: one session of the SQL engine, the library API that the CLI, the server and the
// ML code use. Holds the session state (current catalog and schema, settings) and runs
// statements: parse, bind, plan, execute.
//
// One thread uses a Connection at a time, except Interrupt(), which may be called from any
// thread (or a signal handler) to cancel the running statement with OPERATION_CANCELED.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "sql/main/database.h"
#include "sql/main/query_parameters.h"
#include "sql/main/query_result.h"
#include "sql/parser/ast_node.h"

namespace lakeml::sql {

class CommandRunner;
class PhysicalOperator;
class SessionTableResolver;
struct SessionState;

class Connection {
 public:
  explicit Connection(std::shared_ptr<Database> db);
  ~Connection();

  // Runs every statement of `sql` and returns the last statement's result.
  Result<std::unique_ptr<QueryResult>> Execute(std::string_view sql);
  // Runs every statement of `sql`, handing each result to `on_result` as it completes; stops
  // at the first error.
  Status ExecuteEach(std::string_view sql,
                     const std::function<Status(const QueryResult&)>& on_result);
  // Parameterized statements (sql-syntax): the markers :name and ? of `sql` take the values of
  // `params` (see QueryParameters). The overloads above run with no parameters, so a marker
  // there is UNBOUND_SQL_PARAMETER.
  Result<std::unique_ptr<QueryResult>> Execute(std::string_view sql,
                                               const QueryParameters& params);
  Status ExecuteEach(std::string_view sql, const QueryParameters& params,
                     const std::function<Status(const QueryResult&)>& on_result);
  // Cancels the running statement. Async-signal-safe.
  void Interrupt() { interrupted_.store(true); }

  int threads() const { return threads_; }

 private:
  Result<std::unique_ptr<QueryResult>> RunStatement(const Statement& statement);
  Result<std::unique_ptr<QueryResult>> RunQuery(const AstNode& query, bool explain);
  Result<std::unique_ptr<QueryResult>> RunSet(const AstNode& set);
  // EXECUTE IMMEDIATE (connection_execute_immediate.cc, sql-gaps).
  Result<std::unique_ptr<QueryResult>> RunExecuteImmediate(const AstNode& statement);

  // Memory limit, spilling and EXPLAIN ANALYZE / EXTENDED (sql-memory).
  // EXPLAIN with `mode` "" / EXTENDED / FORMATTED / ANALYZE.
  Result<std::unique_ptr<QueryResult>> RunExplain(const AstNode& query, const std::string& mode);
  // Runs the plan under `root` (a sink) under this session's memory limit, with spill files
  // that are removed when it returns. With `analyzed`, renders the plan with per-operator
  // stats into it (EXPLAIN ANALYZE).
  Status ExecutePlan(PhysicalOperator* root, std::string* analyzed);

  std::shared_ptr<Database> db_;
  // Catalog surface: session state (USE, temp views), name resolution, catalog statements.
  std::unique_ptr<SessionState> session_;
  std::unique_ptr<SessionTableResolver> tables_;
  std::unique_ptr<CommandRunner> commands_;
  std::atomic<bool> interrupted_{false};
  int threads_;
  // SET lakeml.memoryLimit: this session's per-query limit in bytes; 0 = the database's.
  int64_t memory_limit_ = 0;
  // SET lakeml.debug.forceSpillAbove: for tests, aggregates and sorts spill above this.
  int64_t force_spill_bytes_ = 0;
};

}  // namespace lakeml::sql
