#include "tpch/gen/distribution.h"

namespace lakeml::tpch {

Distribution::Distribution(const std::vector<std::pair<std::string_view, int>>& items) {
  for (const auto& [token, weight] : items) {
    const uint16_t index = static_cast<uint16_t>(tokens_.size());
    tokens_.push_back(token);
    by_weight_.insert(by_weight_.end(), weight, index);
  }
}

}  // namespace lakeml::tpch
