// Requirement 1: eight writer processes append 100 commits each to one table at the same
// time; the table ends with exactly 800 new versions, one commit file per version, every row
// present once, and every commitInfo intact.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/str_cat.h"
#include "delta/snapshot.h"
#include "delta/table_writer.h"
#include "io/file_system.h"
#include "reliability/child_process.h"
#include "reliability/log_audit.h"
#include "reliability/reliability_env.h"
#include "reliability/scratch_dir.h"
#include "reliability/worker_log.h"
#include "reliability/worker_rows.h"

namespace lakeml::reliability {
namespace {

constexpr int64_t kWorkers = 8;
constexpr int64_t kRowsPerCommit = 2;

TEST(ConcurrentAppendTest, EightProcessesAppendWithoutLosingOrDuplicatingCommits) {
  const int64_t commits_per_worker = ReliabilityEnv::Scaled(100, 10);
  const int64_t total = kWorkers * commits_per_worker;
  ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string root = dir.path() + "/table";
  Result<delta::CommitResult> created =
      delta::TableWriter::Create(io::LocalFs(), root, *WorkerRows::Schema(), {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_EQ(created->version, 0);

  // Start all workers, then open the barrier so that they race from the first commit.
  const std::string go = dir.path() + "/go";
  std::vector<ChildProcess> children;
  for (int64_t w = 0; w < kWorkers; ++w) {
    Result<ChildProcess> child = ChildProcess::Spawn(
        {LAKEML_APPEND_WORKER, "--table", root, "--worker", std::to_string(w), "--commits",
         std::to_string(commits_per_worker), "--rows", std::to_string(kRowsPerCommit),
         "--start-file", go},
        StrCat(dir.path(), "/worker", w, ".out"), StrCat(dir.path(), "/worker", w, ".err"));
    ASSERT_TRUE(child.ok()) << child.status().ToString();
    children.push_back(std::move(*child));
  }
  std::ofstream(go).put('\n');
  for (int64_t w = 0; w < kWorkers; ++w) {
    Result<ExitInfo> exit = children[w].Wait();
    ASSERT_TRUE(exit.ok()) << exit.status().ToString();
    EXPECT_TRUE(exit->exited && exit->exit_code == 0)
        << "worker " << w << ": " << exit->ToString() << "\n"
        << ReadTextFile(StrCat(dir.path(), "/worker", w, ".err"));
  }

  // What the workers say they committed: every (worker, seq) once, at distinct versions.
  std::map<int64_t, CommitKey> logged;  // version -> commit
  for (int64_t w = 0; w < kWorkers; ++w) {
    WorkerLog log = WorkerLog::Parse(ReadTextFile(StrCat(dir.path(), "/worker", w, ".out")));
    EXPECT_EQ(log.malformed_lines, 0) << "worker " << w;
    ASSERT_EQ(static_cast<int64_t>(log.commits.size()), commits_per_worker) << "worker " << w;
    for (int64_t i = 0; i < commits_per_worker; ++i) {
      const LoggedCommit& c = log.commits[i];
      EXPECT_EQ(c.worker, w);
      EXPECT_EQ(c.seq, i);
      EXPECT_TRUE(logged.emplace(c.version, CommitKey{c.worker, c.seq}).second)
          << "version " << c.version << " reported by two commits";
    }
  }
  ASSERT_EQ(static_cast<int64_t>(logged.size()), total);
  EXPECT_EQ(logged.begin()->first, 1);
  EXPECT_EQ(logged.rbegin()->first, total);

  // The log itself, read independently of lakeml's reader.
  LogAudit audit = LogAudit::Run(io::LocalFs(), root);
  for (const std::string& p : audit.problems()) ADD_FAILURE() << p;
  EXPECT_EQ(audit.latest_version(), total);
  ASSERT_EQ(static_cast<int64_t>(audit.commits().size()), total + 1);
  EXPECT_EQ(audit.commits().at(0).operation, "CREATE TABLE");
  std::set<std::string> txn_ids;
  int64_t rebased = 0;
  for (const auto& [version, c] : audit.commits()) {
    if (!c.txn_id.empty()) {
      EXPECT_TRUE(txn_ids.insert(c.txn_id).second) << "txnId reused";
    }
    if (version == 0) continue;
    SCOPED_TRACE(StrCat("version ", version));
    EXPECT_EQ(c.operation, "WRITE");
    EXPECT_TRUE(c.blind_append);
    EXPECT_GT(c.timestamp, 0);
    EXPECT_EQ(c.removes, 0);
    EXPECT_EQ(c.num_output_rows, kRowsPerCommit);
    EXPECT_GE(c.read_version, 0);
    EXPECT_LT(c.read_version, version);
    if (c.read_version < version - 1) ++rebased;
    ASSERT_EQ(c.adds.size(), 1u);
    const AuditedAdd& add = c.adds[0];
    const CommitKey& expected = logged.at(version);
    EXPECT_EQ(add.num_records, kRowsPerCommit);
    EXPECT_EQ(add.worker_min, expected.worker);
    EXPECT_EQ(add.worker_max, expected.worker);
    EXPECT_EQ(add.seq_min, expected.seq);
    EXPECT_EQ(add.seq_max, expected.seq);
  }
  EXPECT_EQ(static_cast<int64_t>(txn_ids.size()), total + 1);
  EXPECT_TRUE(audit.stray_log_files().empty()) << audit.stray_log_files().front();
  EXPECT_TRUE(audit.orphans().empty()) << *audit.orphans().begin();
  EXPECT_TRUE(audit.missing().empty()) << *audit.missing().begin();
  // Proof that the writers really raced: some commits were rebased after losing a version.
  EXPECT_GT(rebased, 0) << "no commit lost a race; the test did not exercise concurrency";
  // A checkpoint at every delta.checkpointInterval (100) versions, written by whichever
  // worker committed that version.
  for (int64_t v = 100; v <= total; v += 100) {
    const std::string name = StrCat(delta::LogFileName::ClassicCheckpoint(v));
    EXPECT_NE(std::find(audit.checkpoints().begin(), audit.checkpoints().end(), name),
              audit.checkpoints().end())
        << "no checkpoint " << name;
  }
  std::printf("%lld commits by %lld processes; %lld rebased after losing a race; %zu checkpoints\n",
              static_cast<long long>(total), static_cast<long long>(kWorkers),
              static_cast<long long>(rebased), audit.checkpoints().size());

  // lakeml's reader: the latest version holds every row exactly once.
  Result<delta::SnapshotPtr> snapshot = delta::Snapshot::Load(io::LocalFs(), root);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  EXPECT_EQ((*snapshot)->version(), total);
  EXPECT_EQ(static_cast<int64_t>((*snapshot)->files().size()), total);
  std::vector<RowKey> expected_rows;
  for (const auto& [version, c] : logged) {
    for (const RowKey& k : WorkerRows::Keys(c.worker, c.seq, kRowsPerCommit)) {
      expected_rows.push_back(k);
    }
  }
  std::sort(expected_rows.begin(), expected_rows.end());
  Result<std::vector<RowKey>> rows = WorkerRows::ReadTable(io::LocalFs(), root);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, expected_rows);

  // Time travel: each version holds exactly the commits logged at or below it (checks the
  // order of the log, across checkpoints).
  for (int64_t v : {int64_t{1}, int64_t{99}, int64_t{100}, int64_t{101}, total / 2, total - 1}) {
    if (v < 1 || v > total) continue;
    std::vector<RowKey> want;
    for (const auto& [version, c] : logged) {
      if (version > v) break;
      for (const RowKey& k : WorkerRows::Keys(c.worker, c.seq, kRowsPerCommit)) want.push_back(k);
    }
    std::sort(want.begin(), want.end());
    Result<std::vector<RowKey>> at = WorkerRows::ReadTable(io::LocalFs(), root, v);
    ASSERT_TRUE(at.ok()) << "version " << v << ": " << at.status().ToString();
    EXPECT_EQ(*at, want) << "version " << v;
  }
}

}  // namespace
}  // namespace lakeml::reliability
