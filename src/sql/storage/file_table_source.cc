#include "sql/storage/file_table_source.h"

#include <fnmatch.h>

#include <algorithm>

#include "base/str_cat.h"
#include "columnar/vector_take.h"
#include "format/csv/csv_reader.h"
#include "format/json/json_lines_reader.h"
#include "format/parquet/file_reader.h"

namespace lakeml::sql {
namespace {

bool HiddenFileName(std::string_view name) {
  return !name.empty() && (name[0] == '.' || name[0] == '_');
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Picks `columns` (indexes into the file's schema) out of a batch.
columnar::BatchPtr ProjectBatch(const columnar::Batch& batch, const std::vector<int>& columns,
                                const columnar::SchemaPtr& schema) {
  std::vector<columnar::VectorPtr> cols;
  std::vector<columnar::Field> fields;
  for (int c : columns) {
    cols.push_back(batch.column(c));
    fields.push_back(batch.schema()->field(c));
  }
  (void)schema;
  return std::make_shared<columnar::Batch>(std::make_shared<columnar::Schema>(std::move(fields)),
                                           std::move(cols), batch.num_rows());
}

// The morsel reader of one Parquet row group.
class ParquetRowGroupReader final : public MorselReader {
 public:
  ParquetRowGroupReader(std::unique_ptr<parquet::FileReader> reader, int row_group,
                        std::vector<int> fields)
      : reader_(std::move(reader)), row_group_(row_group), fields_(std::move(fields)) {}
  Result<columnar::BatchPtr> Next() override {
    if (done_) return columnar::BatchPtr();
    done_ = true;
    if (fields_.empty()) {
      // Only the row count matters.
      const int64_t rows = reader_->metadata().row_groups[row_group_].num_rows;
      return std::make_shared<columnar::Batch>(std::make_shared<columnar::Schema>(),
                                               std::vector<columnar::VectorPtr>{}, rows);
    }
    return reader_->ReadRowGroup(row_group_, fields_);
  }

 private:
  std::unique_ptr<parquet::FileReader> reader_;
  int row_group_;
  std::vector<int> fields_;
  bool done_ = false;
};

// The morsel reader of one whole CSV or JSON file: `Reader` is csv::CsvReader or
// json::JsonLinesReader.
template <typename Reader>
class WholeFileReader final : public MorselReader {
 public:
  WholeFileReader(std::unique_ptr<Reader> reader, std::vector<int> columns)
      : reader_(std::move(reader)), columns_(std::move(columns)) {}
  Result<columnar::BatchPtr> Next() override {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr b, reader_->Next());
    if (b == nullptr) return b;
    return ProjectBatch(*b, columns_, nullptr);
  }

 private:
  std::unique_ptr<Reader> reader_;
  std::vector<int> columns_;
};

// The morsel reader of one JSON file, whose inferred schema may differ from the first file's:
// columns are taken by name, and a column the file lacks or types differently reads as nulls.
class JsonFileReader final : public MorselReader {
 public:
  JsonFileReader(std::unique_ptr<json::JsonLinesReader> reader, columnar::SchemaPtr expected,
                 std::vector<int> columns)
      : reader_(std::move(reader)), expected_(std::move(expected)), columns_(std::move(columns)) {}
  Result<columnar::BatchPtr> Next() override {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr b, reader_->Next());
    if (b == nullptr) return b;
    std::vector<columnar::VectorPtr> cols;
    std::vector<columnar::Field> fields;
    for (int c : columns_) {
      const columnar::Field& want = expected_->field(c);
      const int have = b->schema()->FieldIndex(want.name);
      if (have >= 0 && b->schema()->field(have).type->Equals(*want.type)) {
        cols.push_back(b->column(have));
      } else {
        cols.push_back(columnar::Vector::MakeNull(want.type, b->num_rows()));
      }
      fields.push_back(want);
    }
    return std::make_shared<columnar::Batch>(std::make_shared<columnar::Schema>(std::move(fields)),
                                             std::move(cols), b->num_rows());
  }

 private:
  std::unique_ptr<json::JsonLinesReader> reader_;
  columnar::SchemaPtr expected_;
  std::vector<int> columns_;
};

struct FileMorsel {
  size_t file;
  int row_group;  // -1: the whole file
};

class FileScanPlan final : public TableScanPlan {
 public:
  FileScanPlan(io::FileSystem* fs, const FileTableSource* source, FileSourceOptions options,
               std::vector<int> columns, std::vector<FileMorsel> morsels)
      : fs_(fs),
        source_(source),
        options_(std::move(options)),
        columns_(std::move(columns)),
        morsels_(std::move(morsels)) {}

  int64_t num_morsels() const override { return static_cast<int64_t>(morsels_.size()); }

