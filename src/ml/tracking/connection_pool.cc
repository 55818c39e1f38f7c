#include "ml/tracking/connection_pool.h"

namespace lakeml::ml {

ConnectionPool::Lease::~Lease() {
  if (conn_ != nullptr) pool_->Release(std::move(conn_));
}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  while (idle_.empty() && open_ >= max_size_) cv_.wait(lock);
  if (!idle_.empty()) {
    std::unique_ptr<TrackingConnection> conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_;
  lock.unlock();
  // Readers never write, so the durability level does not matter for them.
  auto conn = TrackingConnection::Open(path_, /*full_sync=*/false);
  if (!conn.ok()) {
    lock.lock();
    --open_;
    cv_.notify_one();
    return conn.status();
  }
  return Lease(this, std::move(conn).value());
}

void ConnectionPool::Release(std::unique_ptr<TrackingConnection> conn) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(conn));
  cv_.notify_one();
}

}  // namespace lakeml::ml
