#include "delta/stats/skipping_predicate.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::Scalar;
using columnar::Schema;
using columnar::TimeUnit;
using columnar::TypeId;

Schema TestSchema() {
  return Schema({
      Field{"a", DataType::Primitive(TypeId::kInt32)},
      Field{"b", DataType::String()},
      Field{"c", DataType::Primitive(TypeId::kInt64)},
      Field{"price", DataType::Decimal(10, 2)},
      Field{"f", DataType::Primitive(TypeId::kFloat64)},
      Field{"d", DataType::Primitive(TypeId::kDate32)},
      Field{"ts", DataType::Timestamp(TimeUnit::kMicro, true)},
      Field{"flag", DataType::Primitive(TypeId::kBoolean)},
      Field{"s", DataType::Struct({Field{"x", DataType::Primitive(TypeId::kInt16)},
                                   Field{"my col", DataType::String()}})},
      Field{"arr", DataType::List(Field{"element", DataType::Primitive(TypeId::kInt32)})},
  });
}

TEST(SkippingPredicateTest, ParsesTheBriefExample) {
  Result<Predicate> p = Predicate::Parse("a = 5 and (b > 'x' or c is null)", TestSchema());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->ToString(), "(a = 5 AND (b > 'x' OR c IS NULL))");
  EXPECT_EQ(p->kind(), Predicate::Kind::kAnd);
  const Predicate& eq = p->left();
  EXPECT_EQ(eq.kind(), Predicate::Kind::kCompare);
  EXPECT_EQ(eq.column(), ColumnPath{"a"});
  EXPECT_EQ(eq.value().type->id(), TypeId::kInt32);
  EXPECT_EQ(eq.value().i, 5);
  std::vector<ColumnPath> cols = p->Columns();
  ASSERT_EQ(cols.size(), 3u);
  EXPECT_EQ(cols[2], ColumnPath{"c"});
}

TEST(SkippingPredicateTest, LiteralsAreTypedByTheColumn) {
  Schema schema = TestSchema();
  auto parse = [&](std::string_view text) {
    Result<Predicate> p = Predicate::Parse(text, schema);
    EXPECT_TRUE(p.ok()) << text << ": " << p.status().ToString();
    return p.ok() ? *p : Predicate();
  };
  Predicate p = parse("price >= 12.5");
  EXPECT_EQ(p.value().dec, 1250);
  p = parse("f < -1.5e3");
  EXPECT_EQ(p.value().d, -1500);
  p = parse("f = 'NaN'");
  EXPECT_TRUE(std::isnan(p.value().d));
  p = parse("d = '2024-01-31'");
  EXPECT_EQ(p.value().i, 19753);
  p = parse("ts > '2024-01-31 10:00:00'");
  EXPECT_EQ(p.value().i, 1706695200000000);
  p = parse("ts > timestamp '2024-01-31T10:00:00+01:00'");
  EXPECT_EQ(p.value().i, 1706691600000000);
  p = parse("flag = true");
  EXPECT_TRUE(p.value().b);
  p = parse("b = 'it''s'");
  EXPECT_EQ(p.value().bytes, "it's");
  p = parse("S.X < 3");  // Case-insensitive, canonical names kept.
  EXPECT_EQ(p.column(), (ColumnPath{"s", "x"}));
  p = parse("s.`my col` = 'v'");
  EXPECT_EQ(p.column(), (ColumnPath{"s", "my col"}));
  p = parse("5 < a");  // Literal first: flipped.
  EXPECT_EQ(p.op(), Predicate::Op::kGt);
  p = parse("a in (1, 2, null)");
  EXPECT_EQ(p.kind(), Predicate::Kind::kIn);
  ASSERT_EQ(p.values().size(), 3u);
  EXPECT_TRUE(p.values()[2].is_null);
  p = parse("a not between 1 and 3");
  EXPECT_EQ(p.ToString(), "NOT (a >= 1 AND a <= 3)");
  p = parse("NOT NOT a <> 1");
  EXPECT_EQ(p.ToString(), "NOT NOT (a <> 1)");
  p = parse("arr is not null");
  EXPECT_EQ(p.kind(), Predicate::Kind::kIsNotNull);
  p = parse("true");
  EXPECT_EQ(p.kind(), Predicate::Kind::kAlwaysTrue);
}

