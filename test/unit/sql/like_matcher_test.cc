// LikeMatcher against a plain dynamic-programming matcher on random patterns and texts over a
// small alphabet (so that matches are frequent), plus multi-byte characters, escapes and ILIKE.
#include "sql/function/scalar/like_matcher.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace lakeml::sql {
namespace {

// Characters as UTF-8 strings; '%' and '_' are the wildcards.
std::vector<std::string> Chars(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t j = i + 1;
    while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool ReferenceLike(const std::string& text, const std::string& pattern) {
  const std::vector<std::string> t = Chars(text);
  const std::vector<std::string> p = Chars(pattern);
  // match[i][j]: t[0..i) matches p[0..j).
  std::vector<std::vector<bool>> match(t.size() + 1, std::vector<bool>(p.size() + 1, false));
  match[0][0] = true;
  for (size_t j = 1; j <= p.size(); ++j) match[0][j] = match[0][j - 1] && p[j - 1] == "%";
  for (size_t i = 1; i <= t.size(); ++i) {
    for (size_t j = 1; j <= p.size(); ++j) {
      if (p[j - 1] == "%") {
        match[i][j] = match[i][j - 1] || match[i - 1][j];
      } else {
        match[i][j] = match[i - 1][j - 1] && (p[j - 1] == "_" || p[j - 1] == t[i - 1]);
      }
    }
  }
  return match[t.size()][p.size()];
}

TEST(LikeMatcherTest, AgreesWithReferenceOnRandomInputs) {
  std::mt19937 rng(20261123);
  const std::vector<std::string> text_chars = {"a", "b", "c", "\xc3\xa9", "\xe2\x82\xac"};
  std::vector<std::string> pattern_chars = text_chars;
  pattern_chars.push_back("%");
  pattern_chars.push_back("_");
  pattern_chars.push_back("%");
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text;
    std::string pattern;
    const int text_len = static_cast<int>(rng() % 9);
    const int pattern_len = static_cast<int>(rng() % 7);
    for (int i = 0; i < text_len; ++i) text += text_chars[rng() % text_chars.size()];
    for (int i = 0; i < pattern_len; ++i) pattern += pattern_chars[rng() % pattern_chars.size()];
    auto m = LikeMatcher::Compile(pattern, '\\', false);
    ASSERT_TRUE(m.ok()) << pattern;
    ASSERT_EQ(m->Matches(text), ReferenceLike(text, pattern))
        << "text '" << text << "' pattern '" << pattern << "'";
  }
}

TEST(LikeMatcherTest, CommonShapes) {
  auto like = [](const std::string& text, const std::string& pattern) {
    auto m = LikeMatcher::Compile(pattern, '\\', false);
    EXPECT_TRUE(m.ok()) << pattern;
    return m.ok() && m->Matches(text);
  };
  EXPECT_TRUE(like("special requests", "%special%requests%"));
  EXPECT_FALSE(like("requests special", "%special%requests%"));
  EXPECT_TRUE(like("PROMO BRUSHED", "PROMO%"));
  EXPECT_TRUE(like("forest green", "%green"));
  EXPECT_FALSE(like("forest greens", "%green"));
  EXPECT_FALSE(like("abc", "ab%bc"));  // The parts may not overlap.
  EXPECT_TRUE(like("abbc", "ab%bc"));
  EXPECT_TRUE(like("", ""));
  EXPECT_TRUE(like("", "%"));
  EXPECT_FALSE(like("", "_"));
  EXPECT_TRUE(like("100%", "100\\%"));
  EXPECT_FALSE(like("1000", "100\\%"));
  EXPECT_TRUE(like("a_b", "a\\_b"));
  EXPECT_FALSE(like("axb", "a\\_b"));
}

TEST(LikeMatcherTest, IgnoreCaseAndEscapeErrors) {
  auto m = LikeMatcher::Compile("%GrEEn%", '\\', true);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->Matches("forest GREEN tree"));
  EXPECT_FALSE(m->Matches("forest gren"));
  EXPECT_FALSE(LikeMatcher::Compile("abc\\", '\\', false).ok());
  EXPECT_FALSE(LikeMatcher::Compile("a\\bc", '\\', false).ok());
}

}  // namespace
}  // namespace lakeml::sql
