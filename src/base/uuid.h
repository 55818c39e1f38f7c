// Random (version 4) UUIDs, as Delta uses to name deletion vector files, checkpoints and
// transactions. Bytes come from the operating system's entropy source (std::random_device,
// which reads /dev/urandom or getrandom() on Linux). Thread-safe: every call is independent.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace lakeml {

// 16 random bytes with the RFC 4122 version (4) and variant (10xx) bits set, in the canonical
// byte order (the order the canonical text prints them).
std::array<uint8_t, 16> NewUuidBytes();

// The canonical 36-character lowercase text of `bytes`: 8-4-4-4-12 hex digits.
std::string UuidToString(const std::array<uint8_t, 16>& bytes);

// A new random UUID as canonical text, e.g. "d2c639aa-8816-431a-aaf6-d3fe2512ff61".
std::string NewUuid();

}  // namespace lakeml
