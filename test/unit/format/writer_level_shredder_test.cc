#include <gtest/gtest.h>

#include "format/parquet/writer/level_shredder.h"
#include "writer_vector_builders.h"

namespace lakeml::parquet {
namespace {

using namespace testing;  // NOLINT

struct Levels {
  std::vector<int16_t> def;
  std::vector<int16_t> rep;
  std::vector<int64_t> positions;
};

Levels Shred(const Field& top, std::vector<int> path, const Vector& column, int64_t begin,
             int64_t end) {
  auto s = LevelShredder::Make(top, std::move(path));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  ShreddedLeaf leaf;
  Status st = s->Shred(column, begin, end, &leaf);
  EXPECT_TRUE(st.ok()) << st.ToString();
  Levels l;
  if (leaf.def_levels) l.def.assign(leaf.def_levels, leaf.def_levels + leaf.num_levels);
  if (leaf.rep_levels) l.rep.assign(leaf.rep_levels, leaf.rep_levels + leaf.num_levels);
  if (leaf.positions) l.positions.assign(leaf.positions, leaf.positions + leaf.num_values);
  return l;
}

TEST(WriterLevelShredderTest, FlatRequiredHasNoLevels) {
  Field f{"x", DataType::Primitive(TypeId::kInt64), false};
  auto v = Int64s({1, 2, 3});
  auto s = LevelShredder::Make(f, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->max_def(), 0);
  EXPECT_TRUE(s->is_flat());
  ShreddedLeaf leaf;
  ASSERT_TRUE(s->Shred(*v, 1, 3, &leaf).ok());
  EXPECT_EQ(leaf.num_levels, 2);
  EXPECT_EQ(leaf.num_values, 2);
  EXPECT_EQ(leaf.first_row, 1);
  EXPECT_EQ(leaf.def_levels, nullptr);
  EXPECT_EQ(leaf.positions, nullptr);
}

TEST(WriterLevelShredderTest, FlatRequiredWithNullIsAnError) {
  Field f{"x", DataType::Primitive(TypeId::kInt64), false};
  auto v = Int64s({1, std::nullopt});
  auto s = LevelShredder::Make(f, {});
  ShreddedLeaf leaf;
  Status st = s->Shred(*v, 0, 2, &leaf);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("x"), std::string::npos);
}

TEST(WriterLevelShredderTest, FlatOptionalDerivesDefFromValidity) {
  Field f{"x", DataType::Primitive(TypeId::kInt64), true};
  auto v = Int64s({1, std::nullopt, 3, std::nullopt, 5});
  Levels l = Shred(f, {}, *v, 1, 5);
  EXPECT_EQ(l.def, (std::vector<int16_t>{0, 1, 0, 1}));
  EXPECT_TRUE(l.rep.empty());
  auto no_nulls = Int64s({1, 2});
  EXPECT_EQ(Shred(f, {}, *no_nulls, 0, 2).def, (std::vector<int16_t>{1, 1}));
}

// The Document example of the Dremel paper (Melnik et al., 2010, figures 2 and 3). Repeated
// fields become required 3-level lists of required elements, which keeps the paper's levels.
class WriterDremelDocumentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TypePtr i64 = DataType::Primitive(TypeId::kInt64);
    TypePtr str = DataType::String();
    TypePtr i64_list = DataType::List({"element", i64, false});
    links_type_ = DataType::Struct({{"Backward", i64_list, false}, {"Forward", i64_list, false}});
    language_type_ = DataType::Struct({{"Code", str, false}, {"Country", str, true}});
    TypePtr language_list = DataType::List({"element", language_type_, false});
    name_type_ = DataType::Struct({{"Language", language_list, false}, {"Url", str, true}});
    TypePtr name_list = DataType::List({"element", name_type_, false});
    links_ = Field{"Links", links_type_, true};
    name_ = Field{"Name", name_list, false};

    // r1: Links{Forward [20, 40, 60]}; r2: Links{Backward [10, 30], Forward [80]}.
    auto backward = Nested(i64_list, {0, 0, 2}, {Int64s({10, 30})});
    auto forward = Nested(i64_list, {0, 3, 4}, {Int64s({20, 40, 60, 80})});
    links_vec_ = StructOf(links_type_, 2, {backward, forward});

    // r1 Names: {Lang[{en-us, us}, {en}], Url A}, {Url B}, {Lang[{en-gb, gb}]};
    // r2 Names: {Url C}.
    auto codes = Strings({"en-us", "en", "en-gb"});
    auto countries = Strings({"us", std::nullopt, "gb"});
    auto languages = StructOf(language_type_, 3, {codes, countries});
    auto language_lists = Nested(language_list, {0, 2, 2, 3, 3}, {languages});
    auto urls = Strings({"http://A", "http://B", std::nullopt, "http://C"});
    auto names = StructOf(name_type_, 4, {language_lists, urls});
    name_vec_ = Nested(name_list, {0, 3, 4}, {names});
  }

  TypePtr links_type_, language_type_, name_type_;
  Field links_, name_;
  VectorPtr links_vec_, name_vec_;
};

