#include "app/sql_repl.h"

#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <utility>

#include "app/line_editor.h"
#include "base/str_cat.h"
#include "sql/parser/statement_splitter.h"

namespace lakeml::app {
namespace {

// The connection whose statement Ctrl-C interrupts. Connection::Interrupt only sets an atomic
// flag, so it is safe in a signal handler.
sql::Connection* g_repl_connection = nullptr;

void OnReplInterrupt(int) {
  if (g_repl_connection != nullptr) g_repl_connection->Interrupt();
  LineEditor::NotifyInterrupt();
}

constexpr const char kHelp[] =
    "Statements end with ';' (a statement may span lines). Results print as tables, with the\n"
    "time each statement took.\n"
    "  .help          this text\n"
    "  .timer on|off  print (or not) each statement's time\n"
    "  .quit, .exit   leave (so do exit, quit and Ctrl-D)\n"
    "Ctrl-C drops the line being typed or interrupts the running statement.\n"
    "History: ~/.lakeml/sql_history. Line editing: emacs keys (libedit; see ~/.editrc).\n";

std::string_view TrimSpaces(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  s.remove_prefix(begin);
  s.remove_suffix(s.size() - s.find_last_not_of(" \t\r") - 1);
  return s;
}

}  // namespace

SqlRepl::SqlRepl(sql::Connection* connection, ResultPrinter printer, std::string history_path)
    : connection_(connection),
      printer_(std::move(printer)),
      history_path_(std::move(history_path)) {}

std::string SqlRepl::DefaultHistoryPath() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return "";
  const std::string dir = StrCat(home, "/.lakeml");
  mkdir(dir.c_str(), 0755);  // Usually there already (the default warehouse lives in it).
  return StrCat(dir, "/sql_history");
}

Status SqlRepl::Run() {
  // libedit decodes and displays multibyte characters by the locale's LC_CTYPE (the numeric
  // formats, LC_NUMERIC, stay "C").
  std::setlocale(LC_CTYPE, "");
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<LineEditor> editor,
                          LineEditor::Open("lakeml", history_path_));
  // No SA_RESTART: Ctrl-C must interrupt the terminal wait, so the typed line can be dropped.
  struct sigaction action = {}, previous = {};
  action.sa_handler = OnReplInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous);
  g_repl_connection = connection_;

  std::printf("lakeml SQL (Databricks SQL, ANSI mode). Statements end with ';'; .help for help.\n");
  sql::StatementSplitter splitter;
  std::string line;
  bool quit = false;
  while (!quit) {
    const bool continuing = splitter.HasPending();
    const LineEditor::ReadStatus read =
        editor->ReadLine(continuing ? "   ...> " : "lakeml> ", &line);
    if (read == LineEditor::ReadStatus::kEndOfInput) break;
    if (read == LineEditor::ReadStatus::kInterrupted) {
      splitter.Clear();
      std::printf("\n");
      continue;
    }
    if (!continuing && HandleCommand(line, &quit)) continue;
    for (const std::string& statement : splitter.Feed(line + "\n")) {
      editor->AddHistory(statement);
      RunStatement(statement);
    }
  }
  // Ctrl-D with a statement pending drops it, as DuckDB and psql do.
  std::printf("\n");
  std::fflush(stdout);
  g_repl_connection = nullptr;
  sigaction(SIGINT, &previous, nullptr);
  return Status::OK();
}

bool SqlRepl::HandleCommand(const std::string& line, bool* quit) {
  std::string_view command = TrimSpaces(line);
  if (command == "exit" || command == "quit" || command == "exit;" || command == "quit;" ||
      command == ".quit" || command == ".exit" || command == ".q") {
    *quit = true;
    return true;
  }
  if (command.empty() || command[0] != '.') return false;
  if (command == ".help") {
    std::fputs(kHelp, stdout);
  } else if (command == ".timer on" || command == ".timer off") {
    timer_ = command == ".timer on";
  } else {
    std::fprintf(stderr, "Unknown command: %.*s (.help lists the commands)\n",
                 static_cast<int>(command.size()), command.data());
  }
  return true;
}

void SqlRepl::RunStatement(const std::string& statement) {
  const auto start = std::chrono::steady_clock::now();
  int64_t rows = 0;
  Status st = connection_->ExecuteEach(statement, [&](const sql::QueryResult& r) {
    rows += r.num_rows();
    return printer_(r);
  });
  std::fflush(stdout);
  if (!st.ok()) {
    std::fprintf(stderr, "lakeml: %s\n", st.message().c_str());
  } else if (timer_) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("Time: %.3f s (%lld row%s)\n", seconds, static_cast<long long>(rows),
                rows == 1 ? "" : "s");
  }
  std::fflush(stdout);
}

}  // namespace lakeml::app
