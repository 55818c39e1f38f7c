// JoinRowGather (join-output): typed gathers by 32-bit row numbers against columnar::TakeVector,
// with repeated rows, kNoRow rows (NULL), source NULLs, empty strings, 16-byte values and a
// fallback type (booleans).
#include "sql/execution/operators/join_row_gather.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "columnar/vector_take.h"
#include "sql/execution/operators/join_operator.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
constexpr uint32_t kNone = JoinOperator::kNoRow;

// Every null_every-th value is NULL (none when 0).
columnar::VectorPtr MakeTestInt64s(const std::vector<int64_t>& values, int64_t null_every) {
  auto v = columnar::Vector::Make(columnar::DataType::Primitive(TypeId::kInt64), values.size());
  if (!values.empty()) {
    std::memcpy(v->mutable_values()->mutable_data(), values.data(), values.size() * 8);
  }
  uint8_t* bits = v->EnsureValidity()->mutable_data();
  for (size_t i = 0; i < values.size(); ++i)
    bit_util::SetBitTo(bits, i, null_every == 0 || i % null_every != 0);
  v->FinishValidity();
  return v;
}

columnar::VectorPtr MakeTestStrings(const std::vector<std::string>& values) {
  auto v = std::make_shared<columnar::Vector>(columnar::DataType::String(), values.size());
  auto offsets = columnar::Buffer::Allocate((values.size() + 1) * 8);
  std::string bytes;
  int64_t* o = offsets->mutable_as<int64_t>();
  o[0] = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    bytes += values[i];
    o[i + 1] = static_cast<int64_t>(bytes.size());
  }
  auto data = columnar::Buffer::Allocate(bytes.size());
  std::memcpy(data->mutable_data(), bytes.data(), bytes.size());
  v->set_values(std::move(offsets));
  v->set_data(std::move(data));
  uint8_t* bits = v->EnsureValidity()->mutable_data();
  bit_util::ClearBit(bits, 2);
  v->FinishValidity();
  return v;
}

// The expected result: TakeVector with kNoRow rows taken as row 0 and then made NULL.
void ExpectSameAsTake(const columnar::Vector& v, const std::vector<uint32_t>& rows) {
  bool has_none = false;
  std::vector<int64_t> idx;
  for (uint32_t r : rows) {
    has_none |= r == kNone;
    idx.push_back(r == kNone ? 0 : r);
  }
  auto got = JoinRowGather::Gather(v, rows.data(), rows.size(), has_none);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  auto want = columnar::TakeVector(v, idx.data(), idx.size());
  ASSERT_TRUE(want.ok());
  ASSERT_EQ((*got)->length(), static_cast<int64_t>(rows.size()));
  int64_t nulls = 0;
  for (size_t j = 0; j < rows.size(); ++j) {
    const bool null = rows[j] == kNone || (*want)->IsNull(j);
    nulls += null;
    ASSERT_EQ((*got)->IsNull(j), null) << "row " << j;
    if (null) continue;
    switch (v.type()->id()) {
      case TypeId::kString:
        EXPECT_EQ((*got)->GetView(j), (*want)->GetView(j)) << "row " << j;
        break;
      case TypeId::kBoolean:
        EXPECT_EQ((*got)->GetBool(j), (*want)->GetBool(j)) << "row " << j;
        break;
      default: {
        const int w = v.type()->fixed_width();
        EXPECT_EQ(
            std::memcmp((*got)->values()->data() + j * w, (*want)->values()->data() + j * w, w), 0)
            << "row " << j;
      }
    }
  }
  EXPECT_EQ((*got)->null_count(), nulls);
}

std::vector<uint32_t> TestRows(bool with_none) {
  std::vector<uint32_t> rows;
  for (uint32_t i = 0; i < 300; ++i) rows.push_back((i * 7) % 97);
  if (with_none) {
    for (size_t i = 0; i < rows.size(); i += 5) rows[i] = kNone;
  }
  return rows;
}

TEST(JoinRowGatherTest, FixedWidthWithNullsAndNoRows) {
  std::vector<int64_t> values;
  for (int64_t i = 0; i < 97; ++i) values.push_back(i * 1000 - 7);
  auto v = MakeTestInt64s(values, 3);
  ExpectSameAsTake(*v, TestRows(false));
  ExpectSameAsTake(*v, TestRows(true));
  auto all_valid = MakeTestInt64s(values, 0);
  ExpectSameAsTake(*all_valid, TestRows(false));
  auto got = JoinRowGather::Gather(*all_valid, TestRows(false).data(), 300, false);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*got)->validity(), nullptr);  // No bitmap when nothing is null.
}

TEST(JoinRowGatherTest, SixteenByteValues) {
  auto v = columnar::Vector::Make(columnar::DataType::Decimal(30, 2), 97);
  for (int64_t i = 0; i < 97 * 16; ++i) v->mutable_values()->mutable_data()[i] = i * 31 % 251;
  ExpectSameAsTake(*v, TestRows(true));
}

TEST(JoinRowGatherTest, StringsWithEmptyAndNullValues) {
  std::vector<std::string> values;
  for (int i = 0; i < 97; ++i)
    values.push_back(i % 4 == 0 ? "" : std::string(i % 23, 'a' + i % 26));
  auto v = MakeTestStrings(values);
  ExpectSameAsTake(*v, TestRows(false));
  ExpectSameAsTake(*v, TestRows(true));
}

TEST(JoinRowGatherTest, BooleansFallBackToTake) {
  auto v = columnar::Vector::Make(columnar::DataType::Primitive(TypeId::kBoolean), 97);
  for (int64_t i = 0; i < 97; ++i)
    bit_util::SetBitTo(v->mutable_values()->mutable_data(), i, i % 3);
  EXPECT_FALSE(JoinRowGather::Handles(*v->type()));
  ExpectSameAsTake(*v, TestRows(true));
}

TEST(JoinRowGatherTest, AnEmptyColumnGivesNulls) {
  auto v = MakeTestInt64s({}, 0);
  const std::vector<uint32_t> rows = {kNone, kNone};
  auto got = JoinRowGather::Gather(*v, rows.data(), 2, true);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*got)->null_count(), 2);
}

}  // namespace
}  // namespace lakeml::sql
