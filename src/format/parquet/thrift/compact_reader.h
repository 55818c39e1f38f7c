// CompactReader: a bounds-checked, allocation-free decoder of the Thrift compact protocol over
// a caller-owned byte span (Parquet footers, page headers, page indexes, bloom filter headers).
//
// Every read returns a Status: Corruption when the bytes run out or are malformed. The reader
// never reads outside [data, data + size). Struct and container nesting is bounded by
// kMaxNestingDepth, and container sizes are checked against the bytes left before a caller
// reserves memory for them (each element needs at least one byte on the wire).
//
// The hot reads (field headers, varints, short binaries) are inline: the column reader parses
// one page header per page.
//
// Not thread-safe (it holds a cursor); cheap to construct. The span must outlive the reader,
// and string_views returned by ReadBinaryView point into it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "base/status.h"
#include "format/parquet/thrift/compact_type.h"

namespace lakeml::parquet::thrift {

class CompactReader {
 public:
  CompactReader(const uint8_t* data, size_t size) : begin_(data), pos_(data), end_(data + size) {}

  CompactReader(const CompactReader&) = delete;
  CompactReader& operator=(const CompactReader&) = delete;

  // Bytes consumed so far.
  size_t position() const { return static_cast<size_t>(pos_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - pos_); }

  // Enters a struct (or union): field ids restart at 0. Fails past kMaxNestingDepth.
  Status ReadStructBegin() {
    if (__builtin_expect(depth_ >= kMaxNestingDepth, 0)) return DepthError();
    field_id_stack_[depth_++] = last_field_id_;
    last_field_id_ = 0;
    return Status::OK();
  }
  // REQUIRES: matches a successful ReadStructBegin(), after ReadFieldBegin() returned kStop.
  void ReadStructEnd() { last_field_id_ = field_id_stack_[--depth_]; }

  // Reads the next field header. header->type == kStop at the end of the struct. For a bool
  // field the value travels in the header: call ReadBool() (or Skip) to take it.
  Status ReadFieldBegin(FieldHeader* header) {
    bool_pending_ = false;
    if (__builtin_expect(pos_ >= end_, 0)) return TruncatedError(1);
    const uint8_t byte = *pos_++;
    const uint8_t type = byte & 0x0f;
    if (type == static_cast<uint8_t>(CompactType::kStop)) {
      header->type = CompactType::kStop;
      header->id = 0;
      return Status::OK();
    }
    if (__builtin_expect(type > static_cast<uint8_t>(CompactType::kUuid), 0)) {
      return BadTypeError(type);
    }
    const uint8_t delta = byte >> 4;
    int32_t id;
    if (delta != 0) {
      id = last_field_id_ + delta;
    } else {
      int16_t explicit_id = 0;
      LAKEML_RETURN_IF_ERROR(ReadI16(&explicit_id));
      id = explicit_id;
    }
    if (__builtin_expect(id > INT16_MAX, 0)) return FieldIdError(id);
    last_field_id_ = static_cast<int16_t>(id);
    header->id = static_cast<int16_t>(id);
    if (type == static_cast<uint8_t>(CompactType::kBoolTrue) ||
        type == static_cast<uint8_t>(CompactType::kBoolFalse)) {
      bool_pending_ = true;
      bool_value_ = type == static_cast<uint8_t>(CompactType::kBoolTrue);
      header->type = kBool;
    } else {
      header->type = static_cast<CompactType>(type);
    }
    return Status::OK();
  }

  // A bool field value (from its header) or a bool list element (one byte: 1 = true).
  Status ReadBool(bool* value) {
    if (bool_pending_) {
      bool_pending_ = false;
      *value = bool_value_;
      return Status::OK();
    }
    if (__builtin_expect(pos_ >= end_, 0)) return TruncatedError(1);
    *value = *pos_++ == static_cast<uint8_t>(CompactType::kBoolTrue);
    return Status::OK();
  }

  Status ReadByte(int8_t* value) {
    if (__builtin_expect(pos_ >= end_, 0)) return TruncatedError(1);
    *value = static_cast<int8_t>(*pos_++);
    return Status::OK();
  }

