#include "delta/schema_enforcer.h"

#include <algorithm>
#include <cctype>

#include "base/str_cat.h"
#include "delta/schema/schema_json.h"
#include "delta/schema/type_widening.h"

namespace lakeml::delta {
namespace {

bool SameName(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

int FindField(const columnar::Schema& schema, const std::string& name) {
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    if (SameName(schema.field(i).name, name)) return static_cast<int>(i);
  }
  return -1;
}

// Equal types, ignoring field metadata, nullability of nested fields and name case.
bool SameType(const columnar::DataType& a, const columnar::DataType& b) {
  if (a.id() != b.id() || a.children().size() != b.children().size()) return false;
  if (!a.is_nested()) return a.Equals(b);
  for (size_t i = 0; i < a.children().size(); ++i) {
    if (a.id() == columnar::TypeId::kStruct &&
        !SameName(a.children()[i].name, b.children()[i].name)) {
      return false;
    }
    if (!SameType(*a.children()[i].type, *b.children()[i].type)) return false;
  }
  return true;
}

// Appends {"fromType":..,"toType":..} to the field's delta.typeChanges.
void RecordTypeChange(columnar::Field* field, const columnar::DataType& from,
                      const columnar::DataType& to) {
  const std::string change = StrCat("{\"fromType\":", SerializeDeltaType(from),
                                    ",\"toType\":", SerializeDeltaType(to), "}");
  for (auto& [k, v] : field->metadata) {
    if (k == "delta.typeChanges" && v.size() >= 2 && v.back() == ']') {
      v = v.size() == 2 ? StrCat("[", change, "]") : StrCat(v.substr(0, v.size() - 1), ",", change, "]");
      return;
    }
  }
  field->metadata.emplace_back("delta.typeChanges", StrCat("[", change, "]"));
}

}  // namespace

Result<SchemaEnforcer> SchemaEnforcer::Make(const columnar::Schema& table,
                                            const columnar::Schema& input,
                                            const SchemaEnforcerOptions& options) {
  SchemaEnforcer e;
  e.max_column_id_ = options.max_column_id;
  std::vector<columnar::Field> fields = table.fields();
  std::vector<bool> used(input.num_fields(), false);
  for (size_t i = 0; i < fields.size(); ++i) {
    columnar::Field& f = fields[i];
    const int src = FindField(input, f.name);
    e.source_.push_back(src);
    e.needs_widening_.push_back(false);
    if (src < 0) {
      if (!f.nullable) {
        return Status::InvalidArgument("Schema mismatch: column ", f.name,
                                       " is NOT NULL but missing from the input");
      }
      continue;
    }
    used[src] = true;
    const columnar::DataType& in = *input.field(src).type;
    if (SameType(in, *f.type)) continue;
    if (IsSupportedWidening(in, *f.type)) {
      e.needs_widening_.back() = true;  // Safe up-cast of the input.
      continue;
    }
    if (options.merge_schema && options.allow_type_widening && IsSupportedWidening(*f.type, in)) {
      RecordTypeChange(&f, *f.type, in);
      f.type = input.field(src).type;
      e.schema_changed_ = true;
      continue;
    }
    return Status::InvalidArgument(
        "Schema mismatch: column ", f.name, " has type ", in.ToString(), " in the input but ",
        f.type->ToString(), " in the table",
        IsSupportedWidening(*f.type, in)
            ? " (enable delta.enableTypeWidening and merge the schema to widen it)"
            : "");
  }
  for (size_t j = 0; j < input.num_fields(); ++j) {
    if (used[j]) continue;
    if (!options.merge_schema) {
      return Status::InvalidArgument("Schema mismatch: column ", input.field(j).name,
                                     " is not in the table (merge the schema to add it)");
    }
    columnar::Field added = input.field(j);
    added.nullable = true;
    added.metadata.clear();
    added.field_id = -1;
    fields.push_back(std::move(added));
    e.source_.push_back(static_cast<int>(j));
    e.needs_widening_.push_back(false);
    e.schema_changed_ = true;
  }
  columnar::Schema evolved(std::move(fields), table.metadata());
  if (e.schema_changed_ && options.mode != ColumnMappingMode::kNone) {
    LAKEML_ASSIGN_OR_RETURN(e.table_schema_, AssignColumnMapping(evolved, &e.max_column_id_));
  } else {
    e.table_schema_ = std::make_shared<columnar::Schema>(std::move(evolved));
  }
  return e;
}

Result<columnar::BatchPtr> SchemaEnforcer::Conform(const columnar::Batch& input) const {
  std::vector<columnar::VectorPtr> columns;
  columns.reserve(source_.size());
  for (size_t i = 0; i < source_.size(); ++i) {
    const columnar::Field& f = table_schema_->field(i);
    if (source_[i] < 0) {
      columns.push_back(columnar::Vector::MakeNull(f.type, input.num_rows()));
      continue;
    }
    columnar::VectorPtr v = input.column(source_[i]);
    if (needs_widening_[i] || !v->type()->Equals(*f.type)) {
      if (!SameType(*v->type(), *f.type)) {
        LAKEML_ASSIGN_OR_RETURN(v, WidenVector(v, f.type));
      }
    }
    if (!f.nullable && v->null_count() > 0) {
      return Status::InvalidArgument("NOT NULL constraint violated: column ", f.name, " has ",
                                     v->null_count(), " null values in the input");
    }
    columns.push_back(std::move(v));
  }
  return std::make_shared<columnar::Batch>(table_schema_, std::move(columns), input.num_rows());
}

}  // namespace lakeml::delta
