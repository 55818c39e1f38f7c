// Warehouse: the directory layout of a lakeml warehouse.
//
//   <dir>/lakeml.db       the metadata database (catalog, later MLflow tracking)
//   <dir>/tables/<id>/    one directory per managed table, named by the table's UUID
//   <dir>/_tmp/           scratch space (spill files, staging)
//
// A value type holding only the absolute directory path; thread-compatible.
#pragma once

#include <string>

#include "base/result.h"

namespace lakeml::catalog {

class Warehouse {
 public:
  // Makes `dir` absolute and creates it (with its parents) when missing. kIOError, naming the
  // directory, when that fails.
  static Result<Warehouse> Open(std::string dir);

  const std::string& dir() const { return dir_; }
  std::string database_path() const;
  // REQUIRES: table_id is a catalog-assigned id (a UUID), never user text.
  std::string ManagedTableLocation(const std::string& table_id) const;
  std::string temp_dir() const;

 private:
  explicit Warehouse(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace lakeml::catalog
