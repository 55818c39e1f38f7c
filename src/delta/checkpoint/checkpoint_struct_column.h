// CheckpointStructColumn: typed, checked access to the fields of one struct column of a
// checkpoint file (an action column such as `add`, or a struct inside one such as
// `add.deletionVector`), tolerant of what real checkpoints vary in: fields may be missing (old
// writers), extra (newer writers) or in any order; integers may be stored in any integer width.
//
// Make() resolves the wanted fields by name once per file and checks their types; Bind() points
// the column at one batch's vector. Accessors return nullopt for a missing or null field, or,
// for required fields, an error that names the field, the row and the file:
//   "Invalid checkpoint: add.path is null at row 17 in _delta_log/0...10.checkpoint.parquet"
//
// Borrows the bound vector and the file name; one owner; not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "columnar/vector.h"
#include "delta/actions.h"

namespace lakeml::delta {

class CheckpointStructColumn {
 public:
  enum class Kind : uint8_t { kString, kInt, kBool, kStringMap, kStringList, kStruct };
  struct FieldSpec {
    const char* name;
    Kind kind;
  };

  // `type`: the struct's type in the file; `name`: its dotted name for messages ("add",
  // "add.deletionVector"); `file`: the file path for messages (must outlive the column).
  // Corruption if `type` is not a struct or a wanted field has a type of the wrong kind.
  static Result<CheckpointStructColumn> Make(const columnar::TypePtr& type, std::string name,
                                             const std::string* file,
                                             std::span<const FieldSpec> fields);

  // Points at a batch's vector of this column; `row_base` is the file row of its row 0.
  void Bind(const columnar::Vector* v, int64_t row_base);
  bool IsValid(int64_t row) const { return vector_->IsValid(row); }

  bool has(int f) const { return index_[f] >= 0; }
  // The bound field vector, or nullptr when the file lacks the field.
  const columnar::Vector* field(int f) const { return fields_[f]; }
  // The field's type in the file. REQUIRES: has(f).
  const columnar::TypePtr& field_type(int f) const;
  const std::string& name() const { return name_; }
  const std::string& file() const { return *file_; }

  std::optional<std::string_view> GetString(int f, int64_t row) const;
  std::optional<int64_t> GetInt(int f, int64_t row) const;
  std::optional<bool> GetBool(int f, int64_t row) const;

  Status RequiredString(int f, int64_t row, std::string* out) const;
  Status RequiredInt(int f, int64_t row, int64_t* out) const;
  Status RequiredInt32(int f, int64_t row, int32_t* out) const;
  Status RequiredBool(int f, int64_t row, bool* out) const;
  // An int field that must fit in int32 when present.
  Status OptionalInt32(int f, int64_t row, std::optional<int32_t>* out) const;

  // A map<string,string> whose values must not be null; nullopt for a null map.
  Status GetStringMap(int f, int64_t row, std::optional<StringMap>* out) const;
  // A map<string,string> whose null values are null partition values.
  Status GetPartitionMap(int f, int64_t row, std::optional<PartitionValues>* out) const;
  // An array<string> without null elements; nullopt for a null array.
  Status GetStringList(int f, int64_t row, std::optional<std::vector<std::string>>* out) const;

  // "Invalid checkpoint: <name>.<field> <problem> at row <n> in <file>"
  Status FieldError(int f, std::string_view problem, int64_t row) const;

 private:
  std::string name_;
  const std::string* file_ = nullptr;
  std::vector<FieldSpec> specs_;
  std::vector<int> index_;  // Per wanted field: its child index in the file's struct, or -1.
  columnar::TypePtr type_;
  const columnar::Vector* vector_ = nullptr;
  std::vector<const columnar::Vector*> fields_;
  int64_t row_base_ = 0;
};

}  // namespace lakeml::delta
