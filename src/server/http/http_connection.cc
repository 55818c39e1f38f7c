#include "server/http/http_connection.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <exception>

namespace lakeml::server {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace asio = boost::asio;

constexpr size_t kBodyChunkBytes = 64 * 1024;
constexpr size_t kIdleReadBytes = 16 * 1024;
constexpr size_t kMaxDrainBytes = 4 << 20;
constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";

bool IsExpectContinue(std::string_view value) { return beast::iequals(value, "100-continue"); }

}  // namespace

HttpConnection::HttpConnection(asio::ip::tcp::socket socket, HttpServerContext* ctx)
    : ctx_(ctx),
      stream_(std::move(socket)),
      buffer_(ctx->options.max_header_bytes + kIdleReadBytes + kBodyChunkBytes),
      chunk_(std::make_unique<char[]>(kBodyChunkBytes)) {
  ctx_->open_connections->Add(1);
}

HttpConnection::~HttpConnection() {
  if (request_open_) ctx_->in_flight->Add(-1);
  ctx_->open_connections->Add(-1);
  std::lock_guard<std::mutex> lock(ctx_->mu);
  ctx_->connections.erase(this);
  ctx_->connections_changed.notify_all();
}

void HttpConnection::Start() {
  {
    std::lock_guard<std::mutex> lock(ctx_->mu);
    ctx_->connections.emplace(this, weak_from_this());
  }
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if (self->ctx_->shutting_down.load()) return self->CloseSocket();
    self->ReadIdle();
  });
}

void HttpConnection::NotifyShutdown() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    if (self->state_ == State::kIdle || self->state_ == State::kReadingHeader) self->CloseSocket();
  });
}

void HttpConnection::ForceClose() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] { self->CloseSocket(); });
}

void HttpConnection::CloseSocket() {
  beast::error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  stream_.socket().close(ec);
}

// Waits (up to the idle timeout) for the first bytes of the next request, unless pipelined bytes
// are already buffered; the header then has its own, shorter, timeout.
void HttpConnection::ReadIdle() {
  state_ = State::kIdle;
  if (buffer_.size() > 0) return ReadHeader();
  stream_.expires_after(ctx_->options.idle_timeout);
  stream_.async_read_some(buffer_.prepare(kIdleReadBytes),
                          [self = shared_from_this()](beast::error_code ec, size_t n) {
                            if (ec) return;  // Closed, reset or idle too long: nothing to answer.
                            self->buffer_.commit(n);
                            self->ReadHeader();
                          });
}

void HttpConnection::ReadHeader() {
  state_ = State::kReadingHeader;
  parser_.emplace();
  parser_->header_limit(ctx_->options.max_header_bytes);
  // The header check compares Content-Length with this; the route's own limit comes after.
  parser_->body_limit(
      std::max(ctx_->options.max_body_bytes, ctx_->options.max_streamed_body_bytes));
  stream_.expires_after(ctx_->options.header_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
}

void HttpConnection::OnHeader(beast::error_code ec) {
  request_.Reset();
  response_.Reset();
  route_ = nullptr;
  metric_index_ = ctx_->route_metrics.size() - 1;
  close_after_response_ = false;
  bytes_in_ = 0;
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
      ec == asio::error::eof) {
    return;  // The client went away (or was too slow): no request to answer.
  }
  start_ = std::chrono::steady_clock::now();
  request_open_ = true;
  ctx_->in_flight->Add(1);
  request_.set_request_id(
      fmt::format("{:08x}{:08x}", ctx_->request_id_prefix,
                  ctx_->next_request_id.fetch_add(1, std::memory_order_relaxed)));
  if (ec == http::error::header_limit) {
    return RespondError(431, kErrorRequestLimitExceeded,
                        fmt::format("Request headers exceed the limit of {} bytes",
                                    ctx_->options.max_header_bytes));
  }
  if (ec == http::error::body_limit) {
    return RespondError(413, kErrorRequestLimitExceeded, "Request body exceeds the size limit");
  }
  if (ec) {
    return RespondError(400, kErrorBadRequest, StrCat("Malformed HTTP request: ", ec.message()));
  }
  const auto& msg = parser_->get();
  if (Status st = request_.SetStart(msg.method_string(), msg.target()); !st.ok()) {
    close_after_response_ = true;
    return RespondError(400, kErrorBadRequest, st.message());
  }
  for (const auto& field : msg) request_.AddHeader(field.name_string(), field.value());

  const Router::FindResult found = ctx_->router->Find(&request_);
  if (found.kind == RouteTable::MatchKind::kFound) {
    route_ = found.route;
    metric_index_ = found.route_id;
  }
  const bool needs_auth = route_ == nullptr || route_->requires_auth;
  if (needs_auth && ctx_->options.authenticator != nullptr &&
      !ctx_->options.authenticator->Authenticate(request_.Header("Authorization"))) {
    response_.AddHeader("WWW-Authenticate", "Bearer");
    return RespondError(401, kErrorUnauthenticated,
                        "Missing or invalid credentials: send Authorization: Bearer <token> "
                        "(tokens come from `lakeml token create`)");
  }
  if (found.kind == RouteTable::MatchKind::kMethodNotAllowed) {
    response_.AddHeader("Allow", found.allow);
    return RespondError(405, kErrorEndpointNotFound,
                        StrCat("Method ", request_.method_text(), " is not allowed for ",
                               request_.path(), " (allowed: ", found.allow, ")"));
  }
  if (route_ == nullptr) {
    return RespondError(
        404, kErrorEndpointNotFound,
        StrCat("No API endpoint for ", request_.method_text(), " ", request_.path()));
  }
  if (parser_->is_done()) return RunHandler();
  BeginBody();
}

