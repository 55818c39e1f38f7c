// Exact text of decimal values: an int128 unscaled value and a scale, e.g. (12345, 2) ->
// "123.45", (-1, 2) -> "-0.01", (12, 0) -> "12", (5, -2) -> "500". Every int128 prints
// exactly (39 digits at most). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace lakeml::format {

void AppendDecimal(__int128 unscaled, int scale, std::string* out);

// `value` points at 16 bytes: a little-endian two's-complement int128 (a kDecimal slot).
void AppendDecimal128LE(const uint8_t* value, int scale, std::string* out);

}  // namespace lakeml::format
