#include "base/crc32.h"

#include <libdeflate.h>

namespace lakeml {

// libdeflate's CRC-32 uses PCLMULQDQ folding where the CPU has it: several GB/s,
// so verifying page CRCs costs little next to decompression.
uint32_t Crc32(uint32_t crc, const void* data, size_t n) { return libdeflate_crc32(crc, data, n); }

}  // namespace lakeml
