#include "base/status.h"

#include <gtest/gtest.h>

#include "base/result.h"

namespace lakeml {
namespace {

Result<int> Half(int v) {
  if (v % 2 != 0) return Status::InvalidArgument("Odd value: ", v);
  return v / 2;
}

Result<int> Quarter(int v) {
  LAKEML_ASSIGN_OR_RETURN(int h, Half(v));
  LAKEML_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(StatusTest, OkHasNoMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, ErrorCarriesCodeAndMessage) {
  Status s = Status::Corruption("Page header overruns chunk: offset ", 12, " size ", 4);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.ToString(), "Corruption: Page header overruns chunk: offset 12 size 4");
  EXPECT_EQ(s.WithContext("file a.parquet").message(),
            "file a.parquet: Page header overruns chunk: offset 12 size 4");
}

TEST(ResultTest, PropagatesErrors) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Odd value: 3");
}

}  // namespace
}  // namespace lakeml
