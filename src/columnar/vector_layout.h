// Vector layout: checks that a Vector's buffers are as large as its type and length say, and
// builds well-formed empty vectors. The selection kernels (filter, take, concat) check their
// inputs with CheckVectorLayout once, at the top, so that their loops may trust the layout.
//
// Pure functions; thread-safe.
#pragma once

#include "base/status.h"
#include "columnar/vector.h"

namespace lakeml::columnar {

// Checks `v` and its children recursively: buffers present and large enough for the length,
// child counts match the type, struct children as long as the struct, the first and last
// offsets of strings, binaries, lists and maps within the data or child. Costs O(number of
// vectors in the tree), not O(values): offsets in between are trusted to be non-decreasing.
// Returns InvalidArgument naming the type and the values when something does not fit.
Status CheckVectorLayout(const Vector& v);

// A vector of `type` with no rows; offsets buffers hold their single 0, children are empty too.
VectorPtr MakeEmptyVector(const TypePtr& type);

}  // namespace lakeml::columnar
