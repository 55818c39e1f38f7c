// RowKernels: adapters that turn a per-row function into a vectorized ScalarKernel, for
// functions whose work is per value (strings, dates, math). Nulls propagate: the row function
// runs only on rows where every argument is valid. It may set *null to produce a null, and an
// error Status aborts the batch (or nulls the row in try mode).
//
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/bit_util.h"
#include "base/status.h"
#include "columnar/vector.h"
#include "sql/function/binding_factory.h"
#include "sql/function/kernel_output.h"
#include "sql/function/scalar_function.h"

namespace lakeml::sql {

using RowArgs = std::vector<const columnar::Vector*>;

template <typename T>
using RowFn = Status (*)(const KernelContext& ctx, const RowArgs& a, int64_t i, T* out, bool* null);

class RowKernels {
 public:
  // String (or binary) results.
  template <RowFn<std::string> kFn>
  static Status String(const KernelContext& ctx, const RowArgs& args, int64_t n,
                       columnar::VectorPtr* out) {
    StringVectorBuilder b(ctx.function->return_type, n);
    std::string s;
    for (int64_t i = 0; i < n; ++i) {
      bool null = BindingFactory::AnyNull(args, i);
      if (!null) {
        s.clear();
        Status st = kFn(ctx, args, i, &s, &null);
        if (!st.ok()) {
          if (!ctx.null_on_error) return st;
          null = true;
        }
      }
      if (null) {
        b.AppendNull();
      } else {
        b.Append(s);
      }
    }
    *out = b.Finish();
    return Status::OK();
  }

  // Fixed-width results (T is the storage type of the return type).
  template <typename T, RowFn<T> kFn>
  static Status Fixed(const KernelContext& ctx, const RowArgs& args, int64_t n,
                      columnar::VectorPtr* out) {
    columnar::VectorPtr v = columnar::Vector::Make(ctx.function->return_type, n);
    T* o = v->mutable_values()->template mutable_as<T>();
    for (int64_t i = 0; i < n; ++i) {
      bool null = BindingFactory::AnyNull(args, i);
      o[i] = T();
      if (!null) {
        Status st = kFn(ctx, args, i, &o[i], &null);
        if (!st.ok()) {
          if (!ctx.null_on_error) return st;
          null = true;
        }
      }
      if (null) KernelOutput::SetNull(v.get(), i);
    }
    v->FinishValidity();
    *out = std::move(v);
    return Status::OK();
  }

  // Boolean results.
  template <RowFn<bool> kFn>
  static Status Bool(const KernelContext& ctx, const RowArgs& args, int64_t n,
                     columnar::VectorPtr* out) {
    columnar::VectorPtr v = columnar::Vector::Make(ctx.function->return_type, n);
    uint8_t* bits = v->mutable_values()->mutable_data();
    for (int64_t i = 0; i < n; ++i) {
      bool null = BindingFactory::AnyNull(args, i);
      bool value = false;
      if (!null) {
        Status st = kFn(ctx, args, i, &value, &null);
        if (!st.ok()) {
          if (!ctx.null_on_error) return st;
          null = true;
        }
      }
      bit_util::SetBitTo(bits, i, value && !null);
      if (null) KernelOutput::SetNull(v.get(), i);
    }
    v->FinishValidity();
    *out = std::move(v);
    return Status::OK();
  }
};

}  // namespace lakeml::sql
