#include "format/csv/csv_column_builder.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "format/csv/csv_value_parser.h"
#include "format/json/json_string.h"

namespace lakeml::csv {

using columnar::Buffer;
using columnar::DataType;
using columnar::TypeId;

namespace {

template <typename T>
bool ParseSigned(std::string_view s, T* out) {
  int64_t v;
  if (!ParseInt64(s, &v) || v < std::numeric_limits<T>::min() ||
      v > std::numeric_limits<T>::max()) {
    return false;
  }
  *out = static_cast<T>(v);
  return true;
}

template <typename T>
bool ParseUnsigned(std::string_view s, T* out) {
  uint64_t v;
  if (!ParseUInt64(s, &v) || v > std::numeric_limits<T>::max()) return false;
  *out = static_cast<T>(v);
  return true;
}

bool IsAscii(const char* p, int64_t n) {
  uint64_t acc = 0;
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    acc |= w;
  }
  for (; i < n; ++i) acc |= static_cast<unsigned char>(p[i]);
  return (acc & 0x8080808080808080ull) == 0;
}

bool IsValidUtf8(const char* p, int64_t n) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  int64_t i = 0;
  while (i < n) {
    if (u[i] < 0x80) {
      ++i;
      continue;
    }
    int bad;
    const int len = json::Utf8SequenceLength(u + i, static_cast<size_t>(n - i), &bad);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

}  // namespace

CsvColumnBuilder::CsvColumnBuilder(columnar::TypePtr type, std::string column_name,
                                   std::string file_name, const CsvReadOptions& options)
    : type_(std::move(type)),
      column_name_(std::move(column_name)),
      file_name_(std::move(file_name)),
      null_value_(options.null_value),
      has_null_value_(!options.null_value.empty()),
      width_(type_->fixed_width()) {}

Status CsvColumnBuilder::CheckSupported(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
    case TypeId::kDate32:
    case TypeId::kTime64:
    case TypeId::kTimestamp:
    case TypeId::kString:
    case TypeId::kBinary:
      return Status::OK();
    case TypeId::kDecimal:
      if (type.precision() < 1 || type.precision() > 38 || type.scale() < 0 ||
          type.scale() > type.precision()) {
        return Status::NotImplemented("CSV decimal type out of range: ", type.ToString());
      }
      return Status::OK();
    default:
      return Status::NotImplemented("CSV columns cannot be read as ", type.ToString());
  }
}

void CsvColumnBuilder::Start(int64_t expected_rows) {
  length_ = 0;
  capacity_ = 0;
  values_ = Buffer::Allocate(0);
  validity_.reset();
  data_.reset();
  if (type_->is_binary_like()) {
    data_ = Buffer::Allocate(0);
    values_->Resize(8);
    values_->mutable_as<int64_t>()[0] = 0;
  }
  Reserve(expected_rows);
}

void CsvColumnBuilder::Reserve(int64_t rows) {
  const int64_t needed = length_ + rows;
  if (needed <= capacity_) return;
  const int64_t cap = std::max({needed, capacity_ * 2, int64_t{64}});
  switch (type_->id()) {
    case TypeId::kBoolean:
      values_->Resize(bit_util::BytesForBits(cap));
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      values_->Resize((cap + 1) * 8);
      break;
    default:
      values_->Resize(cap * width_);
      break;
  }
  if (validity_) {
    const int64_t old = validity_->size();
    validity_->Resize(bit_util::BytesForBits(cap));
    std::memset(validity_->mutable_data() + old, 0xFF, validity_->size() - old);
  }
  capacity_ = cap;
}

void CsvColumnBuilder::SetNull(int64_t i) {
  if (!validity_) {
    validity_ = Buffer::Allocate(bit_util::BytesForBits(capacity_));
    std::memset(validity_->mutable_data(), 0xFF, validity_->size());
  }
  bit_util::ClearBit(validity_->mutable_data(), i);
}

