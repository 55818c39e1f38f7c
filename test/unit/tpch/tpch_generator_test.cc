// The TPC-H generator at SF 0.01: row counts, keys, referential integrity, the spec's value
// rules (4.2.3) and determinism across thread counts and chunk sizes.
#include "tpch/gen/tpch_generator.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tpch/gen/chunked_batch_source.h"
#include "tpch/gen/text_pool.h"
#include "tpch/gen/tpch_scale.h"

namespace lakeml::tpch {
namespace {

// One table materialized: integer-like columns (ints, dates, decimals in hundredths) as int64,
// strings as strings.
struct Table {
  int64_t rows = 0;
  std::map<std::string, std::vector<int64_t>> ints;
  std::map<std::string, std::vector<std::string>> strings;
  uint64_t checksum = 0;
};

uint64_t Fnv(uint64_t h, const void* p, size_t n) {
  for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<const uint8_t*>(p)[i]) * 1099511628211ULL;
  return h;
}

Table Generate(const std::string& name, double sf, int threads, int64_t chunk_units = 0) {
  auto g = TpchGenerator::MakeTable(name, sf);
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  ChunkedBatchSource source(std::move(*g), threads, chunk_units);
  Table t;
  t.checksum = 14695981039346656037ULL;
  while (true) {
    auto b = source.Next();
    EXPECT_TRUE(b.ok());
    if (!*b) break;
    const columnar::Batch& batch = **b;
    for (size_t c = 0; c < batch.num_columns(); ++c) {
      const columnar::Field& f = batch.schema()->field(c);
      const columnar::Vector& v = *batch.column(c);
      EXPECT_EQ(v.length(), batch.num_rows());
      for (int64_t i = 0; i < v.length(); ++i) {
        switch (f.type->id()) {
          case columnar::TypeId::kString: {
            std::string_view s = v.GetView(i);
            t.strings[f.name].emplace_back(s);
            break;
          }
          case columnar::TypeId::kInt64:
            t.ints[f.name].push_back(v.values_as<int64_t>()[i]);
            break;
          case columnar::TypeId::kInt32:
          case columnar::TypeId::kDate32:
            t.ints[f.name].push_back(v.values_as<int32_t>()[i]);
            break;
          case columnar::TypeId::kDecimal:
            t.ints[f.name].push_back(static_cast<int64_t>(v.values_as<__int128>()[i]));
            break;
          default:
            ADD_FAILURE() << "unexpected type of " << f.name;
        }
      }
    }
    t.rows += batch.num_rows();
  }
  // Column by column, so that batch boundaries do not matter.
  for (const auto& [name, values] : t.ints) {
    t.checksum = Fnv(t.checksum, name.data(), name.size());
    t.checksum = Fnv(t.checksum, values.data(), values.size() * sizeof(int64_t));
  }
  for (const auto& [name, values] : t.strings) {
    t.checksum = Fnv(t.checksum, name.data(), name.size());
    for (const std::string& v : values) t.checksum = Fnv(t.checksum, v.data(), v.size() + 1);
  }
  return t;
}

constexpr double kSf = 0.01;

class TpchGeneratorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tables_ = new std::map<std::string, Table>();
    for (const std::string& name : TpchGenerator::TableNames()) {
      (*tables_)[name] = Generate(name, kSf, 2);
    }
  }
  static void TearDownTestSuite() { delete tables_; }
  static const Table& T(const std::string& name) { return tables_->at(name); }

  static std::map<std::string, Table>* tables_;
};
std::map<std::string, Table>* TpchGeneratorTest::tables_ = nullptr;

TEST_F(TpchGeneratorTest, RowCounts) {
  EXPECT_EQ(T("region").rows, 5);
  EXPECT_EQ(T("nation").rows, 25);
  EXPECT_EQ(T("supplier").rows, 100);
  EXPECT_EQ(T("customer").rows, 1500);
  EXPECT_EQ(T("part").rows, 2000);
  EXPECT_EQ(T("partsupp").rows, 8000);
  EXPECT_EQ(T("orders").rows, 15000);
  // 1..7 lines per order, 4 on average.
  EXPECT_GT(T("lineitem").rows, 15000 * 39 / 10);
  EXPECT_LT(T("lineitem").rows, 15000 * 41 / 10);
}

