// Delta table benchmarks (issue 3 targets):
//   snapshot  load the latest snapshot of a table with 10,000 commits and 100,000 live files,
//             checkpointed every 100 commits (target <= 0.3 s), and the same log without
//             checkpoints (JSON commits only)
//   commit    latency of a small append commit (one add action, data file write excluded) on a
//             table of 1,000 files (target <= 5 ms)
//   skipping  share of files a point predicate on a sorted column reads (target <= 2%)
//
// No Delta peer runs on this machine (delta-rs and Spark need PyPI/Maven, DuckDB's delta
// extension a download), so the figures are absolute and compared with the targets.
//
// Usage: bench_delta_delta_bench [--dir DIR] [--only snapshot|commit|skipping] [--reps N]
//        [--commits N] [--files-per-commit N] [--checkpoint-interval N]
#include <time.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "base/str_cat.h"
#include "../parquet/bench_process.h"
#include "delta/checkpoint/checkpoint_writer.h"
#include "delta/log/action_json_writer.h"
#include "delta/log_segment.h"
#include "delta/scan.h"
#include "delta/snapshot.h"
#include "delta/table_writer.h"
#include "delta/transaction.h"
#include "io/local_file_system.h"

using namespace lakeml;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU seconds of the whole process (all threads): a figure that holds on a busy machine.
double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}

constexpr char kSchema[] =
    R"({"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}},)"
    R"({"name":"value","type":"double","nullable":true,"metadata":{}},)"
    R"({"name":"name","type":"string","nullable":true,"metadata":{}}]})";

delta::AddFile FakeAdd(int64_t version, int i) {
  delta::AddFile add;
  add.path = StrCat("part-", version, "-", i, "-c000.snappy.parquet");
  add.size = 1000000 + i;
  add.modification_time = 1700000000000 + version;
  add.data_change = true;
  const int64_t lo = (version * 10 + i) * 1000;
  add.stats = StrCat(R"({"numRecords":1000,"minValues":{"id":)", lo, R"(,"value":0.5,"name":"a"},)",
                     R"("maxValues":{"id":)", lo + 999, R"(,"value":99.5,"name":"zz"},)",
                     R"("nullCount":{"id":0,"value":0,"name":0}})");
  return add;
}

// Writes a synthetic log of `commits` commits with `per_commit` adds each directly (no data
// files), with classic checkpoints every `interval` versions (0 = none).
void GenerateLog(const std::string& root, int64_t commits, int per_commit, int64_t interval) {
  io::FileSystem* fs = io::LocalFs();
  const std::string log = io::JoinPath(root, "_delta_log");
  Check(fs->CreateDirs(log), "create");
  std::vector<delta::Action> live;
  delta::Protocol protocol;
  delta::Metadata metadata;
  metadata.id = "bench-table";
  metadata.schema_string = kSchema;
  metadata.created_time = 1700000000000;
  live.push_back(protocol);
  live.push_back(metadata);
  const auto start = Clock::now();
  for (int64_t v = 0; v < commits; ++v) {
    std::vector<delta::Action> actions;
    delta::CommitInfo info;
    info.json = StrCat(R"({"timestamp":)", 1700000000000 + v, R"(,"operation":"WRITE"})");
    actions.push_back(info);
    if (v == 0) {
      actions.push_back(protocol);
      actions.push_back(metadata);
    }
    for (int i = 0; i < per_commit; ++i) {
      delta::AddFile add = FakeAdd(v, i);
      live.push_back(add);
      actions.push_back(std::move(add));
    }
    Check(fs->PutIfAbsent(io::JoinPath(log, delta::LogFileName::Commit(v)),
                          delta::SerializeCommit(actions)),
          "commit");
    if (interval > 0 && v > 0 && v % interval == 0) {
      delta::CheckpointWriteOptions options;
      auto size = delta::WriteCheckpointFile(
          *fs, io::JoinPath(log, delta::LogFileName::ClassicCheckpoint(v)), live, options);
      Check(size.status(), "checkpoint");
      const std::string last = StrCat(R"({"version":)", v, R"(,"size":)", live.size(), "}");
      auto f = fs->OpenForWrite(io::JoinPath(log, "_last_checkpoint"));
      Check(f.status(), "last checkpoint");
      Check((*f)->Append(last), "last checkpoint");
      Check((*f)->Close(), "last checkpoint");
    }
  }
  std::fprintf(stderr, "generated %lld commits, %zu files in %.1f s: %s\n",
               static_cast<long long>(commits), live.size() - 2, Seconds(start, Clock::now()),
               root.c_str());
}

