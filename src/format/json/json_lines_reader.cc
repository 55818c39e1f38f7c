#include "format/json/json_lines_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "base/str_cat.h"
#include "columnar/buffer.h"
#include "columnar/vector.h"

namespace lakeml::json {
namespace {

using columnar::TypeId;
using simdjson::dom::element_type;

// The inferred kind of one field, in Spark's widening order.
enum class JsonFieldKind : uint8_t { kNull, kBoolean, kBigInt, kDouble, kString };

JsonFieldKind JsonKindOf(element_type t) {
  switch (t) {
    case element_type::NULL_VALUE:
      return JsonFieldKind::kNull;
    case element_type::BOOL:
      return JsonFieldKind::kBoolean;
    case element_type::INT64:
      return JsonFieldKind::kBigInt;
    case element_type::UINT64:
    case element_type::DOUBLE:
      return JsonFieldKind::kDouble;
    default:
      return JsonFieldKind::kString;
  }
}

JsonFieldKind MergeJsonKinds(JsonFieldKind a, JsonFieldKind b) {
  if (a == b || b == JsonFieldKind::kNull) return a;
  if (a == JsonFieldKind::kNull) return b;
  const bool numeric_a = a == JsonFieldKind::kBigInt || a == JsonFieldKind::kDouble;
  const bool numeric_b = b == JsonFieldKind::kBigInt || b == JsonFieldKind::kDouble;
  if (numeric_a && numeric_b) return JsonFieldKind::kDouble;
  return JsonFieldKind::kString;
}

columnar::TypePtr JsonTypeOf(JsonFieldKind k) {
  switch (k) {
    case JsonFieldKind::kBoolean:
      return columnar::DataType::Primitive(TypeId::kBoolean);
    case JsonFieldKind::kBigInt:
      return columnar::DataType::Primitive(TypeId::kInt64);
    case JsonFieldKind::kDouble:
      return columnar::DataType::Primitive(TypeId::kFloat64);
    default:
      return columnar::DataType::String();
  }
}

// Values of one column of the batch being built.
struct JsonColumnValues {
  TypeId type;
  std::vector<uint8_t> valid;
  std::vector<int64_t> ints;
  std::vector<double> doubles;
  std::vector<int64_t> offsets{0};
  std::string bytes;

  void Append(const simdjson::dom::element* v) {
    bool ok = v != nullptr && !v->is_null();
    switch (type) {
      case TypeId::kBoolean:
      case TypeId::kInt64: {
        int64_t i = 0;
        bool b = false;
        if (ok && type == TypeId::kBoolean) ok = v->get_bool().get(b) == simdjson::SUCCESS;
        if (ok && type == TypeId::kInt64) ok = v->get_int64().get(i) == simdjson::SUCCESS;
        ints.push_back(type == TypeId::kBoolean ? b : i);
        break;
      }
      case TypeId::kFloat64: {
        double d = 0;
        if (ok) ok = v->is_number() && v->get_double().get(d) == simdjson::SUCCESS;
        doubles.push_back(d);
        break;
      }
      default: {
        if (ok) {
          std::string_view s;
          if (v->get_string().get(s) == simdjson::SUCCESS) {
            bytes.append(s);
          } else {
            bytes += simdjson::minify(*v);
          }
        }
        offsets.push_back(static_cast<int64_t>(bytes.size()));
        break;
      }
    }
    valid.push_back(ok ? 1 : 0);
  }

  columnar::VectorPtr Finish(const columnar::TypePtr& t) const {
    const int64_t n = static_cast<int64_t>(valid.size());
    columnar::VectorPtr out = columnar::Vector::Make(t, n);
    if (type == TypeId::kBoolean) {
      uint8_t* bits = out->mutable_values()->mutable_data();
      for (int64_t i = 0; i < n; ++i) {
        if (ints[i] != 0) bit_util::SetBit(bits, i);
      }
    } else if (type == TypeId::kInt64) {
      std::memcpy(out->mutable_values()->mutable_data(), ints.data(), n * sizeof(int64_t));
    } else if (type == TypeId::kFloat64) {
      std::memcpy(out->mutable_values()->mutable_data(), doubles.data(), n * sizeof(double));
    } else {
      std::memcpy(out->mutable_values()->mutable_data(), offsets.data(), (n + 1) * 8);
      out->set_data(columnar::Buffer::CopyOf(bytes.data(), static_cast<int64_t>(bytes.size())));
    }
    if (std::find(valid.begin(), valid.end(), 0) != valid.end()) {
      uint8_t* bits = out->EnsureValidity()->mutable_data();
      for (int64_t i = 0; i < n; ++i) {
        if (valid[i] == 0) bit_util::ClearBit(bits, i);
      }
      out->FinishValidity();
    }
    return out;
  }
};

}  // namespace

// The records of the file, one at a time, from the start or after Rewind().
class JsonLinesReader::Records {
 public:
  Records(std::string path, std::string text, bool multi_line)
      : path_(std::move(path)), text_(std::move(text)), multi_line_(multi_line) {}

