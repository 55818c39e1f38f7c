#include "delta/dv/z85.h"

#include <gtest/gtest.h>

#include <random>

namespace lakeml::delta {
namespace {

TEST(Z85Test, Rfc32TestVector) {
  // The example from ZeroMQ RFC 32.
  const std::string bytes("\x86\x4F\xD2\x6F\xB5\x59\xF7\x5B", 8);
  EXPECT_EQ(Z85Encode(bytes), "HelloWorld");
  auto decoded = Z85Decode("HelloWorld");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, bytes);
}

TEST(Z85Test, DeltaSpecUuidExample) {
  // PROTOCOL.md "JSON Example 1": prefix "ab", then the UUID d2c639aa-8816-431a-aaf6-d3fe2512ff61.
  auto decoded = Z85Decode("^-aqEH.-t@S}K{vb[*k^");
  ASSERT_TRUE(decoded.ok());
  const std::string expected("\xd2\xc6\x39\xaa\x88\x16\x43\x1a\xaa\xf6\xd3\xfe\x25\x12\xff\x61",
                             16);
  EXPECT_EQ(*decoded, expected);
  EXPECT_EQ(Z85Encode(expected), "^-aqEH.-t@S}K{vb[*k^");
}

TEST(Z85Test, RoundTripsRandomBytes) {
  std::mt19937 rng(7);
  for (int len = 0; len <= 64; len += 4) {
    std::string bytes(len, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    const std::string text = Z85Encode(bytes);
    EXPECT_EQ(text.size(), static_cast<size_t>(len / 4 * 5));
    auto back = Z85Decode(text);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, bytes);
  }
}

TEST(Z85Test, ExtremeGroups) {
  const std::string zeros(4, '\0');
  const std::string ones(4, '\xFF');
  EXPECT_EQ(Z85Encode(zeros), "00000");
  EXPECT_EQ(Z85Encode(ones), "%nSc0");
  EXPECT_EQ(*Z85Decode("%nSc0"), ones);
}

TEST(Z85Test, PadAndEncodePadsWithZeros) {
  EXPECT_EQ(PadAndZ85Encode("\x01"), Z85Encode(std::string("\x01\0\0\0", 4)));
  EXPECT_EQ(PadAndZ85Encode(""), "");
}

TEST(Z85Test, PaddedTailOfTheRustCrate) {
  // delta-kernel-rs/cdf-table-with-dv stores a 34-byte inline DV whose last group is "##093":
  // two bytes missing, the other two are 768 = 0x0300 big-endian.
  auto two = Z85DecodeAllowingPaddedTail("HelloWorld##093");
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_EQ(*two, std::string("\x86\x4F\xD2\x6F\xB5\x59\xF7\x5B\x03\x00", 10));
  auto three = Z85DecodeAllowingPaddedTail("#0001");  // 1 as three bytes.
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(*three, std::string("\0\0\x01", 3));
  auto one = Z85DecodeAllowingPaddedTail("###3f");  // 3 * 85 + 15 = 270 > 255.
  ASSERT_FALSE(one.ok());
  EXPECT_NE(one.status().message().find("group exceeds 8 bits at position 0"), std::string::npos)
      << one.status().message();
  // Plain Z85 is unchanged, '#' elsewhere than the start of the last group is not a tail, and
  // the strict decoder refuses the tail.
  EXPECT_EQ(*Z85DecodeAllowingPaddedTail("HelloWorld"), *Z85Decode("HelloWorld"));
  EXPECT_FALSE(Z85DecodeAllowingPaddedTail("##093HelloWorld").ok());
  EXPECT_FALSE(Z85DecodeAllowingPaddedTail("####0").ok());
  EXPECT_FALSE(Z85Decode("HelloWorld##093").ok());
}

TEST(Z85Test, RejectsBadLength) {
  auto r = Z85Decode("Hello1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("not a multiple of 5: 6"), std::string::npos)
      << r.status().message();
}

TEST(Z85Test, RejectsCharactersOutsideTheAlphabet) {
  for (const std::string& text :
       {std::string("Hell\"World"), std::string("Hello Worl"), std::string("Hel\0oWorld", 10)}) {
    auto r = Z85Decode(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.status().message().find("not in the Z85 alphabet at position"), std::string::npos)
        << r.status().message();
  }
}

TEST(Z85Test, RejectsGroupsAbove32Bits) {
  auto r = Z85Decode("#####");  // 85^5 - 1 > 2^32 - 1.
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("exceeds 32 bits"), std::string::npos);
}

}  // namespace
}  // namespace lakeml::delta