void BenchSnapshot(const std::string& dir, int reps, int64_t commits, int per_commit,
                   int64_t interval) {
  const std::string with_ckpt = io::JoinPath(dir, "snapshot_checkpointed");
  const std::string json_only = io::JoinPath(dir, "snapshot_json_only");
  if (!std::filesystem::exists(with_ckpt)) GenerateLog(with_ckpt, commits, per_commit, interval);
  if (!std::filesystem::exists(json_only)) GenerateLog(json_only, commits, per_commit, 0);
  for (const std::string& root : {with_ckpt, json_only}) {
    std::vector<double> times, cpu;
    size_t files = 0;
    int64_t version = -1;
    for (int r = 0; r < reps; ++r) {
      const auto t0 = Clock::now();
      const double c0 = CpuSeconds();
      {
        auto snap = delta::Snapshot::Load(io::LocalFs(), root);
        Check(snap.status(), "load");
        files = (*snap)->files().size();
        version = (*snap)->version();
        times.push_back(Seconds(t0, Clock::now()));
      }
      cpu.push_back(CpuSeconds() - c0);  // Includes freeing the snapshot.
    }
    std::printf(
        "snapshot_load %-22s version=%lld files=%zu median=%.3f s min=%.3f s cpu_median=%.3f s\n",
        std::filesystem::path(root).filename().c_str(), static_cast<long long>(version), files,
        Median(times), *std::min_element(times.begin(), times.end()), Median(cpu));
  }
}

void BenchCommit(const std::string& dir, int reps) {
  const std::string root = io::JoinPath(dir, "commit_latency");
  std::filesystem::remove_all(root);
  GenerateLog(root, 100, 10, 0);  // 1,000 files.
  std::vector<double> times;
  for (int r = 0; r < reps; ++r) {
    auto snap = delta::Snapshot::Load(io::LocalFs(), root);
    Check(snap.status(), "load");
    const auto t0 = Clock::now();
    std::unique_ptr<delta::Transaction> txn = delta::Transaction::Begin(*snap);
    txn->SetOperation("WRITE", R"({"mode":"Append"})");
    txn->AddFile(FakeAdd(1000000 + r, 0));
    auto result = txn->Commit();
    const auto t1 = Clock::now();
    Check(result.status(), "commit");
    times.push_back(Seconds(t0, t1) * 1000);
  }
  std::printf("commit_latency table_files=1000 commits=%d median=%.2f ms p95=%.2f ms\n", reps,
              Median(times), Percentile(times, 0.95));
}

void BenchSkipping(const std::string& dir) {
  const std::string root = io::JoinPath(dir, "skipping");
  std::filesystem::remove_all(root);
  // 100 files of 10,000 rows each, sorted on id.
  const int kFiles = 100, kRows = 10000;
  auto schema = std::make_shared<columnar::Schema>(std::vector<columnar::Field>{
      {"id", columnar::DataType::Primitive(columnar::TypeId::kInt64), true}});
  for (int f = 0; f < kFiles; ++f) {
    bool done = false;
    auto source = [&]() -> Result<columnar::BatchPtr> {
      if (done) return columnar::BatchPtr();
      done = true;
      auto v = columnar::Vector::Make(schema->field(0).type, kRows);
      int64_t* ids = reinterpret_cast<int64_t*>(v->mutable_values()->mutable_data());
      for (int i = 0; i < kRows; ++i) ids[i] = static_cast<int64_t>(f) * kRows + i;
      return std::make_shared<columnar::Batch>(schema, std::vector<columnar::VectorPtr>{v}, kRows);
    };
    auto w = delta::TableWriter::Write(io::LocalFs(), root, schema, source, {});
    Check(w.status(), "write");
  }
  auto snap = delta::Snapshot::Load(io::LocalFs(), root);
  Check(snap.status(), "load");
  auto pred = delta::Predicate::Parse("id = 654321", *(*snap)->schema());
  Check(pred.status(), "predicate");
  delta::ScanOptions options;
  options.predicate = *pred;
  auto scan = (*snap)->NewScan(options);
  Check(scan.status(), "scan");
  auto stream = (*scan)->Execute();
  Check(stream.status(), "execute");
  int64_t rows = 0;
  while (true) {
    auto b = (*stream)->Next();
    Check(b.status(), "next");
    if (!*b) break;
    rows += (*b)->num_rows();
  }
  const auto& m = (*scan)->metrics();
  std::printf("data_skipping files=%lld read=%lld (%.1f%%) rows_scanned=%lld\n",
              static_cast<long long>(m.files_total), static_cast<long long>(m.files_read),
              100.0 * m.files_read / m.files_total, static_cast<long long>(rows));
}

}  // namespace

int main(int argc, char** argv) {
  bench::BenchProcess p(argc, argv);
  const std::string dir = p.Flag("dir", "bench/data/delta");
  const std::string only = p.Flag("only", "");
  const int reps = std::atoi(p.Flag("reps", "5").c_str());
  std::filesystem::create_directories(dir);
  if (only.empty() || only == "snapshot") {
    BenchSnapshot(dir, reps, std::atoll(p.Flag("commits", "10000").c_str()),
                  std::atoi(p.Flag("files-per-commit", "10").c_str()),
                  std::atoll(p.Flag("checkpoint-interval", "100").c_str()));
  }
  if (only.empty() || only == "commit") BenchCommit(dir, std::max(reps, 50));
  if (only.empty() || only == "skipping") BenchSkipping(dir);
  return 0;
}
