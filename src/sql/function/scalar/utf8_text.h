// Utf8Text: character-level views of UTF-8 strings as Spark's UTF8String sees them: a
// character starts at every byte that is not a continuation byte (10xxxxxx), so invalid input
// never fails and never reads out of bounds.
//
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lakeml::sql {

class Utf8Text {
 public:
  static bool IsLead(char c) { return (static_cast<uint8_t>(c) & 0xC0) != 0x80; }

  static int64_t NumChars(std::string_view s) {
    int64_t n = 0;
    for (char c : s) n += IsLead(c);
    return n;
  }
  // The byte offset of character `k` (0-based); s.size() when k >= NumChars(s).
  static size_t ByteOffset(std::string_view s, int64_t k) {
    if (k <= 0) return 0;
    for (size_t i = 0; i < s.size(); ++i) {
      if (IsLead(s[i]) && k-- == 0) return i;
    }
    return s.size();
  }
  // Characters [start, end) (0-based, clamped to the string).
  static std::string_view Sub(std::string_view s, int64_t start, int64_t end) {
    if (start < 0) start = 0;
    if (end <= start) return {};
    const size_t b = ByteOffset(s, start);
    const size_t e = b + ByteOffset(s.substr(b), end - start);
    return s.substr(b, e - b);
  }
  // Byte length of the character starting at s[i].
  static size_t CharLen(std::string_view s, size_t i) {
    size_t j = i + 1;
    while (j < s.size() && !IsLead(s[j])) ++j;
    return j - i;
  }
  // The code point at s[i] (U+FFFD for malformed sequences).
  static uint32_t Decode(std::string_view s, size_t i) {
    const uint8_t b0 = static_cast<uint8_t>(s[i]);
    const size_t len = CharLen(s, i);
    if (b0 < 0x80) return b0;
    int need = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : -1;
    if (need < 0 || static_cast<size_t>(need) + 1 != len) return 0xFFFD;
    uint32_t cp = b0 & (0x3F >> need);
    for (int k = 1; k <= need; ++k) cp = (cp << 6) | (static_cast<uint8_t>(s[i + k]) & 0x3F);
    return cp;
  }
  static void Encode(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  // Case mapping of ASCII, Latin-1, Greek and Cyrillic letters (other scripts unchanged).
  static uint32_t ToUpper(uint32_t c) {
    if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
    if (c == 0xFF) return 0x178;  // ÿ -> Ÿ
    if (c == 0xB5) return 0x39C;  // micro sign -> Greek capital mu (Java)
    if ((c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) || (c >= 0x430 && c <= 0x44F)) return c - 32;
    if (c >= 0x450 && c <= 0x45F) return c - 80;
    return c;
  }
  static uint32_t ToLower(uint32_t c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
    if ((c >= 0x391 && c <= 0x3A9 && c != 0x3A2) || (c >= 0x410 && c <= 0x42F)) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
  }
  template <typename Map>
  static std::string MapChars(std::string_view s, const Map& map) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
      const size_t len = CharLen(s, i);
      if (static_cast<uint8_t>(s[i]) < 0x80) {
        out.push_back(static_cast<char>(map(static_cast<uint8_t>(s[i]))));
      } else {
        const uint32_t cp = Decode(s, i);
        if (cp == 0xFFFD) {
          out.append(s.substr(i, len));
        } else {
          Encode(map(cp), &out);
        }
      }
      i += len;
    }
    return out;
  }
};

}  // namespace lakeml::sql
