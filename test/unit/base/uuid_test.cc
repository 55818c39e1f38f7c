#include "base/uuid.h"

#include <gtest/gtest.h>

#include <set>

namespace lakeml {
namespace {

TEST(UuidTest, CanonicalLowercaseForm) {
  const std::string u = NewUuid();
  ASSERT_EQ(u.size(), 36u);
  for (size_t i = 0; i < u.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      EXPECT_EQ(u[i], '-') << u;
    } else {
      EXPECT_TRUE((u[i] >= '0' && u[i] <= '9') || (u[i] >= 'a' && u[i] <= 'f')) << u;
    }
  }
  EXPECT_EQ(u[14], '4') << u;                                          // Version 4.
  EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos) << u;  // Variant 10xx.
}

TEST(UuidTest, BytesMatchText) {
  const std::array<uint8_t, 16> bytes = {0xd2, 0xc6, 0x39, 0xaa, 0x88, 0x16, 0x43, 0x1a,
                                         0xaa, 0xf6, 0xd3, 0xfe, 0x25, 0x12, 0xff, 0x61};
  EXPECT_EQ(UuidToString(bytes), "d2c639aa-8816-431a-aaf6-d3fe2512ff61");
  const auto random = NewUuidBytes();
  EXPECT_EQ(random[6] >> 4, 4);
  EXPECT_EQ(random[8] >> 6, 2);
}

TEST(UuidTest, Unique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(NewUuid()).second);
}

}  // namespace
}  // namespace lakeml
