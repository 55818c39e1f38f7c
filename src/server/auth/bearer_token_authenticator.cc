#include "server/auth/bearer_token_authenticator.h"

#include <strings.h>

namespace lakeml::server {

BearerTokenAuthenticator::BearerTokenAuthenticator(TokenStore store,
                                                   std::chrono::milliseconds refresh_interval)
    : store_(store), refresh_interval_(refresh_interval) {}

void BearerTokenAuthenticator::RefreshIfStale() {
  const auto now = std::chrono::steady_clock::now();
  if (loaded_ && now - loaded_at_ < refresh_interval_) return;
  Result<std::vector<TokenHash>> hashes = store_.ActiveHashes();
  // On a read error (a busy database) keep the previous set rather than lock everyone out.
  if (hashes.ok()) {
    hashes_ = std::move(hashes).value();
    loaded_ = true;
  }
  loaded_at_ = now;
}

Result<size_t> BearerTokenAuthenticator::ActiveTokenCount() {
  LAKEML_ASSIGN_OR_RETURN(std::vector<TokenHash> hashes, store_.ActiveHashes());
  std::lock_guard<std::mutex> lock(mu_);
  hashes_ = hashes;
  loaded_ = true;
  loaded_at_ = std::chrono::steady_clock::now();
  return hashes.size();
}

bool BearerTokenAuthenticator::Authenticate(std::optional<std::string_view> authorization) {
  constexpr std::string_view kScheme = "Bearer ";
  if (!authorization || authorization->size() <= kScheme.size() ||
      strncasecmp(authorization->data(), kScheme.data(), kScheme.size()) != 0) {
    return false;
  }
  std::string_view token = authorization->substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty() || token.size() > 256) return false;
  const TokenHash presented = TokenStore::Hash(token);
  std::lock_guard<std::mutex> lock(mu_);
  RefreshIfStale();
  bool match = false;
  // No early exit: the time does not tell which (or whether a) token matched.
  for (const TokenHash& h : hashes_) match |= TokenStore::ConstantTimeEquals(presented, h);
  return match;
}

}  // namespace lakeml::server
