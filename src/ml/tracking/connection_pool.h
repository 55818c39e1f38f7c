// ConnectionPool: the tracking store's read connections. Each reader has its own WAL connection
// and statement cache, so reads run in parallel with each other and never wait for the writer
// (WAL readers see the last committed snapshot).
//
// Acquire() hands out an idle connection, opening a new one while fewer than `max_size` exist,
// and otherwise waits for one to come back. Thread-safety: thread-safe.
// Ownership: owns the connections; a Lease must end before the pool is destroyed.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "ml/tracking/tracking_connection.h"

namespace lakeml::ml {

class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<TrackingConnection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    ~Lease();
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    TrackingConnection& operator*() const { return *conn_; }
    TrackingConnection* operator->() const { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<TrackingConnection> conn_;
  };

  ConnectionPool(std::string path, size_t max_size) : path_(std::move(path)), max_size_(max_size) {}

  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<TrackingConnection> conn);

  const std::string path_;
  const size_t max_size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<TrackingConnection>> idle_;  // Guarded by mu_.
  size_t open_ = 0;                                        // Guarded by mu_.
};

}  // namespace lakeml::ml
