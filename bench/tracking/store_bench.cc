// Tracking store micro-benchmark (in process, no HTTP): the five operations of issue 6's
// performance floors, against a fresh lakeml.db in a temporary directory.
//   bench_tracking_store_bench [--runs N] [--dir DIR]
// N: runs in the search store (default 100000). Prints one line per figure.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "base/str_cat.h"
#include "ml/tracking/group_committer.h"
#include "ml/tracking/tracking_store.h"

namespace {

using lakeml::StrCat;
using namespace lakeml::ml;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

void Check(const lakeml::Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s failed: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * (v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  int64_t search_runs = 100000;
  std::string dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--runs") search_runs = std::atoll(argv[i + 1]);
    if (flag == "--dir") dir = argv[i + 1];
  }
  if (dir.empty()) {
    dir = (std::filesystem::temp_directory_path() / "lakeml_tracking_bench").string();
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  TrackingStoreOptions options;
  options.db_path = dir + "/lakeml.db";
  auto opened = TrackingStore::Open(options);
  Check(opened.status(), "open");
  TrackingStore& store = **opened;

  // 1. log-metric, one at a time, one caller.
  auto run = store.CreateRun({});
  Check(run.status(), "create run");
  const std::string run_id = run->info.run_id;
  {
    const int n = 20000;
    auto t0 = Clock::now();
    for (int i = 0; i < n; ++i) {
      Check(store.LogMetric(run_id, {"loss", 1.0 / (i + 1), 1700000000000 + i, i}), "log metric");
    }
    std::printf("log-metric, 1 caller:          %10.0f ops/s\n", n / Seconds(t0, Clock::now()));
  }
  // 1b. log-metric, 16 concurrent callers (group commit).
  {
    const int threads = 16, per = 5000;
    std::vector<std::thread> pool;
    const int64_t tx0 = store.committer().transactions();
    auto t0 = Clock::now();
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (int i = 0; i < per; ++i) {
          Check(store.LogMetric(run_id, {StrCat("c", t), 1.0 * i, 1700000000000 + i, i}),
                "log metric");
        }
      });
    }
    for (auto& th : pool) th.join();
    const double s = Seconds(t0, Clock::now());
    std::printf("log-metric, 16 callers:        %10.0f ops/s (%.1f ops per commit)\n",
                threads * per / s,
                threads * per / static_cast<double>(store.committer().transactions() - tx0));
  }
  // 2. log-batch of 1000 metrics.
  {
    auto batch_run = store.CreateRun({});
    Check(batch_run.status(), "create run");
    const int batches = 200;
    std::vector<Metric> metrics(1000);
    auto t0 = Clock::now();
    for (int b = 0; b < batches; ++b) {
      for (int i = 0; i < 1000; ++i) {
        metrics[i] = {StrCat("m", i % 10), 0.5 * i, 1700000000000 + b, b * 100 + i / 10};
      }
      Check(store.LogBatch(batch_run->info.run_id, metrics, {}, {}), "log batch");
    }
    std::printf("log-batch 1000 metrics:        %10.0f metrics/s\n",
                batches * 1000 / Seconds(t0, Clock::now()));
  }
  // 3. get-history of 100k points.
  {
    auto hist_run = store.CreateRun({});
    Check(hist_run.status(), "create run");
    std::vector<Metric> metrics(1000);
    for (int b = 0; b < 100; ++b) {
      for (int i = 0; i < 1000; ++i) metrics[i] = {"h", 0.1 * i, 1700000000000 + i, b * 1000 + i};
      Check(store.LogBatch(hist_run->info.run_id, metrics, {}, {}), "log batch");
    }
    std::vector<double> ms;
    for (int r = 0; r < 20; ++r) {
      auto t0 = Clock::now();
      auto page = store.GetMetricHistory(hist_run->info.run_id, "h", 100000, "");
      ms.push_back(1000 * Seconds(t0, Clock::now()));
      Check(page.status(), "history");
      if (page->metrics.size() != 100000) std::exit(2);
    }
    std::printf("get-history 100k points:       p50 %6.2f ms, p99 %6.2f ms\n", Percentile(ms, 0.5),
                Percentile(ms, 0.99));
  }
  // 4. create run + 10 metrics + 10 params, and fill the search store.
  {
    auto exp = store.CreateExperiment("search", "", {});
    Check(exp.status(), "create experiment");
    auto t0 = Clock::now();
    std::vector<Metric> metrics(10);
    std::vector<Param> params(10);
    for (int64_t i = 0; i < search_runs; ++i) {
      CreateRunRequest req;
      req.experiment_id = *exp;
      req.start_time = 1700000000000 + i;
      req.run_name = StrCat("r", i);
      auto r = store.CreateRun(req);
      Check(r.status(), "create run");
      uint64_t h = static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ull;
      for (int k = 0; k < 10; ++k) {
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9ull;
        metrics[k] = {StrCat("m", k), static_cast<double>(h % 100000) / 100000, 1, 0};
        params[k] = {StrCat("p", k), StrCat("v", (h >> 20) % 4)};
      }
      Check(store.LogBatch(r->info.run_id, metrics, params, {}), "log batch");
    }
    std::printf("create run + 10 metrics + 10 params: %10.0f runs/s (%lld runs)\n",
                search_runs / Seconds(t0, Clock::now()), static_cast<long long>(search_runs));
    // 5. search: a metric and a param filter, ordered by the metric, a 1000-run page.
    SearchRunsRequest req;
    req.experiment_ids = {*exp};
    req.filter = "metrics.m0 > 0.2 AND params.p1 = 'v2'";
    req.order_by = {"metrics.m0 DESC"};
    req.max_results = 1000;
    std::vector<double> ms;
    size_t got = 0;
    for (int r = 0; r < 30; ++r) {
      auto t0 = Clock::now();
      auto page = store.SearchRuns(req);
      ms.push_back(1000 * Seconds(t0, Clock::now()));
      Check(page.status(), "search");
      got = page->runs.size();
    }
    std::printf(
        "search_runs 1000-run page (%zu runs returned, store %lld): p50 %6.2f ms, "
        "p99 %6.2f ms\n",
        got, static_cast<long long>(search_runs), Percentile(ms, 0.5), Percentile(ms, 0.99));
  }
  opened->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
