#include "server/auth/auth_migrations.h"

namespace lakeml::server {
namespace {

// DO NOT CHANGE: stored in lakeml.db; add a migration instead.
constexpr std::string_view kAuthStep1 = R"sql(
CREATE TABLE auth_tokens (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at_ms INTEGER NOT NULL,
  revoked_at_ms INTEGER
);
)sql";

}  // namespace

const std::vector<std::string_view>& AuthMigrations::Steps() {
  static const std::vector<std::string_view> steps = {kAuthStep1};
  return steps;
}

}  // namespace lakeml::server
