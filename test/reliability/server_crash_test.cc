// Issue requirement (server crash): kill -9 `lakeml server` during heavy logging, restart it
// on the same warehouse; nothing acknowledged is lost and the store opens cleanly.
//
// Three cycles on one warehouse. Each cycle starts the server, reads everything written so far
// back (from the second cycle on: after a crash), runs 32 logging clients (TrackingWriteLoad,
// crash mode) and SIGKILLs the server once N writes of the cycle are acknowledged (5,000,
// scaled by LAKEML_RELIABILITY_SCALE, at least 1,000) or after 60 s, whichever comes first;
// never after a fixed sleep. The clients' last writes have unknown outcomes: each may be there
// or not, but at most once, and one found stays acknowledged for the later checks. After the
// last kill the server is started once more: it must open the store, answer /health, read
// every acknowledged write back and take (and return) a new write. After each kill, SQLite's
// PRAGMA integrity_check of <warehouse>/lakeml.db must say "ok".
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "base/str_cat.h"
#include "metastore/sqlite_database.h"
#include "reliability/lakeml_server_process.h"
#include "reliability/reliability_env.h"
#include "reliability/scratch_dir.h"
#include "reliability/tracking_write_load.h"

namespace lakeml::reliability {
namespace {

constexpr int kClients = 32;
constexpr int kCrashes = 3;
constexpr auto kCycleDeadline = std::chrono::seconds(60);

// SQLite's own check of the store the killed server left (the WAL is recovered on open, as the
// restarted server would): "ok", or the damage it reports.
std::string IntegrityCheck(const std::string& warehouse) {
  // Open() would create a missing file, which would check fine.
  if (!std::filesystem::exists(warehouse + "/lakeml.db")) return "lakeml.db is missing";
  Result<std::unique_ptr<metastore::SqliteDatabase>> db =
      metastore::SqliteDatabase::Open(warehouse + "/lakeml.db");
  if (!db.ok()) return db.status().ToString();
  Result<metastore::SqliteStatement> check = (*db)->Prepare("PRAGMA integrity_check");
  if (!check.ok()) return check.status().ToString();
  std::string result;
  while (true) {
    Result<bool> row = check->Step();
    if (!row.ok()) return row.status().ToString();
    if (!*row) break;
    result += (result.empty() ? "" : "; ") + check->ColumnText(0);
  }
  return result;
}

// Starts the server on `warehouse` and reads `ledger` back; returns the server.
std::unique_ptr<LakemlServerProcess> StartAndVerify(const std::string& warehouse,
                                                    const std::string& log_prefix,
                                                    TrackingLedger* ledger) {
  Result<std::unique_ptr<LakemlServerProcess>> server =
      LakemlServerProcess::Start(LAKEML_BINARY, warehouse, log_prefix);
  EXPECT_TRUE(server.ok()) << "the store does not reopen: " << server.status().ToString();
  if (!server.ok()) return nullptr;
  TrackingClient reader((*server)->port(), 120000);
  const HttpOutcome health = reader.GetPath("/health");
  EXPECT_EQ(health.status, 200) << health.body;
  VerifyCounts counts;
  for (const std::string& p : ledger->Verify(reader, &counts)) ADD_FAILURE() << p;
  std::printf(
      "ServerCrashTest: restart read back %lld runs: %lld acknowledged writes found, %lld "
      "unacknowledged found, %lld unacknowledged absent\n",
      static_cast<long long>(counts.runs), static_cast<long long>(counts.acknowledged_found),
      static_cast<long long>(counts.unknown_found), static_cast<long long>(counts.unknown_absent));
  EXPECT_LE(counts.unknown_found + counts.unknown_absent, kClients)
      << "more writes in flight than clients";
  return std::move(*server);
}

TEST(ServerCrashTest, SigkillDuringLoggingLosesNothingAcknowledged) {
  const int64_t kill_after = ReliabilityEnv::Scaled(5000, 1000);
  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string warehouse = dir.path() + "/warehouse";
  std::filesystem::create_directories(warehouse);

  TrackingLedger ledger;
  std::vector<LoadClient> clients(kClients);
  std::string shared_run;
  int64_t total_acknowledged = 0;
  double total_seconds = 0;
  for (int cycle = 0; cycle < kCrashes; ++cycle) {
    SCOPED_TRACE(StrCat("cycle ", cycle));
    std::unique_ptr<LakemlServerProcess> server =
        StartAndVerify(warehouse, StrCat(dir.path(), "/server", cycle), &ledger);
    ASSERT_NE(server, nullptr);
    if (cycle == 0) {
      TrackingClient setup(server->port());
      for (LoadClient& c : clients) {
        Result<std::string> run = setup.CreateRun();
        ASSERT_TRUE(run.ok()) << run.status().ToString();
        c.own_run = *run;
      }
      Result<std::string> run = setup.CreateRun();
      ASSERT_TRUE(run.ok()) << run.status().ToString();
      shared_run = *run;
    }

    TrackingWriteLoad load(server->port(), &clients, shared_run, /*crash_mode=*/true);
    const auto start = std::chrono::steady_clock::now();
    load.Start();
    while (load.Acknowledged() < kill_after &&
           std::chrono::steady_clock::now() - start < kCycleDeadline && !load.AllEnded()) {
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    const int64_t at_kill = load.Acknowledged();
    const Status killed = server->Kill();
    ASSERT_TRUE(killed.ok()) << killed.ToString();
    EXPECT_EQ(IntegrityCheck(warehouse), "ok");
    LoadReport report = load.Stop();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "ServerCrashTest: cycle %d: killed at %lld acknowledged writes (%lld in all, %.0f "
        "req/s), %lld retried 503, %lld retried other 5xx/429, %lld without response\n",
        cycle, static_cast<long long>(at_kill), static_cast<long long>(report.acknowledged),
        report.acknowledged / seconds, static_cast<long long>(report.retried_503),
        static_cast<long long>(report.retried_other),
        static_cast<long long>(report.transport_failures));
    for (size_t i = 0; i < report.failures.size() && i < 20; ++i)
      ADD_FAILURE() << report.failures[i];
    EXPECT_TRUE(report.failures.empty()) << "server log:\n" << server->Stderr().substr(0, 4000);
    EXPECT_GT(report.acknowledged, 0) << "nothing was acknowledged before the kill";
    total_acknowledged += report.acknowledged;
    total_seconds += seconds;
    ledger.Merge(std::move(report.ledger));
  }

  // The last restart: the store opens, everything acknowledged is there, and it takes writes.
  std::unique_ptr<LakemlServerProcess> server =
      StartAndVerify(warehouse, dir.path() + "/server_final", &ledger);
  ASSERT_NE(server, nullptr);
  TrackingClient client(server->port());
  TrackingWrite write =
      TrackingWriteLoad::MakeWrite(0, clients[0].next_seq, clients[0].own_run, shared_run);
  const HttpOutcome logged = client.Post(write.Route(), write.Body());
  EXPECT_EQ(logged.status, 200) << logged.body;
  write.acknowledged = logged.status == 200;
  ledger.Add(std::move(write));
  VerifyCounts counts;
  for (const std::string& p : ledger.Verify(client, &counts)) ADD_FAILURE() << p;
  EXPECT_EQ(counts.acknowledged_found, ledger.acknowledged());
  std::printf(
      "ServerCrashTest: %d kills, %lld writes acknowledged (%.0f req/s), %lld in the store\n",
      kCrashes, static_cast<long long>(total_acknowledged), total_acknowledged / total_seconds,
      static_cast<long long>(ledger.acknowledged()));
  const Status stopped = server->Stop();
  EXPECT_TRUE(stopped.ok()) << stopped.ToString();
}

}  // namespace
}  // namespace lakeml::reliability
