// AggregateHashTable, GroupKeyEncoder and SortKeyComparator over random vectors, checked
// against straightforward std::map / std::stable_sort references.
#include "sql/execution/aggregate_hash_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>

#include "sql/common/sql_type.h"
#include "sql/execution/group_key_encoder.h"
#include "sql/execution/sort_key_comparator.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::Vector;
using columnar::VectorPtr;

struct RandomColumns {
  std::vector<std::optional<int32_t>> ints;
  std::vector<std::optional<std::string>> strings;
  std::vector<int64_t> values;
  VectorPtr int_vector, string_vector, value_vector;
};

RandomColumns MakeColumns(std::mt19937* rng, int64_t n) {
  RandomColumns c;
  c.int_vector = Vector::Make(SqlType::Int(), n);
  c.value_vector = Vector::Make(SqlType::BigInt(), n);
  StringVectorBuilder strings(SqlType::String(), n);
  auto* ints = reinterpret_cast<int32_t*>(c.int_vector->mutable_values()->mutable_data());
  auto* values = reinterpret_cast<int64_t*>(c.value_vector->mutable_values()->mutable_data());
  for (int64_t i = 0; i < n; ++i) {
    ints[i] = static_cast<int32_t>((*rng)() % 7) - 3;
    if ((*rng)() % 5 == 0) {
      KernelOutput::SetNull(c.int_vector.get(), i);
      c.ints.push_back(std::nullopt);
    } else {
      c.ints.push_back(ints[i]);
    }
    if ((*rng)() % 6 == 0) {
      strings.AppendNull();
      c.strings.push_back(std::nullopt);
    } else {
      std::string s(static_cast<size_t>((*rng)() % 3), static_cast<char>('a' + (*rng)() % 3));
      strings.Append(s);
      c.strings.push_back(s);
    }
    values[i] = static_cast<int64_t>((*rng)() % 1000) - 500;
    c.values.push_back(values[i]);
  }
  c.int_vector->FinishValidity();
  c.string_vector = strings.Finish();
  return c;
}

std::shared_ptr<const AggregateFunctionBinding> Resolve(const char* name,
                                                        std::vector<columnar::TypePtr> args) {
  auto fn = AggregateRegistry::Builtin().Find(name)->resolve(name, args);
  EXPECT_TRUE(fn.ok());
  return *fn;
}

TEST(AggregateHashTableTest, GroupsRandomRowsLikeAReferenceMap) {
  std::mt19937 rng(42);
  GroupKeyEncoder keys({SqlType::Int(), SqlType::String()});
  std::vector<AggregateSpec> specs = {
      {Resolve("count", {}), false},
      {Resolve("sum", {SqlType::BigInt()}), false},
      {Resolve("min", {SqlType::String()}), false},
      {Resolve("count", {SqlType::BigInt()}), true},
  };
  using Key = std::pair<std::optional<int32_t>, std::optional<std::string>>;
  struct Expected {
    int64_t count = 0;
    int64_t sum = 0;
    std::optional<std::string> min;
    std::set<int64_t> distinct;
  };
  std::map<Key, Expected> expected;
  AggregateHashTable a(&keys, &specs);
  AggregateHashTable b(&keys, &specs);
  for (int chunk = 0; chunk < 6; ++chunk) {
    const int64_t n = 1 + static_cast<int64_t>(rng() % 3000);
    RandomColumns c = MakeColumns(&rng, n);
    AggregateHashTable& table = chunk % 2 == 0 ? a : b;
    ASSERT_TRUE(
        table
            .Add({c.int_vector.get(), c.string_vector.get()},
                 {nullptr, c.value_vector.get(), c.string_vector.get(), c.value_vector.get()}, n)
            .ok());
    for (int64_t i = 0; i < n; ++i) {
      Expected& e = expected[{c.ints[i], c.strings[i]}];
      ++e.count;
      e.sum += c.values[i];
      if (c.strings[i] && (!e.min || *c.strings[i] < *e.min)) e.min = c.strings[i];
      e.distinct.insert(c.values[i]);
    }
  }
  ASSERT_TRUE(a.Merge(b).ok());
  ASSERT_TRUE(a.FinishDistinct().ok());
  ASSERT_EQ(a.size(), static_cast<int64_t>(expected.size()));
  auto out = a.Emit(0, a.size());
  ASSERT_TRUE(out.ok());
  const std::vector<VectorPtr>& cols = *out;
  ASSERT_EQ(cols.size(), 6u);
  for (int64_t g = 0; g < a.size(); ++g) {
    Key key{cols[0]->IsNull(g) ? std::nullopt
                               : std::optional<int32_t>(cols[0]->values_as<int32_t>()[g]),
            cols[1]->IsNull(g) ? std::nullopt
                               : std::optional<std::string>(std::string(cols[1]->GetView(g)))};
    auto it = expected.find(key);
    ASSERT_NE(it, expected.end()) << "unexpected group " << g;
    EXPECT_EQ(cols[2]->values_as<int64_t>()[g], it->second.count);
    EXPECT_EQ(cols[3]->values_as<int64_t>()[g], it->second.sum);
    if (it->second.min) {
      ASSERT_TRUE(cols[4]->IsValid(g));
      EXPECT_EQ(std::string(cols[4]->GetView(g)), *it->second.min);
    } else {
      EXPECT_TRUE(cols[4]->IsNull(g));
    }
    EXPECT_EQ(cols[5]->values_as<int64_t>()[g], static_cast<int64_t>(it->second.distinct.size()));
  }
}

