// Every bench/tpch/queries/qNN.sql (the TPC-H benchmark's and test/sql/tpch's queries) parses
// as one statement and round-trips through AstPrinter.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "unit/sql/round_trip.h"

namespace lakeml::sql {
namespace {

std::string ReadTpchQueryFile(int q) {
  char name[16];
  std::snprintf(name, sizeof(name), "q%02d.sql", q);
  std::ifstream in(std::string(LAKEML_SOURCE_DIR) + "/bench/tpch/queries/" + name);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(TpchQueryFilesTest, EachFileParsesAsOneStatementAndRoundTrips) {
  for (int q = 1; q <= 22; ++q) {
    const std::string text = ReadTpchQueryFile(q);
    ASSERT_FALSE(text.empty()) << "bench/tpch/queries: no file for Q" << q;
    EXPECT_EQ(RoundTrip::Canonical(text).rfind("ERROR", 0), std::string::npos)
        << "Q" << q << ": " << RoundTrip::Canonical(text);
  }
}

TEST(TpchQueryFilesTest, Q15IsOneQueryWithACte) {
  EXPECT_EQ(RoundTrip::Canonical(ReadTpchQueryFile(15)).rfind("WITH revenue0", 0), 0u);
}

TEST(TpchQueryFilesTest, Q6Shape) {
  EXPECT_EQ(RoundTrip::Canonical(ReadTpchQueryFile(6)),
            "SELECT sum((l_extendedprice * l_discount)) AS revenue FROM lineitem WHERE "
            "((((l_shipdate >= DATE '1994-01-01') AND (l_shipdate < (DATE '1994-01-01' + "
            "INTERVAL '1' YEAR))) AND (l_discount BETWEEN (0.06 - 0.01) AND (0.06 + 0.01))) AND "
            "(l_quantity < 24))");
}

}  // namespace
}  // namespace lakeml::sql
