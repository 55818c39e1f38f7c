#include "ml/tracking/group_committer.h"

#include <sqlite3.h>

#include <vector>

namespace lakeml::ml {
namespace {

Status ExecCached(TrackingConnection& conn, std::string_view sql) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get(sql));
  return stmt->Run();
}

}  // namespace

Status GroupCommitter::Write(const Operation& op) {
  Pending pending{&op};
  std::unique_lock<std::mutex> lock(mu_);
  queue_.push_back(&pending);
  while (!pending.done) {
    if (leader_active_) {
      cv_.wait(lock);
      continue;
    }
    leader_active_ = true;
    std::vector<Pending*> batch;
    while (!queue_.empty() && batch.size() < kMaxBatch) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    RunBatch(batch);
    lock.lock();
    ++transactions_;
    operations_ += static_cast<int64_t>(batch.size());
    for (Pending* p : batch) p->done = true;
    leader_active_ = false;
    cv_.notify_all();
  }
  return std::move(pending.status);
}

void GroupCommitter::RunBatch(const std::vector<Pending*>& batch) {
  TrackingConnection& conn = *writer_;
  std::lock_guard<std::recursive_mutex> db_lock(conn.db->mutex());
  Status begin = ExecCached(conn, "BEGIN IMMEDIATE");
  if (!begin.ok()) {
    for (Pending* p : batch) p->status = begin;
    return;
  }
  const bool single = batch.size() == 1;
  for (Pending* p : batch) {
    if (single) {
      p->status = (*p->op)(conn);
      continue;
    }
    Status s = ExecCached(conn, "SAVEPOINT lakeml_op");
    if (s.ok()) {
      s = (*p->op)(conn);
      if (!s.ok()) {
        Status undo = ExecCached(conn, "ROLLBACK TO lakeml_op");
        if (!undo.ok()) s = undo;
      }
      Status release = ExecCached(conn, "RELEASE lakeml_op");
      if (s.ok() && !release.ok()) s = release;
    }
    p->status = std::move(s);
  }
  if (single && !batch[0]->status.ok()) {
    ExecCached(conn, "ROLLBACK").IgnoreError();
    return;
  }
  Status commit = ExecCached(conn, "COMMIT");
  if (!commit.ok()) {
    if (sqlite3_get_autocommit(conn.db->handle()) == 0) ExecCached(conn, "ROLLBACK").IgnoreError();
    for (Pending* p : batch) {
      if (p->status.ok()) p->status = commit;
    }
  }
}

int64_t GroupCommitter::transactions() const {
  std::lock_guard<std::mutex> lock(mu_);
  return transactions_;
}

int64_t GroupCommitter::operations() const {
  std::lock_guard<std::mutex> lock(mu_);
  return operations_;
}

}  // namespace lakeml::ml
