// RequestAuthenticator: decides whether a request's credentials admit it. The server calls it for
// every request to a route that requires auth, on an io thread, so it must answer from memory
// quickly (see auth/bearer_token_authenticator.h for the token implementation).
//
// Implementations must be thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace lakeml::server {

class RequestAuthenticator {
 public:
  virtual ~RequestAuthenticator() = default;

  // `authorization` is the Authorization header's value, absent when the request has none.
  virtual bool Authenticate(std::optional<std::string_view> authorization) = 0;
};

}  // namespace lakeml::server
