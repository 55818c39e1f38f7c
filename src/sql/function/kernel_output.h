// KernelOutput: building the result vectors of kernels: null propagation, setting nulls,
// expanding constants, and string output.
//
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "columnar/scalar.h"
#include "columnar/vector.h"

namespace lakeml::sql {

class KernelOutput {
 public:
  // A vector of `type` and `n` rows (values uninitialized) whose validity is the AND of the
  // arguments' validity: no bitmap when every argument is all valid.
  static columnar::VectorPtr MakePropagatingNulls(const columnar::TypePtr& type,
                                                  const std::vector<const columnar::Vector*>& args,
                                                  int64_t n);
  // Copies the AND of the arguments' validity into `out` (replacing its bitmap).
  static void PropagateNulls(const std::vector<const columnar::Vector*>& args, int64_t n,
                             columnar::Vector* out);
  // Marks row i null (allocating the bitmap if needed). Call FinishValidity() at the end.
  static void SetNull(columnar::Vector* v, int64_t i);
  // A vector of `n` copies of `value`. REQUIRES: value's type is not nested.
  static columnar::VectorPtr Expand(const columnar::Scalar& value, int64_t n);
};

// StringVectorBuilder: appends string or binary values row by row.
class StringVectorBuilder {
 public:
  StringVectorBuilder(columnar::TypePtr type, int64_t n);
  void Append(std::string_view s);
  void AppendNull();
  columnar::VectorPtr Finish();

 private:
  columnar::VectorPtr v_;
  int64_t row_ = 0;
  int64_t* offsets_;
};

}  // namespace lakeml::sql
