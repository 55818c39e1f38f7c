// `lakeml parquet convert IN OUT`: CSV or Parquet in, Parquet out, streaming batch by batch so
// memory stays bounded by a row group, with a progress line on stderr for long conversions.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "app/parquet_command.h"
#include "format/csv/csv_reader.h"
#include "format/parquet/file_reader.h"
#include "format/parquet/writer/file_writer.h"
#include "io/local_file_system.h"

namespace lakeml::app {
namespace {

struct ConvertArgs {
  std::string in;
  std::string out;
  std::string compression = "snappy";
  int64_t row_group_rows = 0;
  std::string input_format = "auto";
  char delimiter = ',';
  bool no_header = false;
  bool page_index = false;
  int threads = 0;
  bool quiet = false;
};

Result<parquet::CompressionCodec> ParseCodec(const std::string& name) {
  if (name == "snappy") return parquet::CompressionCodec::kSnappy;
  if (name == "zstd") return parquet::CompressionCodec::kZstd;
  if (name == "gzip") return parquet::CompressionCodec::kGzip;
  if (name == "lz4_raw" || name == "lz4") return parquet::CompressionCodec::kLz4Raw;
  if (name == "brotli") return parquet::CompressionCodec::kBrotli;
  if (name == "none" || name == "uncompressed") return parquet::CompressionCodec::kUncompressed;
  return Status::InvalidArgument("Unknown compression: ", name,
                                 " (use snappy, zstd, gzip, lz4_raw, brotli or none)");
}

bool LooksLikeParquet(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char magic[4] = {0, 0, 0, 0};
  const size_t n = std::fread(magic, 1, 4, f);
  std::fclose(f);
  return n == 4 && std::string_view(magic, 4) == "PAR1";
}

// Pulls batches from either input kind.
class BatchSource {
 public:
  virtual ~BatchSource() = default;
  virtual const columnar::SchemaPtr& schema() const = 0;
  virtual Result<columnar::BatchPtr> Next() = 0;
};

class ParquetSource : public BatchSource {
 public:
  static Result<std::unique_ptr<BatchSource>> Open(const std::string& path, int threads) {
    auto s = std::make_unique<ParquetSource>();
    parquet::ReaderOptions ro;
    ro.num_threads = threads;
    LAKEML_ASSIGN_OR_RETURN(s->reader_, parquet::FileReader::Open(io::LocalFs(), path, ro));
    LAKEML_ASSIGN_OR_RETURN(s->stream_, s->reader_->Scan({}));
    return std::unique_ptr<BatchSource>(std::move(s));
  }
  const columnar::SchemaPtr& schema() const override { return reader_->schema(); }
  Result<columnar::BatchPtr> Next() override { return stream_->Next(); }

 private:
  std::unique_ptr<parquet::FileReader> reader_;
  std::unique_ptr<parquet::BatchStream> stream_;
};

class CsvSource : public BatchSource {
 public:
  static Result<std::unique_ptr<BatchSource>> Open(const std::string& path,
                                                   const ConvertArgs& args) {
    auto s = std::make_unique<CsvSource>();
    csv::CsvReadOptions options;
    options.delimiter = args.delimiter;
    options.header = !args.no_header;
    LAKEML_ASSIGN_OR_RETURN(s->reader_, csv::CsvReader::Open(io::LocalFs(), path, options));
    return std::unique_ptr<BatchSource>(std::move(s));
  }
  const columnar::SchemaPtr& schema() const override { return reader_->schema(); }
  Result<columnar::BatchPtr> Next() override { return reader_->Next(); }

 private:
  std::unique_ptr<csv::CsvReader> reader_;
};

Status RunConvert(const ConvertArgs& args) {
  LAKEML_ASSIGN_OR_RETURN(parquet::CompressionCodec codec, ParseCodec(args.compression));
  const bool parquet_in =
      args.input_format == "parquet" || (args.input_format == "auto" && LooksLikeParquet(args.in));
  std::unique_ptr<BatchSource> source;
  if (parquet_in) {
    LAKEML_ASSIGN_OR_RETURN(source, ParquetSource::Open(args.in, args.threads));
  } else {
    LAKEML_ASSIGN_OR_RETURN(source, CsvSource::Open(args.in, args));
  }
  parquet::WriterOptions wo;
  wo.compression = codec;
  wo.page_index = args.page_index;
  wo.num_threads = args.threads;
  if (args.row_group_rows > 0) wo.row_group_rows = args.row_group_rows;
  LAKEML_ASSIGN_OR_RETURN(auto writer,
                          parquet::FileWriter::Open(io::LocalFs(), args.out, source->schema(), wo));
  const auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  int64_t rows = 0;
  for (;;) {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, source->Next());
    if (!batch) break;
    LAKEML_RETURN_IF_ERROR(writer->Write(*batch));
    rows += batch->num_rows();
    const auto now = std::chrono::steady_clock::now();
    if (!args.quiet && now - last_report > std::chrono::seconds(2)) {
      std::fprintf(stderr, "\rlakeml: converted %lld rows ...", static_cast<long long>(rows));
      last_report = now;
    }
  }
  LAKEML_RETURN_IF_ERROR(writer->Close());
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!args.quiet) {
    std::fprintf(stderr, "\rlakeml: wrote %lld rows, %d row groups, %lld bytes to %s in %.2f s\n",
                 static_cast<long long>(rows),
                 static_cast<int>(writer->metadata().row_groups.size()),
                 static_cast<long long>(writer->bytes_written()), args.out.c_str(), secs);
  }
  return Status::OK();
}

}  // namespace

void RegisterParquetConvertCommand(CLI::App* parquet, int* exit_code) {
  auto args = std::make_shared<ConvertArgs>();
  CLI::App* cmd = parquet->add_subcommand("convert", "Convert CSV or Parquet to Parquet");
  cmd->add_option("IN", args->in, "Input file: CSV (with a header) or Parquet")->required();
  cmd->add_option("OUT", args->out, "Output Parquet file (overwritten)")->required();
  cmd->add_option("--compression", args->compression,
                  "snappy (default), zstd, gzip, lz4_raw, brotli or none");
  cmd->add_option("--row-group-rows", args->row_group_rows, "Rows per row group");
  cmd->add_option("--input-format", args->input_format, "auto (default), csv or parquet")
      ->check(CLI::IsMember({"auto", "csv", "parquet"}));
  cmd->add_option("--delimiter", args->delimiter, "CSV field delimiter (default ,)");
  cmd->add_flag("--no-header", args->no_header, "The CSV has no header line");
  cmd->add_flag("--page-index", args->page_index, "Write the page index (column and offset index)");
  cmd->add_option("--threads", args->threads, "Threads (0 = one per core)");
  cmd->add_flag("--quiet", args->quiet, "No progress or summary on stderr");
  cmd->callback([args, exit_code] {
    Status s = RunConvert(*args);
    if (!s.ok()) {
      std::fprintf(stderr, "lakeml: %s\n", s.ToString().c_str());
      *exit_code = 1;
    }
  });
}

}  // namespace lakeml::app
