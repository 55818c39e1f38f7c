// TextPool: the pseudo-text that every comment column is cut from (TPC-H 4.2.2.10/4.2.2.14):
// sentences generated from the spec's grammar and weighted word lists, concatenated into one
// pool; a comment is a substring of random length and random offset. The spec's pool is
// 300 MB; 16 MiB keeps start-up short and gives the same word and phrase frequencies, which is
// what LIKE predicates such as Q13's '%special%requests%' see.
// Built once on first use (about 0.1 s); immutable; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tpch/gen/random_stream.h"

namespace lakeml::tpch {

class TextPool {
 public:
  static constexpr int64_t kSize = 16 << 20;

  static const TextPool& Get();

  // A comment of length uniform in [min_len, max_len], from a random offset.
  std::string_view Comment(RandomStream& r, int min_len, int max_len) const {
    const int64_t len = r.Uniform(min_len, max_len);
    const int64_t offset = r.Uniform(0, kSize - len);
    return std::string_view(text_).substr(offset, len);
  }
  std::string_view text() const { return text_; }

 private:
  TextPool();
  void AppendSentence(RandomStream& r);
  void AppendNounPhrase(RandomStream& r);
  void AppendVerbPhrase(RandomStream& r);
  void AppendWord(std::string_view word);

  std::string text_;
};

}  // namespace lakeml::tpch
