// Bitwise functions on integral values as Spark: the operators & | ^ ~ (the parser produces
// them as calls of those names), shiftleft / shiftright / shiftrightunsigned (Java's shifts: the
// distance is taken modulo the width) and bit_count. TINYINT and SMALLINT shift as INT, as Spark.
#include <bitset>
#include <cstdint>
#include <string>
#include <type_traits>

#include "base/str_cat.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/row_kernels.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;

enum class BitOp { kAnd, kOr, kXor, kNot, kShiftLeft, kShiftRight, kShiftRightUnsigned };

template <typename T>
T BitwiseValueAt(const columnar::Vector& v, int64_t i) {
  return v.values_as<T>()[i];
}

template <typename T, BitOp kOp>
Status BitwiseRow(const KernelContext&, const RowArgs& a, int64_t i, T* out, bool*) {
  using U = std::make_unsigned_t<T>;
  const T x = BitwiseValueAt<T>(*a[0], i);
  if constexpr (kOp == BitOp::kNot) {
    *out = static_cast<T>(~x);
  } else if constexpr (kOp == BitOp::kAnd || kOp == BitOp::kOr || kOp == BitOp::kXor) {
    const T y = BitwiseValueAt<T>(*a[1], i);
    *out = kOp == BitOp::kAnd ? static_cast<T>(x & y)
                              : (kOp == BitOp::kOr ? static_cast<T>(x | y) : static_cast<T>(x ^ y));
  } else {
    // Java masks the distance to the width: 1 << 33 on an INT is 1 << 1.
    const unsigned n =
        static_cast<unsigned>(BitwiseValueAt<int32_t>(*a[1], i)) & (sizeof(T) * 8 - 1);
    if constexpr (kOp == BitOp::kShiftLeft) {
      *out = static_cast<T>(static_cast<U>(x) << n);
    } else if constexpr (kOp == BitOp::kShiftRight) {
      *out = static_cast<T>(x >> n);  // arithmetic on signed values (C++20)
    } else {
      *out = static_cast<T>(static_cast<U>(x) >> n);
    }
  }
  return Status::OK();
}

// bit_count counts the bits of the value sign-extended to 64 bits (Spark's Long.bitCount), and
// 1 for TRUE.
template <typename T>
Status BitCountRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  if constexpr (std::is_same_v<T, bool>) {
    *out = a[0]->GetBool(i) ? 1 : 0;
  } else {
    const auto wide = static_cast<uint64_t>(static_cast<int64_t>(BitwiseValueAt<T>(*a[0], i)));
    *out = static_cast<int32_t>(std::bitset<64>(wide).count());
  }
  return Status::OK();
}

template <BitOp kOp>
ScalarKernel BitwiseKernelFor(TypeId id) {
  switch (id) {
    case TypeId::kInt8:
      return RowKernels::Fixed<int8_t, BitwiseRow<int8_t, kOp>>;
    case TypeId::kInt16:
      return RowKernels::Fixed<int16_t, BitwiseRow<int16_t, kOp>>;
    case TypeId::kInt32:
      return RowKernels::Fixed<int32_t, BitwiseRow<int32_t, kOp>>;
    case TypeId::kInt64:
      return RowKernels::Fixed<int64_t, BitwiseRow<int64_t, kOp>>;
    default:
      return nullptr;
  }
}

Status NotIntegral(std::string_view name, const TypePtr& t) {
  return Status::InvalidArgument(
      StrCat(name, " requires integral operands, but got \"", SqlType::SqlName(t), "\""));
}

