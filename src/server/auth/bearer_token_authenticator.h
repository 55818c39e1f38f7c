// BearerTokenAuthenticator: admits requests carrying "Authorization: Bearer <token>" for an active
// token of a TokenStore.
//
// Keeps the active token hashes in memory and re-reads them from the store at most once per
// refresh interval, so a token created or revoked with `lakeml token` takes effect within that
// interval without a restart and the request path does not touch SQLite. The presented token is
// hashed and compared with every active hash in constant time.
//
// Thread-safe. Owns the TokenStore handle; the database must outlive it.
#pragma once

#include <chrono>
#include <mutex>
#include <vector>

#include "server/auth/token_store.h"
#include "server/http/request_authenticator.h"

namespace lakeml::server {

class BearerTokenAuthenticator : public RequestAuthenticator {
 public:
  BearerTokenAuthenticator(TokenStore store, std::chrono::milliseconds refresh_interval);

  bool Authenticate(std::optional<std::string_view> authorization) override;

  // The active hashes now (refreshing first); tests and the start-up check use it.
  Result<size_t> ActiveTokenCount();

 private:
  // REQUIRES: mu_ held.
  void RefreshIfStale();

  TokenStore store_;
  const std::chrono::milliseconds refresh_interval_;
  std::mutex mu_;
  std::vector<TokenHash> hashes_;                      // Guarded by mu_.
  std::chrono::steady_clock::time_point loaded_at_{};  // Guarded by mu_.
  bool loaded_ = false;                                // Guarded by mu_.
};

}  // namespace lakeml::server
