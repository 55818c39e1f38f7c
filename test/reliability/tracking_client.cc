#include "reliability/tracking_client.h"

#include "base/str_cat.h"

namespace lakeml::reliability {

namespace {
constexpr std::string_view kMlflowPrefix = "/api/2.0/mlflow";
}  // namespace

HttpOutcome TrackingClient::Send(std::string_view method, std::string_view target,
                                 std::string_view body) {
  if (connection_ == nullptr) {
    connection_ = std::make_unique<server::RawHttpClient>(port_);
    if (!connection_->connected()) {
      connection_.reset();
      return {};
    }
  }
  const std::string request = StrCat(method, " ", target,
                                     " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                                     "application/json\r\nContent-Length: ",
                                     body.size(), "\r\n\r\n", body);
  std::optional<server::RawHttpResponse> response;
  if (connection_->Send(request)) response = connection_->Read(timeout_ms_);
  if (!response.has_value()) {
    connection_.reset();
    return {};
  }
  // The server may close after an error response; reconnect on the next request then.
  if (response->Header("connection") == "close") {
    HttpOutcome outcome{response->status, std::move(response->body)};
    connection_.reset();
    return outcome;
  }
  return {response->status, std::move(response->body)};
}

HttpOutcome TrackingClient::Post(std::string_view route, const nlohmann::json& body) {
  return Send("POST", StrCat(kMlflowPrefix, route), body.dump());
}

HttpOutcome TrackingClient::Get(std::string_view route_and_query) {
  return Send("GET", StrCat(kMlflowPrefix, route_and_query), "");
}

HttpOutcome TrackingClient::GetPath(std::string_view path) { return Send("GET", path, ""); }

Result<std::string> TrackingClient::CreateRun() {
  const HttpOutcome created = Post("/runs/create", {{"experiment_id", "0"}});
  if (created.status != 200) {
    return Status::IOError("runs/create failed: HTTP ", created.status, ": ", created.body);
  }
  try {
    return nlohmann::json::parse(created.body).at("run").at("info").at("run_id").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    return Status::IOError("runs/create returned no run id: ", e.what(), ": ", created.body);
  }
}

Result<nlohmann::json> TrackingClient::GetJson(std::string_view route_and_query) {
  const HttpOutcome got = Get(route_and_query);
  if (got.status != 200) {
    return Status::IOError("GET failed: HTTP ", got.status, ": ", route_and_query, ": ", got.body);
  }
  try {
    return nlohmann::json::parse(got.body);
  } catch (const nlohmann::json::exception& e) {
    return Status::IOError("GET returned bad JSON: ", e.what(), ": ", route_and_query);
  }
}

std::string TrackingClient::UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace lakeml::reliability
