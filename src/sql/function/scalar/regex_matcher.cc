#define PCRE2_CODE_UNIT_WIDTH 8
#include "sql/function/scalar/regex_matcher.h"

#include <pcre2.h>

#include <vector>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"

namespace lakeml::sql {
namespace {

// Compiled patterns kept per thread.
constexpr size_t kRegexCacheSize = 8;

// Backtracking budget per match: enough for any sane pattern, bounded for hostile ones.
constexpr uint32_t kRegexMatchLimit = 10'000'000;

Status BadPattern(std::string_view function, std::string_view pattern, std::string_view why) {
  return SqlError::Make("INVALID_PARAMETER_VALUE.PATTERN", "22023",
                        StrCat("The value of parameter(s) `regexp` in `", function,
                               "` is invalid: '", pattern, "' (", why, ")."));
}

}  // namespace

void RegexMatcher::CodeDeleter::operator()(pcre2_real_code_8* p) const { pcre2_code_free(p); }
void RegexMatcher::DataDeleter::operator()(pcre2_real_match_data_8* p) const {
  pcre2_match_data_free(p);
}
void RegexMatcher::ContextDeleter::operator()(pcre2_real_match_context_8* p) const {
  pcre2_match_context_free(p);
}

RegexMatcher::RegexMatcher() = default;
RegexMatcher::~RegexMatcher() = default;

Result<RegexMatcher*> RegexMatcher::ForThread(std::string_view pattern, std::string_view function) {
  thread_local std::vector<std::unique_ptr<RegexMatcher>> cache;
  thread_local size_t last = 0;
  thread_local size_t next_victim = 0;
  if (last < cache.size() && cache[last]->compiled_ && cache[last]->pattern_ == pattern) {
    return cache[last].get();
  }
  for (size_t k = 0; k < cache.size(); ++k) {
    if (cache[k]->compiled_ && cache[k]->pattern_ == pattern) {
      last = k;
      return cache[k].get();
    }
  }
  if (cache.size() < kRegexCacheSize) {
    cache.push_back(std::make_unique<RegexMatcher>());
    last = cache.size() - 1;
  } else {
    last = next_victim;
    next_victim = (next_victim + 1) % kRegexCacheSize;
  }
  LAKEML_RETURN_IF_ERROR(cache[last]->Use(pattern, function));
  return cache[last].get();
}

Status RegexMatcher::Use(std::string_view pattern, std::string_view function) {
  if (compiled_ && pattern == pattern_) return Status::OK();
  compiled_ = false;
  pattern_ = pattern;
  function_ = function;
  int error = 0;
  PCRE2_SIZE offset = 0;
  code_.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                            PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &error, &offset, nullptr));
  if (code_ == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof(message));
    return BadPattern(function, pattern,
                      StrCat(reinterpret_cast<const char*>(message), " at offset ", offset));
  }
  pcre2_jit_compile(code_.get(), PCRE2_JIT_COMPLETE);  // Optional: falls back to interpreting.
  data_.reset(pcre2_match_data_create_from_pattern(code_.get(), nullptr));
  if (context_ == nullptr) {
    context_.reset(pcre2_match_context_create(nullptr));
    pcre2_set_match_limit(context_.get(), kRegexMatchLimit);
  }
  uint32_t groups = 0;
  pcre2_pattern_info(code_.get(), PCRE2_INFO_CAPTURECOUNT, &groups);
  group_count_ = static_cast<int>(groups);
  compiled_ = true;
  return Status::OK();
}

Result<bool> RegexMatcher::Find(std::string_view text, size_t start) {
  if (start > text.size()) return false;
  const int rc = pcre2_match(code_.get(), reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(),
                             start, 0, data_.get(), context_.get());
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  if (rc < 0) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(rc, message, sizeof(message));
    return BadPattern(function_, pattern_, reinterpret_cast<const char*>(message));
  }
  return true;
}

std::pair<size_t, size_t> RegexMatcher::Group(int k) const {
  const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data_.get());
  if (k > group_count_ || ov[2 * k] == PCRE2_UNSET) return {std::string::npos, 0};
  return {ov[2 * k], ov[2 * k + 1]};
}

}  // namespace lakeml::sql
