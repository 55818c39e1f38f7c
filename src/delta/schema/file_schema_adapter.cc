#include "delta/schema/file_schema_adapter.h"

#include <utility>

#include "base/str_cat.h"
#include "delta/schema/type_widening.h"

namespace lakeml::delta {

using columnar::DataType;
using columnar::Field;
using columnar::TimeUnit;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// Index of the field named `name` (exact match first, then ignoring ASCII case), or -1.
int FindByName(const std::vector<Field>& fields, std::string_view name) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int>(i);
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (EqualsIgnoreCase(fields[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

bool HasFieldIds(const std::vector<Field>& fields) {
  for (const Field& f : fields) {
    if (f.field_id >= 0 || HasFieldIds(f.type->children())) return true;
  }
  return false;
}

bool IsInteger(TypeId id) {
  switch (id) {
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64:
      return true;
    default:
      return false;
  }
}

// Integer storage changes that keep every valid value: unsigned to a wider signed type, and
// INT32-stored byte/short (writers that omit the INT(8)/INT(16) annotation; the values fit by
// construction, and Spark reads them the same way).
bool IsIntCast(TypeId from, TypeId to) {
  switch (from) {
    case TypeId::kInt32:
      return to == TypeId::kInt8 || to == TypeId::kInt16;
    case TypeId::kUInt8:
      return to == TypeId::kInt16 || to == TypeId::kInt32 || to == TypeId::kInt64;
    case TypeId::kUInt16:
      return to == TypeId::kInt32 || to == TypeId::kInt64;
    case TypeId::kUInt32:
      return to == TypeId::kInt64;
    default:
      return false;
  }
}

int64_t TicksPerSecond(TimeUnit u) {
  switch (u) {
    case TimeUnit::kSecond:
      return 1;
    case TimeUnit::kMilli:
      return 1000;
    case TimeUnit::kMicro:
      return 1000000;
    case TimeUnit::kNano:
      return 1000000000;
  }
  return 1;
}

VectorPtr Shallow(const VectorPtr& v, TypePtr type) {
  auto out = std::make_shared<Vector>(std::move(type), v->length());
  out->set_validity(v->validity());
  out->set_null_count(v->null_count());
  out->set_values(v->values());
  out->set_data(v->data());
  return out;
}

template <typename Src, typename Dst>
void CastLoop(const Src* in, Dst* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<Dst>(in[i]);
}

template <typename Src>
void IntCastFrom(const Vector& v, TypeId to, columnar::Buffer* out) {
  const Src* in = v.values_as<Src>();
  const int64_t n = v.length();
  switch (to) {
    case TypeId::kInt8:
      CastLoop(in, out->mutable_as<int8_t>(), n);
      break;
    case TypeId::kInt16:
      CastLoop(in, out->mutable_as<int16_t>(), n);
      break;
    case TypeId::kInt32:
      CastLoop(in, out->mutable_as<int32_t>(), n);
      break;
    default:
      CastLoop(in, out->mutable_as<int64_t>(), n);
      break;
  }
}

VectorPtr CastIntegers(const VectorPtr& v, const TypePtr& to) {
  const int64_t n = v->length();
  auto out = Shallow(v, to);
  auto values = columnar::Buffer::Allocate(n * to->fixed_width());
  if (n > 0) {
    switch (v->type()->id()) {
      case TypeId::kInt32:
        IntCastFrom<int32_t>(*v, to->id(), values.get());
        break;
      case TypeId::kUInt8:
        IntCastFrom<uint8_t>(*v, to->id(), values.get());
        break;
      case TypeId::kUInt16:
        IntCastFrom<uint16_t>(*v, to->id(), values.get());
        break;
      default:
        IntCastFrom<uint32_t>(*v, to->id(), values.get());
        break;
    }
  }
  out->set_values(std::move(values));
  return out;
}

VectorPtr ConvertTimestampUnit(const VectorPtr& v, const TypePtr& to) {
  const int64_t n = v->length();
  auto out = Shallow(v, to);
  auto values = columnar::Buffer::Allocate(n * 8);
  const int64_t from_tps = TicksPerSecond(v->type()->unit());
  const int64_t to_tps = TicksPerSecond(to->unit());
  const int64_t* in = n > 0 ? v->values_as<int64_t>() : nullptr;
  int64_t* o = values->mutable_as<int64_t>();
  if (from_tps > to_tps) {
    const int64_t div = from_tps / to_tps;  // Floor division: instants before 1970 too.
    for (int64_t i = 0; i < n; ++i) {
      const int64_t q = in[i] / div;
      o[i] = q - ((in[i] % div) < 0 ? 1 : 0);
    }
  } else {
    const auto mul = static_cast<uint64_t>(to_tps / from_tps);  // Wraps, never UB.
    for (int64_t i = 0; i < n; ++i) {
      o[i] = static_cast<int64_t>(static_cast<uint64_t>(in[i]) * mul);
    }
  }
  out->set_values(std::move(values));
  return out;
}

VectorPtr FixedToBinary(const VectorPtr& v, const TypePtr& to) {
  const int64_t n = v->length();
  const int64_t w = v->type()->byte_width();
  auto out = Shallow(v, to);
  auto offsets = columnar::Buffer::Allocate((n + 1) * 8);
  int64_t* o = offsets->mutable_as<int64_t>();
  for (int64_t i = 0; i <= n; ++i) o[i] = i * w;
  out->set_values(std::move(offsets));
  // The fixed-width values are already laid out back to back: they are the data bytes.
  out->set_data(n > 0 ? v->values() : columnar::Buffer::Allocate(0));
  return out;
}

}  // namespace

// Builds the conversion plan (the Node tree) by walking the logical and file types together.
class FileSchemaAdapter::Planner {
 public:
  Planner(FileSchemaAdapter* out, ColumnMappingMode mode, bool file_has_ids)
      : out_(out), mode_(mode), file_has_ids_(file_has_ids) {}

  // The file field matching logical field `f` among `file_fields`, or -1.
  int Match(const Field& f, const std::vector<Field>& file_fields) const {
    if (mode_ == ColumnMappingMode::kId && file_has_ids_ && f.field_id >= 0) {
      // "For ids that cannot be found in a file, readers must return null values."
      for (size_t i = 0; i < file_fields.size(); ++i) {
        if (file_fields[i].field_id == f.field_id) return static_cast<int>(i);
      }
      return -1;
    }
    return FindByName(file_fields, PhysicalName(f, mode_));
  }

  // A node converting file field `file` (nullptr: missing) to logical field `logical`.
  Result<int> Plan(const Field& logical, const Field* file, int file_child,
                   const std::string& path) {
    const DataType& lt = *logical.type;
    if (file == nullptr || lt.id() == TypeId::kNull) {
      return Add(Op::kNull, logical.type, file == nullptr ? -1 : file_child);
    }
    const DataType& ft = *file->type;
    if (lt.is_variant()) return PlanVariant(logical, *file, file_child, path);
    switch (lt.id()) {
      case TypeId::kStruct: {
        if (ft.id() != TypeId::kStruct) return Incompatible(path, ft, lt);
        const int node = Add(Op::kStruct, logical.type, file_child);
        std::vector<int> children;
        bool all_pass = lt.Equals(ft);
        for (size_t i = 0; i < lt.children().size(); ++i) {
          const Field& c = lt.children()[i];
          const int fi = Match(c, ft.children());
          LAKEML_ASSIGN_OR_RETURN(
              int child, Plan(c, fi >= 0 ? &ft.children()[fi] : nullptr, fi, Join(path, c.name)));
          all_pass = all_pass && fi == static_cast<int>(i) && IsPass(child);
          children.push_back(child);
        }
        return Finish(node, std::move(children), all_pass);
      }
      case TypeId::kList: {
        if (ft.id() != TypeId::kList) return Incompatible(path, ft, lt);
        const int node = Add(Op::kList, logical.type, file_child);
        LAKEML_ASSIGN_OR_RETURN(
            int elem, Plan(lt.list_element(), &ft.list_element(), 0, Join(path, "element")));
        return Finish(node, {elem}, lt.Equals(ft) && IsPass(elem));
      }
      case TypeId::kMap: {
        if (ft.id() != TypeId::kMap) return Incompatible(path, ft, lt);
        const int node = Add(Op::kMap, logical.type, file_child);
        LAKEML_ASSIGN_OR_RETURN(int key, Plan(lt.map_key(), &ft.map_key(), 0, Join(path, "key")));
        LAKEML_ASSIGN_OR_RETURN(int value,
                                Plan(lt.map_value(), &ft.map_value(), 1, Join(path, "value")));
        return Finish(node, {key, value}, lt.Equals(ft) && IsPass(key) && IsPass(value));
      }
      default:
        break;
    }
    if (ft.is_nested()) return Incompatible(path, ft, lt);
    return Add(PrimitiveOp(ft, lt), logical.type, file_child, path, ft);
  }

 private:
  static std::string Join(const std::string& path, std::string_view name) {
    return StrCat(path, ".", name);
  }

  // Unshredded variants are structs of binaries `metadata` and `value` (in either order).
  Result<int> PlanVariant(const Field& logical, const Field& file, int file_child,
                          const std::string& path) {
    const DataType& ft = *file.type;
    if (ft.id() != TypeId::kStruct) return Incompatible(path, ft, *logical.type);
    if (FindByName(ft.children(), "typed_value") >= 0) {
      return Status::NotImplemented("Shredded variant column ", path, InFile(),
                                    " is not supported");
    }
    const int node = Add(Op::kStruct, logical.type, file_child);
    std::vector<int> children;
    for (const Field& c : logical.type->children()) {
      const int fi = FindByName(ft.children(), c.name);
      if (fi < 0) {
        return Status::Corruption("Variant column ", path, InFile(), " lacks its '", c.name,
                                  "' field");
      }
      LAKEML_ASSIGN_OR_RETURN(int child, Plan(c, &ft.children()[fi], fi, Join(path, c.name)));
      children.push_back(child);
    }
    return Finish(node, std::move(children), false);
  }

  // The op turning primitive file type `ft` into logical type `lt`, or kNull to signal
  // "incompatible" (the caller reports it).
  static Op PrimitiveOp(const DataType& ft, const DataType& lt) {
    if (ft.Equals(lt)) return Op::kPass;
    const TypeId f = ft.id(), l = lt.id();
    if (ft.is_binary_like() && lt.is_binary_like()) return Op::kRetype;
    if (f == TypeId::kTimestamp && l == TypeId::kTimestamp) {
      // The utc flag is only a label here: INT96 reads as nanos without a zone.
      return ft.unit() == lt.unit() ? Op::kRetype : Op::kTimestampUnit;
    }
    if (IsSupportedWidening(ft, lt)) return Op::kWiden;
    if (IsInteger(f) && IsInteger(l) && IsIntCast(f, l)) return Op::kIntCast;
    if (f == TypeId::kFixedSizeBinary && lt.is_binary_like()) return Op::kFixedToBinary;
    return Op::kNull;
  }

  Result<int> Add(Op op, const TypePtr& type, int file_child, const std::string& path,
                  const DataType& ft) {
    if (op == Op::kNull) return Incompatible(path, ft, *type);
    return Add(op, type, file_child);
  }

  int Add(Op op, const TypePtr& type, int file_child) {
    Node n;
    n.op = op;
    n.type = type;
    n.file_child = file_child;
    out_->nodes_.push_back(std::move(n));
    return static_cast<int>(out_->nodes_.size()) - 1;
  }

  // A nested node whose children all pass through unchanged is itself a pass-through.
  int Finish(int node, std::vector<int> children, bool all_pass) {
    Node& n = out_->nodes_[node];
    if (all_pass) {
      n.op = Op::kPass;
    } else {
      n.children = std::move(children);
    }
    return node;
  }

  // " in data file <path>", or nothing when the caller gave no path.
  std::string InFile() const {
    return out_->file_path_.empty() ? std::string() : StrCat(" in data file ", out_->file_path_);
  }

  bool IsPass(int node) const { return out_->nodes_[node].op == Op::kPass; }

  Status Incompatible(const std::string& path, const DataType& ft, const DataType& lt) const {
    return Status::InvalidArgument("Incompatible column type", InFile(), ": column ", path, " is ",
                                   ft.ToString(), " in the file but ", lt.ToString(),
                                   " in the table");
  }

  FileSchemaAdapter* out_;
  ColumnMappingMode mode_;
  bool file_has_ids_;
};

Result<FileSchemaAdapter> FileSchemaAdapter::Make(const columnar::Schema& logical_subset,
                                                  ColumnMappingMode mode,
                                                  const columnar::Schema& file_schema,
                                                  std::string_view file_path) {
  FileSchemaAdapter out;
  out.file_path_ = std::string(file_path);
  out.output_schema_ = std::make_shared<columnar::Schema>(logical_subset.fields());
  Planner planner(&out, mode, HasFieldIds(file_schema.fields()));
  std::vector<int> position(file_schema.num_fields(), -1);  // File field -> file_columns_ slot.
  for (const Field& f : logical_subset.fields()) {
    const int fi = planner.Match(f, file_schema.fields());
    int slot = -1;
    if (fi >= 0 && f.type->id() != TypeId::kNull) {
      if (position[fi] < 0) {
        position[fi] = static_cast<int>(out.file_columns_.size());
        out.file_columns_.push_back(fi);
      }
      slot = position[fi];
    }
    LAKEML_ASSIGN_OR_RETURN(
        int root, planner.Plan(f, slot >= 0 ? &file_schema.field(fi) : nullptr, slot, f.name));
    out.roots_.push_back(root);
  }
  return out;
}

int FileSchemaAdapter::UnconvertedFileColumn(size_t i) const {
  if (i >= roots_.size()) return -1;
  const Node& node = nodes_[roots_[i]];
  if (node.op != Op::kPass && node.op != Op::kRetype) return -1;
  return node.file_child;
}

Result<columnar::BatchPtr> FileSchemaAdapter::Adapt(const columnar::Batch& file_batch) const {
  if (file_batch.num_columns() != file_columns_.size()) {
    return Status::InvalidArgument("FileSchemaAdapter: expected ", file_columns_.size(),
                                   " file columns, got ", file_batch.num_columns(),
                                   " for data file ", file_path_.empty() ? "?" : file_path_);
  }
  const int64_t n = file_batch.num_rows();
  std::vector<VectorPtr> columns;
  columns.reserve(roots_.size());
  for (int root : roots_) {
    const Node& node = nodes_[root];
    if (node.op == Op::kNull) {
      columns.push_back(Vector::MakeNull(node.type, n));
      continue;
    }
    LAKEML_ASSIGN_OR_RETURN(VectorPtr v, Convert(root, file_batch.column(node.file_child)));
    columns.push_back(std::move(v));
  }
  return std::make_shared<columnar::Batch>(output_schema_, std::move(columns), n);
}

Result<VectorPtr> FileSchemaAdapter::Convert(int index, const VectorPtr& v) const {
  const Node& node = nodes_[index];
  switch (node.op) {
    case Op::kPass:
      return v;
    case Op::kRetype:
      return Shallow(v, node.type);
    case Op::kNull:
      return Vector::MakeNull(node.type, v->length());
    case Op::kWiden:
      return WidenVector(v, node.type);
    case Op::kTimestampUnit:
      return ConvertTimestampUnit(v, node.type);
    case Op::kIntCast:
      return CastIntegers(v, node.type);
    case Op::kFixedToBinary:
      return FixedToBinary(v, node.type);
    case Op::kStruct:
    case Op::kList:
    case Op::kMap: {
      auto out = Shallow(v, node.type);
      std::vector<VectorPtr>& children = out->mutable_children();
      children.reserve(node.children.size());
      for (int c : node.children) {
        const Node& child = nodes_[c];
        if (child.file_child < 0 || child.file_child >= static_cast<int>(v->children().size())) {
          // A struct field missing from the file: nulls of the struct's length.
          children.push_back(Vector::MakeNull(child.type, v->length()));
          continue;
        }
        LAKEML_ASSIGN_OR_RETURN(VectorPtr cv, Convert(c, v->child(child.file_child)));
        children.push_back(std::move(cv));
      }
      return out;
    }
  }
  return Status::Internal("FileSchemaAdapter: unknown op");
}

}  // namespace lakeml::delta
