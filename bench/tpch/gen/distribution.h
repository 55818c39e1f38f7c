// Distribution: one weighted word list of dbgen's dists.dss (TPC-H 4.2.2.13), e.g. the nouns
// of the comment grammar or the 150 part types; Pick() draws a token with probability
// weight / total weight. Immutable after construction; thread-safe to read.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

#include "tpch/gen/random_stream.h"

namespace lakeml::tpch {

class Distribution {
 public:
  // The tokens must outlive the distribution (they are string literals in practice).
  Distribution(std::initializer_list<std::pair<std::string_view, int>> items)
      : Distribution(std::vector<std::pair<std::string_view, int>>(items)) {}
  explicit Distribution(const std::vector<std::pair<std::string_view, int>>& items);

  std::string_view Pick(RandomStream& r) const {
    return tokens_[by_weight_[r.Uniform(0, static_cast<int64_t>(by_weight_.size()) - 1)]];
  }
  // Uniform index, ignoring weights (the lists whose weights are all 1 use either).
  int PickIndex(RandomStream& r) const {
    return by_weight_[r.Uniform(0, static_cast<int64_t>(by_weight_.size()) - 1)];
  }
  std::string_view token(int i) const { return tokens_[i]; }
  int size() const { return static_cast<int>(tokens_.size()); }

 private:
  std::vector<std::string_view> tokens_;
  // One entry per unit of weight, holding the token's index: an O(1) weighted pick.
  std::vector<uint16_t> by_weight_;
};

}  // namespace lakeml::tpch
