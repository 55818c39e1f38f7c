// Issue requirement (server load): 32 concurrent clients log metrics, params and tags for 60 s
// against the real `lakeml server`; every acknowledged write can be read back.
//
// The test starts the `lakeml` binary on a scratch warehouse, creates one run per client plus
// one run shared by all (tag contention), runs TrackingWriteLoad for LAKEML_SERVER_LOAD_SECONDS
// (default 60; CTest sets 10 in the sanitizer build), then reads every run back over HTTP:
// each acknowledged metric point, param and tag is there with its value, nothing else is, and
// nothing is there twice. 503/5xx/429 answers are retried (MLflow clients retry them) and
// reported; a 4xx or a request without an answer fails the test. It prints the acknowledged
// writes, req/s and latency percentiles, and stops the server with SIGTERM (it must exit 0).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "reliability/lakeml_server_process.h"
#include "reliability/scratch_dir.h"
#include "reliability/tracking_write_load.h"

namespace lakeml::reliability {
namespace {

constexpr int kClients = 32;

int LoadSeconds() {
  if (const char* s = std::getenv("LAKEML_SERVER_LOAD_SECONDS")) {
    const int v = std::atoi(s);
    if (v > 0) return v;
  }
  return 60;  // The duration.
}

uint32_t Percentile(const std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()))];
}

TEST(ServerLoadTest, ConcurrentClientsEveryAcknowledgedWriteReadsBack) {
  const int seconds = LoadSeconds();
  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string warehouse = dir.path() + "/warehouse";
  std::filesystem::create_directories(warehouse);
  Result<std::unique_ptr<LakemlServerProcess>> server =
      LakemlServerProcess::Start(LAKEML_BINARY, warehouse, dir.path() + "/server");
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  const int port = (*server)->port();

  TrackingClient setup(port);
  std::vector<LoadClient> clients(kClients);
  for (LoadClient& c : clients) {
    Result<std::string> run = setup.CreateRun();
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    c.own_run = *run;
  }
  Result<std::string> shared_run = setup.CreateRun();
  ASSERT_TRUE(shared_run.ok()) << shared_run.status().ToString();

  TrackingWriteLoad load(port, &clients, *shared_run, /*crash_mode=*/false);
  const auto start = std::chrono::steady_clock::now();
  load.Start();
  const auto end = start + std::chrono::seconds(seconds);
  // Stop early when every client has failed: nothing more can happen.
  while (std::chrono::steady_clock::now() < end && !load.AllEnded()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  LoadReport report = load.Stop();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::printf(
      "ServerLoadTest: %d clients, %.1f s: %lld acknowledged writes (%.0f req/s), %lld retried "
      "503, %lld retried other 5xx/429, %lld without response; latency p50 %u us, p99 %u us, "
      "max %u us\n",
      kClients, elapsed, static_cast<long long>(report.acknowledged), report.acknowledged / elapsed,
      static_cast<long long>(report.retried_503), static_cast<long long>(report.retried_other),
      static_cast<long long>(report.transport_failures), Percentile(report.latencies_us, 0.5),
      Percentile(report.latencies_us, 0.99), Percentile(report.latencies_us, 1.0));
  ::testing::Test::RecordProperty("acknowledged_writes", std::to_string(report.acknowledged));
  ::testing::Test::RecordProperty(
      "requests_per_second", std::to_string(static_cast<int64_t>(report.acknowledged / elapsed)));
  for (size_t i = 0; i < report.failures.size() && i < 20; ++i) {
    ADD_FAILURE() << report.failures[i];
  }
  EXPECT_TRUE(report.failures.empty()) << report.failures.size() << " failed writes; server log:\n"
                                       << (*server)->Stderr().substr(0, 4000);
  EXPECT_GT(report.acknowledged, kClients) << "the load did not get going";

  VerifyCounts counts;
  TrackingClient reader(port, 120000);
  for (const std::string& p : report.ledger.Verify(reader, &counts)) ADD_FAILURE() << p;
  std::printf("ServerLoadTest: read back %lld runs, %lld acknowledged writes found\n",
              static_cast<long long>(counts.runs),
              static_cast<long long>(counts.acknowledged_found));
  EXPECT_EQ(counts.acknowledged_found, report.acknowledged);
  EXPECT_EQ(counts.runs, kClients + 1);

  const Status stopped = (*server)->Stop();
  EXPECT_TRUE(stopped.ok()) << stopped.ToString();
}

}  // namespace
}  // namespace lakeml::reliability
