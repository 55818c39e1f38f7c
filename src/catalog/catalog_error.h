// CatalogError: builds the Status values the catalog returns, with messages already in Spark's
// format ("[ERROR_CLASS] message SQLSTATE: XXXXX"), because the SQL layer shows them as they are.
//
// Wording and SQLSTATEs are Spark's (common/utils/src/main/resources/error/error-conditions.json):
// lines of a multi-line message are joined with '\n', names are printed in backticks part by part
// (`main`.`default`.`t`). CATALOG_ALREADY_EXISTS, CATALOG_NOT_EMPTY and RESERVED_CATALOG_NAME are
// not in open-source Spark (it has no CREATE CATALOG); their wording follows Spark's schema
// classes. Status codes let callers branch: kNotFound, kAlreadyExists, kInvalidArgument.
// Thread-safety: stateless.
#pragma once

#include <string_view>

#include "base/status.h"
#include "catalog/qualified_name.h"

namespace lakeml::catalog {

class CatalogError {
 public:
  static Status CatalogNotFound(std::string_view catalog);
  static Status CatalogAlreadyExists(std::string_view catalog);
  static Status CatalogNotEmpty(std::string_view catalog);
  static Status SchemaNotFound(std::string_view catalog, std::string_view schema);
  static Status SchemaAlreadyExists(std::string_view catalog, std::string_view schema);
  static Status SchemaNotEmpty(std::string_view catalog, std::string_view schema);
  static Status TableOrViewNotFound(const QualifiedName& name);
  static Status TableOrViewAlreadyExists(const QualifiedName& name);
  // A name part that is empty, too long, or holds '/', '.' or control characters.
  static Status InvalidName(std::string_view part, std::string_view reason);
  // The default catalog (`main`) cannot be dropped.
  static Status CannotDropDefaultCatalog(std::string_view catalog);
  // The default schema of the default catalog (`main`.`default`) cannot be dropped.
  static Status CannotDropDefaultSchema(std::string_view catalog, std::string_view schema);
  // A catalog name reserved for lakeml itself (`system`).
  static Status ReservedCatalogName(std::string_view catalog);

  // "[<error_class>] <message> SQLSTATE: <sqlstate>".
  static Status Make(StatusCode code, std::string_view error_class, std::string_view message,
                     std::string_view sqlstate);
};

}  // namespace lakeml::catalog
