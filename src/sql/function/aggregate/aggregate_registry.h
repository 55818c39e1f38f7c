// AggregateRegistry: built-in aggregate functions by name. Each entry resolves an overload
// from the argument types to an AggregateFunctionBinding (Spark's result types: sum of an
// integral is BIGINT, sum(decimal(p,s)) decimal(min(38,p+10),s), avg of a decimal
// decimal(p+4,s+4) bounded at 38, avg of anything else DOUBLE, count BIGINT).
//
// Builtin() is built once and then only read: thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "sql/function/aggregate/aggregate_function.h"

namespace lakeml::sql {

// Resolves an overload; an error Status carries a plain explanation, which the binder wraps
// into DATATYPE_MISMATCH. `args` is empty for count(*).
using AggregateResolver = Result<std::shared_ptr<const AggregateFunctionBinding>> (*)(
    std::string_view name, const std::vector<columnar::TypePtr>& args);

struct AggregateFunctionEntry {
  std::string name;  // lower case
  int min_args = 1;
  int max_args = 1;
  AggregateResolver resolve = nullptr;
};

class AggregateRegistry {
 public:
  static const AggregateRegistry& Builtin();

  // REQUIRES: name is lower case and not yet registered.
  void Add(AggregateFunctionEntry entry);
  // Case-insensitive; nullptr when `name` is not an aggregate.
  const AggregateFunctionEntry* Find(std::string_view name) const;

 private:
  std::unordered_map<std::string, AggregateFunctionEntry> entries_;
};

// The families (one file each), called by Builtin().
void RegisterCountSumAvg(AggregateRegistry* registry);
void RegisterMinMax(AggregateRegistry* registry);
void RegisterStatistics(AggregateRegistry* registry);
// sql-aggjson.
void RegisterCovariance(AggregateRegistry* registry);
void RegisterMaxMinBy(AggregateRegistry* registry);
void RegisterBitwiseAggregates(AggregateRegistry* registry);
void RegisterCollect(AggregateRegistry* registry);
void RegisterPercentile(AggregateRegistry* registry);
void RegisterApproxPercentile(AggregateRegistry* registry);
void RegisterApproxCountDistinct(AggregateRegistry* registry);

}  // namespace lakeml::sql
