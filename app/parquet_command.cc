#include "app/parquet_command.h"

#include <cstdio>
#include <memory>
#include <string>

#include "app/parquet_meta_printer.h"
#include "columnar/vector_slice.h"
#include "format/parquet/file_reader.h"
#include "format/value_text/csv_batch_writer.h"
#include "format/value_text/json_lines_batch_writer.h"
#include "io/local_file_system.h"

namespace lakeml::app {
namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "lakeml: %s\n", s.ToString().c_str());
  return 1;
}

struct CatArgs {
  std::string file;
  std::vector<std::string> columns;
  int64_t limit = -1;
  std::string format = "csv";
  int threads = 0;
};

Status RunCat(const CatArgs& args) {
  parquet::ReaderOptions ropts;
  ropts.num_threads = args.threads;
  LAKEML_ASSIGN_OR_RETURN(auto reader, parquet::FileReader::Open(io::LocalFs(), args.file, ropts));
  parquet::ScanOptions scan;
  scan.columns = args.columns;
  scan.limit = args.limit;
  LAKEML_ASSIGN_OR_RETURN(auto stream, reader->Scan(scan));
  std::unique_ptr<format::CsvBatchWriter> csv;
  std::unique_ptr<format::JsonLinesBatchWriter> json;
  if (args.format == "csv") {
    csv = std::make_unique<format::CsvBatchWriter>(stdout);
    columnar::Schema schema = *reader->schema();
    if (!args.columns.empty()) {
      LAKEML_ASSIGN_OR_RETURN(auto idx, reader->ResolveColumns(args.columns));
      std::vector<columnar::Field> fields;
      for (int i : idx) fields.push_back(reader->schema()->field(i));
      schema = columnar::Schema(std::move(fields));
    }
    LAKEML_RETURN_IF_ERROR(csv->Begin(schema));
  } else if (args.format == "json") {
    json = std::make_unique<format::JsonLinesBatchWriter>(stdout);
  } else {
    return Status::InvalidArgument("Unknown output format: ", args.format, " (use csv or json)");
  }
  int64_t remaining = args.limit < 0 ? INT64_MAX : args.limit;
  while (remaining > 0) {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, stream->Next());
    if (!batch) break;
    if (batch->num_rows() > remaining) batch = columnar::SliceBatch(*batch, 0, remaining);
    remaining -= batch->num_rows();
    LAKEML_RETURN_IF_ERROR(csv ? csv->Write(*batch) : json->Write(*batch));
  }
  return csv ? csv->Finish() : json->Finish();
}

}  // namespace

void RegisterParquetCommands(CLI::App* app, int* exit_code) {
  CLI::App* pq = app->add_subcommand("parquet", "Inspect and convert Parquet files");
  pq->require_subcommand(1);

  auto schema_file = std::make_shared<std::string>();
  CLI::App* schema = pq->add_subcommand("schema", "Print a Parquet file's schema");
  schema->add_option("FILE", *schema_file, "Parquet file")->required();
  schema->callback([schema_file, exit_code] {
    Result<std::unique_ptr<parquet::FileReader>> r =
        parquet::FileReader::Open(io::LocalFs(), *schema_file);
    if (!r.ok()) {
      *exit_code = Fail(r.status());
      return;
    }
    std::fputs(ParquetMetaPrinter::Schema(**r).c_str(), stdout);
  });

  auto meta_file = std::make_shared<std::string>();
  CLI::App* meta = pq->add_subcommand(
      "meta", "Print row groups, column chunks, encodings, codecs, sizes and statistics");
  meta->add_option("FILE", *meta_file, "Parquet file")->required();
  meta->callback([meta_file, exit_code] {
    Result<std::unique_ptr<parquet::FileReader>> r =
        parquet::FileReader::Open(io::LocalFs(), *meta_file);
    if (!r.ok()) {
      *exit_code = Fail(r.status());
      return;
    }
    std::fputs(ParquetMetaPrinter::Meta(**r).c_str(), stdout);
  });

  auto cat = std::make_shared<CatArgs>();
  CLI::App* cat_cmd = pq->add_subcommand("cat", "Print rows as CSV (with a header) or JSON Lines");
  cat_cmd->add_option("FILE", cat->file, "Parquet file")->required();
  cat_cmd->add_option("--columns", cat->columns, "Top-level columns to print (comma-separated)")
      ->delimiter(',');
  cat_cmd->add_option("--limit", cat->limit, "Print at most N rows");
  cat_cmd->add_option("--format", cat->format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}));
  cat_cmd->add_option("--threads", cat->threads, "Decoding threads (0 = one per core)");
  cat_cmd->callback([cat, exit_code] {
    Status s = RunCat(*cat);
    if (!s.ok()) *exit_code = Fail(s);
  });

  RegisterParquetConvertCommand(pq, exit_code);
}

}  // namespace lakeml::app
