#include "format/json/json_string.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

namespace lakeml::json {
namespace {

std::string Quote(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

TEST(JsonStringTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(Quote("plain"), "\"plain\"");
  EXPECT_EQ(Quote(""), "\"\"");
  EXPECT_EQ(Quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Quote("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(Quote(std::string("\x01\x1f\0", 3)), "\"\\u0001\\u001f\\u0000\"");
  EXPECT_EQ(Quote("/\x7f"), "\"/\x7f\"");
}

TEST(JsonStringTest, KeepsValidUtf8) {
  const std::string s = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF";
  EXPECT_EQ(Quote(s), "\"" + s + "\"");
}

TEST(JsonStringTest, ReplacesInvalidUtf8WithReplacementCharacter) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(Quote("a\x80z"), "\"a" + r + "z\"");                      // Stray continuation.
  EXPECT_EQ(Quote("\xC0\xAF"), "\"" + r + r + "\"");                  // Overlong lead.
  EXPECT_EQ(Quote("\xE0\x80\xAF"), "\"" + r + r + r + "\"");          // Overlong 3-byte.
  EXPECT_EQ(Quote("\xED\xA0\x80"), "\"" + r + r + r + "\"");          // Surrogate.
  EXPECT_EQ(Quote("\xF4\x90\x80\x80"), "\"" + r + r + r + r + "\"");  // > U+10FFFF.
  EXPECT_EQ(Quote("\xE2\x82"), "\"" + r + "\"");                      // Truncated: one subpart.
  EXPECT_EQ(Quote("\xE2\x82x"), "\"" + r + "x\"");
  EXPECT_EQ(Quote("\xF0\x9F\x98"), "\"" + r + "\"");
  EXPECT_EQ(Quote("\xFF"), "\"" + r + "\"");
}

TEST(JsonStringTest, RandomBytesAlwaysProduceValidJsonThatRoundTripsValidUtf8) {
  std::mt19937 rng(42);
  for (int iter = 0; iter < 5000; ++iter) {
    std::string s(rng() % 24, '\0');
    for (char& c : s) {
      // Bias toward interesting bytes.
      const uint32_t k = rng() % 4;
      c = static_cast<char>(k == 0 ? rng() % 0x20 : k == 1 ? 0x80 + rng() % 0x80 : rng() % 256);
    }
    const std::string q = Quote(s);
    nlohmann::json parsed;
    ASSERT_NO_THROW(parsed = nlohmann::json::parse(q)) << q;
    ASSERT_TRUE(parsed.is_string());
    // If the input was valid UTF-8, the parsed string is exactly the input.
    bool valid = true;
    for (size_t i = 0; i < s.size();) {
      int bad;
      int len = Utf8SequenceLength(reinterpret_cast<const unsigned char*>(s.data()) + i,
                                   s.size() - i, &bad);
      if (len == 0) {
        valid = false;
        break;
      }
      i += len;
    }
    if (valid) EXPECT_EQ(parsed.get<std::string>(), s);
  }
}

}  // namespace
}  // namespace lakeml::json
