// Parsing of the address a server listens on (--host). Thread-safe.
#pragma once

#include <string_view>

#include "base/result.h"

namespace lakeml::server {

// Whether `host` ("127.0.0.1", "::1", "localhost", "0.0.0.0", ...) is a loopback address, which
// only this machine can reach. kInvalidArgument, naming the flag, when it is not an IP address.
Result<bool> IsLoopbackHost(std::string_view host);

}  // namespace lakeml::server
