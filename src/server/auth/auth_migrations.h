// AuthMigrations: the "auth" component's schema steps in the metadata database (lakeml.db):
// the API tokens `lakeml token create` issues, stored as SHA-256 hashes only.
#pragma once

#include <string_view>
#include <vector>

namespace lakeml::server {

class AuthMigrations {
 public:
  static constexpr std::string_view kComponent = "auth";
  static const std::vector<std::string_view>& Steps();
};

}  // namespace lakeml::server
