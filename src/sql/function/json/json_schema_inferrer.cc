#include "sql/function/json/json_schema_inferrer.h"

#include <map>
#include <memory>

namespace lakeml::sql {
namespace {

struct InferredType {
  enum Kind { kNull, kBoolean, kBigInt, kDouble, kString, kArray, kStruct } kind = kNull;
  std::unique_ptr<InferredType> element;                        // kArray
  std::map<std::string, std::unique_ptr<InferredType>> fields;  // kStruct, sorted by name
};
using InferredPtr = std::unique_ptr<InferredType>;

InferredPtr MergeInferred(InferredPtr a, InferredPtr b) {
  if (a->kind == InferredType::kNull) return b;
  if (b->kind == InferredType::kNull) return a;
  if (a->kind == b->kind) {
    if (a->kind == InferredType::kArray) {
      a->element = MergeInferred(std::move(a->element), std::move(b->element));
    } else if (a->kind == InferredType::kStruct) {
      for (auto& [name, t] : b->fields) {
        auto it = a->fields.find(name);
        if (it == a->fields.end()) {
          a->fields.emplace(name, std::move(t));
        } else {
          it->second = MergeInferred(std::move(it->second), std::move(t));
        }
      }
    }
    return a;
  }
  const bool numbers = (a->kind == InferredType::kBigInt || a->kind == InferredType::kDouble) &&
                       (b->kind == InferredType::kBigInt || b->kind == InferredType::kDouble);
  auto out = std::make_unique<InferredType>();
  out->kind = numbers ? InferredType::kDouble : InferredType::kString;
  return out;
}

InferredPtr InferElement(simdjson::dom::element e) {
  auto t = std::make_unique<InferredType>();
  switch (e.type()) {
    case simdjson::dom::element_type::ARRAY: {
      t->kind = InferredType::kArray;
      t->element = std::make_unique<InferredType>();
      for (simdjson::dom::element child : simdjson::dom::array(e)) {
        t->element = MergeInferred(std::move(t->element), InferElement(child));
      }
      break;
    }
    case simdjson::dom::element_type::OBJECT:
      t->kind = InferredType::kStruct;
      for (simdjson::dom::key_value_pair kv : simdjson::dom::object(e)) {
        std::string name(kv.key);
        InferredPtr v = InferElement(kv.value);
        auto it = t->fields.find(name);
        if (it == t->fields.end()) {
          t->fields.emplace(std::move(name), std::move(v));
        } else {
          it->second = MergeInferred(std::move(it->second), std::move(v));
        }
      }
      break;
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
      t->kind = InferredType::kBigInt;
      break;
    case simdjson::dom::element_type::DOUBLE:
      t->kind = InferredType::kDouble;
      break;
    case simdjson::dom::element_type::STRING:
      t->kind = InferredType::kString;
      break;
    case simdjson::dom::element_type::BOOL:
      t->kind = InferredType::kBoolean;
      break;
    case simdjson::dom::element_type::NULL_VALUE:
      break;
  }
  return t;
}

void AppendInferred(const InferredType& t, std::string* out) {
  switch (t.kind) {
    case InferredType::kNull:
    case InferredType::kString:
      out->append("STRING");
      return;
    case InferredType::kBoolean:
      out->append("BOOLEAN");
      return;
    case InferredType::kBigInt:
      out->append("BIGINT");
      return;
    case InferredType::kDouble:
      out->append("DOUBLE");
      return;
    case InferredType::kArray:
      out->append("ARRAY<");
      AppendInferred(*t.element, out);
      out->push_back('>');
      return;
    case InferredType::kStruct: {
      out->append("STRUCT<");
      bool first = true;
      for (const auto& [name, f] : t.fields) {
        if (!first) out->append(", ");
        first = false;
        out->append(name);
        out->append(": ");
        AppendInferred(*f, out);
      }
      out->push_back('>');
      return;
    }
  }
}

}  // namespace

std::string JsonSchemaInferrer::Infer(simdjson::dom::element e) {
  std::string out;
  AppendInferred(*InferElement(e), &out);
  return out;
}

}  // namespace lakeml::sql
