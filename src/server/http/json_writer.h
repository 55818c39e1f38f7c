// JsonWriter: writes JSON text straight into a caller's buffer (a response body), with no DOM
// and no intermediate strings; commas are inserted automatically.
//
//   JsonWriter w(response.mutable_body());
//   w.BeginObject(); w.Key("run_id"); w.String(id); w.EndObject();
//
// Doubles print in the shortest form that round-trips; NaN and infinities print as Python's
// json module does (NaN, Infinity, -Infinity), which MLflow's clients read.
// Does not own the buffer. Thread-compatible. Nesting is the caller's job (LAKEML_CHECKed only in
// that a Key must be inside an object).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lakeml::server {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);
  void Double(double value);
  void Bool(bool value);
  void Null();

  // Appends `value` as a quoted JSON string (escaping quotes, backslashes, control characters).
  static void AppendQuoted(std::string_view value, std::string* out);

 private:
  void BeforeValue();

  std::string* out_;
  std::vector<bool> first_in_level_;  // Per open object/array: no element written yet.
  bool after_key_ = false;
};

}  // namespace lakeml::server
