#include "sql/parser/statement_splitter.h"

#include <utility>

namespace lakeml::sql {

std::vector<std::string> StatementSplitter::Feed(std::string_view text) {
  std::vector<std::string> statements;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    // Spaces between statements belong to neither.
    if (space && state_ == State::kCode && !has_content_) continue;
    pending_.push_back(c);
    switch (state_) {
      case State::kCode:
        if (c == ';') {
          if (has_content_) statements.push_back(std::move(pending_));
          pending_.clear();
          has_content_ = false;
        } else if (c == '-' && next == '-') {
          state_ = State::kLineComment;
        } else if (c == '/' && next == '*') {
          pending_.push_back(next);
          ++i;
          state_ = State::kBlockComment;
          comment_depth_ = 1;
        } else if (c == '\'' || c == '"' || c == '`') {
          state_ = c == '\''  ? State::kSingleQuote
                   : c == '"' ? State::kDoubleQuote
                              : State::kBacktick;
          escaped_ = false;
          has_content_ = true;
        } else if (!space) {
          has_content_ = true;
        }
        break;
      case State::kSingleQuote:
      case State::kDoubleQuote: {
        const char quote = state_ == State::kSingleQuote ? '\'' : '"';
        if (escaped_) {
          escaped_ = false;
        } else if (c == '\\') {
          escaped_ = true;
        } else if (c == quote) {
          state_ = State::kCode;
        }
        break;
      }
      case State::kBacktick:
        // A doubled `` closes and reopens, which leaves the state as it should be.
        if (c == '`') state_ = State::kCode;
        break;
      case State::kLineComment:
        if (c == '\n') state_ = State::kCode;
        break;
      case State::kBlockComment:
        if (c == '/' && next == '*') {
          pending_.push_back(next);
          ++i;
          ++comment_depth_;
        } else if (c == '*' && next == '/') {
          pending_.push_back(next);
          ++i;
          if (--comment_depth_ == 0) state_ = State::kCode;
        }
        break;
    }
  }
  return statements;
}

bool StatementSplitter::HasPending() const {
  // An open string or comment continues too: its statement is not finished.
  return has_content_ || state_ == State::kBlockComment;
}

std::string StatementSplitter::TakePending() {
  std::string out = has_content_ ? std::move(pending_) : std::string();
  Clear();
  return out;
}

void StatementSplitter::Clear() {
  pending_.clear();
  state_ = State::kCode;
  comment_depth_ = 0;
  escaped_ = false;
  has_content_ = false;
}

}  // namespace lakeml::sql
