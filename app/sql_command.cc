#include "app/sql_command.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/sql_repl.h"
#include "base/str_cat.h"
#include "format/value_text/csv_batch_writer.h"
#include "format/value_text/json_lines_batch_writer.h"
#include "format/value_text/table_text_writer.h"
#include "sql/common/sql_type.h"
#include "sql/function/cast/cast_executor.h"
#include "sql/main/connection.h"

namespace lakeml::app {
namespace {

struct SqlArgs {
  std::string command;
  std::string file;
  std::string warehouse;
  std::string format = "table";
  // --param name=value (sql-syntax): values of the statements' :name markers, as SQL literals.
  std::vector<std::string> params;
  sql::QueryParameters parameters;
  int threads = 0;
  bool timing = false;
  std::string memory_limit;  // "4GB"; empty = 60% of RAM
  std::string spill_dir;
  std::string scan_cache;  // "1GB"; empty = 25% of the memory limit; "0" = off
};

sql::Connection* g_connection = nullptr;

void OnInterrupt(int) {
  if (g_connection != nullptr) g_connection->Interrupt();
}

// Spark prints FLOAT/DOUBLE values as Java does ("2.0", "1.0E10"): table and CSV output show
// such columns through CAST(... AS STRING), which gives that text (sql/common/floating_text.h).
Status SparkFloatingColumnsAsText(columnar::SchemaPtr* schema,
                                  std::vector<columnar::BatchPtr>* batches) {
  std::vector<columnar::Field> fields = (*schema)->fields();
  std::vector<size_t> floating;
  for (size_t i = 0; i < fields.size(); ++i) {
    const columnar::TypeId id = fields[i].type->id();
    if (id == columnar::TypeId::kFloat32 || id == columnar::TypeId::kFloat64) {
      floating.push_back(i);
      fields[i].type = sql::SqlType::String();
    }
  }
  if (floating.empty()) return Status::OK();
  *schema = std::make_shared<columnar::Schema>(std::move(fields), (*schema)->metadata());
  for (columnar::BatchPtr& b : *batches) {
    std::vector<columnar::VectorPtr> columns = b->columns();
    for (size_t i : floating) {
      LAKEML_RETURN_IF_ERROR(sql::CastExecutor::Cast(*columns[i], sql::SqlType::String(),
                                                     /*try_mode=*/false, b->num_rows(),
                                                     &columns[i]));
    }
    b = std::make_shared<columnar::Batch>(*schema, std::move(columns), b->num_rows());
  }
  return Status::OK();
}

Status PrintResult(const sql::QueryResult& result, const SqlArgs& args) {
  if (!result.names().empty()) {
    columnar::SchemaPtr schema = result.schema();
    std::vector<columnar::BatchPtr> batches = result.batches();
    if (args.format != "json") {
      LAKEML_RETURN_IF_ERROR(SparkFloatingColumnsAsText(&schema, &batches));
    }
    if (args.format == "csv") {
      format::CsvBatchWriter w(stdout);
      LAKEML_RETURN_IF_ERROR(w.Begin(*schema));
      for (const auto& b : batches) LAKEML_RETURN_IF_ERROR(w.Write(*b));
      LAKEML_RETURN_IF_ERROR(w.Finish());
    } else if (args.format == "json") {
      format::JsonLinesBatchWriter w(stdout);
      for (const auto& b : result.batches()) LAKEML_RETURN_IF_ERROR(w.Write(*b));
      LAKEML_RETURN_IF_ERROR(w.Finish());
    } else if (result.names().size() == 1 && result.names()[0] == "plan") {
      // EXPLAIN: the plan text as it is.
      for (const auto& b : result.batches()) {
        for (int64_t r = 0; r < b->num_rows(); ++r) {
          const std::string_view text = b->column(0)->GetView(r);
          std::fwrite(text.data(), 1, text.size(), stdout);
        }
      }
    } else {
      format::TableTextWriter w(stdout);
      LAKEML_RETURN_IF_ERROR(w.Begin(*schema));
      for (const auto& b : batches) LAKEML_RETURN_IF_ERROR(w.Write(*b));
      LAKEML_RETURN_IF_ERROR(w.Finish());
    }
  }
  if (args.timing) {
    std::fprintf(stderr, "Time: %.3f s (%lld rows)\n", result.elapsed_seconds,
                 static_cast<long long>(result.num_rows()));
  }
  return Status::OK();
}

// Statements typed at the terminal (the REPL, app/sql_repl.h) or piped in: a piped statement
// ends with ';' at the end of a line (or at the end of input).
Status RunInteractive(sql::Connection* conn, const SqlArgs& args) {
  const bool tty = isatty(STDIN_FILENO) != 0;
  if (tty) {
    SqlArgs repl_args = args;
    repl_args.timing = false;  // The REPL prints each statement's time itself.
    SqlRepl repl(
        conn, [repl_args](const sql::QueryResult& r) { return PrintResult(r, repl_args); },
        SqlRepl::DefaultHistoryPath());
    return repl.Run();
  }
  std::string buffer, line;
  int failures = 0;
  auto flush = [&]() {
    if (buffer.find_first_not_of(" \t\r\n;") == std::string::npos) {
      buffer.clear();
      return;
    }
    Status st =
        conn->ExecuteEach(buffer, args.parameters, [&](const sql::QueryResult& r) { return PrintResult(r, args); });
    buffer.clear();
    if (!st.ok()) {
      std::fprintf(stderr, "lakeml: %s\n", st.message().c_str());
      ++failures;
    }
  };
  while (true) {
    if (tty) std::fputs(buffer.empty() ? "lakeml> " : "   ...> ", stdout), std::fflush(stdout);
    if (!std::getline(std::cin, line)) break;
    buffer += line + "\n";
    size_t end = line.find_last_not_of(" \t\r");
    if (end != std::string::npos && line[end] == ';') flush();
  }
  flush();
  if (tty) std::fputs("\n", stdout);
  if (failures > 0 && !tty) return Status::InvalidArgument(failures, " statement(s) failed");
  return Status::OK();
}

Status RunSql(const SqlArgs& args) {
  if (args.format != "table" && args.format != "csv" && args.format != "json") {
    return Status::InvalidArgument("Unknown output format: ", args.format,
                                   " (use table, csv or json)");
  }
  sql::DatabaseOptions options;
  options.warehouse = args.warehouse;
  options.threads = args.threads;
  if (!args.memory_limit.empty()) {
    LAKEML_ASSIGN_OR_RETURN(options.memory_limit,
                            sql::MemoryManager::ParseSize(args.memory_limit, "--memory-limit"));
  }
  options.spill_directory = args.spill_dir;
  if (args.scan_cache == "0") {
    options.scan_cache_size = 0;
  } else if (!args.scan_cache.empty()) {
    LAKEML_ASSIGN_OR_RETURN(options.scan_cache_size,
                            sql::MemoryManager::ParseSize(args.scan_cache, "--scan-cache"));
  }
  LAKEML_ASSIGN_OR_RETURN(std::shared_ptr<sql::Database> db, sql::Database::Open(options));
  sql::Connection conn(db);
  g_connection = &conn;
  std::signal(SIGINT, OnInterrupt);
  Status st;
  if (!args.command.empty()) {
    st = conn.ExecuteEach(args.command, args.parameters,
                          [&](const sql::QueryResult& r) { return PrintResult(r, args); });
  } else if (!args.file.empty()) {
    std::ifstream in(args.file, std::ios::binary);
    if (!in) {
      st = Status::IOError("Cannot open SQL file: ", args.file);
    } else {
      std::stringstream text;
      text << in.rdbuf();
      st = conn.ExecuteEach(text.str(), args.parameters,
                            [&](const sql::QueryResult& r) { return PrintResult(r, args); });
    }
  } else {
    st = RunInteractive(&conn, args);
  }
  std::signal(SIGINT, SIG_DFL);
  g_connection = nullptr;
  return st;
}

}  // namespace

void RegisterSqlCommand(CLI::App* app, int* exit_code) {
  auto args = std::make_shared<SqlArgs>();
  CLI::App* cmd = app->add_subcommand(
      "sql",
      "Run Databricks SQL (Spark SQL, ANSI mode) over Delta tables: -c STATEMENTS, -f FILE, or "
      "statements on stdin");
  cmd->add_option("-c,--command", args->command, "Statements to run (separated by ;)");
  cmd->add_option("-f,--file", args->file, "A file of statements to run");
  cmd->add_option("--warehouse", args->warehouse,
                  "Warehouse directory holding the catalog and managed tables "
                  "(default: $LAKEML_WAREHOUSE, else ~/.lakeml/warehouse)");
  cmd->add_option("--format", args->format, "Output format: table, csv or json")
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "Worker threads (default: all cores)");
  cmd->add_flag("--timing", args->timing, "Print each statement's time on stderr");
  cmd->add_option("--param", args->params,
                   "NAME=VALUE: bind the parameter marker :NAME to VALUE, a SQL literal such as "
                   "42 or 'text' (repeatable)");
  cmd->add_option("--memory-limit", args->memory_limit,
                  "Memory for hash tables, sorts and joins, e.g. 4GB (default: 60% of RAM); "
                  "aggregates and sorts spill to disk above it");
  cmd->add_option("--scan-cache", args->scan_cache,
                  "Memory for decompressed Parquet column chunks kept between scans, e.g. 1GB, "
                  "taken out of --memory-limit (default: 25% of it; 0 = off)");
  cmd->add_option("--spill-dir", args->spill_dir,
                  "Directory for spill files (default: $TMPDIR, else /tmp)");
  cmd->callback([args, exit_code]() {
    for (const std::string& p : args->params) {
      const size_t eq = p.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::fprintf(stderr, "lakeml: --param needs NAME=VALUE, got: %s\n", p.c_str());
        *exit_code = 2;
        return;
      }
      args->parameters.SetExpression(p.substr(0, eq), p.substr(eq + 1));
    }
    if (args->warehouse.empty()) {
      if (const char* env = std::getenv("LAKEML_WAREHOUSE"); env != nullptr && *env != '\0') {
        args->warehouse = env;
      } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        args->warehouse = StrCat(home, "/.lakeml/warehouse");  // See docs/sql.md.
      }
    }
    Status st = RunSql(*args);
    if (!st.ok()) {
      std::fprintf(stderr, "lakeml: %s\n", st.message().c_str());
      *exit_code = 1;
    }
  });
}

}  // namespace lakeml::app