TEST(AggregateHashTableTest, UngroupedEmptyInputHasOneGroup) {
  GroupKeyEncoder keys({});
  std::vector<AggregateSpec> specs = {{Resolve("count", {}), false},
                                      {Resolve("sum", {SqlType::BigInt()}), false}};
  AggregateHashTable table(&keys, &specs);
  table.EnsureGroup();
  auto out = table.Emit(0, table.size());
  ASSERT_TRUE(out.ok());
  ASSERT_EQ((*out)[0]->length(), 1);
  EXPECT_EQ((*out)[0]->values_as<int64_t>()[0], 0);
  EXPECT_TRUE((*out)[1]->IsNull(0));
}

// One integer key (the PackedKeyIndex path): NULL keys, extreme values, enough groups for
// several resizes, collisions of the slot index, a merge, and per-partition merges that
// agree with HashKeys.
template <typename T>
void CheckPackedKeys(columnar::TypePtr type, int64_t domain, uint32_t seed) {
  std::mt19937_64 rng(seed);
  GroupKeyEncoder keys({type});
  std::vector<AggregateSpec> specs = {{Resolve("count", {}), false},
                                      {Resolve("sum", {SqlType::BigInt()}), false}};
  std::map<std::optional<int64_t>, std::pair<int64_t, int64_t>> expected;
  AggregateHashTable a(&keys, &specs);
  AggregateHashTable b(&keys, &specs);
  std::vector<VectorPtr> key_chunks;
  for (int chunk = 0; chunk < 8; ++chunk) {
    const int64_t n = 1 + static_cast<int64_t>(rng() % 2048);
    VectorPtr k = Vector::Make(type, n);
    VectorPtr v = Vector::Make(SqlType::BigInt(), n);
    auto* kv = reinterpret_cast<T*>(k->mutable_values()->mutable_data());
    auto* vv = reinterpret_cast<int64_t*>(v->mutable_values()->mutable_data());
    for (int64_t i = 0; i < n; ++i) {
      const uint64_t r = rng();
      kv[i] = r % 97 == 0   ? std::numeric_limits<T>::min()
              : r % 89 == 0 ? std::numeric_limits<T>::max()
                            : static_cast<T>(static_cast<int64_t>(r % domain) - domain / 2);
      vv[i] = static_cast<int64_t>(rng() % 100);
      std::optional<int64_t> key = static_cast<int64_t>(kv[i]);
      if (chunk % 3 == 1 && rng() % 7 == 0) {
        KernelOutput::SetNull(k.get(), i);
        key = std::nullopt;
      }
      auto& e = expected[key];
      ++e.first;
      e.second += vv[i];
    }
    k->FinishValidity();
    ASSERT_TRUE((chunk % 2 == 0 ? a : b).Add({k.get()}, {nullptr, v.get()}, n).ok());
  }
  // Partition by partition, as the spill path merges.
  AggregateHashTable merged(&keys, &specs);
  for (uint64_t p = 0; p < 4; ++p) {
    ASSERT_TRUE(merged.MergePartition(a, 62, p).ok());
    ASSERT_TRUE(merged.MergePartition(b, 62, p).ok());
  }
  ASSERT_EQ(merged.size(), static_cast<int64_t>(expected.size()));
  auto out = merged.Emit(0, merged.size());
  ASSERT_TRUE(out.ok());
  const std::vector<VectorPtr>& cols = *out;
  std::vector<const Vector*> key_column = {cols[0].get()};
  std::vector<uint64_t> hashes;
  AggregateHashTable::HashKeys(keys, key_column, merged.size(), &hashes);
  std::set<uint64_t> distinct_hashes(hashes.begin(), hashes.end());
  EXPECT_GT(distinct_hashes.size() * 10, hashes.size() * 9);
  for (int64_t g = 0; g < merged.size(); ++g) {
    std::optional<int64_t> key;
    if (cols[0]->IsValid(g)) key = static_cast<int64_t>(cols[0]->values_as<T>()[g]);
    auto it = expected.find(key);
    ASSERT_NE(it, expected.end()) << "unexpected group " << g;
    EXPECT_EQ(cols[1]->values_as<int64_t>()[g], it->second.first);
    EXPECT_EQ(cols[2]->values_as<int64_t>()[g], it->second.second);
  }
  ASSERT_TRUE(a.Merge(b).ok());
  EXPECT_EQ(a.size(), static_cast<int64_t>(expected.size()));
}

