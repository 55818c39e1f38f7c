// Concurrency and crash durability of the tracking store: every acknowledged write reads back,
// with concurrent writers and after a kill -9 of the writing process.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "ml/tracking/group_committer.h"
#include "tracking_test_store.h"

namespace lakeml::ml {
namespace {

TEST(TrackingDurabilityTest, ConcurrentWritersEveryAcknowledgedWriteReadsBack) {
  TrackingTestStore store;
  constexpr int kThreads = 16;
  std::vector<std::string> runs;
  for (int t = 0; t < kThreads; ++t) {
    auto run = store->CreateRun({});
    ASSERT_TRUE(run.ok());
    runs.push_back(run->info.run_id);
  }
  std::atomic<bool> stop{false};
  std::vector<int> acked(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; !stop.load(); ++i) {
        // Mixed operations on the thread's own run and on a shared one.
        Status s = store->LogMetric(runs[t], {"m", 1.0 * i, 1000 + i, i});
        if (s.ok()) s = store->LogParam(runs[t], {StrCat("p", i), StrCat(i)});
        if (s.ok()) s = store->SetTag(runs[(t + 1) % kThreads], {StrCat("t", t), StrCat(i)});
        if (!s.ok()) {
          ADD_FAILURE() << s.ToString();
          return;
        }
        acked[t] = i + 1;
      }
    });
  }
  // Readers run meanwhile and must never fail.
  std::thread reader([&] {
    while (!stop.load()) {
      SearchRunsRequest req;
      req.experiment_ids = {"0"};
      req.filter = "metrics.m >= 0";
      auto page = store->SearchRuns(req);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
    }
  });
  std::this_thread::sleep_for(std::chrono::seconds(2));
  stop = true;
  for (auto& th : threads) th.join();
  reader.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_GT(acked[t], 0);
    auto history = store->GetMetricHistory(runs[t], "m", 0, "");
    ASSERT_TRUE(history.ok());
    EXPECT_EQ(static_cast<int>(history->metrics.size()), acked[t]);
    auto run = store->GetRun(runs[t]);
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(static_cast<int>(run->params.size()), acked[t]);
    EXPECT_EQ(run->metrics[0].step, acked[t] - 1);
  }
  std::printf("%lld operations in %lld transactions\n",
              static_cast<long long>(store->committer().operations()),
              static_cast<long long>(store->committer().transactions()));
}

// The writer process of KillNineLosesNoAcknowledgedWrite. It is a fresh exec of this test binary,
// not a bare fork, so that no lock held by another thread of the parent is inherited. It logs from
// 4 threads and records each step only after LogMetric acknowledged it, until it is killed.
TEST(TrackingDurabilityChild, LogUntilKilled) {
  const char* spec = std::getenv("LAKEML_DURABILITY_CHILD");
  if (spec == nullptr) GTEST_SKIP() << "runs only as the child of KillNineLosesNoAcknowledgedWrite";
  std::istringstream fields(spec);
  std::string db, acks, run_id;
  std::getline(fields, db, '|');
  std::getline(fields, acks, '|');
  std::getline(fields, run_id, '|');
  TrackingStoreOptions options;
  options.db_path = db;
  auto store = TrackingStore::Open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "child: open failed: %s\n", store.status().ToString().c_str());
    _exit(3);
  }
  FILE* out = std::fopen(acks.c_str(), "w");
  if (out == nullptr) _exit(5);
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int64_t i = 0;; ++i) {
        const int64_t step = i * 4 + t;
        Status s = (*store)->LogMetric(run_id, {"m", 1.0, 1, step});
        if (!s.ok()) {
          std::fprintf(stderr, "child: log-metric failed: %s\n", s.ToString().c_str());
          _exit(4);
        }
        std::lock_guard<std::mutex> lock(mu);
        std::fprintf(out, "%lld\n", static_cast<long long>(step));
        std::fflush(out);
      }
    });
  }
  for (auto& th : threads) th.join();
  _exit(0);
}

// Lines in `path`, 0 when it does not exist yet.
size_t CountLines(const std::string& path) {
  std::ifstream in(path);
  size_t n = 0;
  std::string line;
  while (std::getline(in, line)) ++n;
  return n;
}

TEST(TrackingDurabilityTest, KillNineLosesNoAcknowledgedWrite) {
  reliability::ScratchDir dir;
  const std::string db = dir.path() + "/lakeml.db";
  const std::string acks = dir.path() + "/acks";
  std::string run_id;
  {
    TrackingStoreOptions options;
    options.db_path = db;
    auto store = TrackingStore::Open(options);
    ASSERT_TRUE(store.ok());
    auto run = (*store)->CreateRun({});
    ASSERT_TRUE(run.ok());
    run_id = run->info.run_id;
  }
  const std::string spec = db + "|" + acks + "|" + run_id;
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    setenv("LAKEML_DURABILITY_CHILD", spec.c_str(), 1);
    execl("/proc/self/exe", "/proc/self/exe", "--gtest_filter=TrackingDurabilityChild.LogUntilKilled",
          static_cast<char*>(nullptr));
    _exit(6);
  }
  // Kill once the child has acknowledged a fair number of writes: a fixed sleep is too short on a
  // loaded machine, or under the sanitizers.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  int status = 0;
  bool exited = false;
  while (CountLines(acks) < 2000 && std::chrono::steady_clock::now() < deadline) {
    if (waitpid(child, &status, WNOHANG) == child) {
      exited = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(exited) << "child exited early with status " << status;
  ASSERT_EQ(kill(child, SIGKILL), 0);
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);

  std::set<int64_t> acked;
  std::ifstream in(acks);
  long long step;
  while (in >> step) acked.insert(step);
  ASSERT_GT(acked.size(), 10u);
  TrackingStoreOptions options;
  options.db_path = db;
  auto store = TrackingStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::set<int64_t> stored;
  std::string token;
  do {
    auto history = (*store)->GetMetricHistory(run_id, "m", 0, token);
    ASSERT_TRUE(history.ok()) << history.status().ToString();
    for (const Metric& m : history->metrics) stored.insert(m.step);
    token = history->next_page_token;
  } while (!token.empty());
  for (int64_t s : acked) ASSERT_TRUE(stored.count(s)) << "acknowledged step lost: " << s;
}

}  // namespace
}  // namespace lakeml::ml
