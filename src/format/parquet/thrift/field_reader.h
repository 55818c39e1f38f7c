// Helpers for decoding Thrift structs field by field with a CompactReader, in the style of
// Thrift-generated code: a field whose wire type does not match the expected one is skipped
// (and so counts as absent), unknown fields are skipped.
//
//   Status ReadFoo(CompactReader* r, Foo* out) {
//     bool has_x = false;
//     LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
//       switch (f.id) {
//         case 1: return ReadField(r, f, &out->x, &has_x);
//         case 2: return ReadField(r, f, &out->maybe_y);  // std::optional<T>
//         default: return r->Skip(f.type);
//       }
//     }));
//     ...check has_x...
//   }
//
// Stateless functions: thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "base/status.h"
#include "format/parquet/thrift/compact_reader.h"

namespace lakeml::parquet::thrift {

// The wire type of a C++ value type. Enums travel as i32.
template <typename T>
constexpr CompactType WireTypeOf() {
  if constexpr (std::is_same_v<T, bool>) {
    return kBool;
  } else if constexpr (std::is_same_v<T, int8_t>) {
    return CompactType::kByte;
  } else if constexpr (std::is_same_v<T, int16_t>) {
    return CompactType::kI16;
  } else if constexpr (std::is_same_v<T, int32_t> || std::is_enum_v<T>) {
    return CompactType::kI32;
  } else if constexpr (std::is_same_v<T, int64_t>) {
    return CompactType::kI64;
  } else if constexpr (std::is_same_v<T, double>) {
    return CompactType::kDouble;
  } else {
    static_assert(std::is_same_v<T, std::string>, "no Thrift wire type for this C++ type");
    return CompactType::kBinary;
  }
}

inline Status ReadValue(CompactReader* r, bool* v) { return r->ReadBool(v); }
inline Status ReadValue(CompactReader* r, int8_t* v) { return r->ReadByte(v); }
inline Status ReadValue(CompactReader* r, int16_t* v) { return r->ReadI16(v); }
inline Status ReadValue(CompactReader* r, int32_t* v) { return r->ReadI32(v); }
inline Status ReadValue(CompactReader* r, int64_t* v) { return r->ReadI64(v); }
inline Status ReadValue(CompactReader* r, double* v) { return r->ReadDouble(v); }
inline Status ReadValue(CompactReader* r, std::string* v) { return r->ReadBinary(v); }
// Enums keep the raw wire value; the caller validates the range where it matters.
template <typename E>
  requires std::is_enum_v<E>
Status ReadValue(CompactReader* r, E* v) {
  int32_t raw;
  LAKEML_RETURN_IF_ERROR(r->ReadI32(&raw));
  *v = static_cast<E>(raw);
  return Status::OK();
}

// Calls on_field(header) for each field of a struct, between struct begin and end.
template <typename OnField>
Status ReadStruct(CompactReader* r, OnField&& on_field) {
  LAKEML_RETURN_IF_ERROR(r->ReadStructBegin());
  while (true) {
    FieldHeader f;
    LAKEML_RETURN_IF_ERROR(r->ReadFieldBegin(&f));
    if (f.type == CompactType::kStop) break;
    LAKEML_RETURN_IF_ERROR(on_field(f));
  }
  r->ReadStructEnd();
  return Status::OK();
}

// Scalar field. Sets *isset (when given) only if the wire type matched.
template <typename T>
Status ReadField(CompactReader* r, const FieldHeader& f, T* out, bool* isset = nullptr) {
  if (f.type != WireTypeOf<T>()) return r->Skip(f.type);
  if (isset != nullptr) *isset = true;
  return ReadValue(r, out);
}

template <typename T>
Status ReadField(CompactReader* r, const FieldHeader& f, std::optional<T>* out) {
  if (f.type != WireTypeOf<T>()) return r->Skip(f.type);
  return ReadValue(r, &out->emplace());
}

// Caps the up-front reservation for a list: the claimed count is already bounded by the bytes
// left, but large elements (structs) would still multiply it.
template <typename T>
size_t ListReserve(uint32_t count) {
  constexpr size_t kMaxReserveBytes = size_t{1} << 20;
  return std::min<size_t>(count, kMaxReserveBytes / sizeof(T) + 1);
}

// Whether list elements of wire type `wire` can be read as `expected`. The varint integer
// types are interchangeable (values are range-checked on read): Thrift's C++ code reads list
// elements without checking the declared element type, and files with i16-declared i32 lists
// exist (parquet-testing bad_data/ARROW-GH-41317.parquet, whose footer is otherwise fine).
inline bool ElementTypeCompatible(CompactType wire, CompactType expected) {
  auto is_varint = [](CompactType t) {
    return t == CompactType::kI16 || t == CompactType::kI32 || t == CompactType::kI64;
  };
  return wire == expected || (is_varint(wire) && is_varint(expected));
}

// List field whose elements are read by read_element(T*). A list of an incompatible element
// type is skipped (so counts as absent), except that an empty list is accepted whatever its
// type.
template <typename T, typename ReadElement>
Status ReadListField(CompactReader* r, const FieldHeader& f, CompactType element_type,
                     std::vector<T>* out, bool* isset, ReadElement&& read_element) {
  if (f.type != CompactType::kList && f.type != CompactType::kSet) return r->Skip(f.type);
  CompactType wire_element_type;
  uint32_t count;
  LAKEML_RETURN_IF_ERROR(r->ReadListBegin(&wire_element_type, &count));
  if (count != 0 && !ElementTypeCompatible(wire_element_type, element_type)) {
    for (uint32_t i = 0; i < count; ++i) LAKEML_RETURN_IF_ERROR(r->Skip(wire_element_type));
    return Status::OK();
  }
  out->clear();
  out->reserve(ListReserve<T>(count));
  for (uint32_t i = 0; i < count; ++i) {
    out->emplace_back();
    LAKEML_RETURN_IF_ERROR(read_element(&out->back()));
  }
  if (isset != nullptr) *isset = true;
  return Status::OK();
}

// List of scalars (not bool: std::vector<bool> has no element pointers; see ReadBoolListField).
template <typename T>
Status ReadScalarListField(CompactReader* r, const FieldHeader& f, std::vector<T>* out,
                           bool* isset = nullptr) {
  return ReadListField(r, f, WireTypeOf<T>(), out, isset,
                       [r](T* element) { return ReadValue(r, element); });
}

template <typename T>
Status ReadScalarListField(CompactReader* r, const FieldHeader& f,
                           std::optional<std::vector<T>>* out) {
  bool isset = false;
  std::vector<T> values;
  LAKEML_RETURN_IF_ERROR(ReadScalarListField(r, f, &values, &isset));
  if (isset) *out = std::move(values);
  return Status::OK();
}

Status ReadBoolListField(CompactReader* r, const FieldHeader& f, std::vector<bool>* out,
                         bool* isset);

}  // namespace lakeml::parquet::thrift