TEST_F(TpchGeneratorTest, KeysAreUniqueAndFollowTheSpec) {
  auto dense = [](const std::vector<int64_t>& keys, int64_t from) {
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] != from + static_cast<int64_t>(i)) return false;
    }
    return true;
  };
  EXPECT_TRUE(dense(T("region").ints.at("r_regionkey"), 0));
  EXPECT_TRUE(dense(T("nation").ints.at("n_nationkey"), 0));
  EXPECT_TRUE(dense(T("supplier").ints.at("s_suppkey"), 1));
  EXPECT_TRUE(dense(T("customer").ints.at("c_custkey"), 1));
  EXPECT_TRUE(dense(T("part").ints.at("p_partkey"), 1));
  // Orders: ascending sparse keys, only the first 8 of every 32.
  const auto& okeys = T("orders").ints.at("o_orderkey");
  for (size_t i = 0; i < okeys.size(); ++i) {
    ASSERT_EQ((okeys[i] >> 3) & 3, 0) << okeys[i];
    if (i > 0) {
      ASSERT_GT(okeys[i], okeys[i - 1]);
    }
  }
  EXPECT_EQ(okeys.front(), 1);
  EXPECT_EQ(okeys.back(), TpchScale::OrderKey(15000));
  // Partsupp: 4 distinct suppliers per part.
  const Table& ps = T("partsupp");
  std::set<std::pair<int64_t, int64_t>> pairs;
  for (int64_t i = 0; i < ps.rows; ++i) {
    pairs.emplace(ps.ints.at("ps_partkey")[i], ps.ints.at("ps_suppkey")[i]);
  }
  EXPECT_EQ(static_cast<int64_t>(pairs.size()), ps.rows);
  // Lineitem: (orderkey, linenumber) unique, line numbers 1..n.
  const Table& l = T("lineitem");
  for (int64_t i = 0; i < l.rows; ++i) {
    const int64_t n = l.ints.at("l_linenumber")[i];
    if (n == 1) continue;
    ASSERT_EQ(l.ints.at("l_orderkey")[i], l.ints.at("l_orderkey")[i - 1]);
    ASSERT_EQ(n, l.ints.at("l_linenumber")[i - 1] + 1);
  }
}

TEST_F(TpchGeneratorTest, ReferentialIntegrity) {
  const Table& ps = T("partsupp");
  std::set<std::pair<int64_t, int64_t>> pairs;
  for (int64_t i = 0; i < ps.rows; ++i) {
    pairs.emplace(ps.ints.at("ps_partkey")[i], ps.ints.at("ps_suppkey")[i]);
    ASSERT_GE(ps.ints.at("ps_suppkey")[i], 1);
    ASSERT_LE(ps.ints.at("ps_suppkey")[i], 100);
  }
  const auto& okeys = T("orders").ints.at("o_orderkey");
  const std::unordered_set<int64_t> orders(okeys.begin(), okeys.end());
  const Table& l = T("lineitem");
  std::unordered_set<int64_t> orders_with_lines;
  for (int64_t i = 0; i < l.rows; ++i) {
    ASSERT_TRUE(orders.count(l.ints.at("l_orderkey")[i]));
    orders_with_lines.insert(l.ints.at("l_orderkey")[i]);
    ASSERT_TRUE(pairs.count({l.ints.at("l_partkey")[i], l.ints.at("l_suppkey")[i]}));
  }
  EXPECT_EQ(orders_with_lines.size(), orders.size());
  int64_t by_mod[3] = {0, 0, 0};
  for (int64_t c : T("orders").ints.at("o_custkey")) {
    ASSERT_GE(c, 1);
    ASSERT_LE(c, 1500);
    ASSERT_NE(c % 3, 0);
    ++by_mod[c % 3];
  }
  // dbgen's skew: customers with key = 1 mod 3 place twice as many orders.
  EXPECT_GT(by_mod[1], by_mod[2] * 18 / 10);
  EXPECT_LT(by_mod[1], by_mod[2] * 22 / 10);
  for (int64_t n : T("supplier").ints.at("s_nationkey")) ASSERT_TRUE(n >= 0 && n < 25);
  for (int64_t n : T("customer").ints.at("c_nationkey")) ASSERT_TRUE(n >= 0 && n < 25);
  for (int64_t r : T("nation").ints.at("n_regionkey")) ASSERT_TRUE(r >= 0 && r < 5);
  EXPECT_EQ(T("nation").strings.at("n_name")[24], "UNITED STATES");
  EXPECT_EQ(T("nation").ints.at("n_regionkey")[24], 1);
}

