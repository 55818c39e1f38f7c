// StatementSplitter: cuts SQL text that arrives piece by piece (lines typed at the REPL) into
// complete statements, each ending at a ';' that lies outside string literals, quoted
// identifiers and comments, following the lexer's rules: '...' and "..." with backslash
// escapes, `...` identifiers, -- line comments and nested /* */ comments. It only scans; the
// parser still checks each statement.
//
// A plain value type that owns its pending text; not thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lakeml::sql {

class StatementSplitter {
 public:
  // Appends `text` (a line, with its '\n') and returns the statements it completes, each with
  // its ';'. Text after the last ';' stays pending.
  std::vector<std::string> Feed(std::string_view text);

  // True when the pending text holds more than spaces and comments: a statement is being
  // continued (the REPL shows its continuation prompt).
  bool HasPending() const;

  // The pending text (a last statement without ';' at the end of input); resets the splitter.
  std::string TakePending();

  // Drops the pending text and any open quote or comment (Ctrl-C at the prompt).
  void Clear();

 private:
  enum class State { kCode, kSingleQuote, kDoubleQuote, kBacktick, kLineComment, kBlockComment };

  std::string pending_;
  State state_ = State::kCode;
  int comment_depth_ = 0;
  bool escaped_ = false;      // The previous character was a backslash inside a string.
  bool has_content_ = false;  // pending_ holds something besides spaces and comments.
};

}  // namespace lakeml::sql
