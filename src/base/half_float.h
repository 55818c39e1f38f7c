// IEEE 754 binary16 ("half", Parquet FLOAT16) to binary32. Exact for every input; NaN stays NaN,
// signed zeros keep their sign. Pure function; thread-safe.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace lakeml {

inline float HalfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  const uint32_t exp = (h >> 10) & 0x1F;
  const uint32_t mant = h & 0x3FF;
  uint32_t bits;
  if (exp == 0) {
    if (mant != 0) {  // Subnormal: mant * 2^-24, exactly representable as a float.
      const float f = std::ldexp(static_cast<float>(mant), -24);
      return sign ? -f : f;
    }
    bits = sign;
  } else if (exp == 31) {
    bits = sign | 0x7F800000u | (mant << 13);
  } else {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

}  // namespace lakeml
