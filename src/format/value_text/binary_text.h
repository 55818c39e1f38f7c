// Text of binary values: base64 (RFC 4648, standard alphabet, '=' padding) for bytes, and
// the canonical 8-4-4-4-12 lowercase hex form for UUIDs. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace lakeml::format {

void AppendBase64(std::string_view bytes, std::string* out);

// REQUIRES: bytes.size() == 16.
void AppendUuid(std::string_view bytes, std::string* out);

}  // namespace lakeml::format
