#include "format/parquet/encoding/rle_bit_packed_encoder.h"

#include "format/parquet/encoding/bit_packer.h"
#include "format/parquet/encoding/varint.h"

namespace lakeml::parquet {

RleBitPackedEncoder::RleBitPackedEncoder(int bit_width) : bit_width_(bit_width) {
  LAKEML_CHECK(bit_width >= 0 && bit_width <= 32);
}

void RleBitPackedEncoder::Clear() {
  out_.clear();
  num_buffered_ = 0;
  current_ = 0;
  repeat_count_ = 0;
  literal_groups_ = 0;
  literal_header_ = -1;
}

void RleBitPackedEncoder::WriteLiteralGroup() {
  if (literal_header_ < 0) {
    literal_header_ = static_cast<int64_t>(out_.size());
    out_.push_back('\0');
  }
  const size_t old = out_.size();
  out_.resize(old + bit_width_);  // 8 values of bit_width bits.
  BitPack64(buffered_, bit_width_, kGroup, reinterpret_cast<uint8_t*>(out_.data() + old));
  num_buffered_ = 0;
  if (++literal_groups_ == kMaxGroups) CloseLiteralRun();
}

void RleBitPackedEncoder::CloseLiteralRun() {
  if (literal_header_ < 0) return;
  out_[literal_header_] = static_cast<char>((literal_groups_ << 1) | 1);
  literal_header_ = -1;
  literal_groups_ = 0;
}

void RleBitPackedEncoder::FlushBufferedGroup() {
  if (repeat_count_ >= kMinRepeat) {
    // The whole group repeats one value: it starts an RLE run, so any open bit-packed run
    // ends before it.
    num_buffered_ = 0;
    CloseLiteralRun();
    return;
  }
  WriteLiteralGroup();
  repeat_count_ = 0;  // Runs start at group boundaries only.
}

void RleBitPackedEncoder::FlushRepeatedRun() {
  AppendUleb128(&out_, static_cast<uint64_t>(repeat_count_) << 1);
  const uint64_t v = current_;
  out_.append(reinterpret_cast<const char*>(&v), (bit_width_ + 7) / 8);  // Little-endian host.
  num_buffered_ = 0;
  repeat_count_ = 0;
}

void RleBitPackedEncoder::FinishTo(std::string* out) {
  const bool all_repeat = literal_groups_ == 0 && literal_header_ < 0 &&
                          (num_buffered_ == 0 || repeat_count_ == num_buffered_);
  if (repeat_count_ > 0 && all_repeat) {
    FlushRepeatedRun();
  } else if (num_buffered_ > 0) {
    for (int i = num_buffered_; i < kGroup; ++i) buffered_[i] = 0;
    WriteLiteralGroup();
  }
  CloseLiteralRun();
  out->append(out_);
  Clear();
}

int64_t RleBitPackedEncoder::EstimatedSize() const {
  int64_t pending = num_buffered_ > 0 ? bit_width_ + 1 : 0;
  if (repeat_count_ >= kMinRepeat) pending = 5 + (bit_width_ + 7) / 8;
  return static_cast<int64_t>(out_.size()) + pending;
}

}  // namespace lakeml::parquet
