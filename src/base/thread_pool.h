// ThreadPool: a fixed set of worker threads that run submitted tasks in FIFO order.
//
// Thread-safe: Submit() may be called from any thread, including from inside a task.
// The destructor waits for queued tasks to finish. Use TaskGroup to wait for a batch.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "base/status.h"

namespace lakeml {

class ThreadPool {
 public:
  // REQUIRES: num_threads >= 1
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  void Submit(std::function<void()> task);
  int num_threads() const { return static_cast<int>(workers_.size()); }

  // Threads to use by default: the hardware concurrency, at least 1.
  static int DefaultThreads();

 private:
  void WorkerLoop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// TaskGroup: runs Status-returning tasks on a pool (or inline when pool is null) and
// waits for all of them; Wait() returns the first error. Not thread-safe itself: one owner
// submits and waits.
class TaskGroup {
 public:
  explicit TaskGroup(ThreadPool* pool) : pool_(pool) {}
  ~TaskGroup();  // Waits.

  void Run(std::function<Status()> task);
  Status Wait();

 private:
  ThreadPool* pool_;
  std::mutex mu_;
  std::condition_variable cv_;
  int pending_ = 0;
  Status first_error_;
};

}  // namespace lakeml
