// TpchScale: the row counts of a scale factor and the spec's key and price formulas
// (TPC-H 4.2.3 and 4.2.5). A value type; thread-safe to read.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "format/value_text/civil_date.h"

namespace lakeml::tpch {

struct TpchScale {
  explicit TpchScale(double scale_factor)
      : sf(scale_factor),
        suppliers(Count(10'000)),
        customers(Count(150'000)),
        parts(Count(200'000)),
        orders(Count(1'500'000)),
        clerks(Count(1'000)) {}

  double sf;
  int64_t suppliers;
  int64_t customers;
  int64_t parts;
  int64_t orders;
  int64_t clerks;

  static constexpr int32_t kStartDate = format::DaysFromCivil(1992, 1, 1);
  static constexpr int32_t kCurrentDate = format::DaysFromCivil(1995, 6, 17);
  static constexpr int32_t kEndDate = format::DaysFromCivil(1998, 12, 31);

  // The i-th (0..3) supplier of a part: PS_SUPPKEY in 4.2.3.
  int64_t PartSuppKey(int64_t partkey, int i) const {
    const int64_t s = suppliers;
    return (partkey + i * (s / 4 + (partkey - 1) / s)) % s + 1;
  }
  // P_RETAILPRICE in cents: (90000 + ((key / 10) mod 20001) + 100 * (key mod 1000)) / 100.
  static int64_t RetailPriceCents(int64_t partkey) {
    return 90000 + (partkey / 10) % 20001 + 100 * (partkey % 1000);
  }
  // O_ORDERKEY of the order with 1-based number n: sparse keys, the first 8 of every 32.
  static int64_t OrderKey(int64_t n) { return ((n >> 3) << 5) | (n & 7); }

 private:
  int64_t Count(int64_t base) const {
    return std::max<int64_t>(1, static_cast<int64_t>(std::llround(sf * base)));
  }
};

}  // namespace lakeml::tpch
