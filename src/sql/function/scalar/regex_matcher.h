// RegexMatcher: a compiled PCRE2 pattern (UTF-8 mode, Java-like syntax as Spark's
// java.util.regex), with a bounded backtracking budget so that no pattern can hang a query.
// Errors: INVALID_PARAMETER_VALUE.PATTERN for a pattern that does not compile or a match that
// exceeds the budget.
//
// Not thread-safe (owns its match data). Kernels use ForThread: a small per-thread cache, so a
// constant pattern compiles once per thread rather than once per batch.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;
struct pcre2_real_match_context_8;

namespace lakeml::sql {

class RegexMatcher {
 public:
  RegexMatcher();
  ~RegexMatcher();
  RegexMatcher(const RegexMatcher&) = delete;
  RegexMatcher& operator=(const RegexMatcher&) = delete;

  // The calling thread's matcher for `pattern`, compiled on first use (errors as Use). Valid
  // until the thread's next ForThread call with a different pattern set.
  static Result<RegexMatcher*> ForThread(std::string_view pattern, std::string_view function);

  // Compiles `pattern` unless it is the one already compiled. `function` names the SQL
  // function in error messages.
  Status Use(std::string_view pattern, std::string_view function);

  // Finds the first match at or after byte `start`; false when none. After a match, Group(k)
  // is the k-th group's byte range (start = npos for a group that did not participate).
  Result<bool> Find(std::string_view text, size_t start);
  int GroupCount() const { return group_count_; }
  std::pair<size_t, size_t> Group(int k) const;

 private:
  struct CodeDeleter {
    void operator()(pcre2_real_code_8* p) const;
  };
  struct DataDeleter {
    void operator()(pcre2_real_match_data_8* p) const;
  };
  struct ContextDeleter {
    void operator()(pcre2_real_match_context_8* p) const;
  };

  std::string pattern_;
  std::string function_;
  bool compiled_ = false;
  int group_count_ = 0;
  std::unique_ptr<pcre2_real_code_8, CodeDeleter> code_;
  std::unique_ptr<pcre2_real_match_data_8, DataDeleter> data_;
  std::unique_ptr<pcre2_real_match_context_8, ContextDeleter> context_;
};

}  // namespace lakeml::sql
