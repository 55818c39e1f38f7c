// ValueGatherer: collects the non-null values of a leaf column slice and converts them to the
// leaf's Parquet physical representation (widening small integers, decimals to big-endian
// bytes, intervals to 12 bytes, seconds to milliseconds...).
//
// Layout-identical values without nulls are not copied: the result points into the vector.
// Otherwise the values land in scratch buffers the gatherer owns and reuses; a result stays
// valid until the next Gather call. Not thread-safe: one gatherer per leaf per thread.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "columnar/buffer.h"
#include "columnar/vector.h"
#include "format/parquet/writer/physical_values.h"
#include "format/parquet/writer/writer_leaf.h"

namespace lakeml::parquet {

// Which values of a leaf vector to gather.
struct ValueSelection {
  // Nested leaves: positions[0, count) in the vector.
  const int64_t* positions = nullptr;
  // Flat leaves (positions == null): rows [row_begin, row_begin + row_count), skipping the
  // nulls of the vector's validity bitmap.
  int64_t row_begin = 0;
  int64_t row_count = 0;
  int64_t count = 0;  // Non-null values selected.
};

class ValueGatherer {
 public:
  // REQUIRES: `leaf` outlives the gatherer.
  explicit ValueGatherer(const WriterLeaf* leaf) : leaf_(leaf) {}

  // InvalidArgument, naming the column, when a value does not fit its physical type (a
  // decimal beyond its precision, a negative interval, a time past the INT32 range...).
  // REQUIRES: `values` is the leaf's vector; the selection lies within it.
  Status Gather(const columnar::Vector& values, const ValueSelection& selection,
                PhysicalValues* out);

 private:
  template <typename Src, typename Dst, typename Convert>
  Status GatherFixed(const columnar::Vector& values, const ValueSelection& s, Convert convert,
                     PhysicalValues* out);
  Status GatherDecimalBytes(const columnar::Vector& values, const ValueSelection& s,
                            PhysicalValues* out);
  Status GatherInterval(const columnar::Vector& values, const ValueSelection& s,
                        PhysicalValues* out);
  Status GatherRawFixed(const columnar::Vector& values, const ValueSelection& s, int width,
                        PhysicalValues* out);
  void GatherBooleans(const columnar::Vector& values, const ValueSelection& s, PhysicalValues* out);
  void GatherByteArrays(const columnar::Vector& values, const ValueSelection& s,
                        PhysicalValues* out);
  Status ValueError(const char* what, int64_t position) const;

  const WriterLeaf* leaf_;
  // Scratch, reused between calls (Buffer: no zero-filling on growth).
  columnar::BufferPtr fixed_ = columnar::Buffer::Allocate(0);
  columnar::BufferPtr offsets_ = columnar::Buffer::Allocate(0);
  columnar::BufferPtr data_ = columnar::Buffer::Allocate(0);
};

}  // namespace lakeml::parquet
