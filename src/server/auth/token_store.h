// TokenStore: the API tokens of a warehouse, in its metadata database (table auth_tokens). A token
// is shown once, when created; only its SHA-256 hash is stored, so a copy of lakeml.db does not
// reveal usable tokens.
//
// Token text: "lkml_" + 40 lowercase hex digits (160 bits from OpenSSL's RAND_bytes).
//
// Thread-safe (the SqliteDatabase is). Does not own the database.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "metastore/sqlite_database.h"

namespace lakeml::server {

using TokenHash = std::array<uint8_t, 32>;

struct TokenInfo {
  std::string id;
  std::string name;
  int64_t created_at_ms = 0;
  int64_t revoked_at_ms = 0;  // 0 while active.
};

struct CreatedToken {
  TokenInfo info;
  std::string token;  // The secret; never stored.
};

class TokenStore {
 public:
  // Applies the "auth" migrations. REQUIRES: `db` outlives the store.
  static Result<TokenStore> Open(metastore::SqliteDatabase* db);

  // `name` labels the token in listings (may be empty).
  Result<CreatedToken> Create(std::string_view name);
  // Every token, oldest first, revoked ones included.
  Result<std::vector<TokenInfo>> List();
  // Revokes the token with this id, or the active tokens with this name. kNotFound when none.
  Status Revoke(std::string_view id_or_name);
  // The hashes of the active tokens.
  Result<std::vector<TokenHash>> ActiveHashes();

  static TokenHash Hash(std::string_view token);
  // Equality whose time does not depend on where the inputs differ (CRYPTO_memcmp).
  static bool ConstantTimeEquals(const TokenHash& a, const TokenHash& b);

 private:
  explicit TokenStore(metastore::SqliteDatabase* db) : db_(db) {}
  metastore::SqliteDatabase* db_;
};

}  // namespace lakeml::server
