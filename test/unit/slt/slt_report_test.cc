#include "sqllogictest/slt_report.h"

#include <gtest/gtest.h>

namespace lakeml::slt {
namespace {

TEST(SltReportTest, DiffMarksOnlyChangedRows) {
  SltRows expected = {{"1", "a"}, {"2", "b"}, {"3", "c"}};
  SltRows actual = {{"1", "a"}, {"2", "x"}, {"3", "c"}, {"4", "d"}};
  EXPECT_EQ(SltReport::DiffRows("IT", expected, actual),
            "    1\ta\n"
            "   -2\tb\n"
            "   +2\tx\n"
            "    3\tc\n"
            "   +4\td\n");
}

TEST(SltReportTest, DiffUsesTolerantEquality) {
  EXPECT_EQ(SltReport::DiffRows("R", {{"0.3333333"}, {"2"}}, {{"0.3333333333"}, {"3"}}),
            "    0.3333333333\n"
            "   -2\n"
            "   +3\n");
}

TEST(SltReportTest, DiffShowsContextAndElidesTheRest) {
  SltRows expected, actual;
  for (int i = 0; i < 20; ++i) {
    expected.push_back({std::to_string(i)});
    actual.push_back({std::to_string(i == 10 ? 99 : i)});
  }
  EXPECT_EQ(SltReport::DiffRows("I", expected, actual),
            "    ...\n    7\n    8\n    9\n   -10\n   +99\n    11\n    12\n    13\n    ...\n");
}

TEST(SltReportTest, LargeDiffIsCut) {
  SltRows expected, actual;
  for (int i = 0; i < 5000; ++i) {
    expected.push_back({std::to_string(i)});
    actual.push_back({std::to_string(i + 100000)});
  }
  std::string diff = SltReport::DiffRows("I", expected, actual);
  EXPECT_NE(diff.find("(diff cut at 120 lines)"), std::string::npos);
  EXPECT_LT(diff.size(), 2000u);
}

TEST(SltReportTest, FormatsFailuresAndCapsThem) {
  SltReport report;
  SltFailure f;
  f.file = "a.test";
  f.line = 7;
  f.summary = "statement failed unexpectedly";
  f.sql = "SELECT 1\nFROM t";
  f.engine_error = "[TABLE_OR_VIEW_NOT_FOUND] t";
  f.loop_context = "i=3";
  report.Add(f);
  EXPECT_EQ(report.ToString(),
            "a.test:7: statement failed unexpectedly\n"
            "  in loop: i=3\n"
            "  SQL:\n"
            "    SELECT 1\n"
            "    FROM t\n"
            "  Error:\n"
            "    [TABLE_OR_VIEW_NOT_FOUND] t\n");
  for (int i = 0; i < 30; ++i) report.Add(f);
  EXPECT_EQ(report.failure_count(), 31u);
  EXPECT_EQ(report.failures().size(), SltReport::kMaxKeptFailures);
  EXPECT_NE(report.ToString().find("... and 11 more failures\n"), std::string::npos);
}

}  // namespace
}  // namespace lakeml::slt