Status CsvColumnBuilder::ConversionError(int64_t line, std::string_view text) const {
  constexpr size_t kMaxShown = 64;
  std::string shown(text.substr(0, kMaxShown));
  if (text.size() > kMaxShown) shown += "...";
  return Status::InvalidArgument("CSV parse error in ", file_name_, " line ", line, ", column ",
                                 column_name_, ": cannot convert '", shown, "' to ",
                                 type_->ToString());
}

template <typename T, typename Parse>
Status CsvColumnBuilder::AppendFixed(const char* data, const CsvField* fields, int64_t stride,
                                     int64_t n, const int64_t* row_lines, Parse parse) {
  T* out = values_->mutable_as<T>() + length_;
  for (int64_t r = 0; r < n; ++r) {
    const CsvField f = fields[r * stride];
    const std::string_view s(data + f.offset, f.length());
    if (!IsNullValue(f, s) && parse(s, &out[r])) continue;
    const std::string_view t = TrimBlanks(s);
    if (t.empty() || IsNullValue(f, s)) {
      out[r] = T{};
      SetNull(length_ + r);
      continue;
    }
    if (t.size() == s.size() || !parse(t, &out[r])) return ConversionError(row_lines[r], s);
  }
  length_ += n;
  return Status::OK();
}

Status CsvColumnBuilder::AppendBool(const char* data, const CsvField* fields, int64_t stride,
                                    int64_t n, const int64_t* row_lines) {
  uint8_t* bits = values_->mutable_data();
  for (int64_t r = 0; r < n; ++r) {
    const CsvField f = fields[r * stride];
    const std::string_view s(data + f.offset, f.length());
    const std::string_view t = TrimBlanks(s);
    bool v = false;
    if (t.empty() || IsNullValue(f, s)) {
      SetNull(length_ + r);
    } else if (!ParseBool(t, &v)) {
      if (t == "1") {
        v = true;
      } else if (t != "0") {
        return ConversionError(row_lines[r], s);
      }
    }
    bit_util::SetBitTo(bits, length_ + r, v);
  }
  length_ += n;
  return Status::OK();
}

Status CsvColumnBuilder::AppendBytes(const char* data, const CsvField* fields, int64_t stride,
                                     int64_t n, const int64_t* row_lines) {
  int64_t total = 0;
  for (int64_t r = 0; r < n; ++r) total += fields[r * stride].length();
  const int64_t base = data_->size();
  data_->Resize(base + total);
  char* dst = reinterpret_cast<char*>(data_->mutable_data());
  int64_t* offsets = values_->mutable_as<int64_t>() + length_;
  int64_t at = base;
  const bool empty_is_null = !has_null_value_;
  for (int64_t r = 0; r < n; ++r) {
    const CsvField f = fields[r * stride];
    const uint32_t len = f.length();
    if (!f.quoted() &&
        ((len == 0 && empty_is_null) ||
         (has_null_value_ && std::string_view(data + f.offset, len) == null_value_))) {
      SetNull(length_ + r);
    } else {
      if (len <= CsvTokenizer::kPadding) {
        // Short strings: one fixed-size copy. The source is padded (CsvTokenizer::kPadding) and
        // the destination has Buffer's 64 bytes of slack past its size.
        std::memcpy(dst + at, data + f.offset, CsvTokenizer::kPadding);
      } else {
        std::memcpy(dst + at, data + f.offset, len);
      }
      at += len;
    }
    offsets[r + 1] = at;
  }
  data_->Resize(at);
  if (type_->id() == TypeId::kString && !IsAscii(dst + base, at - base)) {
    // Rare path: find the first string that is not valid UTF-8 (checked one by one, since a
    // concatenation of invalid strings can be valid).
    for (int64_t r = 0; r < n; ++r) {
      const int64_t b = offsets[r];
      if (!IsValidUtf8(dst + b, offsets[r + 1] - b)) {
        const CsvField f = fields[r * stride];
        return Status::InvalidArgument(
            "CSV parse error in ", file_name_, " line ", row_lines[r], ", column ", column_name_,
            ": invalid UTF-8 in a string (read the column as binary "
            "to keep the bytes): '",
            std::string_view(data + f.offset, std::min<uint32_t>(f.length(), 64)), "'");
      }
    }
  }
  length_ += n;
  return Status::OK();
}