TEST_F(TpchGeneratorTest, OrdersAgreeWithTheirLines) {
  const Table& o = T("orders");
  const Table& l = T("lineitem");
  std::unordered_map<int64_t, int64_t> row_of;
  for (int64_t i = 0; i < o.rows; ++i) row_of[o.ints.at("o_orderkey")[i]] = i;
  std::vector<int64_t> total(o.rows, 0), lines(o.rows, 0), shipped(o.rows, 0);
  std::map<std::string, int64_t> flags;
  for (int64_t i = 0; i < l.rows; ++i) {
    const int64_t r = row_of.at(l.ints.at("l_orderkey")[i]);
    const int64_t orderdate = o.ints.at("o_orderdate")[r];
    const int64_t ship = l.ints.at("l_shipdate")[i];
    const int64_t commit = l.ints.at("l_commitdate")[i];
    const int64_t receipt = l.ints.at("l_receiptdate")[i];
    ASSERT_GE(ship - orderdate, 1);
    ASSERT_LE(ship - orderdate, 121);
    ASSERT_GE(commit - orderdate, 30);
    ASSERT_LE(commit - orderdate, 90);
    ASSERT_GE(receipt - ship, 1);
    ASSERT_LE(receipt - ship, 30);
    const std::string& flag = l.strings.at("l_returnflag")[i];
    const std::string& status = l.strings.at("l_linestatus")[i];
    if (receipt <= TpchScale::kCurrentDate) {
      ASSERT_TRUE(flag == "R" || flag == "A");
    } else {
      ASSERT_EQ(flag, "N");
    }
    ASSERT_EQ(status, ship > TpchScale::kCurrentDate ? "O" : "F");
    ++flags[flag];
    const int64_t qty = l.ints.at("l_quantity")[i];
    const int64_t disc = l.ints.at("l_discount")[i];
    const int64_t tax = l.ints.at("l_tax")[i];
    ASSERT_TRUE(qty >= 100 && qty <= 5000 && qty % 100 == 0);
    ASSERT_TRUE(disc >= 0 && disc <= 10);
    ASSERT_TRUE(tax >= 0 && tax <= 8);
    const int64_t ext = l.ints.at("l_extendedprice")[i];
    ASSERT_EQ(ext, qty / 100 * TpchScale::RetailPriceCents(l.ints.at("l_partkey")[i]));
    total[r] += ext * (100 - disc) / 100 * (100 + tax) / 100;
    ++lines[r];
    shipped[r] += status == "F";
  }
  EXPECT_GT(flags["R"], 0);
  EXPECT_GT(flags["A"], 0);
  EXPECT_GT(flags["N"], 0);
  std::map<std::string, int64_t> statuses;
  for (int64_t r = 0; r < o.rows; ++r) {
    ASSERT_GE(lines[r], 1);
    ASSERT_LE(lines[r], 7);
    ASSERT_EQ(o.ints.at("o_totalprice")[r], total[r]);
    const std::string& s = o.strings.at("o_orderstatus")[r];
    ASSERT_EQ(s, shipped[r] == lines[r] ? "F" : shipped[r] == 0 ? "O" : "P");
    ++statuses[s];
    const int64_t d = o.ints.at("o_orderdate")[r];
    ASSERT_GE(d, TpchScale::kStartDate);
    ASSERT_LE(d, TpchScale::kEndDate - 151);
  }
  // Roughly half F, half O, a few percent P (the spec's figures).
  EXPECT_GT(statuses["F"], o.rows * 4 / 10);
  EXPECT_GT(statuses["O"], o.rows * 4 / 10);
  EXPECT_GT(statuses["P"], o.rows / 100);
}

