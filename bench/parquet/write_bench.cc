// write_bench: lakeml's side of the Parquet write benchmark (driven by run.mjs; see
// docs/benchmarks.md). Prints one JSON object: the wall time of each run, their median, the
// bytes written and the process's resident memory.
//
//   write_bench IN OUT [--mode write|convert] [--codec zstd|snappy] [--threads N] [--reps R]
//
//   --mode write    read IN into memory once (untimed), then time FileWriter writing it to OUT
//                   with default WriterOptions except the codec and num_threads = N (default)
//   --mode convert  time reading IN and writing OUT, row group by row group: the work of
//                   `lakeml parquet convert` (reader and writer both with N threads)
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bench_process.h"
#include "format/parquet/file_reader.h"
#include "format/parquet/writer/file_writer.h"
#include "io/file_system.h"

namespace lakeml::bench {
namespace {

using columnar::BatchPtr;
using parquet::FileReader;
using parquet::FileWriter;

struct WriteStats {
  int64_t bytes = 0;
  int64_t rows = 0;
};

Result<std::unique_ptr<FileReader>> OpenReader(const std::string& path, int threads) {
  parquet::ReaderOptions options;
  options.num_threads = threads;
  return FileReader::Open(io::LocalFs(), path, options);
}

std::vector<int> AllFields(const FileReader& reader) {
  std::vector<int> fields(reader.schema()->num_fields());
  for (size_t i = 0; i < fields.size(); ++i) fields[i] = static_cast<int>(i);
  return fields;
}

Status WriteAll(const std::string& out, const columnar::SchemaPtr& schema,
                const std::vector<BatchPtr>& batches, const parquet::WriterOptions& options,
                WriteStats* stats) {
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<FileWriter> writer,
                          FileWriter::Open(io::LocalFs(), out, schema, options));
  for (const BatchPtr& b : batches) {
    LAKEML_RETURN_IF_ERROR(writer->Write(*b));
    stats->rows += b->num_rows();
  }
  LAKEML_RETURN_IF_ERROR(writer->Close());
  stats->bytes = writer->bytes_written();
  return Status::OK();
}

Status Convert(const std::string& in, const std::string& out, int threads,
               const parquet::WriterOptions& options, WriteStats* stats) {
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<FileReader> reader, OpenReader(in, threads));
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<FileWriter> writer,
                          FileWriter::Open(io::LocalFs(), out, reader->schema(), options));
  const std::vector<int> fields = AllFields(*reader);
  for (int g = 0; g < reader->num_row_groups(); ++g) {
    LAKEML_ASSIGN_OR_RETURN(BatchPtr batch, reader->ReadRowGroup(g, fields));
    LAKEML_RETURN_IF_ERROR(writer->Write(*batch));
    stats->rows += batch->num_rows();
  }
  LAKEML_RETURN_IF_ERROR(writer->Close());
  stats->bytes = writer->bytes_written();
  return Status::OK();
}

int Main(int argc, char** argv) {
  BenchProcess p(argc, argv);
  if (p.positional().size() != 2) {
    std::fprintf(stderr,
                 "usage: write_bench IN OUT [--mode write|convert] [--codec zstd|snappy] "
                 "[--threads N] [--reps R]\n");
    return 2;
  }
  const std::string in = p.positional()[0];
  const std::string out = p.positional()[1];
  const std::string mode = p.Flag("mode", "write");
  const std::string codec = p.Flag("codec", "snappy");
  const int threads = p.IntFlag("threads", 1);
  const int reps = p.IntFlag("reps", 3);
  parquet::WriterOptions options;
  options.num_threads = threads;
  if (codec == "zstd") {
    options.compression = parquet::CompressionCodec::kZstd;
  } else if (codec == "snappy") {
    options.compression = parquet::CompressionCodec::kSnappy;
  } else {
    std::fprintf(stderr, "write_bench: unknown --codec %s\n", codec.c_str());
    return 2;
  }
  if (threads < 1 || reps < 1 || (mode != "write" && mode != "convert")) {
    std::fprintf(stderr, "write_bench: bad --threads, --reps or --mode\n");
    return 2;
  }

  // The input, in memory, for --mode write (untimed; the reader uses every core for it).
  std::vector<BatchPtr> batches;
  columnar::SchemaPtr schema;
  if (mode == "write") {
    Result<std::unique_ptr<FileReader>> reader = OpenReader(in, 0);
    Status s = reader.status();
    for (int g = 0; s.ok() && g < (*reader)->num_row_groups(); ++g) {
      Result<BatchPtr> b = (*reader)->ReadRowGroup(g, AllFields(**reader));
      s = b.status();
      if (s.ok()) batches.push_back(std::move(*b));
    }
    if (!s.ok()) {
      std::fprintf(stderr, "write_bench: reading %s: %s\n", in.c_str(), s.ToString().c_str());
      return 1;
    }
    schema = (*reader)->schema();
  }

  const int64_t rss_before = BenchProcess::CurrentRssKiB();
  std::vector<double> times, cpu_times;
  WriteStats stats;
  for (int i = 0; i < reps; ++i) {
    stats = WriteStats();
    const double t0 = BenchProcess::NowSeconds();
    const double c0 = BenchProcess::CpuSeconds();
    Status s = mode == "write" ? WriteAll(out, schema, batches, options, &stats)
                               : Convert(in, out, threads, options, &stats);
    times.push_back(BenchProcess::NowSeconds() - t0);
    cpu_times.push_back(BenchProcess::CpuSeconds() - c0);
    if (!s.ok()) {
      std::fprintf(stderr, "write_bench: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  std::printf(
      "{\"engine\":\"lakeml\",\"mode\":%s,\"codec\":%s,\"threads\":%d,\"rows\":%lld,"
      "\"bytes\":%lld,\"times\":%s,\"median_s\":%.6f,\"cpu_median_s\":%.6f,"
      "\"rss_start_kib\":%lld,\"rss_before_kib\":%lld,\"maxrss_kib\":%lld}\n",
      BenchProcess::JsonString(mode).c_str(), BenchProcess::JsonString(codec).c_str(), threads,
      static_cast<long long>(stats.rows), static_cast<long long>(stats.bytes),
      BenchProcess::JsonNumbers(times).c_str(), BenchProcess::Median(times),
      BenchProcess::Median(cpu_times),
      static_cast<long long>(p.rss_at_start_kib()), static_cast<long long>(rss_before),
      static_cast<long long>(BenchProcess::PeakRssKiB()));
  return 0;
}

}  // namespace
}  // namespace lakeml::bench

int main(int argc, char** argv) { return lakeml::bench::Main(argc, argv); }
