// Requirement 2, processes: a writer is SIGKILLed at random points over at least 50 trials.
// After every trial the table opens at its last complete version with exactly the committed
// rows; data files orphaned by killed writes stay until VACUUM removes them.
//
// One table collects all trials (so later trials run on a log with checkpoints, orphans and
// leftover temporary files). Trial t starts `delta_append_worker --worker t --commits 0`
// (appending until killed) and, once the worker has printed "started", kills it after a
// seeded random delay of 0-200 ms (times 1/sqrt(LAKEML_RELIABILITY_SCALE): 0-400 ms under
// sanitizers, where a commit takes several times longer). A commit the
// worker logged must be in the table; a commit it did not log may be there only if it is the
// next one of that worker (its PutIfAbsent succeeded, the kill came before the log line).
// delta.checkpointInterval = 3, so kills also land in checkpoint writes.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/str_cat.h"
#include "delta/snapshot.h"
#include "delta/table_writer.h"
#include "delta/vacuum.h"
#include "io/file_system.h"
#include "reliability/child_process.h"
#include "reliability/log_audit.h"
#include "reliability/reliability_env.h"
#include "reliability/scratch_dir.h"
#include "reliability/worker_log.h"
#include "reliability/worker_rows.h"

namespace lakeml::reliability {
namespace {

constexpr int64_t kRowsPerCommit = 3;
constexpr int kTrials = 50;  // Required minimum; not scaled down.

TEST(KillCrashTest, SigkillAtRandomPointsLeavesLastCompleteVersion) {
  const uint64_t seed = ReliabilityEnv::Seed();
  std::printf("KillCrashTest seed: LAKEML_RELIABILITY_SEED=%llu\n",
              static_cast<unsigned long long>(seed));
  ::testing::Test::RecordProperty("seed", std::to_string(seed));
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> delay_ms(
      0, static_cast<int>(200 / std::sqrt(std::min(1.0, ReliabilityEnv::Scale()))));

  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string root = dir.path() + "/table";
  delta::WriteOptions create_options;
  create_options.properties["delta.checkpointInterval"] = "3";
  Result<delta::CommitResult> created =
      delta::TableWriter::Create(io::LocalFs(), root, *WorkerRows::Schema(), create_options);
  ASSERT_TRUE(created.ok()) << created.status().ToString();

  std::set<CommitKey> committed;
  std::set<std::string> orphans_seen;
  int64_t version = 0;
  int unlogged_commits = 0, trials_with_commits = 0;
  size_t max_stray = 0;
  for (int t = 0; t < kTrials; ++t) {
    const int delay = delay_ms(rng);
    SCOPED_TRACE(StrCat("trial ", t, " (kill after ", delay, " ms), seed ", seed));
    const std::string out = StrCat(dir.path(), "/trial", t, ".out");
    const std::string err = StrCat(dir.path(), "/trial", t, ".err");
    {
      Result<ChildProcess> child =
          ChildProcess::Spawn({LAKEML_APPEND_WORKER, "--table", root, "--worker", std::to_string(t),
                               "--commits", "0", "--rows", std::to_string(kRowsPerCommit)},
                              out, err);
      ASSERT_TRUE(child.ok()) << child.status().ToString();
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (!WorkerLog::Parse(ReadTextFile(out)).started) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline)
            << "the worker did not start: " << ReadTextFile(err);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      ASSERT_TRUE(child->Kill(SIGKILL).ok());
      Result<ExitInfo> exit = child->Wait();
      ASSERT_TRUE(exit.ok()) << exit.status().ToString();
      ASSERT_TRUE(!exit->exited) << "the worker ended by itself: " << exit->ToString() << "\n"
                                 << ReadTextFile(err);
    }

    // What the worker says it committed.
    const WorkerLog log = WorkerLog::Parse(ReadTextFile(out));
    EXPECT_EQ(log.malformed_lines, 0);
    EXPECT_TRUE(log.started);
    std::map<int64_t, int64_t> logged;  // version -> seq
    for (size_t i = 0; i < log.commits.size(); ++i) {
      const LoggedCommit& c = log.commits[i];
      EXPECT_EQ(c.worker, t);
      EXPECT_EQ(c.seq, static_cast<int64_t>(i));
      logged[c.version] = c.seq;
    }
    const int64_t next_seq = static_cast<int64_t>(log.commits.size());

    // The log, independently: versions contiguous, every commit parses with one commitInfo.
    const LogAudit audit = LogAudit::Run(io::LocalFs(), root);
    for (const std::string& p : audit.problems()) ADD_FAILURE() << p;
    ASSERT_GE(audit.latest_version(), version) << "versions went backwards";
    for (const auto& [v, seq] : logged) {
      EXPECT_GT(v, version) << "logged version " << v << " is not new";
      EXPECT_LE(v, audit.latest_version()) << "logged version " << v << " is not in the log";
    }
    bool unlogged_seen = false;
    for (int64_t v = version + 1; v <= audit.latest_version(); ++v) {
      auto it = audit.commits().find(v);
      ASSERT_NE(it, audit.commits().end()) << "version " << v;
      const AuditedCommit& c = it->second;
      ASSERT_EQ(c.adds.size(), 1u) << "version " << v;
      const AuditedAdd& add = c.adds[0];
      EXPECT_EQ(add.worker_min, t) << "version " << v;
      EXPECT_EQ(add.worker_max, t) << "version " << v;
      EXPECT_EQ(add.seq_min, add.seq_max) << "version " << v;
      EXPECT_EQ(add.num_records, kRowsPerCommit) << "version " << v;
      const CommitKey key{t, add.seq_min};
      auto l = logged.find(v);
      if (l != logged.end()) {
        EXPECT_EQ(l->second, key.seq) << "version " << v << " holds another commit than logged";
      } else {
        // Committed but not logged: only the commit after the last logged one, only once.
        EXPECT_FALSE(unlogged_seen) << "two unlogged commits in one trial";
        EXPECT_EQ(key.seq, next_seq) << "unlogged version " << v;
        unlogged_seen = true;
        ++unlogged_commits;
      }
      EXPECT_TRUE(committed.insert(key).second)
          << "commit (" << t << ", " << key.seq << ") appears twice";
    }
    if (audit.latest_version() > version) ++trials_with_commits;
    version = audit.latest_version();

    // lakeml's reader agrees: the last complete version, exactly the committed rows, no
    // temporary file taken for a version.
    Result<delta::SnapshotPtr> snapshot = delta::Snapshot::Load(io::LocalFs(), root);
    ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
    EXPECT_EQ((*snapshot)->version(), version);
    EXPECT_EQ((*snapshot)->log_segment().latest_version, version);
    EXPECT_EQ(static_cast<int64_t>((*snapshot)->log_segment().all_commits.size()), version + 1);
    EXPECT_EQ(static_cast<int64_t>((*snapshot)->files().size()), version);
    std::vector<RowKey> expected;
    for (const CommitKey& c : committed) {
      for (const RowKey& k : WorkerRows::Keys(c.worker, c.seq, kRowsPerCommit)) {
        expected.push_back(k);
      }
    }
    Result<std::vector<RowKey>> rows = WorkerRows::ReadTable(io::LocalFs(), root);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    ASSERT_EQ(*rows, expected);

    // Referenced files all exist; orphans of killed writes stay (nothing but VACUUM deletes
    // data files); stray log files are only temporary files of PutIfAbsent.
    EXPECT_TRUE(audit.missing().empty()) << "referenced file missing: " << *audit.missing().begin();
    for (const std::string& o : orphans_seen) {
      EXPECT_EQ(audit.orphans().count(o), 1u) << "orphan deleted before VACUUM: " << o;
    }
    orphans_seen = audit.orphans();
    for (const std::string& s : audit.stray_log_files()) {
      EXPECT_TRUE(s[0] == '.' && s.size() > 4 && s.compare(s.size() - 4, 4, ".tmp") == 0)
          << "unexpected file in _delta_log: " << s;
    }
    max_stray = std::max(max_stray, audit.stray_log_files().size());
  }
  std::printf(
      "%d trials: %lld versions (%d trials committed), %d committed-but-unlogged commits, "
      "%zu orphaned data files, %zu temporary log files\n",
      kTrials, static_cast<long long>(version), trials_with_commits, unlogged_commits,
      orphans_seen.size(), max_stray);
  EXPECT_GT(version, 0) << "no trial committed anything; the kill delays are too short";

