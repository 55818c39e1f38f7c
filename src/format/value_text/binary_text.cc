#include "format/value_text/binary_text.h"

#include <cstdint>

namespace lakeml::format {
namespace {
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kHex[] = "0123456789abcdef";
}  // namespace

void AppendBase64(std::string_view bytes, std::string* out) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  const size_t old = out->size();
  out->resize(old + (n + 2) / 3 * 4);
  char* o = out->data() + old;
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const uint32_t v = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8) | p[i + 2];
    o[0] = kBase64[v >> 18];
    o[1] = kBase64[(v >> 12) & 63];
    o[2] = kBase64[(v >> 6) & 63];
    o[3] = kBase64[v & 63];
    o += 4;
  }
  if (i < n) {
    uint32_t v = uint32_t{p[i]} << 16;
    if (i + 1 < n) v |= uint32_t{p[i + 1]} << 8;
    o[0] = kBase64[v >> 18];
    o[1] = kBase64[(v >> 12) & 63];
    o[2] = i + 1 < n ? kBase64[(v >> 6) & 63] : '=';
    o[3] = '=';
  }
}

void AppendUuid(std::string_view bytes, std::string* out) {
  char buf[36];
  char* o = buf;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) *o++ = '-';
    const auto b = static_cast<uint8_t>(bytes[i]);
    *o++ = kHex[b >> 4];
    *o++ = kHex[b & 15];
  }
  out->append(buf, 36);
}

}  // namespace lakeml::format
