// TpchGenerator: lakeml's TPC-H data generator (spec v3, section 4.2). Makes the generator of
// any of the 8 tables at a scale factor; ChunkedBatchSource runs one in parallel.
//
//   LAKEML_ASSIGN_OR_RETURN(auto table, TpchGenerator::MakeTable("lineitem", 1.0));
//   ChunkedBatchSource source(std::move(table), /*num_threads=*/2);
//   while (batch = source.Next(), batch) ...
//
// The data depend only on the scale factor: not on the thread count or the chunk size.
// Stateless; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "tpch/gen/table_generator.h"

namespace lakeml::tpch {

class TpchGenerator {
 public:
  // The 8 tables, small ones first: region, nation, supplier, customer, part, partsupp,
  // orders, lineitem.
  static const std::vector<std::string>& TableNames();
  // InvalidArgument for an unknown table or a scale factor that is not positive.
  static Result<std::unique_ptr<TableGenerator>> MakeTable(std::string_view name,
                                                           double scale_factor);
};

}  // namespace lakeml::tpch
