// JSON string text: appending a byte string as a quoted, escaped JSON string.
//
// Input is treated as UTF-8; invalid sequences (stray continuation bytes, overlong forms,
// surrogates, code points past U+10FFFF, truncated sequences) are replaced by U+FFFD, one per
// maximal invalid subpart (the Unicode / WHATWG practice), so the output is always valid
// JSON. '"', '\\' and control characters below 0x20 are escaped (\b \f \n \r \t, else
// \u00XX); everything else is copied unchanged.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace lakeml::json {

// Appends `"<escaped s>"` to *out.
void AppendJsonString(std::string_view s, std::string* out);

// Appends the escaped contents of s without the surrounding quotes.
void AppendJsonStringContent(std::string_view s, std::string* out);

// Length of the valid UTF-8 sequence starting at p[0] (1..4), or 0 if the bytes there do not
// start a valid sequence. *invalid_len receives the length of the maximal invalid subpart
// (>= 1) when 0 is returned. REQUIRES: n >= 1.
int Utf8SequenceLength(const unsigned char* p, size_t n, int* invalid_len);

}  // namespace lakeml::json
