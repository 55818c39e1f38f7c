#include "server/http/json_writer.h"

#include <fmt/format.h>

#include <cmath>

namespace lakeml::server {

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_in_level_.empty()) {
    if (!first_in_level_.back()) out_->push_back(',');
    first_in_level_.back() = false;
  }
}

void JsonWriter::BeginObject() {
  BeforeValue();
  out_->push_back('{');
  first_in_level_.push_back(true);
}

void JsonWriter::EndObject() {
  out_->push_back('}');
  first_in_level_.pop_back();
}

void JsonWriter::BeginArray() {
  BeforeValue();
  out_->push_back('[');
  first_in_level_.push_back(true);
}

void JsonWriter::EndArray() {
  out_->push_back(']');
  first_in_level_.pop_back();
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendQuoted(key, out_);
  out_->push_back(':');
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendQuoted(value, out_);
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  fmt::format_to(std::back_inserter(*out_), "{}", value);
}

void JsonWriter::Double(double value) {
  BeforeValue();
  if (std::isnan(value)) {
    out_->append("NaN");
  } else if (std::isinf(value)) {
    out_->append(value > 0 ? "Infinity" : "-Infinity");
  } else {
    fmt::format_to(std::back_inserter(*out_), "{}", value);
  }
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_->append(value ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
}

void JsonWriter::AppendQuoted(std::string_view value, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;  // Start of the pending run of characters that need no escape.
  for (size_t i = 0; i < value.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(value.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xf]);
    }
  }
  out->append(value.data() + run, value.size() - run);
  out->push_back('"');
}

}  // namespace lakeml::server
