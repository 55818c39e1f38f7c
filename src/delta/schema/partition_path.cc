#include "delta/schema/partition_path.h"

#include <array>
#include <cstdint>

#include "base/status.h"
#include "format/json/json_string.h"

namespace lakeml::delta {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

// Hive's FileUtils.charToEscape (as copied into Spark's ExternalCatalogUtils), non-Windows.
constexpr std::array<bool, 128> MakeHiveEscapeSet() {
  std::array<bool, 128> set{};
  for (int c = 0x01; c <= 0x1F; ++c) set[c] = true;
  for (char c : {'"', '#', '%', '\'', '*', '/', ':', '=', '?', '\\', '\x7F', '{', '[', ']', '^'}) {
    set[static_cast<unsigned char>(c)] = true;
  }
  return set;
}
constexpr std::array<bool, 128> kHiveEscape = MakeHiveEscapeSet();

// java.net.URI: characters legal unquoted in a path (unreserved, punct, '/', '@').
constexpr std::array<bool, 128> MakeUriPathSet() {
  std::array<bool, 128> set{};
  for (int c = '0'; c <= '9'; ++c) set[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) set[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) set[c] = true;
  for (char c : {'_', '-', '!', '.', '~', '\'', '(', ')', '*', ',', ';', ':', '$', '&', '+', '=',
                 '/', '@'}) {
    set[static_cast<unsigned char>(c)] = true;
  }
  return set;
}
constexpr std::array<bool, 128> kUriPathAllowed = MakeUriPathSet();

void AppendEscaped(unsigned char c, std::string* out) {
  out->push_back('%');
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 0xF]);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Java's Character.isISOControl || Character.isSpaceChar for a non-ASCII code point: the
// characters java.net.URI quotes although they are not ASCII.
bool JavaQuotesNonAscii(uint32_t cp) {
  if (cp >= 0x80 && cp <= 0x9F) return true;
  switch (cp) {
    case 0x00A0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

uint32_t DecodeUtf8(const unsigned char* p, int len) {
  if (len == 1) return p[0];
  uint32_t cp = p[0] & (0xFF >> (len + 1));
  for (int i = 1; i < len; ++i) cp = (cp << 6) | (p[i] & 0x3F);
  return cp;
}

}  // namespace

std::string EscapePartitionPathName(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 128 && kHiveEscape[c]) {
      AppendEscaped(c, &out);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::string UnescapePartitionPathName(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string PartitionPathSegment(std::string_view column, const std::optional<std::string>& value) {
  std::string out = EscapePartitionPathName(column);
  out.push_back('=');
  if (!value.has_value() || value->empty()) {
    out.append(kHiveDefaultPartition);
  } else {
    out.append(EscapePartitionPathName(*value));
  }
  return out;
}

std::string UriEncodePath(std::string_view path) {
  std::string out;
  out.reserve(path.size() + path.size() / 4);
  const auto* p = reinterpret_cast<const unsigned char*>(path.data());
  const size_t n = path.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 128) {
      if (kUriPathAllowed[c]) {
        out.push_back(static_cast<char>(c));
      } else {
        AppendEscaped(c, &out);
      }
      ++i;
      continue;
    }
    int invalid = 0;
    const int len = json::Utf8SequenceLength(p + i, n - i, &invalid);
    if (len == 0) {  // Not UTF-8: quote the bytes.
      for (int k = 0; k < invalid; ++k) AppendEscaped(p[i + k], &out);
      i += invalid;
      continue;
    }
    if (JavaQuotesNonAscii(DecodeUtf8(p + i, len))) {
      for (int k = 0; k < len; ++k) AppendEscaped(p[i + k], &out);
    } else {
      out.append(reinterpret_cast<const char*>(p + i), len);
    }
    i += len;
  }
  return out;
}

Result<std::string> UriDecodePath(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%') {
      out.push_back(path[i]);
      continue;
    }
    const int hi = i + 2 < path.size() ? HexValue(path[i + 1]) : -1;
    const int lo = i + 2 < path.size() ? HexValue(path[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument("Invalid percent-encoding at offset ", i, " in path '", path,
                                     "'");
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

}  // namespace lakeml::delta