Result<BindingFactory::Ptr> ResolveBitwise(std::string_view name, const std::vector<TypePtr>& in) {
  auto non_null = [](const TypePtr& t, const TypePtr& other) {
    return t->id() == TypeId::kNull ? other : t;
  };
  if (name == "~") {
    const TypePtr t = non_null(in[0], SqlType::Int());
    ScalarKernel k = BitwiseKernelFor<BitOp::kNot>(t->id());
    if (k == nullptr) return NotIntegral(name, t);
    return BindingFactory::Make(name, {t}, t, k);
  }
  if (name == "&" || name == "|" || name == "^") {
    TypePtr t = SqlType::CommonType(non_null(in[0], in[1]), non_null(in[1], in[0]));
    if (t == nullptr || t->id() == TypeId::kNull) t = SqlType::Int();
    const BitOp op = name == "&" ? BitOp::kAnd : (name == "|" ? BitOp::kOr : BitOp::kXor);
    ScalarKernel k = op == BitOp::kAnd  ? BitwiseKernelFor<BitOp::kAnd>(t->id())
                     : op == BitOp::kOr ? BitwiseKernelFor<BitOp::kOr>(t->id())
                                        : BitwiseKernelFor<BitOp::kXor>(t->id());
    for (const TypePtr& operand : in) {
      if (operand->id() != TypeId::kNull && !SqlType::IsIntegral(operand)) {
        return NotIntegral(name, operand);
      }
    }
    if (k == nullptr) return NotIntegral(name, t);
    return BindingFactory::Make(name, {t, t}, t, k);
  }
  if (name == "bit_count") {
    const TypeId id = in[0]->id() == TypeId::kNull ? TypeId::kInt32 : in[0]->id();
    ScalarKernel k = nullptr;
    switch (id) {
      case TypeId::kBoolean:
        k = RowKernels::Fixed<int32_t, BitCountRow<bool>>;
        break;
      case TypeId::kInt8:
        k = RowKernels::Fixed<int32_t, BitCountRow<int8_t>>;
        break;
      case TypeId::kInt16:
        k = RowKernels::Fixed<int32_t, BitCountRow<int16_t>>;
        break;
      case TypeId::kInt32:
        k = RowKernels::Fixed<int32_t, BitCountRow<int32_t>>;
        break;
      case TypeId::kInt64:
        k = RowKernels::Fixed<int32_t, BitCountRow<int64_t>>;
        break;
      default:
        return NotIntegral(name, in[0]);
    }
    const TypePtr arg = in[0]->id() == TypeId::kNull ? SqlType::Int() : in[0];
    return BindingFactory::Make(name, {arg}, SqlType::Int(), k);
  }
  // shiftleft / shiftright / shiftrightunsigned: BIGINT stays BIGINT, smaller integers are INT.
  const TypePtr base = non_null(in[0], SqlType::Int());
  if (!SqlType::IsIntegral(base) || !SqlType::IsIntegral(non_null(in[1], SqlType::Int()))) {
    return NotIntegral(name, SqlType::IsIntegral(base) ? in[1] : base);
  }
  const TypePtr t = base->id() == TypeId::kInt64 ? SqlType::BigInt() : SqlType::Int();
  ScalarKernel k = name == "shiftleft"    ? BitwiseKernelFor<BitOp::kShiftLeft>(t->id())
                   : name == "shiftright" ? BitwiseKernelFor<BitOp::kShiftRight>(t->id())
                                          : BitwiseKernelFor<BitOp::kShiftRightUnsigned>(t->id());
  return BindingFactory::Make(name, {t, SqlType::Int()}, t, k);
}

}  // namespace

void BuiltinFunctions::RegisterBitwise(FunctionRegistry* registry) {
  registry->AddScalar({"&", 2, 2, ResolveBitwise});
  registry->AddScalar({"|", 2, 2, ResolveBitwise});
  registry->AddScalar({"^", 2, 2, ResolveBitwise});
  registry->AddScalar({"~", 1, 1, ResolveBitwise});
  registry->AddScalar({"bit_count", 1, 1, ResolveBitwise});
  for (const char* name : {"shiftleft", "shiftright", "shiftrightunsigned"}) {
    registry->AddScalar({name, 2, 2, ResolveBitwise});
  }
}

}  // namespace lakeml::sql
