// Type widening (PROTOCOL.md, "Type Widening"): which column type changes a table may have gone
// through, and the conversion of values read from data files written before a change to the
// current, wider type.
//
// "Readers must allow reading data files written before the table underwent any supported type
// change, and must convert such values to the current, wider type."
//
// Pure functions; thread-safe.
#pragma once

#include "base/result.h"
#include "base/status.h"
#include "columnar/data_type.h"
#include "columnar/schema.h"
#include "columnar/vector.h"

namespace lakeml::delta {

// True if values of primitive type `from` convert losslessly to `to` under a type change Delta
// supports (false when the types are equal or either is nested):
//   byte -> short -> integer -> long            float -> double
//   byte, short, integer -> double              date -> timestamp_ntz
//   decimal(p, s) -> decimal(p + k1, s + k2) with k1 >= k2 >= 0
//   byte, short, integer, long -> decimal(P + k1, k2) with k1 >= k2 >= 0, where P is the
//   integer type's digit count: 3, 5, 10, 20.
// The last rule is Delta Spark's and wider than the protocol text (which asks P = 10 for
// byte and short): Spark writes byte -> decimal(4,1) (delta-kernel-rs/type-widening), and such
// values are still exact. Writers proposing a new change use IsProtocolWidening() instead.
bool IsSupportedWidening(const columnar::DataType& from, const columnar::DataType& to);

// The protocol's list exactly: as IsSupportedWidening(), but byte, short and integer widen to
// decimal(10 + k1, k2) only. "Writers must reject applying any unsupported type change."
bool IsProtocolWidening(const columnar::DataType& from, const columnar::DataType& to);

// `v` converted to `to`, value by value; the validity bitmap is shared, not copied. Returns `v`
// itself when its type already equals `to`, and InvalidArgument when
// !IsSupportedWidening(v->type(), to). Values under nulls are converted too (with wrap-around,
// never undefined behavior), so no per-value branch is taken.
Result<columnar::VectorPtr> WidenVector(const columnar::VectorPtr& v, const columnar::TypePtr& to);

// Checks every `delta.typeChanges` entry in `schema` (at any depth): each must be a JSON list of
// objects with string `fromType` and `toType` naming a change IsSupportedWidening() accepts.
// "Readers must validate that they support all type changes in the delta.typeChanges field in
// the table schema for the table version they are reading and fail when finding any
// unsupported type change." Errors name the column.
Status ValidateTypeChanges(const columnar::Schema& schema);

}  // namespace lakeml::delta
