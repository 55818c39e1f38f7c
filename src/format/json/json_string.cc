#include "format/json/json_string.h"

#include <array>
#include <cstdint>

namespace lakeml::json {
namespace {

// 1 for bytes that cannot be copied verbatim: '"', '\\', control characters, non-ASCII.
constexpr std::array<uint8_t, 256> kNeedsWork = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) ? 1 : 0;
  return t;
}();

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool IsCont(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

int Utf8SequenceLength(const unsigned char* p, size_t n, int* invalid_len) {
  const unsigned char c = p[0];
  int len;
  unsigned char lo = 0x80, hi = 0xBF;  // Allowed range of the second byte.
  if (c < 0x80) return 1;
  if (c < 0xC2) {
    *invalid_len = 1;  // Continuation byte or overlong 2-byte lead.
    return 0;
  } else if (c < 0xE0) {
    len = 2;
  } else if (c < 0xF0) {
    len = 3;
    if (c == 0xE0) {
      lo = 0xA0;  // Overlong.
    } else if (c == 0xED) {
      hi = 0x9F;  // Surrogates.
    }
  } else if (c < 0xF5) {
    len = 4;
    if (c == 0xF0) {
      lo = 0x90;  // Overlong.
    } else if (c == 0xF4) {
      hi = 0x8F;  // Past U+10FFFF.
    }
  } else {
    *invalid_len = 1;
    return 0;
  }
  if (n < 2 || p[1] < lo || p[1] > hi) {
    *invalid_len = 1;
    return 0;
  }
  for (int i = 2; i < len; ++i) {
    if (static_cast<size_t>(i) >= n || !IsCont(p[i])) {
      *invalid_len = i;
      return 0;
    }
  }
  return len;
}

void AppendJsonStringContent(std::string_view s, std::string* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t run_start = 0;
  size_t i = 0;
  while (i < n) {
    if (!kNeedsWork[p[i]]) {
      ++i;
      continue;
    }
    const unsigned char c = p[i];
    if (c >= 0x80) {
      int bad = 0;
      int len = Utf8SequenceLength(p + i, n - i, &bad);
      if (len > 0) {
        i += len;  // Valid: stays in the verbatim run.
        continue;
      }
      out->append(s.data() + run_start, i - run_start);
      out->append(kReplacement);
      i += bad;
      run_start = i;
      continue;
    }
    out->append(s.data() + run_start, i - run_start);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default: {
        char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->append(esc, 6);
      }
    }
    ++i;
    run_start = i;
  }
  out->append(s.data() + run_start, n - run_start);
}

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  AppendJsonStringContent(s, out);
  out->push_back('"');
}

}  // namespace lakeml::json
