// StrCat: concatenates strings, string_views, chars, integers and floating-point values
// into one std::string. Used to build error messages without a formatting language.
// Thread-safe: a pure function.
#pragma once

#include <charconv>
#include <string>
#include <string_view>
#include <type_traits>

namespace lakeml {
namespace str_cat_internal {

inline void Append(std::string* out, std::string_view s) { out->append(s); }
inline void Append(std::string* out, const char* s) { out->append(s ? s : "(null)"); }
inline void Append(std::string* out, const std::string& s) { out->append(s); }
inline void Append(std::string* out, char c) { out->push_back(c); }
inline void Append(std::string* out, bool b) { out->append(b ? "true" : "false"); }

template <typename T>
requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool> &&
         !std::is_same_v<T, char>) void Append(std::string* out, T v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, end);
}

template <typename T>
requires std::is_enum_v<T>
void Append(std::string* out, T v) { Append(out, static_cast<std::underlying_type_t<T>>(v)); }

}  // namespace str_cat_internal

template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  (str_cat_internal::Append(&out, args), ...);
  return out;
}

}  // namespace lakeml
