#include "sql/main/connection.h"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/execution/operators/result_collector.h"
#include "sql/execution/memory_manager.h"
#include "sql/execution/query_executor.h"
#include "sql/execution/query_profile.h"
#include "sql/execution/spill_directory.h"
#include "sql/function/kernel_output.h"
#include "sql/optimizer/optimizer.h"
#include "sql/parser/parser.h"
#include "sql/planner/physical_plan_generator.h"
#include "sql/main/command_runner.h"
#include "sql/main/session_state.h"
#include "sql/main/session_table_resolver.h"
#include "sql/main/session_time_zone.h"

namespace lakeml::sql {

namespace {

// Runs uncorrelated scalar subqueries for the binder (sql-subquery).
class ConnectionSubqueryRunner final : public SubqueryRunner {
 public:
  ConnectionSubqueryRunner(ThreadPool* pool, int threads, std::atomic<bool>* interrupted)
      : pool_(pool), threads_(threads), interrupted_(interrupted) {}

  Result<std::vector<columnar::Scalar>> Run(LogicalPtr plan, int64_t max_rows) override {
    plan = Optimizer::Optimize(std::move(plan));
    LAKEML_ASSIGN_OR_RETURN(PhysicalPtr physical, PhysicalPlanGenerator::Generate(*plan));
    std::vector<columnar::TypePtr> types;
    for (const auto& c : plan->columns) types.push_back(c.type);
    auto collector = std::make_unique<ResultCollector>(types);
    ResultCollector* sink = collector.get();
    collector->children.push_back(std::move(physical));
    QueryExecutor executor(pool_, threads_, interrupted_);
    LAKEML_RETURN_IF_ERROR(executor.Run(collector.get()));
    std::vector<columnar::Scalar> values;
    for (const Chunk& chunk : sink->TakeChunks()) {
      for (int64_t r = 0; r < chunk.size && static_cast<int64_t>(values.size()) < max_rows; ++r) {
        values.push_back(columnar::Scalar::FromVector(*chunk.columns[0], r));
      }
    }
    return values;
  }

 private:
  ThreadPool* pool_;
  int threads_;
  std::atomic<bool>* interrupted_;
};

// The one-row, one-column ("plan") result of EXPLAIN.
std::unique_ptr<QueryResult> PlanTextResult(const std::string& text) {
  Chunk chunk;
  chunk.size = 1;
  chunk.columns.push_back(
      KernelOutput::Expand(columnar::Scalar::Bytes(SqlType::String(), text), 1));
  std::vector<Chunk> chunks;
  chunks.push_back(std::move(chunk));
  return std::make_unique<QueryResult>(std::vector<std::string>{"plan"},
                                       std::vector<columnar::TypePtr>{SqlType::String()},
                                       std::move(chunks));
}

}  // namespace

Connection::Connection(std::shared_ptr<Database> db)
    : db_(std::move(db)),
      session_(std::make_unique<SessionState>()),
      tables_(std::make_unique<SessionTableResolver>(db_.get(), session_.get())),
      commands_(std::make_unique<CommandRunner>(
          db_.get(), session_.get(), tables_.get(),
          [this](const AstNode& query) { return RunQuery(query, /*explain=*/false); })),
      threads_(db_->threads()) {}

Connection::~Connection() = default;

Result<std::unique_ptr<QueryResult>> Connection::Execute(std::string_view sql) {
  return Execute(sql, QueryParameters());
}

Status Connection::ExecuteEach(std::string_view sql,
                               const std::function<Status(const QueryResult&)>& on_result) {
  return ExecuteEach(sql, QueryParameters(), on_result);
}

Result<std::unique_ptr<QueryResult>> Connection::Execute(std::string_view sql,
                                                         const QueryParameters& params) {
  std::unique_ptr<QueryResult> last;
  LAKEML_ASSIGN_OR_RETURN(std::vector<std::unique_ptr<Statement>> statements, Parser::Parse(sql));
  for (const auto& s : statements) {
    LAKEML_RETURN_IF_ERROR(params.Substitute(s.get()));
    LAKEML_ASSIGN_OR_RETURN(last, RunStatement(*s));
  }
  return last;
}

Status Connection::ExecuteEach(std::string_view sql, const QueryParameters& params,
                               const std::function<Status(const QueryResult&)>& on_result) {
  LAKEML_ASSIGN_OR_RETURN(std::vector<std::unique_ptr<Statement>> statements, Parser::Parse(sql));
  for (const auto& s : statements) {
    LAKEML_RETURN_IF_ERROR(params.Substitute(s.get()));
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<QueryResult> r, RunStatement(*s));
    LAKEML_RETURN_IF_ERROR(on_result(*r));
  }
  return Status::OK();
}

