#include "delta/interval_duration.h"

#include <gtest/gtest.h>

namespace lakeml::delta {
namespace {

constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

TEST(IntervalDurationTest, ParsesSparkIntervals) {
  EXPECT_EQ(*IntervalDuration::ParseMs("interval 30 days"), 30 * kDay);
  EXPECT_EQ(*IntervalDuration::ParseMs("interval 1 week"), 7 * kDay);
  EXPECT_EQ(*IntervalDuration::ParseMs("interval 2 weeks"), 14 * kDay);
  EXPECT_EQ(*IntervalDuration::ParseMs("INTERVAL 1 DAY"), kDay);
  EXPECT_EQ(*IntervalDuration::ParseMs("interval 12 hours"), 12 * kHour);
  EXPECT_EQ(*IntervalDuration::ParseMs("interval 5 minutes"), 5 * kMinute);
  EXPECT_EQ(*IntervalDuration::ParseMs("interval 1 second"), kSecond);
  EXPECT_EQ(*IntervalDuration::ParseMs("interval 250 milliseconds"), 250);
  EXPECT_EQ(*IntervalDuration::ParseMs("interval 1500 microseconds"), 1);
  EXPECT_EQ(*IntervalDuration::ParseMs("interval 0 days"), 0);
}

TEST(IntervalDurationTest, TakesTheBareFormAndSums) {
  EXPECT_EQ(*IntervalDuration::ParseMs("7 days"), 7 * kDay);
  EXPECT_EQ(*IntervalDuration::ParseMs("  interval  1 day   12 hours "), kDay + 12 * kHour);
}

TEST(IntervalDurationTest, RefusesWhatIsNotADuration) {
  for (const char* bad :
       {"", "interval", "interval days", "interval 3", "interval 1 month", "interval 2 years",
        "interval 2 fortnights", "interval -1 days", "interval 1.5 days",
        "interval 99999999999999999999 days", "interval 9223372036854775807 weeks"}) {
    Result<int64_t> r = IntervalDuration::ParseMs(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
      EXPECT_NE(r.status().message().find("Invalid interval"), std::string::npos);
    }
  }
}

TEST(IntervalDurationTest, PropertyFallsBackToTheDefaultAndNamesTheKey) {
  EXPECT_EQ(*IntervalDuration::PropertyMs(nullptr, "delta.x", "interval 1 week"), 7 * kDay);
  const std::string bad = "interval 1 month";
  Result<int64_t> r = IntervalDuration::PropertyMs(&bad, "delta.logRetentionDuration", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("delta.logRetentionDuration"), std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace lakeml::delta
