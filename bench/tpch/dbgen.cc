// bench_tpch_dbgen: writes the 8 TPC-H tables at a scale factor with lakeml's own generator
// (bench/tpch/gen), as Delta tables for lakeml, as Parquet files for DuckDB, or as CSV.
// The data depend only on the scale factor, not on --threads.
//
// Usage: bench_tpch_dbgen --sf 0.1 --out DIR [--format delta|parquet|csv] [--threads N]
//        [--tables lineitem,orders,...]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../parquet/bench_process.h"
#include "delta/table_writer.h"
#include "format/parquet/writer/file_writer.h"
#include "format/value_text/csv_batch_writer.h"
#include "io/file_system.h"
#include "tpch/gen/chunked_batch_source.h"
#include "tpch/gen/tpch_generator.h"

using namespace lakeml;

namespace {

constexpr char kUsage[] = R"(Usage: bench_tpch_dbgen --sf SF --out DIR [options]

Generates the 8 TPC-H tables (region, nation, supplier, customer, part, partsupp, orders,
lineitem) with lakeml's own generator, following TPC-H spec v3 section 4.2.

  --sf SF           scale factor, e.g. 0.01, 0.1, 1, 10 (default 1)
  --out DIR         output directory (required); each table replaces what is there
  --format F        delta   (default) one Delta table per table: DIR/<table>/
                    parquet one Parquet file per table: DIR/<table>.parquet
                    csv     one '|'-separated file with a header line: DIR/<table>.csv
                    none    generate only and discard (measures the generator alone)
  --threads N       generator threads (default 2); the data do not depend on it
  --tables T,...    only these tables (default: all 8)
  --help            this text

Progress goes to stderr; one summary line per table goes to stdout.
)";

// Consumes the table's batches; reports progress on stderr every tenth of the table.
class ProgressSource {
 public:
  explicit ProgressSource(tpch::ChunkedBatchSource* source) : source_(source) {}
  Result<columnar::BatchPtr> Next() {
    auto batch = source_->Next();
    if (batch.ok() && *batch) {
      rows_ += (*batch)->num_rows();
      const int64_t units = source_->table().num_units();
      const int tenth = static_cast<int>(source_->units_done() * 10 / units);
      if (tenth > reported_ && tenth < 10 && units >= 100'000) {
        reported_ = tenth;
        std::fprintf(stderr, "  %s: %d%% (%lld rows)\n",
                     std::string(source_->table().name()).c_str(), tenth * 10,
                     static_cast<long long>(rows_));
      }
    }
    return batch;
  }
  int64_t rows() const { return rows_; }

 private:
  tpch::ChunkedBatchSource* source_;
  int64_t rows_ = 0;
  int reported_ = 0;
};

Status WriteDelta(ProgressSource* source, const columnar::SchemaPtr& schema,
                  const std::string& path, int threads) {
  delta::WriteOptions options;
  options.num_threads = threads;
  return delta::TableWriter::Write(
             io::LocalFs(), path, schema, [&] { return source->Next(); }, options)
      .status();
}

Status WriteParquet(ProgressSource* source, const columnar::SchemaPtr& schema,
                    const std::string& path, int threads) {
  parquet::WriterOptions options;
  options.num_threads = threads;
  LAKEML_ASSIGN_OR_RETURN(auto writer,
                          parquet::FileWriter::Open(io::LocalFs(), path, schema, options));
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, source->Next());
    if (!batch) break;
    LAKEML_RETURN_IF_ERROR(writer->Write(*batch));
  }
  return writer->Close();
}

Status WriteCsv(ProgressSource* source, const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Status::IOError("cannot create ", path, ": ", std::strerror(errno));
  format::CsvBatchWriterOptions options;
  options.delimiter = '|';
  Status status;
  {
    format::CsvBatchWriter writer(f, options);
    while (status.ok()) {
      auto batch = source->Next();
      if (!batch.ok()) {
        status = batch.status();
      } else if (!*batch) {
        status = writer.Finish();
        break;
      } else {
        status = writer.Write(**batch);
      }
    }
  }
  if (std::fclose(f) != 0 && status.ok()) status = Status::IOError("cannot write ", path);
  return status;
}

Status Discard(ProgressSource* source) {
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, source->Next());
    if (!batch) return Status::OK();
  }
}

std::vector<std::string> Split(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    if (comma > start) out.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  bench::BenchProcess p(argc, argv);
  const double sf = std::atof(p.Flag("sf", "1").c_str());
  const std::string out = p.Flag("out", "");
  const std::string format = p.Flag("format", "delta");
  const int threads = p.IntFlag("threads", 2);
  const std::vector<std::string> tables = p.Flag("tables", "").empty()
                                              ? tpch::TpchGenerator::TableNames()
                                              : Split(p.Flag("tables", ""));
  if (out.empty() || !p.positional().empty() || threads < 1 ||
      (format != "delta" && format != "parquet" && format != "csv" && format != "none")) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) {
    std::fprintf(stderr, "cannot create %s: %s\n", out.c_str(), ec.message().c_str());
    return 1;
  }
  const double start = bench::BenchProcess::NowSeconds();
  int64_t total_rows = 0;
  for (const std::string& name : tables) {
    auto table = tpch::TpchGenerator::MakeTable(name, sf);
    if (!table.ok()) {
      std::fprintf(stderr, "%s\n", table.status().ToString().c_str());
      return 2;
    }
    const columnar::SchemaPtr schema = (*table)->schema();
    tpch::ChunkedBatchSource chunks(std::move(*table), threads);
    ProgressSource source(&chunks);
    const std::string path = io::JoinPath(out, format == "delta" ? name : name + "." + format);
    if (format != "none") {
      std::filesystem::remove_all(path, ec);  // A fresh table each run.
      std::fprintf(stderr, "%s -> %s\n", name.c_str(), path.c_str());
    }
    const double t0 = bench::BenchProcess::NowSeconds();
    Status status = format == "delta"     ? WriteDelta(&source, schema, path, threads)
                    : format == "parquet" ? WriteParquet(&source, schema, path, threads)
                    : format == "csv"     ? WriteCsv(&source, path)
                                          : Discard(&source);
    const double seconds = bench::BenchProcess::NowSeconds() - t0;
    if (!status.ok()) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), status.ToString().c_str());
      return 1;
    }
    total_rows += source.rows();
    std::printf("%-9s rows=%lld seconds=%.2f rows_per_s=%.0f\n", name.c_str(),
                static_cast<long long>(source.rows()), seconds,
                seconds > 0 ? source.rows() / seconds : 0.0);
    std::fflush(stdout);
  }
  const double seconds = bench::BenchProcess::NowSeconds() - start;
  std::printf(
      "total     sf=%g format=%s threads=%d rows=%lld seconds=%.2f rows_per_s=%.0f "
      "cpu_s=%.2f peak_rss_mib=%lld\n",
      sf, format.c_str(), threads, static_cast<long long>(total_rows), seconds,
      total_rows / seconds, bench::BenchProcess::CpuSeconds(),
      static_cast<long long>(bench::BenchProcess::PeakRssKiB() / 1024));
  return 0;
}
