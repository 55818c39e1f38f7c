#include "format/parquet/encoding/delta_length_byte_array_decoder.h"

#include <algorithm>
#include <cstring>

#include "base/check.h"

namespace lakeml::parquet {
namespace {

constexpr int64_t kChunk = 1024;  // Lengths decoded per step.

}  // namespace

Status DeltaLengthByteArrayDecoder::Reset(const uint8_t* data, int64_t size, int64_t num_values) {
  bytes_ = end_ = nullptr;
  // An empty stream fails to parse and leaves no values until this page validates.
  lengths_.Reset(data, 0, 0).IgnoreError();
  LAKEML_ASSIGN_OR_RETURN(const int64_t lengths_size,
                          DeltaBinaryPackedDecoder<uint32_t>::EncodedSize(data, size));
  LAKEML_RETURN_IF_ERROR(lengths_.Reset(data, lengths_size, num_values));
  bytes_ = data + lengths_size;
  end_ = data + size;
  return Status::OK();
}

Status DeltaLengthByteArrayDecoder::DecodeByteArrays(int64_t n, int64_t* offsets,
                                                     columnar::Buffer* data) {
  if (n > lengths_.values_left()) {
    return Status::Corruption(
        "DELTA_LENGTH_BYTE_ARRAY page has fewer values than requested: requested ", n,
        ", remaining ", lengths_.values_left());
  }
  LAKEML_DCHECK(offsets[0] == data->size());
  chunk_.resize(std::min(n, kChunk));
  int64_t offset = data->size();
  for (int64_t done = 0; done < n;) {
    const int64_t c = std::min<int64_t>(n - done, kChunk);
    LAKEML_RETURN_IF_ERROR(lengths_.Decode(chunk_.data(), c));
    int64_t total = 0;
    for (int64_t i = 0; i < c; ++i) {
      const int32_t len = static_cast<int32_t>(chunk_[i]);
      if (len < 0) {
        return Status::Corruption("DELTA_LENGTH_BYTE_ARRAY negative length: ", len, " for value ",
                                  done + i);
      }
      total += len;
      offsets[done + i + 1] = offset + total;
    }
    if (total > end_ - bytes_) {
      return Status::Corruption("DELTA_LENGTH_BYTE_ARRAY values overrun page: ", total,
                                " bytes needed, ", end_ - bytes_, " left");
    }
    data->Resize(offset + total);
    if (total > 0) std::memcpy(data->mutable_data() + offset, bytes_, total);
    bytes_ += total;
    offset += total;
    done += c;
  }
  return Status::OK();
}

}  // namespace lakeml::parquet
