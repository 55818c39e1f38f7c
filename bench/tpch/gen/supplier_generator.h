// SupplierGenerator: SUPPLIER (TPC-H 4.2.3), SF * 10,000 rows. For exactly SF * 5 random suppliers
// the comment holds "Customer...Complaints" and for SF * 5 others "Customer...Recommends" (Q16).
// Immutable after construction; Generate() is thread-safe.
#pragma once

#include "tpch/gen/table_generator.h"
#include "tpch/gen/tpch_scale.h"

namespace lakeml::tpch {

class SupplierGenerator : public TableGenerator {
 public:
  explicit SupplierGenerator(const TpchScale& scale);

  std::string_view name() const override { return "supplier"; }
  const columnar::SchemaPtr& schema() const override { return schema_; }
  int64_t num_units() const override;
  columnar::BatchPtr Generate(int64_t first, int64_t count) const override;

 private:
  TpchScale scale_;
  columnar::SchemaPtr schema_;
};

}  // namespace lakeml::tpch