Result<std::unique_ptr<QueryResult>> Connection::RunStatement(const Statement& statement) {
  interrupted_.store(false);
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<QueryResult> result;
  switch (statement.kind) {
    case NodeKind::kQuery:
    case NodeKind::kSelect:
    case NodeKind::kValues:
    case NodeKind::kSetOperation: {
      LAKEML_ASSIGN_OR_RETURN(result, RunQuery(statement, /*explain=*/false));
      break;
    }
    case NodeKind::kExplain: {
      if (!statement.op.empty()) {
        LAKEML_ASSIGN_OR_RETURN(result, RunExplain(*statement.children[0], statement.op));
        break;
      }
      LAKEML_ASSIGN_OR_RETURN(result, RunQuery(*statement.children[0], /*explain=*/true));
      break;
    }
    case NodeKind::kSetConfig: {
      LAKEML_ASSIGN_OR_RETURN(result, RunSet(statement));
      break;
    }
    case NodeKind::kExecuteImmediate: {  // sql-gaps
      LAKEML_ASSIGN_OR_RETURN(result, RunExecuteImmediate(statement));
      break;
    }
    default:
      if (CommandRunner::Handles(statement.kind)) {
        LAKEML_ASSIGN_OR_RETURN(result, commands_->Run(statement));
        break;
      }
      return SqlError::Unsupported(statement.pos,
                                   StrCat("statement ", NodeKindName(statement.kind)));
  }
  result->elapsed_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

Result<std::unique_ptr<QueryResult>> Connection::RunQuery(const AstNode& query, bool explain) {
  Binder binder(tables_.get());
  ConnectionSubqueryRunner subqueries(db_->pool(), threads_, &interrupted_);
  binder.set_subquery_runner(&subqueries);
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr logical, binder.BindQuery(query));
  logical = Optimizer::Optimize(std::move(logical));
  LAKEML_ASSIGN_OR_RETURN(PhysicalPtr physical, PhysicalPlanGenerator::Generate(*logical));
  std::vector<std::string> names;
  std::vector<columnar::TypePtr> types;
  for (const auto& c : logical->columns) {
    names.push_back(c.name);
    types.push_back(c.type);
  }
  if (explain) return PlanTextResult("== Physical Plan ==\n" + physical->ToString());
  auto collector = std::make_unique<ResultCollector>(types);
  ResultCollector* sink = collector.get();
  collector->children.push_back(std::move(physical));
  LAKEML_RETURN_IF_ERROR(ExecutePlan(collector.get(), /*analyzed=*/nullptr));
  return std::make_unique<QueryResult>(std::move(names), std::move(types), sink->TakeChunks());
}

