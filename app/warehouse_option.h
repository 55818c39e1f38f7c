// The --warehouse option of the commands that touch data: the flag, else $LAKEML_WAREHOUSE, else
// ~/.lakeml/warehouse (decision 0012).
#pragma once

#include <string>

namespace lakeml::app {

// The warehouse directory to use given the --warehouse flag's value (empty when not given).
std::string ResolveWarehouseDir(const std::string& flag_value);

inline constexpr const char* kWarehouseOptionHelp =
    "Warehouse directory holding the metadata database and managed data "
    "(default: $LAKEML_WAREHOUSE, else ~/.lakeml/warehouse)";

}  // namespace lakeml::app
