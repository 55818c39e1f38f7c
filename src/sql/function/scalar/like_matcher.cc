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
  for (size_t i = 0; i < p.size();) {
    size_t len = Utf8Text::CharLen(p, i);
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
      m.tokens_.push_back({Kind::kLiteral, std::string(1, next)});
      i += len + 1;
      continue;
    }
    if (p[i] == '%') {
      if (m.tokens_.empty() || m.tokens_.back().kind != Kind::kAnyString) {
        m.tokens_.push_back({Kind::kAnyString, {}});
      }
    } else if (p[i] == '_') {
      m.tokens_.push_back({Kind::kAnyChar, {}});
    } else {
      m.tokens_.push_back({Kind::kLiteral, p.substr(i, len)});
    }
    i += len;
  }
  return m;
}

bool LikeMatcher::Matches(std::string_view input) const {
  std::string lowered;
  std::string_view text = input;
  if (ignore_case_) {
    lowered = Utf8Text::MapChars(input, Utf8Text::ToLower);
    text = lowered;
  }
  // Wildcard matching with one backtrack point (the last '%'): linear restarts only.
  size_t t = 0, k = 0;
  size_t star_k = std::string::npos, star_t = 0;
  while (t < text.size()) {
    const size_t clen = Utf8Text::CharLen(text, t);
    if (k < tokens_.size() && tokens_[k].kind == Kind::kAnyString) {
      star_k = k++;
      star_t = t;
      continue;
    }
    if (k < tokens_.size() &&
        (tokens_[k].kind == Kind::kAnyChar || text.substr(t, clen) == tokens_[k].literal)) {
      ++k;
      t += clen;
      continue;
    }
    if (star_k == std::string::npos) return false;
    k = star_k + 1;
    star_t += Utf8Text::CharLen(text, star_t);
    t = star_t;
  }
  while (k < tokens_.size() && tokens_[k].kind == Kind::kAnyString) ++k;
  return k == tokens_.size();
}

}  // namespace lakeml::sql
