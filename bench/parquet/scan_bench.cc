// scan_bench: lakeml's side of the Parquet scan benchmark (driven by run.mjs; see
// docs/benchmarks.md). Decodes every column of every row group of FILE, `--reps` times, and
// prints one JSON object: the wall time of each run (opening the file included), their median,
// and the process's resident memory.
//
//   scan_bench FILE [--threads N] [--reps R] [--work decode|minmax] [--parallel P]
//              [--columns a,b,c]
//
//   --work decode   decode into Vectors and touch O(1) per column (lengths, null counts)
//   --work minmax   also count/min/max every column: the work of the DuckDB query (default)
//   --parallel library    ReadRowGroup() in row-group order; the reader's pool of N threads
//                         decodes the columns of a row group in parallel (default)
//   --parallel scan       FileReader::Scan(): as above, plus the next row group decoded on a
//                         prefetch thread while the current one is consumed
//   --parallel rowgroups  N threads, each decoding whole row groups with a 1-thread reader
//   --columns             top-level columns to read (default: all)
#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_process.h"
#include "column_min_max.h"
#include "format/parquet/file_reader.h"
#include "io/file_system.h"

namespace lakeml::bench {
namespace {

using columnar::Batch;
using columnar::BatchPtr;
using parquet::FileReader;
using parquet::ReaderOptions;

// What one run computed: per-column aggregates and an O(1)-per-column checksum.
struct ScanResult {
  std::vector<ColumnMinMax> columns;
  int64_t rows = 0;
  int64_t checksum = 0;

  void Consume(const Batch& batch, bool minmax) {
    if (columns.size() < batch.num_columns()) columns.resize(batch.num_columns());
    rows += batch.num_rows();
    for (size_t c = 0; c < batch.num_columns(); ++c) {
      const columnar::Vector& v = *batch.column(c);
      checksum += v.length() + v.null_count();
      if (v.type()->is_binary_like() && v.length() > 0) checksum += v.offsets()[v.length()];
      if (minmax) columns[c].Update(v);
    }
  }

  void Merge(const ScanResult& o) {
    if (columns.size() < o.columns.size()) columns.resize(o.columns.size());
    for (size_t c = 0; c < o.columns.size(); ++c) columns[c].Merge(o.columns[c]);
    rows += o.rows;
    checksum += o.checksum;
  }
};

// What to scan, from the command line.
struct ScanSpec {
  std::string path;
  int threads = 1;
  bool minmax = true;
  std::string columns;  // Comma-separated top-level names; empty = all.
};

Result<std::unique_ptr<FileReader>> OpenReader(const std::string& path, int threads) {
  ReaderOptions options;
  options.num_threads = threads;
  return FileReader::Open(io::LocalFs(), path, options);
}

Result<std::vector<int>> Fields(const FileReader& reader, const std::string& columns) {
  if (!columns.empty()) {
    std::vector<std::string> names;
    size_t start = 0;
    for (size_t comma; (comma = columns.find(',', start)) != std::string::npos;
         start = comma + 1) {
      names.push_back(columns.substr(start, comma - start));
    }
    names.push_back(columns.substr(start));
    return reader.ResolveColumns(names);
  }
  std::vector<int> fields(reader.schema()->num_fields());
  for (size_t i = 0; i < fields.size(); ++i) fields[i] = static_cast<int>(i);
  return fields;
}

Status ScanLibrary(const ScanSpec& spec, ScanResult* out) {
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<FileReader> reader,
                          OpenReader(spec.path, spec.threads));
  LAKEML_ASSIGN_OR_RETURN(const std::vector<int> fields, Fields(*reader, spec.columns));
  for (int g = 0; g < reader->num_row_groups(); ++g) {
    LAKEML_ASSIGN_OR_RETURN(BatchPtr batch, reader->ReadRowGroup(g, fields));
    out->Consume(*batch, spec.minmax);
  }
  return Status::OK();
}

Status ScanStream(const ScanSpec& spec, ScanResult* out) {
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<FileReader> reader,
                          OpenReader(spec.path, spec.threads));
  parquet::ScanOptions scan;
  LAKEML_ASSIGN_OR_RETURN(const std::vector<int> fields, Fields(*reader, spec.columns));
  for (int f : fields) scan.columns.push_back(reader->schema()->field(f).name);
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<parquet::BatchStream> stream,
                          reader->Scan(std::move(scan)));
  for (;;) {
    LAKEML_ASSIGN_OR_RETURN(BatchPtr batch, stream->Next());
    if (batch == nullptr) return Status::OK();
    out->Consume(*batch, spec.minmax);
  }
}

