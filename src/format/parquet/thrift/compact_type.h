// Wire types of the Thrift compact protocol (the encoding of all Parquet metadata), and the
// field header that precedes each struct member.
//
// Plain values: thread-safe.
#pragma once

#include <cstdint>

namespace lakeml::parquet::thrift {

// DO NOT CHANGE: Thrift compact protocol wire values (low nibble of a field header, element
// type nibble of a list header).
enum class CompactType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,  // In a field header: a bool field whose value is true. Also "bool" in lists.
  kBoolFalse = 2,
  kByte = 3,  // i8
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,  // Also string.
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
  kUuid = 13,  // 16 raw bytes; newer Thrift only. Parquet never uses it; we can skip it.
};

// The bool type as reported by CompactReader::ReadFieldBegin and used in list headers
// (either wire value means "bool" there).
inline constexpr CompactType kBool = CompactType::kBoolTrue;

// Deepest struct/container nesting the reader accepts: Parquet metadata needs about 6;
// the bound stops a crafted footer from exhausting the stack in Skip().
inline constexpr int kMaxNestingDepth = 64;

struct FieldHeader {
  CompactType type = CompactType::kStop;  // kStop: end of struct. Bool fields report kBool.
  int16_t id = 0;
};

}  // namespace lakeml::parquet::thrift
