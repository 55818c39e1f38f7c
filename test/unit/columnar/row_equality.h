// RowsEqual: compares one row of a vector with one row of another, recursively through nested
// types, by value (nulls equal nulls; the values under a null are ignored). The naive reference
// the selection kernel tests check results against. Also ExpectWellFormed: the layout and
// null-count invariants every kernel result must keep.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "base/bit_util.h"
#include "columnar/vector.h"
#include "columnar/vector_layout.h"

namespace lakeml::columnar::testing {

// REQUIRES: a and b have equal types.
inline ::testing::AssertionResult SameTypeRowsEqual(const Vector& a, int64_t i, const Vector& b,
                                                    int64_t j) {
  auto fail = [&](const std::string& why) {
    return ::testing::AssertionFailure()
           << a.type()->ToString() << " row " << i << " vs row " << j << ": " << why;
  };
  if (a.IsNull(i) != b.IsNull(j)) return fail("null differs");
  if (a.IsNull(i)) return ::testing::AssertionSuccess();
  switch (a.type()->id()) {
    case TypeId::kNull:
      return fail("valid value of the null type");
    case TypeId::kBoolean:
      if (a.GetBool(i) != b.GetBool(j)) return fail("boolean differs");
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      if (a.GetView(i) != b.GetView(j)) {
        return fail("'" + std::string(a.GetView(i)) + "' != '" + std::string(b.GetView(j)) + "'");
      }
      break;
    case TypeId::kList:
    case TypeId::kMap: {
      const int64_t a0 = a.offsets()[i];
      const int64_t b0 = b.offsets()[j];
      const int64_t len = a.offsets()[i + 1] - a0;
      if (len != b.offsets()[j + 1] - b0) return fail("list length differs");
      for (size_t c = 0; c < a.children().size(); ++c) {
        for (int64_t k = 0; k < len; ++k) {
          auto r = SameTypeRowsEqual(*a.child(c), a0 + k, *b.child(c), b0 + k);
          if (!r) return fail(std::string("element ") + std::to_string(k) + ": " + r.message());
        }
      }
      break;
    }
    case TypeId::kStruct:
      for (size_t c = 0; c < a.children().size(); ++c) {
        auto r = SameTypeRowsEqual(*a.child(c), i, *b.child(c), j);
        if (!r) return fail(std::string("field ") + std::to_string(c) + ": " + r.message());
      }
      break;
    default: {
      const int w = a.type()->fixed_width();
      if (w > 0 && std::memcmp(a.values()->data() + i * w, b.values()->data() + j * w, w) != 0) {
        return fail("fixed-width value differs");
      }
      break;
    }
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult RowsEqual(const Vector& a, int64_t i, const Vector& b,
                                            int64_t j) {
  if (!a.type()->Equals(*b.type())) {
    return ::testing::AssertionFailure()
           << "types differ: " << a.type()->ToString() << " vs " << b.type()->ToString();
  }
  return SameTypeRowsEqual(a, i, b, j);
}

// Layout fits (CheckVectorLayout), null_count matches the bitmap at every level, no bitmap when
// nothing is null (null type aside). With `tight`, the top level's offsets start at 0 and end
// at the data or child length, as freshly built results have.
inline void ExpectWellFormed(const Vector& v, bool tight = true) {
  ASSERT_TRUE(CheckVectorLayout(v).ok()) << CheckVectorLayout(v).ToString();
  if (v.type()->id() == TypeId::kNull) {
    EXPECT_EQ(v.null_count(), v.length());
  } else if (v.validity()) {
    EXPECT_EQ(v.null_count(),
              v.length() - bit_util::CountSetBits(v.validity()->data(), 0, v.length()));
    EXPECT_GT(v.null_count(), 0);
  } else {
    EXPECT_EQ(v.null_count(), 0);
  }
  const TypeId id = v.type()->id();
  if (tight && (id == TypeId::kString || id == TypeId::kBinary || id == TypeId::kList ||
                id == TypeId::kMap)) {
    EXPECT_EQ(v.offsets()[0], 0);
    const int64_t end = v.type()->is_binary_like() ? v.data()->size() : v.child(0)->length();
    EXPECT_EQ(v.offsets()[v.length()], end);
  }
  for (const VectorPtr& c : v.children()) ExpectWellFormed(*c, /*tight=*/false);
}

}  // namespace lakeml::columnar::testing