TEST_F(TpchGeneratorTest, ValueFormatsAndRanges) {
  // Compiled once: std::regex is slow to build, especially in sanitizer builds.
  const std::regex kMfgr("Manufacturer#[1-5]"), kBrand("Brand#[1-5][1-5]");
  const std::regex kPhone("[0-9]{2}-[0-9]{3}-[0-9]{3}-[0-9]{4}");
  const Table& p = T("part");
  for (int64_t i = 0; i < p.rows; ++i) {
    const std::string& name = p.strings.at("p_name")[i];
    std::set<std::string> words;
    size_t start = 0;
    for (size_t k = 0; k <= name.size(); ++k) {
      if (k == name.size() || name[k] == ' ') {
        words.insert(name.substr(start, k - start));
        start = k + 1;
      }
    }
    ASSERT_EQ(words.size(), 5u) << name;
    const std::string& mfgr = p.strings.at("p_mfgr")[i];
    const std::string& brand = p.strings.at("p_brand")[i];
    ASSERT_TRUE(std::regex_match(mfgr, kMfgr));
    ASSERT_TRUE(std::regex_match(brand, kBrand));
    ASSERT_EQ(brand[6], mfgr[13]);
    ASSERT_EQ(p.ints.at("p_retailprice")[i], TpchScale::RetailPriceCents(i + 1));
    ASSERT_TRUE(p.ints.at("p_size")[i] >= 1 && p.ints.at("p_size")[i] <= 50);
    const size_t cl = p.strings.at("p_comment")[i].size();
    ASSERT_TRUE(cl >= 5 && cl <= 22);
  }
  EXPECT_EQ(p.ints.at("p_retailprice")[0], 90100);  // 901.00 for part 1.
  const Table& c = T("customer");
  const std::set<std::string> segments = {"AUTOMOBILE", "BUILDING", "FURNITURE", "HOUSEHOLD",
                                          "MACHINERY"};
  for (int64_t i = 0; i < c.rows; ++i) {
    const std::string& phone = c.strings.at("c_phone")[i];
    ASSERT_TRUE(std::regex_match(phone, kPhone));
    ASSERT_EQ(std::stoi(phone.substr(0, 2)), c.ints.at("c_nationkey")[i] + 10);
    ASSERT_TRUE(segments.count(c.strings.at("c_mktsegment")[i]));
    const int64_t bal = c.ints.at("c_acctbal")[i];
    ASSERT_TRUE(bal >= -99999 && bal <= 999999);
    const size_t al = c.strings.at("c_address")[i].size();
    ASSERT_TRUE(al >= 10 && al <= 40);
    ASSERT_EQ(
        c.strings.at("c_name")[i],
        "Customer#" + std::string(9 - std::to_string(i + 1).size(), '0') + std::to_string(i + 1));
  }
  int64_t with_special_requests = 0;
  for (const std::string& s : T("orders").strings.at("o_comment")) {
    ASSERT_TRUE(s.size() >= 19 && s.size() <= 78);
    const size_t at = s.find("special");
    with_special_requests += at != std::string::npos && s.find("requests", at) != std::string::npos;
  }
  // Q13's exclusion: about 1% of orders.
  EXPECT_GT(with_special_requests, 15000 / 300);
  EXPECT_LT(with_special_requests, 15000 / 30);
  for (const std::string& s : T("lineitem").strings.at("l_comment")) {
    ASSERT_TRUE(s.size() >= 10 && s.size() <= 43);
  }
}

TEST(TpchGeneratorBbbTest, SfTimesFiveSuppliersHaveComplaintsAndAsManyRecommendations) {
  const Table s = Generate("supplier", 1, 2);  // 10,000 suppliers.
  int complaints = 0, recommends = 0;
  const std::regex complaint(".*Customer .*Complaints.*"), recommend(".*Customer .*Recommends.*");
  for (const std::string& c : s.strings.at("s_comment")) {
    ASSERT_TRUE(c.size() >= 25 && c.size() <= 100);
    complaints += std::regex_match(c, complaint);
    recommends += std::regex_match(c, recommend);
  }
  EXPECT_EQ(complaints, 5);
  EXPECT_EQ(recommends, 5);
}

TEST(TpchGeneratorDeterminismTest, SameDataForAnyThreadCountAndChunkSize) {
  for (const std::string& name : TpchGenerator::TableNames()) {
    const Table a = Generate(name, kSf, 1);
    const Table b = Generate(name, kSf, 3, 777);
    EXPECT_EQ(a.rows, b.rows) << name;
    EXPECT_EQ(a.checksum, b.checksum) << name;
  }
}

TEST(TpchGeneratorErrorsTest, RejectsBadArguments) {
  EXPECT_FALSE(TpchGenerator::MakeTable("lineitems", 1).ok());
  EXPECT_FALSE(TpchGenerator::MakeTable("orders", 0).ok());
  EXPECT_FALSE(TpchGenerator::MakeTable("orders", -1).ok());
}

}  // namespace
}  // namespace lakeml::tpch