  // The next record into *out (valid until the next call), or false at the end.
  Result<bool> Next(simdjson::dom::object* out) {
    if (multi_line_) return NextOfDocument(out);
    while (pos_ < text_.size()) {
      size_t end = text_.find('\n', pos_);
      if (end == std::string::npos) end = text_.size();
      std::string_view line(text_.data() + pos_, end - pos_);
      pos_ = end + 1;
      ++line_;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      simdjson::dom::element e;
      simdjson::error_code err = parser_.parse(line.data(), line.size(), true).get(e);
      if (err != simdjson::SUCCESS) return ParseError(simdjson::error_message(err));
      if (e.get_object().get(*out) != simdjson::SUCCESS) {
        return ParseError("the line is not a JSON object");
      }
      return true;
    }
    return false;
  }

  void Rewind() {
    pos_ = 0;
    line_ = 0;
    index_ = 0;
  }

 private:
  Result<bool> NextOfDocument(simdjson::dom::object* out) {
    if (!parsed_) {
      padded_ = simdjson::padded_string(text_);
      simdjson::error_code err = parser_.parse(padded_).get(root_);
      line_ = 1;
      if (err != simdjson::SUCCESS) return ParseError(simdjson::error_message(err));
      parsed_ = true;
    }
    simdjson::dom::array array;
    if (root_.get_array().get(array) != simdjson::SUCCESS) {
      if (index_++ > 0) return false;
      if (root_.get_object().get(*out) != simdjson::SUCCESS) {
        return ParseError("the file holds neither a JSON object nor an array of objects");
      }
      return true;
    }
    if (index_ >= array.size()) return false;
    simdjson::dom::element e;
    if (array.at(index_).get(e) != simdjson::SUCCESS ||
        e.get_object().get(*out) != simdjson::SUCCESS) {
      return ParseError(StrCat("array element ", index_, " is not a JSON object"));
    }
    ++index_;
    return true;
  }

  Status ParseError(std::string_view what) const {
    return Status::InvalidArgument("JSON parse error in ", path_, " line ", line_, ": ", what);
  }

  std::string path_;
  std::string text_;
  bool multi_line_;
  simdjson::dom::parser parser_;
  size_t pos_ = 0;
  int64_t line_ = 0;
  // multi_line: the parsed document.
  bool parsed_ = false;
  simdjson::padded_string padded_;
  simdjson::dom::element root_;
  size_t index_ = 0;
};

JsonLinesReader::JsonLinesReader(std::string path, JsonReadOptions options)
    : path_(std::move(path)), options_(options) {}

JsonLinesReader::~JsonLinesReader() = default;

Result<std::unique_ptr<JsonLinesReader>> JsonLinesReader::Open(io::FileSystem* fs,
                                                               const std::string& path,
                                                               JsonReadOptions options) {
  LAKEML_ASSIGN_OR_RETURN(std::string text, fs->ReadFile(path));
  std::unique_ptr<JsonLinesReader> reader(new JsonLinesReader(path, options));
  reader->records_ = std::make_unique<Records>(path, std::move(text), options.multi_line);
  LAKEML_RETURN_IF_ERROR(reader->InferSchema());
  return reader;
}

Status JsonLinesReader::InferSchema() {
  std::map<std::string, JsonFieldKind> kinds;  // Sorted by name, as Spark orders them.
  simdjson::dom::object record;
  for (int64_t n = 0; options_.infer_rows < 0 || n < options_.infer_rows; ++n) {
    LAKEML_ASSIGN_OR_RETURN(bool more, records_->Next(&record));
    if (!more) break;
    for (const auto field : record) {
      auto [it, added] = kinds.emplace(std::string(field.key), JsonFieldKind::kNull);
      it->second = MergeJsonKinds(it->second, JsonKindOf(field.value.type()));
    }
  }
  std::vector<columnar::Field> fields;
  for (const auto& kv : kinds) fields.push_back(columnar::Field{kv.first, JsonTypeOf(kv.second)});
  schema_ = std::make_shared<columnar::Schema>(std::move(fields));
  records_->Rewind();
  return Status::OK();
}

Result<columnar::BatchPtr> JsonLinesReader::Next() {
  const size_t num_fields = schema_->num_fields();
  std::vector<JsonColumnValues> columns(num_fields);
  for (size_t c = 0; c < num_fields; ++c) columns[c].type = schema_->field(c).type->id();
  std::vector<const simdjson::dom::element*> values(num_fields);
  std::vector<simdjson::dom::element> storage(num_fields);
  int64_t rows = 0;
  simdjson::dom::object record;
  while (rows < options_.batch_rows) {
    LAKEML_ASSIGN_OR_RETURN(bool more, records_->Next(&record));
    if (!more) break;
    std::fill(values.begin(), values.end(), nullptr);
    for (const auto field : record) {
      const int c = schema_->FieldIndex(field.key);
      if (c < 0 || schema_->field(c).name != field.key) continue;
      storage[c] = field.value;
      values[c] = &storage[c];
    }
    for (size_t c = 0; c < num_fields; ++c) columns[c].Append(values[c]);
    ++rows;
  }
  if (rows == 0) return columnar::BatchPtr();
  std::vector<columnar::VectorPtr> vectors;
  for (size_t c = 0; c < num_fields; ++c) {
    vectors.push_back(columns[c].Finish(schema_->field(c).type));
  }
  return std::make_shared<columnar::Batch>(schema_, std::move(vectors), rows);
}

}  // namespace lakeml::json
