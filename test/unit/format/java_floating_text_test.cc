// JavaFloatingText: Java's Double.toString / Float.toString forms that Spark prints.
#include "format/value_text/java_floating_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace lakeml::format {
namespace {

std::string D(double v) {
  std::string out;
  JavaFloatingText::AppendDouble(v, &out);
  return out;
}

std::string F(float v) {
  std::string out;
  JavaFloatingText::AppendFloat(v, &out);
  return out;
}

TEST(JavaFloatingTextTest, PlainBetweenOneThousandthAndTenMillion) {
  EXPECT_EQ(D(2.0), "2.0");
  EXPECT_EQ(D(0.001), "0.001");
  EXPECT_EQ(D(0.5), "0.5");
  EXPECT_EQ(D(123.456), "123.456");
  EXPECT_EQ(D(9999999.0), "9999999.0");
  EXPECT_EQ(D(1234567.5), "1234567.5");
  EXPECT_EQ(D(100.0), "100.0");
  EXPECT_EQ(D(-42.25), "-42.25");
  EXPECT_EQ(D(0.1 + 0.2), "0.30000000000000004");
}

TEST(JavaFloatingTextTest, ScientificOutside) {
  EXPECT_EQ(D(1e7), "1.0E7");
  EXPECT_EQ(D(1e10), "1.0E10");
  EXPECT_EQ(D(1.5e-5), "1.5E-5");
  EXPECT_EQ(D(1e-4), "1.0E-4");
  EXPECT_EQ(D(9.99e-4), "9.99E-4");
  EXPECT_EQ(D(-1.25e21), "-1.25E21");
  EXPECT_EQ(D(std::numeric_limits<double>::max()), "1.7976931348623157E308");
  EXPECT_EQ(D(std::numeric_limits<double>::denorm_min()), "4.9E-324");
}

TEST(JavaFloatingTextTest, SpecialValues) {
  EXPECT_EQ(D(0.0), "0.0");
  EXPECT_EQ(D(-0.0), "-0.0");
  EXPECT_EQ(D(std::nan("")), "NaN");
  EXPECT_EQ(D(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(D(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(JavaFloatingTextTest, FloatUsesItsOwnShortestDigits) {
  EXPECT_EQ(F(1.1f), "1.1");
  EXPECT_EQ(F(123456.0f), "123456.0");
  EXPECT_EQ(F(1e10f), "1.0E10");
  EXPECT_EQ(F(-2.5e-7f), "-2.5E-7");
  EXPECT_EQ(F(-0.0f), "-0.0");
}

}  // namespace
}  // namespace lakeml::format
