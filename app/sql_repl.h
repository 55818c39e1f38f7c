// SqlRepl: the interactive `lakeml sql` on a terminal. Lines are read with LineEditor (editing,
// history in ~/.lakeml/sql_history), accumulated until a ';' outside quotes and comments
// (StatementSplitter; "   ...> " prompts the continuation), run on the connection, and each
// result is printed through the caller's printer, followed by "Time: 0.012 s (3 rows)".
// Ctrl-C drops the line being typed, or interrupts the running statement; Ctrl-D (or .quit)
// exits. Dot commands: .help, .quit, .exit, .timer on|off; exit and quit also leave.
//
// Borrows the connection; one per terminal session; not thread-safe. Installs its own SIGINT
// handler while Run() runs.
#pragma once

#include <functional>
#include <string>

#include "base/status.h"
#include "sql/main/connection.h"

namespace lakeml::app {

class SqlRepl {
 public:
  using ResultPrinter = std::function<Status(const sql::QueryResult&)>;

  // `history_path` empty: history is kept for the session only.
  SqlRepl(sql::Connection* connection, ResultPrinter printer, std::string history_path);

  // Runs until Ctrl-D or .quit. Failed statements are reported and the session goes on, so
  // the status is an error only when the terminal cannot be used.
  Status Run();

  // ~/.lakeml/sql_history (the directory is created), or "" when $HOME is not set.
  static std::string DefaultHistoryPath();

 private:
  // Handles a dot command or exit/quit typed at the main prompt; false when `line` is none.
  bool HandleCommand(const std::string& line, bool* quit);
  void RunStatement(const std::string& statement);

  sql::Connection* connection_;
  ResultPrinter printer_;
  std::string history_path_;
  bool timer_ = true;
};

}  // namespace lakeml::app
