#include "ml/tracking/page_token.h"

#include <nlohmann/json.hpp>

#include "ml/tracking/mlflow_error.h"

namespace lakeml::ml {
namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Bounds the work a hostile token can cause.
constexpr size_t kMaxTokenLength = 4096;

std::string Base64Encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t n = (static_cast<uint8_t>(in[i]) << 16) |
                       (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += kBase64Alphabet[(n >> 6) & 63];
    out += kBase64Alphabet[n & 63];
  }
  if (i < in.size()) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<uint8_t>(in[i + 1]) << 8;
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? kBase64Alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Strict decoding (padding required), like Python's base64.b64decode with validate=False for
// well-formed input; anything else is refused.
bool Base64Decode(std::string_view in, std::string* out) {
  if (in.size() % 4 != 0) return false;
  uint32_t buffer = 0;
  int bits = 0;
  size_t padding = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '=') {
      if (i + 2 < in.size()) return false;
      ++padding;
      continue;
    }
    if (padding > 0) return false;
    const size_t v = kBase64Alphabet.find(c);
    if (v == std::string_view::npos) return false;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return true;
}

}  // namespace

std::string PageToken::Encode(int64_t offset) {
  return Base64Encode(StrCat("{\"offset\": ", offset, "}"));
}

Result<int64_t> PageToken::Decode(std::string_view token) {
  if (token.empty()) return int64_t{0};
  std::string decoded;
  if (token.size() > kMaxTokenLength || !Base64Decode(token, &decoded)) {
    return MlflowError::InvalidParameterValue("Invalid page token, could not base64-decode");
  }
  nlohmann::json parsed = nlohmann::json::parse(decoded, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return MlflowError::InvalidParameterValue("Invalid page token, decoded value=", decoded);
  }
  if (!parsed.is_object() || !parsed.contains("offset")) {
    return MlflowError::InvalidParameterValue("Invalid page token, parsed value=", decoded);
  }
  const nlohmann::json& offset = parsed["offset"];
  if (offset.is_number_integer() && offset.get<int64_t>() >= 0) return offset.get<int64_t>();
  if (offset.is_string()) {
    const std::string& text = offset.get_ref<const std::string&>();
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size() && value >= 0) return value;
  }
  return MlflowError::InvalidParameterValue("Invalid page token, offset value=", offset.dump());
}

}  // namespace lakeml::ml
