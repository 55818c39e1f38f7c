#include "loadgen/http_load_generator.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

namespace lakeml::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct ConnectionStats {
  std::vector<float> latencies_us;
  int64_t errors = 0;
  int64_t non_2xx = 0;
};

int ConnectLoopback(const std::string& host, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

// Reads one response from `fd` (`buf` keeps bytes read past it). Returns the status, or -1.
int ReadOneResponse(int fd, std::string* buf) {
  size_t header_end;
  char chunk[65536];
  while ((header_end = buf->find("\r\n\r\n")) == std::string::npos) {
    const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return -1;
    buf->append(chunk, static_cast<size_t>(n));
  }
  if (buf->size() < 12) return -1;
  const int status = std::atoi(buf->c_str() + 9);
  size_t length = 0;
  for (size_t pos = buf->find("\r\n"); pos < header_end; pos = buf->find("\r\n", pos + 2)) {
    constexpr std::string_view kName = "content-length:";
    if (strncasecmp(buf->c_str() + pos + 2, kName.data(), kName.size()) == 0) {
      length = std::strtoull(buf->c_str() + pos + 2 + kName.size(), nullptr, 10);
      break;
    }
  }
  const size_t total = header_end + 4 + length;
  while (buf->size() < total) {
    const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return -1;
    buf->append(chunk, static_cast<size_t>(n));
  }
  buf->erase(0, total);
  return status;
}

bool SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

double Percentile(const std::vector<float>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t i = std::min(sorted.size() - 1, static_cast<size_t>(p * (sorted.size() - 1) + 0.5));
  return sorted[i];
}

}  // namespace

std::string LoadResult::ToString() const {
  return fmt::format(
      "requests={} errors={} non_2xx={} seconds={:.2f} rps={:.0f} p50={:.0f}us p90={:.0f}us "
      "p99={:.0f}us max={:.0f}us mean={:.0f}us",
      requests, errors, non_2xx, seconds, requests_per_second, p50_us, p90_us, p99_us, max_us,
      mean_us);
}

Result<LoadResult> HttpLoadGenerator::Run(const LoadOptions& options) {
  if (options.connections < 1) return Status::InvalidArgument("connections must be >= 1");
  if (options.request.empty() && !options.make_request) {
    return Status::InvalidArgument("LoadOptions needs request or make_request");
  }
  const int n = options.connections;
  std::vector<ConnectionStats> stats(n);
  std::vector<int> fds(n, -1);
  for (int c = 0; c < n; ++c) {
    fds[c] = ConnectLoopback(options.host, options.port);
    if (fds[c] < 0) {
      for (int fd : fds)
        if (fd >= 0) ::close(fd);
      return Status::IOError("Cannot connect to ", options.host, ":", options.port, ": ",
                             std::strerror(errno));
    }
  }
  std::atomic<int64_t> remaining{options.requests};
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(options.seconds));
  // Paced: each connection sends every n / rate seconds, starting staggered.
  const double interval_s = options.target_rate > 0 ? n / options.target_rate : 0;
  std::vector<std::thread> threads;
  for (int c = 0; c < n; ++c) {
    threads.emplace_back([&, c] {
      ConnectionStats& s = stats[c];
      std::string buf;
      auto scheduled = start + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(interval_s * c / n));
      for (int64_t i = 0;; ++i) {
        if (options.requests > 0) {
          if (remaining.fetch_sub(1) <= 0) break;
        } else if (Clock::now() >= end) {
          break;
        }
        Clock::time_point t0 = Clock::now();
        if (interval_s > 0) {
          if (scheduled > t0) std::this_thread::sleep_until(scheduled);
          t0 = scheduled;
          scheduled += std::chrono::duration_cast<Clock::duration>(
              std::chrono::duration<double>(interval_s));
        }
        const std::string built = options.make_request ? options.make_request(c, i) : "";
        const std::string_view req = options.make_request ? built : options.request;
        int status = -1;
        if (SendAll(fds[c], req)) status = ReadOneResponse(fds[c], &buf);
        if (status < 0) {
          ++s.errors;
          break;  // The connection is unusable.
        }
        s.latencies_us.push_back(
            std::chrono::duration<float, std::micro>(Clock::now() - t0).count());
        if (status < 200 || status > 299) ++s.non_2xx;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  LoadResult r;
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (int fd : fds) ::close(fd);
  std::vector<float> all;
  for (ConnectionStats& s : stats) {
    all.insert(all.end(), s.latencies_us.begin(), s.latencies_us.end());
    r.errors += s.errors;
    r.non_2xx += s.non_2xx;
  }
  std::sort(all.begin(), all.end());
  r.requests = static_cast<int64_t>(all.size());
  r.requests_per_second = r.requests / r.seconds;
  r.p50_us = Percentile(all, 0.50);
  r.p90_us = Percentile(all, 0.90);
  r.p99_us = Percentile(all, 0.99);
  r.max_us = all.empty() ? 0 : all.back();
  double sum = 0;
  for (float v : all) sum += v;
  r.mean_us = all.empty() ? 0 : sum / all.size();
  return r;
}

}  // namespace lakeml::bench
