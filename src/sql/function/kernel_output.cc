#include "sql/function/kernel_output.h"

#include <cstring>

#include "base/bit_util.h"

namespace lakeml::sql {

using columnar::Buffer;
using columnar::Vector;
using columnar::VectorPtr;

void KernelOutput::PropagateNulls(const std::vector<const Vector*>& args, int64_t n, Vector* out) {
  out->set_validity(nullptr);
  const int64_t bytes = bit_util::BytesForBits(n);
  uint8_t* bits = nullptr;
  for (const Vector* a : args) {
    if (a->null_count() == 0 || !a->validity()) continue;
    if (bits == nullptr) {
      auto buf = Buffer::Allocate(bytes);
      std::memcpy(buf->mutable_data(), a->validity()->data(), bytes);
      bits = buf->mutable_data();
      out->set_validity(std::move(buf));
    } else {
      const uint8_t* other = a->validity()->data();
      for (int64_t i = 0; i < bytes; ++i) bits[i] &= other[i];
    }
  }
  out->FinishValidity();
}

VectorPtr KernelOutput::MakePropagatingNulls(const columnar::TypePtr& type,
                                             const std::vector<const Vector*>& args, int64_t n) {
  VectorPtr out = Vector::Make(type, n);
  PropagateNulls(args, n, out.get());
  return out;
}

void KernelOutput::SetNull(Vector* v, int64_t i) {
  bit_util::ClearBit(v->EnsureValidity()->mutable_data(), i);
}

VectorPtr KernelOutput::Expand(const columnar::Scalar& value, int64_t n) {
  if (value.is_null) return Vector::MakeNull(value.type, n);
  const columnar::TypePtr& t = value.type;
  switch (t->id()) {
    case columnar::TypeId::kString:
    case columnar::TypeId::kBinary: {
      StringVectorBuilder b(t, n);
      for (int64_t i = 0; i < n; ++i) b.Append(value.bytes);
      return b.Finish();
    }
    case columnar::TypeId::kBoolean: {
      VectorPtr v = Vector::Make(t, n);
      bit_util::SetBitsTo(v->mutable_values()->mutable_data(), 0, n, value.b);
      return v;
    }
    default:
      break;
  }
  VectorPtr v = Vector::Make(t, n);
  uint8_t* out = v->mutable_values()->mutable_data();
  const int w = t->fixed_width();
  uint8_t one[16] = {};
  switch (t->id()) {
    case columnar::TypeId::kFloat32: {
      float f = static_cast<float>(value.d);
      std::memcpy(one, &f, 4);
      break;
    }
    case columnar::TypeId::kFloat64:
      std::memcpy(one, &value.d, 8);
      break;
    case columnar::TypeId::kDecimal:
      std::memcpy(one, &value.dec, 16);
      break;
    case columnar::TypeId::kUInt8:
    case columnar::TypeId::kUInt16:
    case columnar::TypeId::kUInt32:
    case columnar::TypeId::kUInt64:
      std::memcpy(one, &value.u, w);  // Little-endian: the low bytes.
      break;
    case columnar::TypeId::kFixedSizeBinary:
      return Vector::MakeNull(t, n);  // Not produced by SQL constants.
    default:
      std::memcpy(one, &value.i, w);
      break;
  }
  // Fixed-size copies per width, so that the compiler emits plain stores (no memcpy calls).
  switch (w) {
    case 16:
      for (int64_t i = 0; i < n; ++i) std::memcpy(out + i * 16, one, 16);
      break;
    case 8:
      for (int64_t i = 0; i < n; ++i) std::memcpy(out + i * 8, one, 8);
      break;
    case 4:
      for (int64_t i = 0; i < n; ++i) std::memcpy(out + i * 4, one, 4);
      break;
    default:
      for (int64_t i = 0; i < n; ++i) std::memcpy(out + i * w, one, w);
      break;
  }
  return v;
}

StringVectorBuilder::StringVectorBuilder(columnar::TypePtr type, int64_t n)
    : v_(Vector::Make(std::move(type), n)) {
  offsets_ = v_->mutable_values()->mutable_as<int64_t>();
  offsets_[0] = 0;
}

void StringVectorBuilder::Append(std::string_view s) {
  // An empty view may have a null data pointer, which memcpy must not see.
  if (!s.empty()) v_->mutable_data()->Append(s.data(), static_cast<int64_t>(s.size()));
  offsets_[++row_] = v_->data()->size();
}

void StringVectorBuilder::AppendNull() {
  KernelOutput::SetNull(v_.get(), row_);
  offsets_[row_ + 1] = offsets_[row_];
  ++row_;
}

VectorPtr StringVectorBuilder::Finish() {
  v_->FinishValidity();
  return std::move(v_);
}

}  // namespace lakeml::sql
