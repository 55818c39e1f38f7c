// CompactWriter: encodes the Thrift compact protocol by appending to a caller-owned
// std::string (Parquet footers, page headers, page indexes, bloom filter headers).
//
// The caller drives the structure (struct begin/end, field headers in increasing id order
// for the shortest encoding); misuse is a bug, not bad input, and is LAKEML_DCHECKed.
//
// Not thread-safe. The output string must outlive the writer.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "base/check.h"
#include "format/parquet/thrift/compact_type.h"

namespace lakeml::parquet::thrift {

class CompactWriter {
 public:
  explicit CompactWriter(std::string* out) : out_(out) {}

  CompactWriter(const CompactWriter&) = delete;
  CompactWriter& operator=(const CompactWriter&) = delete;

  void WriteStructBegin() {
    field_id_stack_.push_back(last_field_id_);
    last_field_id_ = 0;
  }
  // Writes the stop byte and leaves the struct.
  void WriteStructEnd() {
    LAKEML_DCHECK(!field_id_stack_.empty());
    out_->push_back(static_cast<char>(CompactType::kStop));
    last_field_id_ = field_id_stack_.back();
    field_id_stack_.pop_back();
  }

  // Field header for a non-bool field; follow it with exactly one value of `type`.
  // REQUIRES: type != kBool (use WriteBoolField).
  void WriteFieldBegin(CompactType type, int16_t id) {
    LAKEML_DCHECK(type != CompactType::kBoolTrue && type != CompactType::kBoolFalse);
    WriteFieldHeader(static_cast<uint8_t>(type), id);
  }
  // A bool field: the value is carried in the header.
  void WriteBoolField(int16_t id, bool value) {
    WriteFieldHeader(static_cast<uint8_t>(value ? CompactType::kBoolTrue : CompactType::kBoolFalse),
                     id);
  }

  // Convenience: header + value.
  void WriteI32Field(int16_t id, int32_t value) {
    WriteFieldBegin(CompactType::kI32, id);
    WriteI32(value);
  }
  void WriteI64Field(int16_t id, int64_t value) {
    WriteFieldBegin(CompactType::kI64, id);
    WriteI64(value);
  }
  void WriteBinaryField(int16_t id, std::string_view value) {
    WriteFieldBegin(CompactType::kBinary, id);
    WriteBinary(value);
  }

  // A bool list element (one byte, 1 = true, 2 = false, as the reference implementations do).
  void WriteBool(bool value) {
    out_->push_back(static_cast<char>(value ? CompactType::kBoolTrue : CompactType::kBoolFalse));
  }
  void WriteByte(int8_t value) { out_->push_back(static_cast<char>(value)); }
  void WriteI16(int16_t value) { WriteVarint(ZigZag(value)); }
  void WriteI32(int32_t value) { WriteVarint(ZigZag(value)); }
  void WriteI64(int64_t value) { WriteVarint(ZigZag(value)); }
  void WriteDouble(double value) {
    char bytes[8];
    std::memcpy(bytes, &value, 8);  // Little-endian on the wire and on lakeml hosts.
    out_->append(bytes, 8);
  }
  void WriteBinary(std::string_view value) {
    WriteVarint(value.size());
    out_->append(value.data(), value.size());
  }

  // REQUIRES: element_type is a value type (kBool for bools).
  void WriteListBegin(CompactType element_type, uint32_t size) {
    const uint8_t type = static_cast<uint8_t>(element_type);
    if (size < 15) {
      out_->push_back(static_cast<char>((size << 4) | type));
    } else {
      out_->push_back(static_cast<char>(0xf0 | type));
      WriteVarint(size);
    }
  }
  void WriteMapBegin(CompactType key_type, CompactType value_type, uint32_t size) {
    WriteVarint(size);
    if (size != 0) {
      out_->push_back(static_cast<char>((static_cast<uint8_t>(key_type) << 4) |
                                        static_cast<uint8_t>(value_type)));
    }
  }

  void WriteVarint(uint64_t value) {
    char buf[10];
    int n = 0;
    while (value >= 0x80) {
      buf[n++] = static_cast<char>((value & 0x7f) | 0x80);
      value >>= 7;
    }
    buf[n++] = static_cast<char>(value);
    out_->append(buf, n);
  }

 private:
  static uint64_t ZigZag(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  }
  static uint64_t ZigZag(int32_t v) {
    return static_cast<uint32_t>((static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31));
  }
  static uint64_t ZigZag(int16_t v) { return ZigZag(static_cast<int32_t>(v)); }

  void WriteFieldHeader(uint8_t type, int16_t id) {
    const int32_t delta = static_cast<int32_t>(id) - last_field_id_;
    if (delta > 0 && delta <= 15) {
      out_->push_back(static_cast<char>((delta << 4) | type));
    } else {
      out_->push_back(static_cast<char>(type));
      WriteI16(id);
    }
    last_field_id_ = id;
  }

  std::string* out_;
  int16_t last_field_id_ = 0;
  std::vector<int16_t> field_id_stack_;
};

}  // namespace lakeml::parquet::thrift