TEST_F(WriterDremelDocumentTest, LinksForward) {
  Levels l = Shred(links_, {1, 0}, *links_vec_, 0, 2);
  EXPECT_EQ(l.rep, (std::vector<int16_t>{0, 1, 1, 0}));
  EXPECT_EQ(l.def, (std::vector<int16_t>{2, 2, 2, 2}));
  EXPECT_EQ(l.positions, (std::vector<int64_t>{0, 1, 2, 3}));
}

TEST_F(WriterDremelDocumentTest, LinksBackward) {
  Levels l = Shred(links_, {0, 0}, *links_vec_, 0, 2);
  EXPECT_EQ(l.rep, (std::vector<int16_t>{0, 0, 1}));
  EXPECT_EQ(l.def, (std::vector<int16_t>{1, 2, 2}));
  EXPECT_EQ(l.positions, (std::vector<int64_t>{0, 1}));
}

TEST_F(WriterDremelDocumentTest, NameLanguageCode) {
  auto s = LevelShredder::Make(name_, {0, 0, 0, 0});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->max_def(), 2);
  EXPECT_EQ(s->max_rep(), 2);
  EXPECT_EQ(s->name(), "Name.list.element.Language.list.element.Code");
  Levels l = Shred(name_, {0, 0, 0, 0}, *name_vec_, 0, 2);
  EXPECT_EQ(l.rep, (std::vector<int16_t>{0, 2, 1, 1, 0}));
  EXPECT_EQ(l.def, (std::vector<int16_t>{2, 2, 1, 2, 1}));
  EXPECT_EQ(l.positions, (std::vector<int64_t>{0, 1, 2}));
}

TEST_F(WriterDremelDocumentTest, NameLanguageCountry) {
  Levels l = Shred(name_, {0, 0, 0, 1}, *name_vec_, 0, 2);
  EXPECT_EQ(l.rep, (std::vector<int16_t>{0, 2, 1, 1, 0}));
  EXPECT_EQ(l.def, (std::vector<int16_t>{3, 2, 1, 3, 1}));
  EXPECT_EQ(l.positions, (std::vector<int64_t>{0, 2}));
}

TEST_F(WriterDremelDocumentTest, NameUrl) {
  Levels l = Shred(name_, {0, 1}, *name_vec_, 0, 2);
  EXPECT_EQ(l.rep, (std::vector<int16_t>{0, 1, 1, 0}));
  EXPECT_EQ(l.def, (std::vector<int16_t>{2, 2, 1, 2}));
  EXPECT_EQ(l.positions, (std::vector<int64_t>{0, 1, 3}));
}

TEST_F(WriterDremelDocumentTest, SecondRecordAlone) {
  Levels l = Shred(name_, {0, 0, 0, 0}, *name_vec_, 1, 2);
  EXPECT_EQ(l.rep, (std::vector<int16_t>{0}));
  EXPECT_EQ(l.def, (std::vector<int16_t>{1}));
  EXPECT_TRUE(l.positions.empty());
}

TEST(WriterLevelShredderTest, OptionalListNullVersusEmpty) {
  // a: optional list<optional int64>: [1, null], null, [], [4]
  TypePtr list = DataType::List({"element", DataType::Primitive(TypeId::kInt64), true});
  Field f{"a", list, true};
  auto v = Nested(list, {0, 2, 2, 2, 3}, {Int64s({1, std::nullopt, 4})}, {true, false, true, true});
  Levels l = Shred(f, {0}, *v, 0, 4);
  EXPECT_EQ(l.def, (std::vector<int16_t>{3, 2, 0, 1, 3}));
  EXPECT_EQ(l.rep, (std::vector<int16_t>{0, 1, 0, 0, 0}));
  EXPECT_EQ(l.positions, (std::vector<int64_t>{0, 2}));
}