TEST(AggregateHashTableTest, PackedKeysOfEveryIntegerWidth) {
  CheckPackedKeys<int64_t>(SqlType::BigInt(), 40000, 1);
  CheckPackedKeys<int32_t>(SqlType::Int(), 40000, 2);
  CheckPackedKeys<int16_t>(SqlType::SmallInt(), 3000, 3);
  CheckPackedKeys<int8_t>(SqlType::TinyInt(), 200, 4);
  CheckPackedKeys<int32_t>(SqlType::Date(), 5000, 5);
  CheckPackedKeys<int64_t>(SqlType::Timestamp(), 7, 6);
}

TEST(AggregateHashTableTest, PackedKeysGrowPastTwoToTheSixteenGroups) {
  GroupKeyEncoder keys({SqlType::BigInt()});
  std::vector<AggregateSpec> specs = {{Resolve("count", {}), false}};
  AggregateHashTable table(&keys, &specs);
  const int64_t n = 2048;
  for (int64_t chunk = 0; chunk < 100; ++chunk) {
    VectorPtr k = Vector::Make(SqlType::BigInt(), n);
    auto* kv = reinterpret_cast<int64_t*>(k->mutable_values()->mutable_data());
    // Keys that share their low bits: a poor hash would put them in one run of slots.
    for (int64_t i = 0; i < n; ++i) kv[i] = ((chunk * n + i) % 150000) << 20;
    ASSERT_TRUE(table.Add({k.get()}, {nullptr}, n).ok());
  }
  ASSERT_EQ(table.size(), 150000);
  auto out = table.Emit(0, table.size());
  ASSERT_TRUE(out.ok());
  int64_t total = 0;
  for (int64_t g = 0; g < table.size(); ++g) {
    const int64_t c = (*out)[1]->values_as<int64_t>()[g];
    EXPECT_EQ(c, (*out)[0]->values_as<int64_t>()[g] >> 20 < 204800 - 150000 ? 2 : 1);
    total += c;
  }
  EXPECT_EQ(total, 204800);
}