  // VACUUM with zero retention (forced) removes the orphans and nothing the table needs.
  delta::VacuumOptions vacuum;
  vacuum.retention_hours = 0;
  vacuum.force = true;
  vacuum.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count() +
                  60'000;
  Result<delta::VacuumResult> vacuumed = delta::Vacuum::Run(io::LocalFs(), root, vacuum);
  ASSERT_TRUE(vacuumed.ok()) << vacuumed.status().ToString();
  const std::set<std::string> deleted(vacuumed->files.begin(), vacuumed->files.end());
  for (const std::string& o : orphans_seen) EXPECT_EQ(deleted.count(o), 1u) << o;
  const LogAudit after = LogAudit::Run(io::LocalFs(), root);
  EXPECT_TRUE(after.orphans().empty()) << *after.orphans().begin();
  EXPECT_TRUE(after.missing().empty()) << *after.missing().begin();
  EXPECT_EQ(after.latest_version(), version);
  std::vector<RowKey> expected;
  for (const CommitKey& c : committed) {
    for (const RowKey& k : WorkerRows::Keys(c.worker, c.seq, kRowsPerCommit)) expected.push_back(k);
  }
  Result<std::vector<RowKey>> rows = WorkerRows::ReadTable(io::LocalFs(), root);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, expected);
}

}  // namespace
}  // namespace lakeml::reliability