  Status ReadI16(int16_t* value) {
    uint64_t u;
    LAKEML_RETURN_IF_ERROR(ReadVarint(&u));
    if (__builtin_expect(u > UINT16_MAX, 0)) return VarintRangeError(u, 16);
    *value = static_cast<int16_t>(ZigZagDecode32(static_cast<uint32_t>(u)));
    return Status::OK();
  }

  Status ReadI32(int32_t* value) {
    uint64_t u;
    LAKEML_RETURN_IF_ERROR(ReadVarint(&u));
    if (__builtin_expect(u > UINT32_MAX, 0)) return VarintRangeError(u, 32);
    *value = ZigZagDecode32(static_cast<uint32_t>(u));
    return Status::OK();
  }

  Status ReadI64(int64_t* value) {
    uint64_t u;
    LAKEML_RETURN_IF_ERROR(ReadVarint(&u));
    *value = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
    return Status::OK();
  }

  Status ReadDouble(double* value) {
    if (__builtin_expect(remaining() < 8, 0)) return TruncatedError(8);
    std::memcpy(value, pos_, 8);  // Little-endian on the wire; lakeml hosts are little-endian.
    pos_ += 8;
    return Status::OK();
  }

  // A binary/string: the view points into the reader's span.
  Status ReadBinaryView(std::string_view* value) {
    uint64_t length;
    LAKEML_RETURN_IF_ERROR(ReadVarint(&length));
    if (__builtin_expect(length > remaining(), 0)) return LengthError(length);
    *value = std::string_view(reinterpret_cast<const char*>(pos_), length);
    pos_ += length;
    return Status::OK();
  }

  Status ReadBinary(std::string* value) {
    std::string_view view;
    LAKEML_RETURN_IF_ERROR(ReadBinaryView(&view));
    value->assign(view.data(), view.size());
    return Status::OK();
  }

  // List (or set) header. *size is at most remaining(): each element needs >= 1 byte.
  Status ReadListBegin(CompactType* element_type, uint32_t* size);
  // Map header. *size is at most remaining() / 2. Key/value types are kStop for empty maps.
  Status ReadMapBegin(CompactType* key_type, CompactType* value_type, uint32_t* size);

  // Skips one value of `type` (a field the caller does not know, or a mismatched wire type),
  // including nested structs and containers, within the nesting bound.
  Status Skip(CompactType type);

  // Reads an unsigned LEB128 varint of at most 10 bytes.
  Status ReadVarint(uint64_t* value) {
    const uint8_t* p = pos_;
    if (__builtin_expect(p < end_ && *p < 0x80, 1)) {  // One-byte values dominate.
      *value = *p;
      pos_ = p + 1;
      return Status::OK();
    }
    if (__builtin_expect(end_ - p >= 10, 1)) {  // No bounds checks needed below.
      uint64_t result = 0;
      for (int i = 0; i < 10; ++i) {
        const uint8_t byte = p[i];
        result |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
        if ((byte & 0x80) == 0) {
          pos_ = p + i + 1;
          *value = result;
          return Status::OK();
        }
      }
      return VarintTooLongError();
    }
    return ReadVarintSlow(value);
  }

 private:
  static int32_t ZigZagDecode32(uint32_t u) {
    return static_cast<int32_t>((u >> 1) ^ (~(u & 1) + 1));
  }

  Status ReadVarintSlow(uint64_t* value);
  Status SkipImpl(CompactType type);

  // Cold error builders, out of line to keep the inline reads small.
  Status TruncatedError(size_t needed) const;
  Status BadTypeError(uint8_t type) const;
  Status FieldIdError(int32_t id) const;
  Status VarintRangeError(uint64_t value, int bits) const;
  Status VarintTooLongError() const;
  Status LengthError(uint64_t length) const;
  Status DepthError() const;

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  int depth_ = 0;
  int16_t last_field_id_ = 0;
  bool bool_pending_ = false;
  bool bool_value_ = false;
  int16_t field_id_stack_[kMaxNestingDepth];
};

}  // namespace lakeml::parquet::thrift
