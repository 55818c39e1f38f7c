#include "format/value_text/decimal_text.h"

#include <charconv>
#include <cstring>

namespace lakeml::format {
namespace {

// Writes the decimal digits of v into the end of buf[0, 40); returns the first digit.
char* DigitsOf(unsigned __int128 v, char* buf_end) {
  char* p = buf_end;
  constexpr uint64_t k1e19 = 10000000000000000000ull;
  while (v > UINT64_MAX) {
    uint64_t chunk = static_cast<uint64_t>(v % k1e19);
    v /= k1e19;
    for (int i = 0; i < 19; ++i) {
      *--p = static_cast<char>('0' + chunk % 10);
      chunk /= 10;
    }
  }
  uint64_t low = static_cast<uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + low % 10);
    low /= 10;
  } while (low != 0);
  return p;
}

}  // namespace

void AppendDecimal(__int128 unscaled, int scale, std::string* out) {
  const bool neg = unscaled < 0;
  const unsigned __int128 mag =
      neg ? 0 - static_cast<unsigned __int128>(unscaled) : static_cast<unsigned __int128>(unscaled);
  char digits_buf[48];
  char* end = digits_buf + sizeof(digits_buf);
  char* begin = DigitsOf(mag, end);
  const int n = static_cast<int>(end - begin);
  if (neg) out->push_back('-');
  if (scale <= 0) {
    out->append(begin, n);
    if (mag != 0) out->append(static_cast<size_t>(-static_cast<int64_t>(scale)), '0');
    return;
  }
  if (n <= scale) {
    out->append("0.");
    out->append(static_cast<size_t>(scale - n), '0');
    out->append(begin, n);
    return;
  }
  out->append(begin, n - scale);
  out->push_back('.');
  out->append(begin + (n - scale), scale);
}

void AppendDecimal128LE(const uint8_t* value, int scale, std::string* out) {
  uint64_t lo;
  uint64_t hi;
  std::memcpy(&lo, value, 8);
  std::memcpy(&hi, value + 8, 8);
  const unsigned __int128 u = (static_cast<unsigned __int128>(hi) << 64) | lo;
  AppendDecimal(static_cast<__int128>(u), scale, out);
}

}  // namespace lakeml::format
