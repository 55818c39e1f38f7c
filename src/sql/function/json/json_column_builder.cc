#include "sql/function/json/json_column_builder.h"

#include "columnar/buffer.h"
#include "sql/common/sql_type.h"
#include "sql/function/cast/cast_executor.h"
#include "sql/function/json/json_text_writer.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {

using columnar::TypeId;
using simdjson::dom::element_type;

JsonColumnBuilder::JsonColumnBuilder(columnar::TypePtr type) : type_(std::move(type)) {
  switch (type_->id()) {
    case TypeId::kList:
    case TypeId::kMap:
    case TypeId::kStruct:
      for (const auto& f : type_->children()) {
        children_.push_back(std::make_unique<JsonColumnBuilder>(f.type));
      }
      break;
    default:
      break;
  }
}

void JsonColumnBuilder::AppendNull() {
  ++length_;
  valid_.push_back(false);
  switch (type_->id()) {
    case TypeId::kList:
    case TypeId::kMap:
      offsets_.push_back(offsets_.back());
      break;
    case TypeId::kStruct:
      for (auto& c : children_) c->AppendNull();
      break;
    default:
      text_.emplace_back();
      break;
  }
}

void JsonColumnBuilder::Append(simdjson::dom::element e) {
  const element_type t = e.type();
  if (t == element_type::NULL_VALUE) return AppendNull();
  switch (type_->id()) {
    case TypeId::kStruct: {
      simdjson::dom::object obj;
      if (e.get(obj) != simdjson::SUCCESS) return AppendNull();
      const auto& fields = type_->children();
      for (size_t f = 0; f < fields.size(); ++f) {
        simdjson::dom::element child;
        if (obj.at_key(fields[f].name).get(child) == simdjson::SUCCESS) {
          children_[f]->Append(child);
        } else {
          children_[f]->AppendNull();
        }
      }
      break;
    }
    case TypeId::kList: {
      simdjson::dom::array arr;
      if (e.get(arr) != simdjson::SUCCESS) return AppendNull();
      int64_t count = 0;
      for (simdjson::dom::element child : arr) {
        children_[0]->Append(child);
        ++count;
      }
      offsets_.push_back(offsets_.back() + count);
      break;
    }
    case TypeId::kMap: {
      simdjson::dom::object obj;
      if (e.get(obj) != simdjson::SUCCESS) return AppendNull();
      int64_t count = 0;
      for (simdjson::dom::key_value_pair kv : obj) {
        children_[0]->text_.emplace_back(kv.key);
        children_[0]->valid_.push_back(true);
        ++children_[0]->length_;
        children_[1]->Append(kv.value);
        ++count;
      }
      offsets_.push_back(offsets_.back() + count);
      break;
    }
    case TypeId::kString: {
      std::string text;
      std::string_view s;
      if (e.get(s) == simdjson::SUCCESS) {
        text.assign(s);
      } else {
        JsonTextWriter::AppendElement(e, &text);
      }
      text_.push_back(std::move(text));
      break;
    }
    default: {
      const bool is_string = t == element_type::STRING;
      const bool wants_string = SqlType::IsTemporal(type_) || type_->id() == TypeId::kBinary;
      if (is_string != wants_string || t == element_type::ARRAY || t == element_type::OBJECT) {
        return AppendNull();
      }
      std::string text;
      if (is_string) {
        text.assign(std::string_view(e));
      } else {
        JsonTextWriter::AppendElement(e, &text);
      }
      text_.push_back(std::move(text));
      break;
    }
  }
  ++length_;
  valid_.push_back(true);
}

Result<columnar::VectorPtr> JsonColumnBuilder::Finish() {
  columnar::VectorPtr out;
  switch (type_->id()) {
    case TypeId::kList:
    case TypeId::kMap:
    case TypeId::kStruct: {
      out = std::make_shared<columnar::Vector>(type_, length_);
      if (type_->id() != TypeId::kStruct) {
        out->set_values(
            columnar::Buffer::CopyOf(offsets_.data(), static_cast<int64_t>(offsets_.size() * 8)));
      }
      for (auto& c : children_) {
        LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v, c->Finish());
        out->mutable_children().push_back(std::move(v));
      }
      break;
    }
    default: {
      StringVectorBuilder b(SqlType::String(), length_);
      for (int64_t i = 0; i < length_; ++i) {
        if (valid_[i]) {
          b.Append(text_[i]);
        } else {
          b.AppendNull();
        }
      }
      columnar::VectorPtr strings = b.Finish();
      if (type_->id() == TypeId::kString) return strings;
      LAKEML_RETURN_IF_ERROR(CastExecutor::Cast(*strings, type_, /*try_mode=*/true, length_, &out));
      return out;
    }
  }
  for (int64_t i = 0; i < length_; ++i) {
    if (!valid_[i]) KernelOutput::SetNull(out.get(), i);
  }
  out->FinishValidity();
  return out;
}

}  // namespace lakeml::sql