void HttpConnection::BeginBody() {
  const bool streamed = static_cast<bool>(route_->sink_factory);
  body_limit_ = streamed ? ctx_->options.max_streamed_body_bytes : ctx_->options.max_body_bytes;
  if (const auto length = parser_->content_length(); length && *length > body_limit_) {
    return RespondError(413, kErrorRequestLimitExceeded,
                        fmt::format("Request body of {} bytes exceeds the limit of {} bytes",
                                    *length, body_limit_));
  }
  parser_->body_limit(body_limit_);
  if (streamed) {
    Result<std::unique_ptr<RequestBodySink>> sink = route_->sink_factory(request_);
    if (!sink.ok()) {
      response_.SetStatusError(sink.status());
      close_after_response_ = true;
      return WriteResponse();
    }
    request_.set_body_sink(std::move(sink).value());
  } else if (const auto length = parser_->content_length(); length) {
    request_.mutable_body()->reserve(*length);
  }
  state_ = State::kReadingBody;
  const auto expect = parser_->get().find(http::field::expect);
  if (expect != parser_->get().end() && IsExpectContinue(expect->value())) {
    stream_.expires_after(ctx_->options.io_timeout);
    asio::async_write(stream_, asio::buffer(kContinueResponse),
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return;
                        self->ReadBodyChunk();
                      });
    return;
  }
  ReadBodyChunk();
}

void HttpConnection::ReadBodyChunk() {
  parser_->get().body().data = chunk_.get();
  parser_->get().body().size = kBodyChunkBytes;
  stream_.expires_after(ctx_->options.io_timeout);
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBodyChunk(ec); });
}

void HttpConnection::OnBodyChunk(beast::error_code ec) {
  if (ec == http::error::need_buffer) ec = {};
  if (ec == http::error::body_limit) {
    return RespondError(413, kErrorRequestLimitExceeded,
                        fmt::format("Request body exceeds the limit of {} bytes", body_limit_));
  }
  if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
      ec == beast::error::timeout || ec == asio::error::eof ||
      ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
    return;  // Truncated body: the sink is discarded with the connection.
  }
  if (ec) {
    return RespondError(400, kErrorBadRequest,
                        StrCat("Malformed HTTP request body: ", ec.message()));
  }
  const size_t n = kBodyChunkBytes - parser_->get().body().size;
  bytes_in_ += n;
  if (n > 0) {
    const std::string_view chunk(chunk_.get(), n);
    if (RequestBodySink* sink = request_.body_sink(); sink != nullptr) {
      if (Status st = sink->Write(chunk); !st.ok()) {
        response_.SetStatusError(st);
        close_after_response_ = true;
        return WriteResponse();
      }
    } else {
      request_.mutable_body()->append(chunk);
    }
  }
  if (parser_->is_done()) return RunHandler();
  ReadBodyChunk();
}

void HttpConnection::InvokeHandler() {
  try {
    route_->handler(request_, response_);
  } catch (const std::exception& e) {
    response_.Reset();
    response_.SetError(500, kErrorInternal, StrCat("Handler failed: ", e.what()));
  }
}

