#include "tpch/gen/tpch_generator.h"

#include "tpch/gen/customer_generator.h"
#include "tpch/gen/nation_generator.h"
#include "tpch/gen/order_generator.h"
#include "tpch/gen/part_generator.h"
#include "tpch/gen/part_supp_generator.h"
#include "tpch/gen/region_generator.h"
#include "tpch/gen/supplier_generator.h"

namespace lakeml::tpch {

const std::vector<std::string>& TpchGenerator::TableNames() {
  static const std::vector<std::string>* names = new std::vector<std::string>{
      "region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"};
  return *names;
}

Result<std::unique_ptr<TableGenerator>> TpchGenerator::MakeTable(std::string_view name,
                                                                 double scale_factor) {
  if (!(scale_factor > 0) || scale_factor > 100'000) {
    return Status::InvalidArgument("TPC-H scale factor must be in (0, 100000], got ", scale_factor);
  }
  const TpchScale scale(scale_factor);
  std::unique_ptr<TableGenerator> g;
  if (name == "region") g = std::make_unique<RegionGenerator>(scale);
  if (name == "nation") g = std::make_unique<NationGenerator>(scale);
  if (name == "supplier") g = std::make_unique<SupplierGenerator>(scale);
  if (name == "customer") g = std::make_unique<CustomerGenerator>(scale);
  if (name == "part") g = std::make_unique<PartGenerator>(scale);
  if (name == "partsupp") g = std::make_unique<PartSuppGenerator>(scale);
  if (name == "orders") g = std::make_unique<OrderGenerator>(scale, OrderGenerator::Table::kOrders);
  if (name == "lineitem") {
    g = std::make_unique<OrderGenerator>(scale, OrderGenerator::Table::kLineitem);
  }
  if (!g) return Status::InvalidArgument("unknown TPC-H table '", name, "'");
  return g;
}

}  // namespace lakeml::tpch
