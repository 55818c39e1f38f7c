#include "format/parquet/thrift/compact_reader.h"

namespace lakeml::parquet::thrift {

namespace {

bool IsBoolType(uint8_t t) {
  return t == static_cast<uint8_t>(CompactType::kBoolTrue) ||
         t == static_cast<uint8_t>(CompactType::kBoolFalse);
}

}  // namespace

Status CompactReader::ReadListBegin(CompactType* element_type, uint32_t* size) {
  if (pos_ >= end_) return TruncatedError(1);
  const uint8_t byte = *pos_++;
  uint8_t type = byte & 0x0f;
  if (type == static_cast<uint8_t>(CompactType::kStop) ||
      type > static_cast<uint8_t>(CompactType::kUuid)) {
    return BadTypeError(type);
  }
  if (IsBoolType(type)) type = static_cast<uint8_t>(kBool);
  uint64_t count = byte >> 4;
  if (count == 15) {
    LAKEML_RETURN_IF_ERROR(ReadVarint(&count));
  }
  if (count > remaining()) {
    return Status::Corruption("Thrift list claims more elements than bytes left: ", count,
                              " elements, ", remaining(), " bytes, at offset ", position());
  }
  *element_type = static_cast<CompactType>(type);
  *size = static_cast<uint32_t>(count);
  return Status::OK();
}

Status CompactReader::ReadMapBegin(CompactType* key_type, CompactType* value_type,
                                   uint32_t* size) {
  uint64_t count;
  LAKEML_RETURN_IF_ERROR(ReadVarint(&count));
  if (count == 0) {
    *key_type = CompactType::kStop;
    *value_type = CompactType::kStop;
    *size = 0;
    return Status::OK();
  }
  if (count > remaining() / 2) {
    return Status::Corruption("Thrift map claims more entries than bytes left: ", count,
                              " entries, ", remaining(), " bytes, at offset ", position());
  }
  if (pos_ >= end_) return TruncatedError(1);
  const uint8_t byte = *pos_++;
  uint8_t key = byte >> 4;
  uint8_t value = byte & 0x0f;
  for (uint8_t* t : {&key, &value}) {
    if (*t == static_cast<uint8_t>(CompactType::kStop) ||
        *t > static_cast<uint8_t>(CompactType::kUuid)) {
      return BadTypeError(*t);
    }
    if (IsBoolType(*t)) *t = static_cast<uint8_t>(kBool);
  }
  *key_type = static_cast<CompactType>(key);
  *value_type = static_cast<CompactType>(value);
  *size = static_cast<uint32_t>(count);
  return Status::OK();
}

Status CompactReader::Skip(CompactType type) { return SkipImpl(type); }

Status CompactReader::SkipImpl(CompactType type) {
  switch (type) {
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse: {
      bool ignored;
      return ReadBool(&ignored);
    }
    case CompactType::kByte: {
      int8_t ignored;
      return ReadByte(&ignored);
    }
    case CompactType::kI16:
    case CompactType::kI32:
    case CompactType::kI64: {
      uint64_t ignored;
      return ReadVarint(&ignored);
    }
    case CompactType::kDouble:
      if (remaining() < 8) return TruncatedError(8);
      pos_ += 8;
      return Status::OK();
    case CompactType::kUuid:
      if (remaining() < 16) return TruncatedError(16);
      pos_ += 16;
      return Status::OK();
    case CompactType::kBinary: {
      std::string_view ignored;
      return ReadBinaryView(&ignored);
    }
    case CompactType::kList:
    case CompactType::kSet: {
      if (depth_ >= kMaxNestingDepth) return DepthError();
      CompactType element_type;
      uint32_t size;
      LAKEML_RETURN_IF_ERROR(ReadListBegin(&element_type, &size));
      ++depth_;
      for (uint32_t i = 0; i < size; ++i) {
        Status st = SkipImpl(element_type);
        if (!st.ok()) {
          --depth_;
          return st;
        }
      }
      --depth_;
      return Status::OK();
    }
    case CompactType::kMap: {
      if (depth_ >= kMaxNestingDepth) return DepthError();
      CompactType key_type, value_type;
      uint32_t size;
      LAKEML_RETURN_IF_ERROR(ReadMapBegin(&key_type, &value_type, &size));
      ++depth_;
      for (uint32_t i = 0; i < size; ++i) {
        Status st = SkipImpl(key_type);
        if (st.ok()) st = SkipImpl(value_type);
        if (!st.ok()) {
          --depth_;
          return st;
        }
      }
      --depth_;
      return Status::OK();
    }
    case CompactType::kStruct: {
      LAKEML_RETURN_IF_ERROR(ReadStructBegin());
      while (true) {
        FieldHeader field;
        Status st = ReadFieldBegin(&field);
        if (st.ok() && field.type == CompactType::kStop) break;
        if (st.ok()) st = SkipImpl(field.type);
        if (!st.ok()) {
          ReadStructEnd();
          return st;
        }
      }
      ReadStructEnd();
      return Status::OK();
    }
    case CompactType::kStop:
      break;
  }
  return BadTypeError(static_cast<uint8_t>(type));
}

Status CompactReader::ReadVarintSlow(uint64_t* value) {
  uint64_t result = 0;
  for (int i = 0; i < 10; ++i) {
    if (pos_ >= end_) return TruncatedError(1);
    const uint8_t byte = *pos_++;
    result |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      *value = result;
      return Status::OK();
    }
  }
  return VarintTooLongError();
}

Status CompactReader::TruncatedError(size_t needed) const {
  return Status::Corruption("Thrift data ends unexpectedly: need ", needed, " more bytes at offset ",
                            position(), ", ", remaining(), " left");
}

Status CompactReader::BadTypeError(uint8_t type) const {
  return Status::Corruption("Thrift data has an invalid type id: ", static_cast<int>(type),
                            " at offset ", position());
}

Status CompactReader::FieldIdError(int32_t id) const {
  return Status::Corruption("Thrift field id out of range: ", id, " at offset ", position());
}

Status CompactReader::VarintRangeError(uint64_t value, int bits) const {
  return Status::Corruption("Thrift integer does not fit in ", bits, " bits: ", value,
                            " at offset ", position());
}

Status CompactReader::VarintTooLongError() const {
  return Status::Corruption("Thrift varint longer than 10 bytes at offset ", position());
}

Status CompactReader::LengthError(uint64_t length) const {
  return Status::Corruption("Thrift binary length exceeds the bytes left: length ", length, ", ",
                            remaining(), " left, at offset ", position());
}

Status CompactReader::DepthError() const {
  return Status::Corruption("Thrift data nests deeper than ", kMaxNestingDepth,
                            " levels at offset ", position());
}

}  // namespace lakeml::parquet::thrift
