#include "delta/checkpoint/vector_builder.h"

#include "base/bit_util.h"

namespace lakeml::delta {

using columnar::Buffer;
using columnar::TypeId;
using columnar::VectorPtr;

VectorBuilder::VectorBuilder(columnar::TypePtr type) : type_(std::move(type)) {
  if (type_->is_nested()) {
    for (const columnar::Field& f : type_->children()) {
      children_.push_back(std::make_unique<VectorBuilder>(f.type));
    }
  }
  Reset();
}

VectorBuilder::~VectorBuilder() = default;

void VectorBuilder::Reset() {
  length_ = 0;
  validity_.reset();
  values_.reset();
  data_.reset();
  switch (type_->id()) {
    case TypeId::kNull:
    case TypeId::kStruct:
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      data_ = Buffer::Allocate(0);
      [[fallthrough]];
    case TypeId::kList:
    case TypeId::kMap: {
      values_ = Buffer::Allocate(8);
      values_->mutable_as<int64_t>()[0] = 0;
      break;
    }
    default:
      values_ = Buffer::Allocate(0);
      break;
  }
}

void VectorBuilder::AppendValidity(bool valid) {
  if (!valid && !validity_) {
    // First null: every earlier row was valid.
    validity_ = Buffer::Allocate(bit_util::BytesForBits(length_ + 1));
    std::memset(validity_->mutable_data(), 0xFF, validity_->size());
  }
  if (validity_) {
    validity_->Resize(bit_util::BytesForBits(length_ + 1));
    bit_util::SetBitTo(validity_->mutable_data(), length_, valid);
  }
  ++length_;
}

int64_t VectorBuilder::ChildLength() const { return values_->as<int64_t>()[length_]; }

void VectorBuilder::AppendNull() {
  switch (type_->id()) {
    case TypeId::kNull:
      break;
    case TypeId::kBoolean:
      if ((length_ & 7) == 0) {
        values_->Resize(bit_util::BytesForBits(length_ + 1));
        values_->mutable_data()[length_ >> 3] = 0;
      }
      bit_util::ClearBit(values_->mutable_data(), length_);
      break;
    case TypeId::kStruct:
      for (auto& c : children_) c->AppendNull();
      break;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kList:
    case TypeId::kMap: {
      const int64_t end = values_->as<int64_t>()[length_];
      values_->Resize((length_ + 2) * 8);
      values_->mutable_as<int64_t>()[length_ + 1] = end;
      break;
    }
    default: {
      const int w = type_->fixed_width();
      const int64_t at = length_ * w;
      values_->Resize(at + w);
      std::memset(values_->mutable_data() + at, 0, w);
      break;
    }
  }
  AppendValidity(false);
}

void VectorBuilder::AppendBool(bool v) {
  LAKEML_DCHECK(type_->id() == TypeId::kBoolean);
  if ((length_ & 7) == 0) {
    values_->Resize(bit_util::BytesForBits(length_ + 1));
    values_->mutable_data()[length_ >> 3] = 0;
  }
  bit_util::SetBitTo(values_->mutable_data(), length_, v);
  AppendValidity(true);
}

void VectorBuilder::AppendString(std::string_view v) {
  LAKEML_DCHECK(type_->is_binary_like());
  data_->Append(v.data(), static_cast<int64_t>(v.size()));
  values_->Resize((length_ + 2) * 8);
  values_->mutable_as<int64_t>()[length_ + 1] = data_->size();
  AppendValidity(true);
}

void VectorBuilder::AppendStruct() {
  LAKEML_DCHECK(type_->id() == TypeId::kStruct);
#ifndef NDEBUG
  for (const auto& c : children_) LAKEML_DCHECK(c->length() == length_ + 1);
#endif
  AppendValidity(true);
}

void VectorBuilder::AppendList() {
  LAKEML_DCHECK(type_->id() == TypeId::kList || type_->id() == TypeId::kMap);
  const int64_t end = children_[0]->length();
  LAKEML_DCHECK(end >= ChildLength());
  values_->Resize((length_ + 2) * 8);
  values_->mutable_as<int64_t>()[length_ + 1] = end;
  AppendValidity(true);
}

void VectorBuilder::AppendScalar(const columnar::Scalar& s) {
  if (s.is_null) {
    AppendNull();
    return;
  }
  switch (type_->id()) {
    case TypeId::kBoolean:
      AppendBool(s.b);
      return;
    case TypeId::kInt8:
      AppendFixed<int8_t>(static_cast<int8_t>(s.i));
      return;
    case TypeId::kInt16:
      AppendFixed<int16_t>(static_cast<int16_t>(s.i));
      return;
    case TypeId::kInt32:
    case TypeId::kDate32:
      AppendFixed<int32_t>(static_cast<int32_t>(s.i));
      return;
    case TypeId::kInt64:
    case TypeId::kTime64:
    case TypeId::kTimestamp:
      AppendFixed<int64_t>(s.i);
      return;
    case TypeId::kUInt8:
      AppendFixed<uint8_t>(static_cast<uint8_t>(s.u));
      return;
    case TypeId::kUInt16:
      AppendFixed<uint16_t>(static_cast<uint16_t>(s.u));
      return;
    case TypeId::kUInt32:
      AppendFixed<uint32_t>(static_cast<uint32_t>(s.u));
      return;
    case TypeId::kUInt64:
      AppendFixed<uint64_t>(s.u);
      return;
    case TypeId::kFloat32:
      AppendFixed<float>(static_cast<float>(s.d));
      return;
    case TypeId::kFloat64:
      AppendFixed<double>(s.d);
      return;
    case TypeId::kDecimal:
      AppendFixed<__int128>(s.dec);
      return;
    case TypeId::kString:
    case TypeId::kBinary:
      AppendString(s.bytes);
      return;
    default:
      // Types a partition value or a statistic never has.
      AppendNull();
      return;
  }
}

VectorPtr VectorBuilder::Finish() {
  auto v = std::make_shared<columnar::Vector>(type_, length_);
  v->set_values(values_);
  v->set_data(data_);
  if (validity_) {
    v->set_validity(validity_);
    v->FinishValidity();
  }
  for (auto& c : children_) v->mutable_children().push_back(c->Finish());
  Reset();
  return v;
}

}  // namespace lakeml::delta
