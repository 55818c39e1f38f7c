#include "columnar/vector.h"

namespace lakeml::columnar {

VectorPtr Vector::Make(TypePtr type, int64_t length) {
  auto v = std::make_shared<Vector>(type, length);
  switch (type->id()) {
    case TypeId::kNull:
      break;
    case TypeId::kBoolean:
      v->values_ = Buffer::AllocateZeroed(bit_util::BytesForBits(length));
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      v->values_ = Buffer::Allocate((length + 1) * 8);
      v->data_ = Buffer::Allocate(0);
      break;
    case TypeId::kList:
    case TypeId::kMap:
      v->values_ = Buffer::Allocate((length + 1) * 8);
      for (const Field& f : type->children()) v->children_.push_back(Make(f.type, 0));
      break;
    case TypeId::kStruct:
      for (const Field& f : type->children()) v->children_.push_back(Make(f.type, length));
      break;
    default:
      v->values_ = Buffer::Allocate(length * type->fixed_width());
      break;
  }
  return v;
}

VectorPtr Vector::MakeNull(TypePtr type, int64_t length) {
  auto v = Make(type, length);
  v->validity_ = Buffer::AllocateZeroed(bit_util::BytesForBits(length));
  v->null_count_ = length;
  switch (type->id()) {
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kList:
    case TypeId::kMap:
      std::memset(v->values_->mutable_data(), 0, (length + 1) * 8);
      break;
    case TypeId::kStruct:
      for (size_t i = 0; i < type->children().size(); ++i) {
        v->children_[i] = MakeNull(type->children()[i].type, length);
      }
      break;
    default:
      if (v->values_) std::memset(v->values_->mutable_data(), 0, v->values_->size());
      break;
  }
  return v;
}

Buffer* Vector::EnsureValidity() {
  if (!validity_) {
    validity_ = Buffer::Allocate(bit_util::BytesForBits(length_));
    std::memset(validity_->mutable_data(), 0xFF, validity_->size());
  }
  return validity_.get();
}

void Vector::FinishValidity() {
  if (!validity_) {
    null_count_ = 0;
    return;
  }
  null_count_ = length_ - bit_util::CountSetBits(validity_->data(), 0, length_);
  if (null_count_ == 0) validity_.reset();
}

}  // namespace lakeml::columnar