TEST(SkippingPredicateTest, ToStringParsesBack) {
  Schema schema = TestSchema();
  for (std::string_view text :
       {"a = 5 and (b > 'x' or c is null)", "price between -1.25 and 3", "f > 1e300",
        "f <> 'Infinity'", "d in ('2024-01-01', '1969-12-31')",
        "ts <= '1969-12-31 23:59:59.999999'", "not (s.x < 3 or s.`my col` >= 'a''b')",
        "b = ''", "flag <> false", "a = null", "false"}) {
    Result<Predicate> p = Predicate::Parse(text, schema);
    ASSERT_TRUE(p.ok()) << text << ": " << p.status().ToString();
    Result<Predicate> again = Predicate::Parse(p->ToString(), schema);
    ASSERT_TRUE(again.ok()) << p->ToString() << ": " << again.status().ToString();
    EXPECT_EQ(again->ToString(), p->ToString());
  }
}

TEST(SkippingPredicateTest, ErrorsNameTheOffset) {
  Schema schema = TestSchema();
  struct Case {
    std::string_view text;
    std::string_view expected;
  } cases[] = {
      {"zz = 1", "offset 0: unknown column: zz"},
      {"a = 1 and q > 2", "offset 10: unknown column: q"},
      {"a = 'x'", "offset 4: Expected an integer literal"},
      {"a = 3000000000", "offset 4: Literal out of range for int"},
      {"price = 1.234", "offset 8: Expected a decimal(10,2) literal"},
      {"d = 2024", "offset 4: Expected a date literal"},
      {"ts = '2024-02-30'", "offset 5: Expected a timestamp literal"},
      {"a = 1)", "offset 5: unexpected text: )"},
      {"(a = 1", "offset 6: expected ')'"},
      {"a ~ 1", "offset 2: expected an operator, IS, IN or BETWEEN"},
      {"b = 'abc", "offset 4: unterminated string literal"},
      {"a is 1", "offset 5: expected NULL after IS"},
      {"s = 1", "offset 4: cannot compare a column of type struct"},
      {"a.x = 1", "offset 2: not a struct"},
      {"", "offset 0: expected a condition"},
      {"a = 1 and", "offset 9: expected a condition"},
      {"b = 5", "offset 4: Expected a quoted string literal"},
  };
  for (const Case& c : cases) {
    Result<Predicate> p = Predicate::Parse(c.text, schema);
    ASSERT_FALSE(p.ok()) << c.text;
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(p.status().message().find(c.expected), std::string::npos)
        << c.text << " -> " << p.status().message();
    EXPECT_EQ(p.status().message().rfind("Invalid predicate at offset ", 0), 0u);
  }
}

TEST(SkippingPredicateTest, DeepNestingIsRefusedNotACrash) {
  std::string text(100000, '(');
  Result<Predicate> p = Predicate::Parse(text, TestSchema());
  ASSERT_FALSE(p.ok());
  std::string nots;
  for (int i = 0; i < 100000; ++i) nots += "not ";
  p = Predicate::Parse(nots + "a = 1", TestSchema());
  ASSERT_FALSE(p.ok());
}

TEST(SkippingPredicateTest, FactoriesAndHelpers) {
  Predicate p = Predicate::Or(
      Predicate::Compare({"a"}, Predicate::Op::kLt,
                         Scalar::Int(DataType::Primitive(TypeId::kInt32), 3)),
      Predicate::Not(Predicate::IsNull({"s", "x"})));
  EXPECT_EQ(p.ToString(), "(a < 3 OR NOT (s.x IS NULL))");
  EXPECT_EQ(Predicate::Negate(Predicate::Op::kLt), Predicate::Op::kGe);
  EXPECT_EQ(Predicate::Flip(Predicate::Op::kLe), Predicate::Op::kGe);
  EXPECT_EQ(Predicate().kind(), Predicate::Kind::kAlwaysTrue);
  // Names that need quoting.
  Predicate q = Predicate::IsNull({"and", "x`y"});
  EXPECT_EQ(q.ToString(), "`and`.`x``y` IS NULL");
}

}  // namespace
}  // namespace lakeml::delta
