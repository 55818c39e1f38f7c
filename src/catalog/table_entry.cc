#include "catalog/table_entry.h"

namespace lakeml::catalog {

std::string_view TableKindName(TableKind kind) {
  switch (kind) {
    case TableKind::kManaged:
      return "MANAGED";
    case TableKind::kExternal:
      return "EXTERNAL";
    case TableKind::kView:
      return "VIEW";
  }
  return "MANAGED";
}

std::optional<TableKind> ParseTableKind(std::string_view name) {
  if (name == "MANAGED") return TableKind::kManaged;
  if (name == "EXTERNAL") return TableKind::kExternal;
  if (name == "VIEW") return TableKind::kView;
  return std::nullopt;
}

}  // namespace lakeml::catalog
