#include "server/auth/token_store.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "base/clock.h"
#include "metastore/migrations.h"
#include "server/auth/auth_migrations.h"

namespace lakeml::server {
namespace {

// DO NOT CHANGE: the token format users store in their configuration.
constexpr std::string_view kTokenPrefix = "lkml_";
constexpr int kTokenRandomBytes = 20;

std::string LowerHex(const uint8_t* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0xf]);
  }
  return out;
}

Result<TokenHash> TokenHashFromHex(std::string_view hex) {
  TokenHash hash{};
  if (hex.size() != 64) return Status::Corruption("Bad token hash length in auth_tokens: ", hex);
  for (size_t i = 0; i < 32; ++i) {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Status::Corruption("Bad token hash in auth_tokens: ", hex);
    hash[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return hash;
}

}  // namespace

Result<TokenStore> TokenStore::Open(metastore::SqliteDatabase* db) {
  LAKEML_RETURN_IF_ERROR(
      metastore::Migrations::Apply(db, AuthMigrations::kComponent, AuthMigrations::Steps()));
  return TokenStore(db);
}

TokenHash TokenStore::Hash(std::string_view token) {
  TokenHash hash;
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), hash.data());
  return hash;
}

bool TokenStore::ConstantTimeEquals(const TokenHash& a, const TokenHash& b) {
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<CreatedToken> TokenStore::Create(std::string_view name) {
  uint8_t secret[kTokenRandomBytes];
  uint8_t id_bytes[8];
  if (RAND_bytes(secret, sizeof(secret)) != 1 || RAND_bytes(id_bytes, sizeof(id_bytes)) != 1) {
    return Status::Internal("OpenSSL RAND_bytes failed to make a token");
  }
  CreatedToken created;
  created.token = StrCat(kTokenPrefix, LowerHex(secret, sizeof(secret)));
  created.info.id = LowerHex(id_bytes, sizeof(id_bytes));
  created.info.name = std::string(name);
  created.info.created_at_ms = NowMillis();
  const TokenHash hash = Hash(created.token);
  LAKEML_ASSIGN_OR_RETURN(
      metastore::SqliteStatement insert,
      db_->Prepare("INSERT INTO auth_tokens (id, name, token_sha256, created_at_ms) "
                   "VALUES (?, ?, ?, ?)"));
  LAKEML_RETURN_IF_ERROR(insert.Bind(1, created.info.id));
  LAKEML_RETURN_IF_ERROR(insert.Bind(2, created.info.name));
  LAKEML_RETURN_IF_ERROR(insert.Bind(3, LowerHex(hash.data(), hash.size())));
  LAKEML_RETURN_IF_ERROR(insert.Bind(4, created.info.created_at_ms));
  LAKEML_RETURN_IF_ERROR(insert.Run());
  return created;
}

Result<std::vector<TokenInfo>> TokenStore::List() {
  LAKEML_ASSIGN_OR_RETURN(
      metastore::SqliteStatement select,
      db_->Prepare("SELECT id, name, created_at_ms, revoked_at_ms FROM auth_tokens "
                   "ORDER BY created_at_ms, id"));
  std::vector<TokenInfo> tokens;
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    TokenInfo info;
    info.id = select.ColumnText(0);
    info.name = select.ColumnText(1);
    info.created_at_ms = select.ColumnInt64(2);
    info.revoked_at_ms = select.ColumnIsNull(3) ? 0 : select.ColumnInt64(3);
    tokens.push_back(std::move(info));
  }
  return tokens;
}

Status TokenStore::Revoke(std::string_view id_or_name) {
  LAKEML_ASSIGN_OR_RETURN(metastore::SqliteStatement update,
                          db_->Prepare("UPDATE auth_tokens SET revoked_at_ms = ? "
                                       "WHERE revoked_at_ms IS NULL AND (id = ? OR name = ?)"));
  LAKEML_RETURN_IF_ERROR(update.Bind(1, NowMillis()));
  LAKEML_RETURN_IF_ERROR(update.Bind(2, id_or_name));
  LAKEML_RETURN_IF_ERROR(update.Bind(3, id_or_name));
  LAKEML_RETURN_IF_ERROR(update.Run());
  if (update.Changes() == 0) {
    return Status::NotFound("No active token with this id or name: ", id_or_name);
  }
  return Status::OK();
}

Result<std::vector<TokenHash>> TokenStore::ActiveHashes() {
  LAKEML_ASSIGN_OR_RETURN(
      metastore::SqliteStatement select,
      db_->Prepare("SELECT token_sha256 FROM auth_tokens WHERE revoked_at_ms IS NULL"));
  std::vector<TokenHash> hashes;
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    LAKEML_ASSIGN_OR_RETURN(TokenHash hash, TokenHashFromHex(select.ColumnText(0)));
    hashes.push_back(hash);
  }
  return hashes;
}

}  // namespace lakeml::server
