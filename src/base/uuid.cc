#include "base/uuid.h"

#include <random>

namespace lakeml {

std::array<uint8_t, 16> NewUuidBytes() {
  // A random_device per call: cheap next to what a UUID names (a file), and nothing shared.
  std::random_device device;
  std::array<uint8_t, 16> bytes;
  for (int i = 0; i < 16; i += 4) {
    const uint32_t r = device();
    bytes[i] = static_cast<uint8_t>(r);
    bytes[i + 1] = static_cast<uint8_t>(r >> 8);
    bytes[i + 2] = static_cast<uint8_t>(r >> 16);
    bytes[i + 3] = static_cast<uint8_t>(r >> 24);
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0F) | 0x40);  // Version 4: random.
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3F) | 0x80);  // Variant 10xx: RFC 4122.
  return bytes;
}

std::string UuidToString(const std::array<uint8_t, 16>& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0F]);
  }
  return out;
}

std::string NewUuid() { return UuidToString(NewUuidBytes()); }

}  // namespace lakeml
