#include "tpch/gen/tpch_values.h"

#include <cstdio>

namespace lakeml::tpch {

void TpchValues::KeyName(std::string_view prefix, int64_t key, std::string* out) {
  char buf[32];
  const int n = std::snprintf(buf, sizeof(buf), "#%09lld", static_cast<long long>(key));
  out->assign(prefix);
  out->append(buf, n);
}

void TpchValues::Phone(RandomStream& r, int nationkey, std::string* out) {
  // One statement per draw: the order in which function arguments are evaluated is
  // unspecified (GCC and clang differ), and the data must not depend on the compiler.
  const int first = static_cast<int>(r.Uniform(100, 999));
  const int second = static_cast<int>(r.Uniform(100, 999));
  const int third = static_cast<int>(r.Uniform(1000, 9999));
  char buf[32];
  const int n =
      std::snprintf(buf, sizeof(buf), "%02d-%03d-%03d-%04d", nationkey + 10, first, second, third);
  out->assign(buf, n);
}

void TpchValues::VString(RandomStream& r, int min_len, int max_len, std::string* out) {
  static constexpr char kAlphabet[] =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ, ";
  static_assert(sizeof(kAlphabet) == 65);
  const int64_t len = r.Uniform(min_len, max_len);
  out->resize(len);
  // One draw gives ten 6-bit characters.
  uint64_t bits = 0;
  for (int64_t i = 0; i < len; ++i) {
    if (i % 10 == 0) bits = r.Next();
    (*out)[i] = kAlphabet[bits & 63];
    bits >>= 6;
  }
}

}  // namespace lakeml::tpch
