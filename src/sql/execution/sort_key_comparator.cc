#include "sql/execution/sort_key_comparator.h"

#include <cmath>
#include <string_view>

#include "sql/function/scalar/nested_comparison.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;

template <typename T>
int ThreeWay(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

template <typename T>
int ThreeWayFloat(T a, T b) {
  const bool na = std::isnan(a);
  const bool nb = std::isnan(b);
  if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
  return ThreeWay(a, b);
}

}  // namespace

SortKeyComparator::SortKeyComparator(std::vector<const columnar::Vector*> keys,
                                     std::vector<SortSpec> specs) {
  for (size_t i = 0; i < keys.size(); ++i) {
    keys_.push_back(Key{keys[i], keys[i]->type()->id(), specs[i]});
  }
}

int SortKeyComparator::CompareValues(const Key& k, int64_t a, int64_t b) {
  const columnar::Vector& v = *k.vector;
  switch (k.id) {
    case TypeId::kBoolean:
      return ThreeWay<int>(v.GetBool(a), v.GetBool(b));
    case TypeId::kInt8:
      return ThreeWay(v.values_as<int8_t>()[a], v.values_as<int8_t>()[b]);
    case TypeId::kInt16:
      return ThreeWay(v.values_as<int16_t>()[a], v.values_as<int16_t>()[b]);
    case TypeId::kInt32:
    case TypeId::kDate32:
    case TypeId::kYearMonthInterval:
      return ThreeWay(v.values_as<int32_t>()[a], v.values_as<int32_t>()[b]);
    case TypeId::kInt64:
    case TypeId::kTime64:
    case TypeId::kTimestamp:
    case TypeId::kDayTimeInterval:
      return ThreeWay(v.values_as<int64_t>()[a], v.values_as<int64_t>()[b]);
    case TypeId::kUInt8:
      return ThreeWay(v.values_as<uint8_t>()[a], v.values_as<uint8_t>()[b]);
    case TypeId::kUInt16:
      return ThreeWay(v.values_as<uint16_t>()[a], v.values_as<uint16_t>()[b]);
    case TypeId::kUInt32:
      return ThreeWay(v.values_as<uint32_t>()[a], v.values_as<uint32_t>()[b]);
    case TypeId::kUInt64:
      return ThreeWay(v.values_as<uint64_t>()[a], v.values_as<uint64_t>()[b]);
    case TypeId::kFloat32:
      return ThreeWayFloat(v.values_as<float>()[a], v.values_as<float>()[b]);
    case TypeId::kFloat64:
      return ThreeWayFloat(v.values_as<double>()[a], v.values_as<double>()[b]);
    case TypeId::kDecimal:
      return ThreeWay(v.values_as<__int128>()[a], v.values_as<__int128>()[b]);
    case TypeId::kString:
    case TypeId::kBinary: {
      const int c = v.GetView(a).compare(v.GetView(b));
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case TypeId::kFixedSizeBinary: {
      const int c = v.GetFixedView(a).compare(v.GetFixedView(b));
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case TypeId::kList:  // sql-nested
    case TypeId::kStruct:
      return NestedComparison::Compare(v, a, v, b);
    default:
      return 0;
  }
}

int SortKeyComparator::Compare(int64_t a, int64_t b) const {
  for (const Key& k : keys_) {
    if (k.id == TypeId::kNull) continue;
    const bool null_a = k.vector->IsNull(a);
    const bool null_b = k.vector->IsNull(b);
    if (null_a || null_b) {
      if (null_a && null_b) continue;
      return null_a == k.spec.nulls_first ? -1 : 1;
    }
    int c = CompareValues(k, a, b);
    if (c != 0) return k.spec.descending ? -c : c;
  }
  return 0;
}

}  // namespace lakeml::sql