  Result<std::unique_ptr<MorselReader>> OpenMorsel(int64_t i) const override {
    const FileMorsel& m = morsels_[i];
    const std::string& path = source_->files()[m.file];
    if (options_.format == FileFormat::kCsv) {
      LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<csv::CsvReader> reader,
                              csv::CsvReader::Open(fs_, path, options_.csv));
      LAKEML_RETURN_IF_ERROR(CheckColumns(*reader->schema(), path));
      return std::unique_ptr<MorselReader>(
          std::make_unique<WholeFileReader<csv::CsvReader>>(std::move(reader), columns_));
    }
    if (options_.format == FileFormat::kJson) {
      LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<json::JsonLinesReader> reader,
                              json::JsonLinesReader::Open(fs_, path, options_.json));
      // Each file infers its own schema; read its columns by the first file's names.
      return std::unique_ptr<MorselReader>(std::make_unique<JsonFileReader>(
          std::move(reader), source_->schema(), columns_));
    }
    parquet::ReaderOptions ropts;
    ropts.num_threads = 1;
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<parquet::FileReader> reader,
                            parquet::FileReader::Open(fs_, path, ropts));
    LAKEML_RETURN_IF_ERROR(CheckColumns(*reader->schema(), path));
    return std::unique_ptr<MorselReader>(
        std::make_unique<ParquetRowGroupReader>(std::move(reader), m.row_group, columns_));
  }

  std::string Describe() const override { return StrCat("files: ", source_->files().size()); }

 private:
  // Files after the first must have the first file's column names, in order.
  Status CheckColumns(const columnar::Schema& schema, const std::string& path) const {
    const columnar::Schema& expected = *source_->schema();
    bool same = schema.num_fields() == expected.num_fields();
    for (size_t i = 0; same && i < schema.num_fields(); ++i) {
      same = schema.field(i).name == expected.field(i).name &&
             schema.field(i).type->Equals(*expected.field(i).type);
    }
    if (!same) {
      return Status::InvalidArgument("File schema differs from the first file's: ", path, " has ",
                                     schema.ToString(), ", expected ", expected.ToString());
    }
    return Status::OK();
  }

  io::FileSystem* fs_;
  const FileTableSource* source_;
  FileSourceOptions options_;
  std::vector<int> columns_;
  std::vector<FileMorsel> morsels_;
};

}  // namespace

Result<std::vector<std::string>> FileTableSource::ListFiles(io::FileSystem* fs,
                                                            const std::string& path,
                                                            FileFormat format) {
  (void)format;
  std::vector<std::string> files;
  const bool glob = path.find_first_of("*?[") != std::string::npos;
  if (glob) {
    const size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
    const std::string pattern = path.substr(slash == std::string::npos ? 0 : slash + 1);
    LAKEML_ASSIGN_OR_RETURN(std::vector<io::FileInfo> entries, fs->List(dir));
    for (const auto& e : entries) {
      const std::string_view name = BaseName(e.path);
      if (e.is_directory || HiddenFileName(name)) continue;
      if (fnmatch(pattern.c_str(), std::string(name).c_str(), 0) == 0) files.push_back(e.path);
    }
  } else {
    LAKEML_ASSIGN_OR_RETURN(io::FileInfo info, fs->GetFileInfo(path));
    if (!info.is_directory) {
      files.push_back(path);
    } else {
      LAKEML_ASSIGN_OR_RETURN(std::vector<io::FileInfo> entries, fs->List(path));
      for (const auto& e : entries) {
        if (!e.is_directory && !HiddenFileName(BaseName(e.path))) files.push_back(e.path);
      }
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) return Status::NotFound("No data files found at ", path);
  return files;
}

Result<std::shared_ptr<FileTableSource>> FileTableSource::Open(io::FileSystem* fs,
                                                               const std::string& path,
                                                               FileSourceOptions options,
                                                               std::string display_name) {
  auto source = std::make_shared<FileTableSource>();
  source->fs_ = fs;
  source->options_ = std::move(options);
  source->display_name_ = std::move(display_name);
  LAKEML_ASSIGN_OR_RETURN(source->files_, ListFiles(fs, path, source->options_.format));
  const std::string& first = source->files_[0];
  if (source->options_.format == FileFormat::kCsv) {
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<csv::CsvReader> reader,
                            csv::CsvReader::Open(fs, first, source->options_.csv));
    source->schema_ = reader->schema();
  } else if (source->options_.format == FileFormat::kJson) {
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<json::JsonLinesReader> reader,
                            json::JsonLinesReader::Open(fs, first, source->options_.json));
    source->schema_ = reader->schema();
  } else {
    parquet::ReaderOptions ropts;
    ropts.num_threads = 1;
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<parquet::FileReader> reader,
                            parquet::FileReader::Open(fs, first, ropts));
    source->schema_ = reader->schema();
  }
  return source;
}

Result<std::unique_ptr<TableScanPlan>> FileTableSource::PlanScan(
    const std::vector<int>& columns, const std::optional<delta::Predicate>&) const {
  std::vector<FileMorsel> morsels;
  for (size_t f = 0; f < files_.size(); ++f) {
    if (options_.format != FileFormat::kParquet) {
      morsels.push_back({f, -1});
      continue;
    }
    // One morsel per row group: the footer is read here, and again by the morsel's reader.
    parquet::ReaderOptions ropts;
    ropts.num_threads = 1;
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<parquet::FileReader> reader,
                            parquet::FileReader::Open(fs_, files_[f], ropts));
    for (int rg = 0; rg < reader->num_row_groups(); ++rg) morsels.push_back({f, rg});
  }
  return std::unique_ptr<TableScanPlan>(
      std::make_unique<FileScanPlan>(fs_, this, options_, columns, std::move(morsels)));
}

}  // namespace lakeml::sql
