#include "delta/dv/z85.h"

#include <array>
#include <cstdint>

#include "base/check.h"

namespace lakeml::delta {
namespace {

// DO NOT CHANGE: the Z85 alphabet (RFC 32); stored in Delta logs.
constexpr char kAlphabet[] =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
static_assert(sizeof(kAlphabet) == 86);

constexpr std::array<int8_t, 256> MakeDecodeTable() {
  std::array<int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (int i = 0; i < 85; ++i) table[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  return table;
}
constexpr std::array<int8_t, 256> kDecode = MakeDecodeTable();

std::string Printable(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7F) return std::string(1, c);
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string("\\x") + kHex[u >> 4] + kHex[u & 0xF];
}

}  // namespace

std::string Z85Encode(std::string_view bytes) {
  LAKEML_CHECK(bytes.size() % 4 == 0);
  std::string out(bytes.size() / 4 * 5, '\0');
  char* o = out.data();
  for (size_t i = 0; i < bytes.size(); i += 4) {
    uint32_t v = (static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 24) |
                 (static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 16) |
                 (static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 2])) << 8) |
                 static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 3]));
    for (int d = 4; d >= 0; --d) {
      o[d] = kAlphabet[v % 85];
      v /= 85;
    }
    o += 5;
  }
  return out;
}

std::string PadAndZ85Encode(std::string_view bytes) {
  if (bytes.size() % 4 == 0) return Z85Encode(bytes);
  std::string padded(bytes);
  padded.resize((bytes.size() + 3) / 4 * 4, '\0');
  return Z85Encode(padded);
}

namespace {

Result<std::string> Decode(std::string_view text, bool allow_padded_tail) {
  if (text.size() % 5 != 0) {
    return Status::InvalidArgument("Invalid Z85 text: length is not a multiple of 5: ",
                                   text.size());
  }
  std::string out;
  out.reserve(text.size() / 5 * 4);
  for (size_t i = 0; i < text.size(); i += 5) {
    size_t missing = 0;  // Bytes the padded tail leaves out.
    if (allow_padded_tail && i + 5 == text.size()) {
      while (missing < 3 && text[i + missing] == '#') ++missing;
    }
    uint64_t v = 0;
    for (size_t k = i + missing; k < i + 5; ++k) {
      const int8_t d = kDecode[static_cast<uint8_t>(text[k])];
      if (d < 0) {
        return Status::InvalidArgument("Invalid Z85 text: character '", Printable(text[k]),
                                       "' is not in the Z85 alphabet at position ", k);
      }
      v = v * 85 + static_cast<uint64_t>(d);
    }
    const size_t bytes = 4 - missing;
    if (v >> (8 * bytes) != 0) {
      return Status::InvalidArgument("Invalid Z85 text: group exceeds ", 8 * bytes,
                                     " bits at position ", i);
    }
    for (size_t b = bytes; b-- > 0;) out.push_back(static_cast<char>(v >> (8 * b)));
  }
  return out;
}

}  // namespace

Result<std::string> Z85Decode(std::string_view text) { return Decode(text, false); }

Result<std::string> Z85DecodeAllowingPaddedTail(std::string_view text) {
  return Decode(text, true);
}

}  // namespace lakeml::delta
