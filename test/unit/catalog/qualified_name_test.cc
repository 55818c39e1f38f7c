#include "catalog/qualified_name.h"

#include <gtest/gtest.h>

namespace lakeml::catalog {
namespace {

TEST(QualifiedNameTest, ToStringQuotesOnlyWhereNeeded) {
  EXPECT_EQ((QualifiedName{"main", "default", "t"}).ToString(), "main.default.t");
  EXPECT_EQ((QualifiedName{"my-cat", "default", "t"}).ToString(), "`my-cat`.default.t");
  EXPECT_EQ((QualifiedName{"main", "a b", "x`y"}).ToString(), "main.`a b`.`x``y`");
  EXPECT_EQ((QualifiedName{"main", "123", "t1"}).ToString(), "main.`123`.t1");
  EXPECT_EQ((QualifiedName{"Main", "_s", "T_2"}).ToString(), "Main._s.T_2");
}

TEST(QualifiedNameTest, ToQuotedStringQuotesEveryPart) {
  EXPECT_EQ((QualifiedName{"main", "default", "t"}).ToQuotedString(), "`main`.`default`.`t`");
  EXPECT_EQ(QualifiedName::Quote("a`b"), "`a``b`");
}

TEST(QualifiedNameTest, NormalizedFoldsAsciiLettersOnly) {
  EXPECT_EQ((QualifiedName{"MAIN", "Sales", "Orders_2024"}).Normalized(),
            (QualifiedName{"main", "sales", "orders_2024"}));
  EXPECT_EQ(QualifiedName::NormalizePart("Ünï-CODE"), "Ünï-code");
}

}  // namespace
}  // namespace lakeml::catalog