Status CsvColumnBuilder::Append(const char* data, const CsvField* fields, int64_t stride, int64_t n,
                                const int64_t* row_lines) {
  Reserve(n);
  switch (type_->id()) {
    case TypeId::kBoolean:
      return AppendBool(data, fields, stride, n, row_lines);
    case TypeId::kInt8:
      return AppendFixed<int8_t>(data, fields, stride, n, row_lines, ParseSigned<int8_t>);
    case TypeId::kInt16:
      return AppendFixed<int16_t>(data, fields, stride, n, row_lines, ParseSigned<int16_t>);
    case TypeId::kInt32:
      return AppendFixed<int32_t>(data, fields, stride, n, row_lines, ParseSigned<int32_t>);
    case TypeId::kInt64:
      return AppendFixed<int64_t>(data, fields, stride, n, row_lines, ParseInt64);
    case TypeId::kUInt8:
      return AppendFixed<uint8_t>(data, fields, stride, n, row_lines, ParseUnsigned<uint8_t>);
    case TypeId::kUInt16:
      return AppendFixed<uint16_t>(data, fields, stride, n, row_lines, ParseUnsigned<uint16_t>);
    case TypeId::kUInt32:
      return AppendFixed<uint32_t>(data, fields, stride, n, row_lines, ParseUnsigned<uint32_t>);
    case TypeId::kUInt64:
      return AppendFixed<uint64_t>(data, fields, stride, n, row_lines, ParseUInt64);
    case TypeId::kFloat32:
      return AppendFixed<float>(data, fields, stride, n, row_lines, ParseFloat);
    case TypeId::kFloat64:
      return AppendFixed<double>(data, fields, stride, n, row_lines, ParseDouble);
    case TypeId::kDecimal: {
      const int precision = type_->precision();
      const int scale = type_->scale();
      return AppendFixed<__int128>(data, fields, stride, n, row_lines,
                                   [precision, scale](std::string_view s, __int128* out) {
                                     return ParseDecimal(s, precision, scale, out);
                                   });
    }
    case TypeId::kDate32:
      return AppendFixed<int32_t>(data, fields, stride, n, row_lines, ParseDate);
    case TypeId::kTime64: {
      const columnar::TimeUnit unit = type_->unit();
      return AppendFixed<int64_t>(
          data, fields, stride, n, row_lines,
          [unit](std::string_view s, int64_t* out) { return ParseTime(s, unit, out); });
    }
    case TypeId::kTimestamp: {
      const columnar::TimeUnit unit = type_->unit();
      return AppendFixed<int64_t>(data, fields, stride, n, row_lines,
                                  [unit](std::string_view s, int64_t* out) {
                                    bool zone;
                                    return ParseTimestamp(s, unit, out, &zone);
                                  });
    }
    case TypeId::kString:
    case TypeId::kBinary:
      return AppendBytes(data, fields, stride, n, row_lines);
    default:
      return CheckSupported(*type_);
  }
}

columnar::VectorPtr CsvColumnBuilder::Finish() {
  auto v = std::make_shared<columnar::Vector>(type_, length_);
  switch (type_->id()) {
    case TypeId::kBoolean:
      values_->Resize(bit_util::BytesForBits(length_));
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      values_->Resize((length_ + 1) * 8);
      break;
    default:
      values_->Resize(length_ * width_);
      break;
  }
  v->set_values(std::move(values_));
  if (data_) v->set_data(std::move(data_));
  if (validity_) {
    validity_->Resize(bit_util::BytesForBits(length_));
    v->set_validity(std::move(validity_));
  }
  v->FinishValidity();
  length_ = capacity_ = 0;
  return v;
}

}  // namespace lakeml::csv
