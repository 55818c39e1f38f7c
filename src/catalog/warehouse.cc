#include "catalog/warehouse.h"

#include <filesystem>
#include <system_error>

#include "io/file_system.h"

namespace lakeml::catalog {

Result<Warehouse> Warehouse::Open(std::string dir) {
  if (dir.empty()) return Status::InvalidArgument("The warehouse directory must not be empty");
  std::error_code ec;
  std::filesystem::path path = std::filesystem::absolute(dir, ec);
  if (ec) return Status::IOError("Cannot resolve the warehouse directory: ", dir);
  std::string absolute = path.lexically_normal().string();
  while (absolute.size() > 1 && absolute.back() == '/') absolute.pop_back();
  Status s = io::LocalFs()->CreateDirs(absolute);
  if (!s.ok()) {
    // Whatever the cause (a file in the way, permissions), the warehouse is unusable: kIOError.
    return Status::IOError("Cannot create the warehouse directory ", absolute, ": ", s.message());
  }
  return Warehouse(std::move(absolute));
}

std::string Warehouse::database_path() const { return dir_ + "/lakeml.db"; }

std::string Warehouse::ManagedTableLocation(const std::string& table_id) const {
  return dir_ + "/tables/" + table_id;
}

std::string Warehouse::temp_dir() const { return dir_ + "/_tmp"; }

}  // namespace lakeml::catalog