// Two string keys (SmallKeyPacker): short values take the packed route, longer ones the
// encoded one; each key has one group whichever table it came through, and the groups of each
// spill partition (HashKeys' top bits) merge into exactly the reference groups.
TEST(AggregateHashTableTest, ShortAndLongStringKeysShareOneGroupPerKey) {
  std::mt19937 rng(11);
  GroupKeyEncoder keys({SqlType::String(), SqlType::String()});
  std::vector<AggregateSpec> specs = {{Resolve("count", {}), false}};
  using Key = std::pair<std::optional<std::string>, std::optional<std::string>>;
  std::map<Key, int64_t> expected;
  std::vector<std::unique_ptr<AggregateHashTable>> tables;
  auto random_string = [&rng]() -> std::optional<std::string> {
    if (rng() % 9 == 0) return std::nullopt;
    return std::string(static_cast<size_t>(rng() % 6), static_cast<char>('a' + rng() % 3));
  };
  for (int t = 0; t < 3; ++t) {
    tables.push_back(std::make_unique<AggregateHashTable>(&keys, &specs));
    const int64_t n = 1500;
    StringVectorBuilder a(SqlType::String(), n), b(SqlType::String(), n);
    for (int64_t i = 0; i < n; ++i) {
      Key key{random_string(), random_string()};
      key.first ? a.Append(*key.first) : a.AppendNull();
      key.second ? b.Append(*key.second) : b.AppendNull();
      ++expected[key];
    }
    VectorPtr va = a.Finish(), vb = b.Finish();
    ASSERT_TRUE(tables.back()->Add({va.get(), vb.get()}, {nullptr}, n).ok());
  }
  for (int64_t partition = 0; partition < 8; ++partition) {
    AggregateHashTable merged(&keys, &specs);
    for (auto& t : tables) ASSERT_TRUE(merged.MergePartition(*t, 61, partition).ok());
    auto out = merged.Emit(0, merged.size());
    ASSERT_TRUE(out.ok());
    const std::vector<VectorPtr>& cols = *out;
    std::vector<uint64_t> hashes;
    AggregateHashTable::HashKeys(keys, {cols[0].get(), cols[1].get()}, merged.size(), &hashes);
    for (int64_t g = 0; g < merged.size(); ++g) {
      EXPECT_EQ(static_cast<int64_t>(hashes[g] >> 61), partition);
      Key key{cols[0]->IsNull(g) ? std::nullopt
                                 : std::optional<std::string>(std::string(cols[0]->GetView(g))),
              cols[1]->IsNull(g) ? std::nullopt
                                 : std::optional<std::string>(std::string(cols[1]->GetView(g)))};
      auto it = expected.find(key);
      ASSERT_NE(it, expected.end()) << "unexpected or repeated group " << g;
      EXPECT_EQ(cols[2]->values_as<int64_t>()[g], it->second);
      expected.erase(it);
    }
  }
  EXPECT_TRUE(expected.empty());
}

TEST(GroupKeyEncoderTest, RoundTripsRandomRows) {
  std::mt19937 rng(7);
  RandomColumns c = MakeColumns(&rng, 500);
  GroupKeyEncoder keys({SqlType::Int(), SqlType::String(), SqlType::BigInt()});
  std::vector<uint8_t> bytes;
  std::vector<uint32_t> offsets;
  keys.Encode({c.int_vector.get(), c.string_vector.get(), c.value_vector.get()}, 500, &bytes,
              &offsets);
  std::vector<std::string_view> rows;
  for (int i = 0; i < 500; ++i) {
    rows.emplace_back(reinterpret_cast<const char*>(bytes.data()) + offsets[i],
                      offsets[i + 1] - offsets[i]);
  }
  std::vector<VectorPtr> decoded = keys.Decode(rows);
  for (int i = 0; i < 500; ++i) {
    EXPECT_EQ(decoded[0]->IsNull(i), !c.ints[i].has_value());
    if (c.ints[i]) EXPECT_EQ(decoded[0]->values_as<int32_t>()[i], *c.ints[i]);
    EXPECT_EQ(decoded[1]->IsNull(i), !c.strings[i].has_value());
    if (c.strings[i]) EXPECT_EQ(std::string(decoded[1]->GetView(i)), *c.strings[i]);
    EXPECT_EQ(decoded[2]->values_as<int64_t>()[i], c.values[i]);
  }
}

TEST(SortKeyComparatorTest, MatchesAReferenceSortWithNullsAndDirections) {
  std::mt19937 rng(3);
  RandomColumns c = MakeColumns(&rng, 800);
  for (bool desc : {false, true}) {
    for (bool nulls_first : {false, true}) {
      SortKeyComparator cmp({c.int_vector.get(), c.string_vector.get()},
                            {SortSpec{desc, nulls_first}, SortSpec{false, true}});
      std::vector<int64_t> order(800);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(),
                       [&cmp](int64_t a, int64_t b) { return cmp.Less(a, b); });
      auto rank = [&](int64_t i) {
        // (null placement, value in direction, string null first, string)
        const bool null = !c.ints[i].has_value();
        const int null_rank = null == nulls_first ? 0 : 1;
        const int64_t v = null ? 0 : (desc ? -*c.ints[i] : *c.ints[i]);
        return std::make_tuple(null_rank, v, c.strings[i].has_value(), c.strings[i].value_or(""));
      };
      for (size_t k = 1; k < order.size(); ++k) {
        EXPECT_LE(rank(order[k - 1]), rank(order[k]));
      }
    }
  }
}

}  // namespace
}  // namespace lakeml::sql
