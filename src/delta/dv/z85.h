// Z85 (ZeroMQ RFC 32 base-85), the encoding Delta uses for inline deletion vectors and for the
// UUID in a deletion vector's file name (PROTOCOL.md, "Deletion Vector Descriptor Schema": "The
// concrete Base85 variant used is Z85, because it is JSON-friendly"). Every 4 bytes, read as a
// big-endian number, become 5 characters, most significant digit first.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace lakeml::delta {

// REQUIRES: bytes.size() % 4 == 0. (Delta pads inline DVs with zero bytes to a multiple of 4 and
// keeps the real length in sizeInBytes; see PadAndZ85Encode.)
std::string Z85Encode(std::string_view bytes);

// Pads `bytes` with zero bytes to a multiple of 4, then encodes.
std::string PadAndZ85Encode(std::string_view bytes);

// Decodes Z85 text: 5 characters -> 4 bytes. InvalidArgument if the length is not a multiple of
// 5, a character is outside the Z85 alphabet, or a group exceeds 2^32 - 1.
Result<std::string> Z85Decode(std::string_view text);

// Z85Decode that also reads the padded tail of the Rust z85 crate (3.0 and later, used by
// delta-kernel-rs for inline DVs whose size is not a multiple of 4): the last group may start
// with 1 to 3 '#' characters, one per byte missing from it, and the rest of that group is the
// remaining bytes as a big-endian number. No RFC 32 group can start with '#' (84 * 85^4 > 2^32),
// so every text Z85Decode accepts decodes the same here.
Result<std::string> Z85DecodeAllowingPaddedTail(std::string_view text);

}  // namespace lakeml::delta