void HttpConnection::RunHandler() {
  state_ = State::kHandling;
  if (route_->thread == HandlerThread::kIo) {
    InvokeHandler();
    return WriteResponse();
  }
  asio::post(*ctx_->worker_pool, [self = shared_from_this()] {
    self->InvokeHandler();
    asio::post(self->stream_.get_executor(), [self] { self->WriteResponse(); });
  });
}

void HttpConnection::RespondError(int status, std::string_view code, std::string_view message) {
  response_.SetError(status, code, message);
  // Unread body bytes (or an unparseable stream) cannot be skipped reliably: close after.
  if (!parser_ || !parser_->is_done()) close_after_response_ = true;
  WriteResponse();
}

void HttpConnection::WriteResponse() {
  state_ = State::kWriting;
  const bool head = request_.method() == HttpMethod::kHead;
  const bool request_keep_alive =
      parser_ && parser_->is_header_done() && parser_->get().keep_alive();
  const bool keep_alive = request_keep_alive && !close_after_response_ &&
                          !response_.close_connection() && !ctx_->shutting_down.load();
  const unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;

  http::file_body::value_type file;
  if (response_.has_file()) {
    beast::error_code ec;
    file.open(response_.file_path().c_str(), beast::file_mode::scan, ec);
    if (ec) {
      response_.SetError(404, kErrorResourceDoesNotExist,
                         StrCat("File not found: ", response_.file_path()));
    }
  }
  auto set_common = [&](auto& res) {
    res.base().clear();
    res.result(static_cast<unsigned>(response_.status()));
    res.version(version);
    res.set(http::field::server, ctx_->options.server_name);
    if (!response_.content_type().empty()) {
      res.set(http::field::content_type, response_.content_type());
    }
    res.set("X-Request-Id", request_.request_id());
    for (const auto& [name, value] : response_.headers()) res.insert(name, value);
    res.keep_alive(keep_alive);
  };
  auto on_written = [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
    self->OnWritten(ec, keep_alive);
  };
  stream_.expires_after(ctx_->options.io_timeout);
  if (response_.has_file() && !head) {
    set_common(file_response_);
    file_response_.body() = std::move(file);
    file_response_.prepare_payload();
    http::async_write(stream_, file_response_, std::move(on_written));
    return;
  }
  set_common(string_response_);
  string_response_.body().swap(*response_.mutable_body());
  if (head) {
    // Headers only, with the length the GET would have sent.
    string_response_.content_length(response_.has_file() ? file.size()
                                                         : string_response_.body().size());
    string_response_.body().clear();
  } else {
    string_response_.prepare_payload();
  }
  http::async_write(stream_, string_response_, std::move(on_written));
}

void HttpConnection::OnWritten(beast::error_code ec, bool keep_alive) {
  const uint64_t bytes_out =
      response_.has_file() ? file_response_.body().size() : string_response_.body().size();
  // Keep the body buffer's capacity for the next response.
  response_.mutable_body()->swap(string_response_.body());
  file_response_.body().close();
  if (request_open_) {
    request_open_ = false;
    ctx_->in_flight->Add(-1);
    const int status = response_.status();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    RouteMetricSeries& m = ctx_->route_metrics[metric_index_];
    const int status_class = std::clamp(status / 100, 1, 5) - 1;
    m.requests_by_class[status_class]->Increment();
    m.latency_seconds->Observe(seconds);
    if (RequestLogger* log = ctx_->options.logger.get(); log != nullptr) {
      RequestLogRecord record;
      record.request_id = request_.request_id();
      record.method = request_.method_text();
      record.path = request_.path();
      record.route = request_.route_template();
      record.status = status;
      record.bytes_in = bytes_in_;
      record.bytes_out = bytes_out;
      record.latency_us = static_cast<int64_t>(seconds * 1e6);
      log->Log(record);
    }
  }
  request_.Reset();  // Drops a committed or abandoned body sink now.
  if (ec) return;
  if (!keep_alive) {
    // Lingering close: discard what the client still sends (an unread body) for a moment, so
    // that closing with unread data does not reset the connection before the client reads the
    // response.
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    state_ = State::kIdle;
    stream_.expires_after(std::chrono::seconds(1));
    return DrainBeforeClose(kMaxDrainBytes);
  }
  ReadIdle();
}

void HttpConnection::DrainBeforeClose(size_t budget) {
  buffer_.clear();
  stream_.async_read_some(asio::buffer(chunk_.get(), kBodyChunkBytes),
                          [self = shared_from_this(), budget](beast::error_code ec, size_t n) {
                            if (ec || n >= budget) return;
                            self->DrainBeforeClose(budget - n);
                          });
}

}  // namespace lakeml::server
