#include "columnar/vector_layout.h"

#include "base/str_cat.h"

namespace lakeml::columnar {
namespace {

int64_t SizeOf(const BufferPtr& b) { return b ? b->size() : 0; }

Status TooSmall(const Vector& v, const char* what, int64_t size, int64_t needed) {
  return Status::InvalidArgument("Malformed vector: ", what, " buffer too small for type ",
                                 v.type()->ToString(), " (", size, " bytes, length ", v.length(),
                                 " needs ", needed, ")");
}

// Offsets of a string, binary, list or map vector: (length + 1) entries, the first and last
// within [0, limit].
Status CheckOffsets(const Vector& v, int64_t limit) {
  const int64_t needed = (v.length() + 1) * 8;
  if (SizeOf(v.values()) < needed) return TooSmall(v, "offsets", SizeOf(v.values()), needed);
  // Zero-length vectors may leave their single offset uninitialized (Vector::Make): skip it.
  if (v.length() == 0) return Status::OK();
  const int64_t first = v.offsets()[0];
  const int64_t last = v.offsets()[v.length()];
  if (first < 0 || first > last || last > limit) {
    return Status::InvalidArgument("Malformed vector: offsets out of range for type ",
                                   v.type()->ToString(), " (first ", first, ", last ", last,
                                   ", limit ", limit, ")");
  }
  return Status::OK();
}

}  // namespace

Status CheckVectorLayout(const Vector& v) {
  if (!v.type()) return Status::InvalidArgument("Malformed vector: no type");
  const DataType& type = *v.type();
  const int64_t n = v.length();
  if (n < 0) return Status::InvalidArgument("Malformed vector: negative length ", n);
  if (v.validity() && v.validity()->size() < bit_util::BytesForBits(n)) {
    return TooSmall(v, "validity", v.validity()->size(), bit_util::BytesForBits(n));
  }
  const size_t expected_children = type.id() == TypeId::kList  ? 1
                                   : type.id() == TypeId::kMap ? 2
                                                               : type.children().size();
  if (type.is_nested() &&
      (type.children().size() != expected_children || v.children().size() != expected_children)) {
    return Status::InvalidArgument("Malformed vector: wrong number of children for type ",
                                   type.ToString(), " (", v.children().size(), ", expected ",
                                   expected_children, ")");
  }
  for (const VectorPtr& c : v.children()) {
    if (!c) return Status::InvalidArgument("Malformed vector: null child in ", type.ToString());
  }
  switch (type.id()) {
    case TypeId::kNull:
      return Status::OK();
    case TypeId::kBoolean:
      if (SizeOf(v.values()) < bit_util::BytesForBits(n)) {
        return TooSmall(v, "values", SizeOf(v.values()), bit_util::BytesForBits(n));
      }
      return Status::OK();
    case TypeId::kString:
    case TypeId::kBinary:
      return CheckOffsets(v, SizeOf(v.data()));
    case TypeId::kList:
    case TypeId::kMap:
      for (const VectorPtr& c : v.children()) {
        LAKEML_RETURN_IF_ERROR(CheckOffsets(v, c->length()));
        LAKEML_RETURN_IF_ERROR(CheckVectorLayout(*c));
      }
      return Status::OK();
    case TypeId::kStruct:
      for (const VectorPtr& c : v.children()) {
        if (c->length() != n) {
          return Status::InvalidArgument("Malformed vector: struct child length differs for type ",
                                         type.ToString(), " (child ", c->length(), ", struct ", n,
                                         ")");
        }
        LAKEML_RETURN_IF_ERROR(CheckVectorLayout(*c));
      }
      return Status::OK();
    default: {
      if (type.byte_width() < 0) {
        return Status::InvalidArgument("Malformed vector: negative byte width in ",
                                       type.ToString());
      }
      const int64_t needed = n * type.fixed_width();
      if (SizeOf(v.values()) < needed) return TooSmall(v, "values", SizeOf(v.values()), needed);
      return Status::OK();
    }
  }
}

VectorPtr MakeEmptyVector(const TypePtr& type) {
  auto out = std::make_shared<Vector>(type, 0);
  switch (type->id()) {
    case TypeId::kNull:
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      out->set_values(Buffer::AllocateZeroed(8));
      out->set_data(Buffer::Allocate(0));
      break;
    case TypeId::kList:
    case TypeId::kMap:
      out->set_values(Buffer::AllocateZeroed(8));
      for (const Field& f : type->children()) {
        out->mutable_children().push_back(MakeEmptyVector(f.type));
      }
      break;
    case TypeId::kStruct:
      for (const Field& f : type->children()) {
        out->mutable_children().push_back(MakeEmptyVector(f.type));
      }
      break;
    default:
      out->set_values(Buffer::Allocate(0));
      break;
  }
  return out;
}

}  // namespace lakeml::columnar
