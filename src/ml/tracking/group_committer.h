// GroupCommitter: runs the tracking store's write operations on one writer connection, batching
// the operations of concurrent callers into one SQLite transaction (one WAL append and, with
// synchronous=FULL, one fsync) — group commit.
//
// Each operation runs inside its own SAVEPOINT, so a failing operation (a validation error found
// in the database, say) is rolled back alone and the others of its batch still commit. A
// caller returns only after the transaction holding its operation has committed (or failed):
// nothing is acknowledged before it is durable at the configured level.
//
// There is no committer thread: the first waiting caller becomes the leader, takes every queued
// operation (up to kMaxBatch), runs and commits them, and wakes their callers; the next leader is
// one of the callers that queued meanwhile. A lone caller thus commits on its own thread with no
// hand-off.
//
// Thread-safety: thread-safe. Ownership: owns the writer connection.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "base/status.h"
#include "ml/tracking/tracking_connection.h"

namespace lakeml::ml {

class GroupCommitter {
 public:
  using Operation = std::function<Status(TrackingConnection&)>;
  static constexpr size_t kMaxBatch = 512;

  explicit GroupCommitter(std::unique_ptr<TrackingConnection> writer)
      : writer_(std::move(writer)) {}

  // Runs `op` in a write transaction and returns its Status once that transaction committed;
  // a commit failure is returned to every caller of the batch.
  Status Write(const Operation& op);

  // Figures for tests and the benchmark.
  int64_t transactions() const;
  int64_t operations() const;

 private:
  struct Pending {
    const Operation* op;
    Status status;
    bool done = false;
  };
  void RunBatch(const std::vector<Pending*>& batch);

  std::unique_ptr<TrackingConnection> writer_;  // Used by the leader only.
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending*> queue_;  // Guarded by mu_.
  bool leader_active_ = false;  // Guarded by mu_.
  int64_t transactions_ = 0;    // Guarded by mu_.
  int64_t operations_ = 0;      // Guarded by mu_.
};

}  // namespace lakeml::ml
