#include "sql/function/scalar/like_matcher.h"

#include "base/str_cat.h"
#include "sql/common/sql_error.h"
#include "sql/function/scalar/utf8_text.h"

namespace lakeml::sql {

Result<LikeMatcher> LikeMatcher::Compile(std::string_view pattern, char escape, bool ignore_case) {
  LikeMatcher m;
  m.ignore_case_ = ignore_case;
  std::string p =
      ignore_case ? Utf8Text::MapChars(pattern, Utf8Text::ToLower) : std::string(pattern);
  m.parts_.emplace_back();
  auto add_literal = [&m](std::string_view bytes) {
    std::vector<Piece>& pieces = m.parts_.back().pieces;
    if (pieces.empty() || pieces.back().any_chars > 0) pieces.emplace_back();
    pieces.back().literal.append(bytes);
  };
  for (size_t i = 0; i < p.size();) {
    const size_t len = Utf8Text::CharLen(p, i);
    if (p[i] == escape) {
      if (i + len >= p.size()) {
        return SqlError::Make("INVALID_FORMAT.ESC_AT_THE_END", "42601",
                              StrCat("The format is invalid: '", pattern,
                                     "'. The escape character is not allowed to end with."));
      }
      const size_t next_len = Utf8Text::CharLen(p, i + len);
      const char next = p[i + len];
      if (next_len != 1 || (next != '_' && next != '%' && next != escape)) {
        return SqlError::Make("INVALID_FORMAT.ESC_IN_THE_MIDDLE", "42601",
                              StrCat("The format is invalid: '", pattern,
                                     "'. The escape character is not allowed to precede '",
                                     p.substr(i + len, next_len), "'."));
      }
      add_literal(std::string_view(&next, 1));
      i += len + 1;
      continue;
    }
    if (p[i] == '%') {
      if (i == 0) m.anchored_start_ = false;
      if (i + 1 == p.size()) m.anchored_end_ = false;
      if (!m.parts_.back().pieces.empty()) m.parts_.emplace_back();
    } else if (p[i] == '_') {
      std::vector<Piece>& pieces = m.parts_.back().pieces;
      if (pieces.empty()) pieces.emplace_back();
      ++pieces.back().any_chars;
    } else {
      add_literal(std::string_view(p).substr(i, len));
    }
    i += len;
  }
  // "a%" leaves an empty last part behind; drop it (unless it is the only one).
  if (m.parts_.size() > 1 && m.parts_.back().pieces.empty()) m.parts_.pop_back();
  return m;
}

size_t LikeMatcher::MatchAt(std::string_view text, size_t at, const Part& part) {
  for (const Piece& piece : part.pieces) {
    if (text.size() - at < piece.literal.size() ||
        text.compare(at, piece.literal.size(), piece.literal) != 0) {
      return std::string_view::npos;
    }
    at += piece.literal.size();
    for (int c = 0; c < piece.any_chars; ++c) {
      if (at >= text.size()) return std::string_view::npos;
      at += Utf8Text::CharLen(text, at);
    }
  }
  return at;
}

size_t LikeMatcher::FindFrom(std::string_view text, size_t from, const Part& part) {
  const std::string& lead = part.pieces.empty() ? std::string() : part.pieces[0].literal;
  for (size_t at = from; at <= text.size();) {
    if (!lead.empty()) {
      at = text.find(lead, at);
      if (at == std::string_view::npos) return at;
    }
    const size_t end = MatchAt(text, at, part);
    if (end != std::string_view::npos) return end;
    if (at == text.size()) break;
    at += Utf8Text::CharLen(text, at);
  }
  return std::string_view::npos;
}

bool LikeMatcher::Matches(std::string_view input) const {
  if (!ignore_case_) return MatchesCased(input);
  const std::string lowered = Utf8Text::MapChars(input, Utf8Text::ToLower);
  return MatchesCased(lowered);
}

bool LikeMatcher::MatchesCased(std::string_view text) const {
  size_t first = 0;
  size_t last = parts_.size();
  size_t at = 0;
  if (anchored_start_) {
    at = MatchAt(text, 0, parts_[0]);
    if (at == std::string_view::npos) return false;
    if (parts_.size() == 1 && anchored_end_) return at == text.size();
    first = 1;
  }
  if (anchored_end_ && last > first) --last;  // parts_[last] is matched at the end below.
  for (size_t i = first; i < last; ++i) {
    at = FindFrom(text, at, parts_[i]);
    if (at == std::string_view::npos) return false;
  }
  if (!anchored_end_ || last == parts_.size()) return true;
  // The last part must end exactly at the end of the text: try each start from `at` on (one
  // start when the part is pure literal bytes).
  const Part& tail = parts_[last];
  if (tail.pieces.size() == 1 && tail.pieces[0].any_chars == 0) {
    const std::string& lit = tail.pieces[0].literal;
    return text.size() - at >= lit.size() &&
           text.compare(text.size() - lit.size(), lit.size(), lit) == 0;
  }
  for (size_t start = at; start <= text.size();) {
    if (MatchAt(text, start, tail) == text.size()) return true;
    if (start == text.size()) break;
    start += Utf8Text::CharLen(text, start);
  }
  return false;
}

}  // namespace lakeml::sql