Status ScanRowGroups(const ScanSpec& spec, ScanResult* out) {
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<FileReader> reader, OpenReader(spec.path, 1));
  LAKEML_ASSIGN_OR_RETURN(const std::vector<int> fields, Fields(*reader, spec.columns));
  std::atomic<int> next{0};
  std::mutex mu;
  Status first_error;
  std::vector<std::thread> workers;
  for (int t = 0; t < spec.threads; ++t) {
    workers.emplace_back([&]() {
      ScanResult local;
      for (int g = next++; g < reader->num_row_groups(); g = next++) {
        Result<BatchPtr> batch = reader->ReadRowGroup(g, fields);
        if (!batch.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          if (first_error.ok()) first_error = batch.status();
          return;
        }
        local.Consume(**batch, spec.minmax);
      }
      std::lock_guard<std::mutex> lock(mu);
      out->Merge(local);
    });
  }
  for (std::thread& w : workers) w.join();
  return first_error;
}

int Main(int argc, char** argv) {
  BenchProcess p(argc, argv);
  if (p.positional().size() != 1) {
    std::fprintf(stderr,
                 "usage: scan_bench FILE [--threads N] [--reps R] [--work decode|minmax] "
                 "[--parallel library|scan|rowgroups] [--columns a,b]\n");
    return 2;
  }
  ScanSpec spec;
  spec.path = p.positional()[0];
  spec.threads = p.IntFlag("threads", 1);
  spec.columns = p.Flag("columns", "");
  const int reps = p.IntFlag("reps", 5);
  const std::string work = p.Flag("work", "minmax");
  const std::string parallel = p.Flag("parallel", "library");
  spec.minmax = work == "minmax";
  if (spec.threads < 1 || reps < 1 || (work != "minmax" && work != "decode")) {
    std::fprintf(stderr, "scan_bench: bad --threads, --reps or --work\n");
    return 2;
  }
  auto run_once = [&](ScanResult* r) -> Status {
    if (parallel == "library") return ScanLibrary(spec, r);
    if (parallel == "scan") return ScanStream(spec, r);
    if (parallel == "rowgroups") return ScanRowGroups(spec, r);
    return Status::InvalidArgument("Unknown --parallel: ", parallel);
  };

  // Warm-up (page cache, allocator), as on the DuckDB side.
  ScanResult result;
  if (Status s = run_once(&result); !s.ok()) {
    std::fprintf(stderr, "scan_bench: %s\n", s.ToString().c_str());
    return 1;
  }
  const int64_t rss_before = BenchProcess::CurrentRssKiB();
  std::vector<double> times, cpu_times;
  for (int i = 0; i < reps; ++i) {
    result = ScanResult();
    const double t0 = BenchProcess::NowSeconds();
    const double c0 = BenchProcess::CpuSeconds();
    Status s = run_once(&result);
    times.push_back(BenchProcess::NowSeconds() - t0);
    cpu_times.push_back(BenchProcess::CpuSeconds() - c0);
    if (!s.ok()) {
      std::fprintf(stderr, "scan_bench: %s\n", s.ToString().c_str());
      return 1;
    }
  }

  std::string agg = "[";
  for (size_t c = 0; spec.minmax && c < result.columns.size(); ++c) {
    if (c > 0) agg += ',';
    agg += result.columns[c].ToJson();
  }
  agg += "]";
  std::printf(
      "{\"engine\":\"lakeml\",\"mode\":\"scan\",\"threads\":%d,\"work\":%s,\"parallel\":%s,"
      "\"rows\":%lld,\"checksum\":%lld,\"times\":%s,\"median_s\":%.6f,\"cpu_median_s\":%.6f,"
      "\"rss_start_kib\":%lld,\"rss_before_kib\":%lld,\"maxrss_kib\":%lld,\"agg\":%s}\n",
      spec.threads, BenchProcess::JsonString(work).c_str(),
      BenchProcess::JsonString(parallel).c_str(),
      static_cast<long long>(result.rows), static_cast<long long>(result.checksum),
      BenchProcess::JsonNumbers(times).c_str(), BenchProcess::Median(times),
      BenchProcess::Median(cpu_times),
      static_cast<long long>(p.rss_at_start_kib()), static_cast<long long>(rss_before),
      static_cast<long long>(BenchProcess::PeakRssKiB()), agg.c_str());
  return 0;
}

}  // namespace
}  // namespace lakeml::bench

int main(int argc, char** argv) { return lakeml::bench::Main(argc, argv); }
