#include "sql/function/aggregate/aggregate_registry.h"

#include <cctype>

namespace lakeml::sql {

const AggregateRegistry& AggregateRegistry::Builtin() {
  static const AggregateRegistry* registry = [] {
    auto* r = new AggregateRegistry();
    RegisterCountSumAvg(r);
    RegisterMinMax(r);
    RegisterStatistics(r);
    RegisterCovariance(r);  // sql-aggjson
    RegisterMaxMinBy(r);
    RegisterBitwiseAggregates(r);
    RegisterCollect(r);
    RegisterPercentile(r);
    RegisterApproxPercentile(r);
    RegisterApproxCountDistinct(r);
    return r;
  }();
  return *registry;
}

void AggregateRegistry::Add(AggregateFunctionEntry entry) {
  std::string name = entry.name;
  entries_.emplace(std::move(name), std::move(entry));
}

const AggregateFunctionEntry* AggregateRegistry::Find(std::string_view name) const {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = entries_.find(lower);
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace lakeml::sql