Result<std::unique_ptr<QueryResult>> Connection::RunSet(const AstNode& set) {
  std::string key = set.text;
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string& value = set.op;
  if (key == "threads" || key == "lakeml.threads") {
    int n = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || p != value.data() + value.size() || n < 1 || n > 1024) {
      return SqlError::At(set.pos, "INVALID_CONF_VALUE", "22022",
                          StrCat("The value '", value, "' in the config \"", set.text,
                                 "\" is invalid: expected a thread count from 1 to 1024."));
    }
    threads_ = std::min(n, db_->threads());
  } else if (key == "lakeml.memorylimit" || key == "spark.sql.lakeml.memorylimit") {
    if (value == "0" || value == "default") {
      memory_limit_ = 0;
    } else {
      LAKEML_ASSIGN_OR_RETURN(memory_limit_, MemoryManager::ParseSize(value, set.text));
    }
  } else if (key == "lakeml.debug.forcespillabove") {
    if (value == "0" || value == "default") {
      force_spill_bytes_ = 0;
    } else {
      LAKEML_ASSIGN_OR_RETURN(force_spill_bytes_, MemoryManager::ParseSize(value, set.text));
    }
  } else if (key == "time zone" ||
             (key == "spark.sql.session.timezone" && !set.names.empty())) {  // sql-gaps
    LAKEML_RETURN_IF_ERROR(SessionTimeZone::Check(value, set.pos));
  } else if (key == "spark.sql.ansi.enabled" && value != "true") {
    return SqlError::At(set.pos, "INVALID_CONF_VALUE", "22022",
                        "ANSI mode cannot be turned off in lakeml: spark.sql.ansi.enabled is "
                        "always true.");
  }
  return std::make_unique<QueryResult>(std::vector<std::string>{}, std::vector<columnar::TypePtr>{},
                                       std::vector<Chunk>{});
}

// Memory limit, spilling and EXPLAIN ANALYZE (sql-memory).

Status Connection::ExecutePlan(PhysicalOperator* root, std::string* analyzed) {
  const int64_t db_limit = db_->memory()->limit();
  MemoryManager memory(memory_limit_ > 0 ? std::min(memory_limit_, db_limit) : db_limit,
                       db_->memory());
  // Declared after `memory`: destroyed (files removed) first, also on error or cancel.
  SpillDirectory spill(db_->options().spill_directory);
  QueryExecutor executor(db_->pool(), threads_, &interrupted_);
  executor.set_memory(&memory, &spill);
  executor.set_force_spill_bytes(force_spill_bytes_);
  QueryProfile profile;
  if (analyzed != nullptr) executor.set_profile(&profile);
  const auto start = std::chrono::steady_clock::now();
  Status st = executor.Run(root);
  if (st.ok() && analyzed != nullptr) {
    char total[64];
    std::snprintf(
        total, sizeof(total), "%.3f ms",
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() * 1e3);
    *analyzed = StrCat("== Physical Plan (analyzed: ", profile.Get(root).rows, " rows in ", total,
                       ", peak memory ", MemoryManager::FormatSize(memory.peak()), ", spilled ",
                       MemoryManager::FormatSize(spill.spilled_bytes()), ") ==\n",
                       profile.Render(*root->children[0]));
  }
  // Free the operators' states (and their reservations) before `memory` goes.
  std::vector<PhysicalOperator*> stack = {root};
  while (!stack.empty()) {
    PhysicalOperator* op = stack.back();
    stack.pop_back();
    if (op != root) op->sink_state.reset();
    for (auto& c : op->children) stack.push_back(c.get());
  }
  return st;
}

Result<std::unique_ptr<QueryResult>> Connection::RunExplain(const AstNode& query,
                                                            const std::string& mode) {
  Binder binder(tables_.get());
  ConnectionSubqueryRunner subqueries(db_->pool(), threads_, &interrupted_);
  binder.set_subquery_runner(&subqueries);
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr logical, binder.BindQuery(query));
  logical = Optimizer::Optimize(std::move(logical));
  LAKEML_ASSIGN_OR_RETURN(PhysicalPtr physical, PhysicalPlanGenerator::Generate(*logical));
  std::string text;
  if (mode == "ANALYZE") {
    std::vector<columnar::TypePtr> types;
    for (const auto& c : logical->columns) types.push_back(c.type);
    auto collector = std::make_unique<ResultCollector>(types);
    ResultCollector* sink = collector.get();
    collector->children.push_back(std::move(physical));
    LAKEML_RETURN_IF_ERROR(ExecutePlan(collector.get(), &text));
    (void)sink->TakeChunks();  // EXPLAIN ANALYZE discards the rows.
  } else {
    text = StrCat("== Optimized Logical Plan ==\n", logical->ToString(),
                  "\n== Physical Plan ==\n", physical->ToString());
  }
  return PlanTextResult(text);
}

}  // namespace lakeml::sql
