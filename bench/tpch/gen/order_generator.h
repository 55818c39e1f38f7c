// OrderGenerator: ORDERS or LINEITEM (TPC-H 4.2.3), which are generated together because an
// order's status and total price come from its lines. The unit of a range is an order: SF *
// 1,500,000 of them with sparse keys (the first 8 of every 32), each with 1 to 7 lines. Both
// tables draw the shared values from the same streams, so the orders table and the lineitem
// table agree whichever is generated, by whichever thread.
// Immutable after construction; Generate() is thread-safe.
#pragma once

#include "tpch/gen/table_generator.h"
#include "tpch/gen/tpch_scale.h"

namespace lakeml::tpch {

class OrderGenerator : public TableGenerator {
 public:
  enum class Table { kOrders, kLineitem };
  OrderGenerator(const TpchScale& scale, Table table);

  std::string_view name() const override {
    return table_ == Table::kOrders ? "orders" : "lineitem";
  }
  const columnar::SchemaPtr& schema() const override { return schema_; }
  int64_t num_units() const override { return scale_.orders; }
  columnar::BatchPtr Generate(int64_t first, int64_t count) const override;

 private:
  TpchScale scale_;
  Table table_;
  columnar::SchemaPtr schema_;
};

}  // namespace lakeml::tpch
