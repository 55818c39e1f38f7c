#include "server/http/listen_address.h"

#include <boost/asio/ip/address.hpp>
#include <string>

namespace lakeml::server {

Result<bool> IsLoopbackHost(std::string_view host) {
  if (host == "localhost") return true;
  boost::system::error_code ec;
  const boost::asio::ip::address address = boost::asio::ip::make_address(std::string(host), ec);
  if (ec) {
    return Status::InvalidArgument("Not an IP address for --host (use e.g. 127.0.0.1 or 0.0.0.0): ",
                                   host);
  }
  return address.is_loopback();
}

}  // namespace lakeml::server
