// libFuzzer target for the SQL binder, planner and executor: arbitrary bytes as SQL, run
// through a Connection without a warehouse. Every statement must end in a result or a clean
// error (a non-empty message that starts with a Spark error class), never a crash, a hang or
// an internal error. Tables by path are refused here, so inputs only see VALUES data; a
// watchdog interrupts statements that run longer than 200 ms (cross products of VALUES).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "sql/main/connection.h"

namespace {

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

// Calls Interrupt() on the connection when a statement outlives its deadline.
class FuzzWatchdog {
 public:
  explicit FuzzWatchdog(lakeml::sql::Connection* conn) : conn_(conn), thread_([this] { Loop(); }) {}
  ~FuzzWatchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void Arm() {
    std::lock_guard<std::mutex> lock(mu_);
    deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
    armed_ = true;
    cv_.notify_all();
  }
  void Disarm() {
    std::lock_guard<std::mutex> lock(mu_);
    armed_ = false;
  }

 private:
  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      if (!armed_) {
        cv_.wait(lock);
        continue;
      }
      if (cv_.wait_until(lock, deadline_) == std::cv_status::timeout && armed_) {
        conn_->Interrupt();
        armed_ = false;
      }
    }
  }

  lakeml::sql::Connection* conn_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool armed_ = false;
  std::chrono::steady_clock::time_point deadline_;
  std::thread thread_;
};

struct FuzzEngine {
  std::shared_ptr<lakeml::sql::Database> db;
  std::unique_ptr<lakeml::sql::Connection> conn;
  std::unique_ptr<FuzzWatchdog> watchdog;
};

FuzzEngine* Engine() {
  static FuzzEngine* engine = [] {
    static FuzzEngine e;
    lakeml::sql::DatabaseOptions options;
    options.threads = 2;
    e.db = *lakeml::sql::Database::Open(options);
    e.conn = std::make_unique<lakeml::sql::Connection>(e.db);
    e.watchdog = std::make_unique<FuzzWatchdog>(e.conn.get());
    return &e;
  }();
  return engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view sql(reinterpret_cast<const char*>(data), size);
  // No file access from fuzz inputs: path tables and file-reading functions are out of scope.
  if (sql.find('/') != std::string_view::npos) return 0;
  FuzzEngine* engine = Engine();
  engine->watchdog->Arm();
  auto result = engine->conn->Execute(sql);
  engine->watchdog->Disarm();
  if (!result.ok()) {
    const std::string& m = result.status().message();
    Check(!m.empty());
    // Internal errors are bugs: every user-facing error has a Spark error class.
    Check(result.status().code() != lakeml::StatusCode::kInternal);
    Check(m[0] == '[');
  }
  return 0;
}
