#include "sql/function/aggregate/quantile_summary.h"

#include <algorithm>
#include <cmath>

namespace lakeml::sql {

void QuantileSummary::Insert(double value) {
  head_.push_back(value);
  if (head_.size() >= kHeadSize) {
    Flush();
    if (samples_.size() >= kCompressThreshold) Compress();
  }
}

// Spark's withHeadBufferInserted: each new value gets the uncertainty 2 * eps * count, except
// a new minimum or maximum, whose rank is exact.
void QuantileSummary::Flush() {
  if (head_.empty()) return;
  std::sort(head_.begin(), head_.end());
  std::vector<Sample> merged;
  merged.reserve(samples_.size() + head_.size());
  size_t s = 0;
  int64_t current = count_;
  for (size_t h = 0; h < head_.size(); ++h) {
    const double v = head_[h];
    while (s < samples_.size() && samples_[s].value <= v) merged.push_back(samples_[s++]);
    ++current;
    const bool edge = merged.empty() || (s == samples_.size() && h == head_.size() - 1);
    const int64_t delta =
        edge ? 0
             : static_cast<int64_t>(std::floor(2 * relative_error_ * static_cast<double>(current)));
    merged.push_back({v, 1, delta});
  }
  while (s < samples_.size()) merged.push_back(samples_[s++]);
  samples_ = std::move(merged);
  count_ = current;
  head_.clear();
}

// Spark's compressImmut: from the right, merges a sample into its right neighbour while the
// merged band stays within 2 * eps * count. The first and last samples stay.
void QuantileSummary::Compress() {
  if (samples_.size() < 3) return;
  const int64_t threshold =
      static_cast<int64_t>(std::floor(2 * relative_error_ * static_cast<double>(count_)));
  std::vector<Sample> out;
  Sample head = samples_.back();
  for (size_t i = samples_.size() - 2; i >= 1; --i) {
    const Sample& s = samples_[i];
    if (s.g + head.g + head.delta < threshold) {
      head.g += s.g;
    } else {
      out.push_back(head);
      head = s;
    }
  }
  out.push_back(head);
  out.push_back(samples_.front());
  std::reverse(out.begin(), out.end());
  samples_ = std::move(out);
}

// Spark's merge: the samples of both sides interleaved by value; a sample's uncertainty grows
// by the rank band of the other side's next sample, which it may precede anywhere within.
void QuantileSummary::Merge(const QuantileSummary& other_in) {
  if (other_in.count() == 0) return;
  Flush();
  QuantileSummary other = other_in.Flushed();
  if (count_ == 0) {
    samples_ = other.samples_;
    count_ = other.count_;
    return;
  }
  std::vector<Sample> merged;
  merged.reserve(samples_.size() + other.samples_.size());
  size_t a = 0, b = 0;
  const auto& xs = samples_;
  const auto& ys = other.samples_;
  while (a < xs.size() || b < ys.size()) {
    const bool take_a = b == ys.size() || (a < xs.size() && xs[a].value <= ys[b].value);
    Sample s = take_a ? xs[a++] : ys[b++];
    const auto& rest = take_a ? ys : xs;
    const size_t next = take_a ? b : a;
    if (next > 0 && next < rest.size()) s.delta += rest[next].g + rest[next].delta - 1;
    merged.push_back(s);
  }
  samples_ = std::move(merged);
  count_ += other.count_;
  Compress();
}

QuantileSummary QuantileSummary::Flushed() const {
  QuantileSummary copy = *this;
  copy.Flush();
  return copy;
}

// Spark's query: the first sample whose rank band contains the target rank ceil(q * count)
// within the summary's error.
double QuantileSummary::Query(double q) const {
  QuantileSummary flushed;
  const QuantileSummary* s = this;
  if (!head_.empty()) {
    flushed = Flushed();
    s = &flushed;
  }
  const auto& samples = s->samples_;
  if (q <= relative_error_) return samples.front().value;
  if (q >= 1 - relative_error_) return samples.back().value;
  const auto rank = static_cast<int64_t>(std::ceil(q * static_cast<double>(s->count_)));
  int64_t target_error = 0;
  for (const Sample& x : samples) target_error = std::max(target_error, x.g + x.delta);
  target_error /= 2;
  int64_t min_rank = 0;
  for (size_t i = 0; i + 1 < samples.size(); ++i) {
    min_rank += samples[i].g;
    const int64_t max_rank = min_rank + samples[i].delta;
    if (max_rank - target_error <= rank && rank <= min_rank + target_error) {
      return samples[i].value;
    }
  }
  return samples.back().value;
}

}  // namespace lakeml::sql
