#include "format/value_text/java_floating_text.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace lakeml::format {
namespace {

// `sci` is std::to_chars' scientific text of a finite, non-zero value without its
// sign: "d[.ddd]e[+-]XX". Writes Java's form of it.
void AppendJavaScientific(std::string_view sci, std::string* out) {
  const size_t e = sci.find('e');
  std::string digits;
  digits.push_back(sci[0]);
  if (e > 1) digits.append(sci.substr(2, e - 2));  // skip "d."
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int exp = std::atoi(std::string(sci.substr(e + 1)).c_str());
  if (exp >= -3 && exp < 7) {
    // Plain notation: exp + 1 digits before the point (zero-padded), at least one after.
    if (exp < 0) {
      out->append("0.");
      out->append(static_cast<size_t>(-exp - 1), '0');
      out->append(digits);
      return;
    }
    const size_t int_digits = static_cast<size_t>(exp) + 1;
    if (digits.size() <= int_digits) {
      out->append(digits);
      out->append(int_digits - digits.size(), '0');
      out->append(".0");
    } else {
      out->append(digits, 0, int_digits);
      out->push_back('.');
      out->append(digits, int_digits, std::string::npos);
    }
    return;
  }
  out->push_back(digits[0]);
  out->push_back('.');
  if (digits.size() > 1) {
    out->append(digits, 1, std::string::npos);
  } else {
    out->push_back('0');
  }
  out->push_back('E');
  out->append(std::to_string(exp));
}

template <typename F>
void AppendJavaFloatingText(F v, std::string* out) {
  if (std::isnan(v)) {
    out->append("NaN");
    return;
  }
  if (std::signbit(v)) out->push_back('-');
  if (std::isinf(v)) {
    out->append("Infinity");
    return;
  }
  if (v == 0) {
    out->append("0.0");
    return;
  }
  const F mag = std::fabs(v);
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), mag, std::chars_format::scientific);
  if (buf[1] == 'e') {
    // One digit suffices: Java then takes the 2-digit decimal nearest to the value when one
    // rounds to it (Double.MIN_VALUE is 4.9E-324, not 5.0E-324); for normal values that is d.0.
    char two[64];
    const auto r2 = std::to_chars(two, two + sizeof(two), mag, std::chars_format::scientific, 1);
    F back = 0;
    const auto parsed = std::from_chars(two, r2.ptr, back, std::chars_format::scientific);
    if (parsed.ec == std::errc() && back == mag) {
      AppendJavaScientific(std::string_view(two, static_cast<size_t>(r2.ptr - two)), out);
      return;
    }
  }
  AppendJavaScientific(std::string_view(buf, static_cast<size_t>(r.ptr - buf)), out);
}

}  // namespace

void JavaFloatingText::AppendDouble(double v, std::string* out) { AppendJavaFloatingText(v, out); }

void JavaFloatingText::AppendFloat(float v, std::string* out) { AppendJavaFloatingText(v, out); }

}  // namespace lakeml::format
