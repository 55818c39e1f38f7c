// TpchValues: the value formats several tables share (TPC-H 4.2.2.7-4.2.2.9): "Supplier#"
// style names with 9-digit keys, phone numbers whose country code is nationkey + 10, and the
// random alphanumeric v-strings of addresses. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tpch/gen/random_stream.h"

namespace lakeml::tpch {

class TpchValues {
 public:
  // prefix + '#' + key zero-padded to 9 digits, into *out (replacing it).
  static void KeyName(std::string_view prefix, int64_t key, std::string* out);
  // "CC-LLL-LLL-LLLL", CC = nationkey + 10.
  static void Phone(RandomStream& r, int nationkey, std::string* out);
  // Length uniform in [min_len, max_len], characters from a 64-character alphabet.
  static void VString(RandomStream& r, int min_len, int max_len, std::string* out);
};

}  // namespace lakeml::tpch
