#include "app/warehouse_option.h"

#include <cstdlib>

namespace lakeml::app {

std::string ResolveWarehouseDir(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  if (const char* env = std::getenv("LAKEML_WAREHOUSE"); env != nullptr && *env != '\0') {
    return env;
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::string(home) + "/.lakeml/warehouse";
  }
  return ".lakeml/warehouse";
}

}  // namespace lakeml::app