TEST(WriterLevelShredderTest, ListOfLists) {
  // a: required list<required list<required int32>>: [[1, 2], [3]], [[], [4]], []
  TypePtr inner = DataType::List({"element", DataType::Primitive(TypeId::kInt32), false});
  TypePtr outer = DataType::List({"element", inner, false});
  Field f{"a", outer, false};
  auto inner_v = Nested(inner, {0, 2, 3, 3, 4}, {Int32s({1, 2, 3, 4})});
  auto v = Nested(outer, {0, 2, 4, 4}, {inner_v});
  Levels l = Shred(f, {0, 0}, *v, 0, 3);
  EXPECT_EQ(l.def, (std::vector<int16_t>{2, 2, 2, 1, 2, 0}));
  EXPECT_EQ(l.rep, (std::vector<int16_t>{0, 2, 1, 0, 1, 0}));
  EXPECT_EQ(l.positions, (std::vector<int64_t>{0, 1, 2, 3}));
}

TEST(WriterLevelShredderTest, MapKeysAndValues) {
  // m: optional map<string, optional int64>: {a: 1, b: null}, null, {}
  TypePtr map = DataType::Map({"key", DataType::String(), false},
                              {"value", DataType::Primitive(TypeId::kInt64), true});
  Field f{"m", map, true};
  auto v = Nested(map, {0, 2, 2, 2}, {Strings({"a", "b"}), Int64s({1, std::nullopt})},
                  {true, false, true});
  Levels keys = Shred(f, {0}, *v, 0, 3);
  EXPECT_EQ(keys.def, (std::vector<int16_t>{2, 2, 0, 1}));
  EXPECT_EQ(keys.rep, (std::vector<int16_t>{0, 1, 0, 0}));
  EXPECT_EQ(keys.positions, (std::vector<int64_t>{0, 1}));
  Levels values = Shred(f, {1}, *v, 0, 3);
  EXPECT_EQ(values.def, (std::vector<int16_t>{3, 2, 0, 1}));
  EXPECT_EQ(values.positions, (std::vector<int64_t>{0}));
}

TEST(WriterLevelShredderTest, NullStructHidesChildren) {
  // s: optional struct<x: required int64>, second row null (child slot holds garbage).
  TypePtr st = DataType::Struct({{"x", DataType::Primitive(TypeId::kInt64), false}});
  Field f{"s", st, true};
  auto child = Int64s({1, std::nullopt, 3});
  auto v = StructOf(st, 3, {child}, {true, false, true});
  Levels l = Shred(f, {0}, *v, 0, 3);
  EXPECT_EQ(l.def, (std::vector<int16_t>{1, 0, 1}));
  EXPECT_TRUE(l.rep.empty());
  EXPECT_EQ(l.positions, (std::vector<int64_t>{0, 2}));
  // A null inside a live, non-nullable child is an error.
  auto bad = StructOf(st, 3, {child});
  auto s = LevelShredder::Make(f, {0});
  ShreddedLeaf leaf;
  EXPECT_EQ(s->Shred(*bad, 0, 3, &leaf).code(), StatusCode::kInvalidArgument);
}

TEST(WriterLevelShredderTest, VoidFieldsAreAlwaysOptionalAndNull) {
  // A void field holds only nulls even when declared non-nullable and without a bitmap.
  TypePtr void_type = DataType::Primitive(TypeId::kNull);
  Field flat{"v", void_type, false};
  auto v = Vector::Make(void_type, 3);
  auto s = LevelShredder::Make(flat, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->max_def(), 1);
  Levels l = Shred(flat, {}, *v, 0, 3);
  EXPECT_EQ(l.def, (std::vector<int16_t>{0, 0, 0}));

  TypePtr st = DataType::Struct({{"x", void_type, false}});
  Field f{"s", st, true};
  auto sv = StructOf(st, 2, {Vector::Make(void_type, 2)}, {true, false});
  l = Shred(f, {0}, *sv, 0, 2);
  EXPECT_EQ(l.def, (std::vector<int16_t>{1, 0}));
  EXPECT_TRUE(l.positions.empty());
}

TEST(WriterLevelShredderTest, BadOffsetsAreAnError) {
  TypePtr list = DataType::List({"element", DataType::Primitive(TypeId::kInt64), false});
  Field f{"a", list, false};
  auto v = Nested(list, {0, 5}, {Int64s({1, 2})});
  auto s = LevelShredder::Make(f, {0});
  ShreddedLeaf leaf;
  EXPECT_EQ(s->Shred(*v, 0, 1, &leaf).code(), StatusCode::kInvalidArgument);
}

TEST(WriterLevelShredderTest, BadPathIsAnError) {
  TypePtr st = DataType::Struct({{"x", DataType::Primitive(TypeId::kInt64), false}});
  EXPECT_FALSE(LevelShredder::Make({"s", st, true}, {}).ok());
  EXPECT_FALSE(LevelShredder::Make({"s", st, true}, {1}).ok());
  EXPECT_FALSE(LevelShredder::Make({"s", st, true}, {0, 0}).ok());
}

}  // namespace
}  // namespace lakeml::parquet
