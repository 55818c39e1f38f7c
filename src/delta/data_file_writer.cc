#include "delta/data_file_writer.h"

#include <chrono>
#include <cstdio>
#include <unordered_map>

#include "base/str_cat.h"
#include "base/uuid.h"
#include "columnar/scalar.h"
#include "columnar/vector_take.h"
#include "delta/schema/partition_path.h"
#include "delta/schema/partition_value.h"
#include "delta/stats/stats_collector.h"
#include "delta/stats/stats_options.h"

namespace lakeml::delta {
namespace {

// Forwards to `base`; its writable files call Sync() before Close(). The Parquet writer owns
// and closes its file, so this is where a data file is made durable before its commit.
class SyncOnCloseFileSystem : public io::FileSystem {
 public:
  explicit SyncOnCloseFileSystem(io::FileSystem* base) : base_(base) {}

  Result<std::unique_ptr<io::RandomAccessFile>> OpenForRead(const std::string& path) override {
    return base_->OpenForRead(path);
  }
  Result<std::unique_ptr<io::WritableFile>> OpenForWrite(const std::string& path) override {
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<io::WritableFile> file, base_->OpenForWrite(path));
    return std::unique_ptr<io::WritableFile>(std::make_unique<SyncOnCloseFile>(std::move(file)));
  }
  Status PutIfAbsent(const std::string& path, std::string_view data) override {
    return base_->PutIfAbsent(path, data);
  }
  Result<std::string> ReadFile(const std::string& path) override { return base_->ReadFile(path); }
  Result<std::vector<io::FileInfo>> List(const std::string& dir) override {
    return base_->List(dir);
  }
  Result<io::FileInfo> GetFileInfo(const std::string& path) override {
    return base_->GetFileInfo(path);
  }
  Result<bool> Exists(const std::string& path) override { return base_->Exists(path); }
  Status Delete(const std::string& path) override { return base_->Delete(path); }
  Status CreateDirs(const std::string& path) override { return base_->CreateDirs(path); }

 private:
  class SyncOnCloseFile : public io::WritableFile {
   public:
    explicit SyncOnCloseFile(std::unique_ptr<io::WritableFile> base) : base_(std::move(base)) {}
    const std::string& path() const override { return base_->path(); }
    Status Append(std::string_view data) override { return base_->Append(data); }
    int64_t Tell() const override { return base_->Tell(); }
    Status Sync() override { return base_->Sync(); }
    Status Close() override {
      if (closed_) return Status::OK();
      closed_ = true;
      Status synced = base_->Sync();
      Status closed = base_->Close();
      if (!synced.ok()) return synced.WithContext("Cannot make data file durable");
      return closed;
    }

   private:
    std::unique_ptr<io::WritableFile> base_;
    bool closed_ = false;
  };

  io::FileSystem* base_;
};

}  // namespace

struct DataFileWriter::OpenFile {
  std::string relative_path;  // Unencoded, relative to the table root.
  PartitionValues partition_values;
  std::unique_ptr<parquet::FileWriter> writer;
  std::unique_ptr<StatsCollector> stats;
  int64_t rows = 0;
};

DataFileWriter::~DataFileWriter() = default;

Result<std::unique_ptr<DataFileWriter>> DataFileWriter::Make(
    io::FileSystem* fs, std::string table_root, columnar::SchemaPtr table_schema,
    std::vector<std::string> partition_columns, ColumnMappingMode mode,
    const StringMap& configuration, DataFileWriterOptions options) {
  auto w = std::unique_ptr<DataFileWriter>(new DataFileWriter());
  w->fs_ = fs;
  w->sync_fs_ = std::make_unique<SyncOnCloseFileSystem>(fs);
  w->table_root_ = std::move(table_root);
  w->table_schema_ = std::move(table_schema);
  w->partition_columns_ = std::move(partition_columns);
  w->mode_ = mode;
  w->configuration_ = configuration;
  w->options_ = std::move(options);
  auto target = configuration.find("delta.targetFileSize");
  if (target != configuration.end()) {
    const long long v = std::atoll(target->second.c_str());
    if (v > 0) w->options_.target_file_bytes = v;
  }
  std::vector<columnar::Field> data_fields;
  for (const std::string& p : w->partition_columns_) {
    const int idx = w->table_schema_->FieldIndex(p);
    if (idx < 0) return Status::InvalidArgument("Partition column not in schema: ", p);
    w->partition_indexes_.push_back(idx);
    w->partition_physical_names_.push_back(PhysicalName(w->table_schema_->field(idx), mode));
  }
  for (size_t i = 0; i < w->table_schema_->num_fields(); ++i) {
    bool is_partition = false;
    for (int p : w->partition_indexes_) is_partition |= p == static_cast<int>(i);
    if (is_partition) continue;
    w->data_indexes_.push_back(static_cast<int>(i));
    data_fields.push_back(w->table_schema_->field(i));
  }
  w->logical_data_schema_ = std::make_shared<columnar::Schema>(std::move(data_fields));
  LAKEML_ASSIGN_OR_RETURN(w->file_schema_, PhysicalSchema(*w->logical_data_schema_, mode));
  if (w->options_.collect_stats) {
    LAKEML_ASSIGN_OR_RETURN(w->stats_options_, StatsOptions::FromConfiguration(configuration));
  }
  return w;
}

Status DataFileWriter::Write(const columnar::Batch& batch) {
  if (batch.num_rows() == 0) return Status::OK();
  if (batch.num_columns() < table_schema_->num_fields()) {
    return Status::InvalidArgument("Batch has ", batch.num_columns(), " columns, table has ",
                                   table_schema_->num_fields());
  }
  rows_written_ += batch.num_rows();
  if (partition_indexes_.empty()) return WritePartition("", {}, batch);

  // Group row indexes by partition key (the serialized values, \x01-separated; null \x02).
  std::unordered_map<std::string, std::vector<int64_t>> groups;
  std::vector<std::string> order;
  std::string key;
  for (int64_t r = 0; r < batch.num_rows(); ++r) {
    key.clear();
    for (int idx : partition_indexes_) {
      const auto v = SerializePartitionValue(columnar::Scalar::FromVector(*batch.column(idx), r));
      if (v) {
        key += *v;
      } else {
        key += '\x02';
      }
      key += '\x01';
    }
    auto [it, inserted] = groups.try_emplace(key);
    if (inserted) order.push_back(key);
    it->second.push_back(r);
  }
  for (const std::string& k : order) {
    const std::vector<int64_t>& rows = groups[k];
    PartitionValues values;
    for (size_t i = 0; i < partition_indexes_.size(); ++i) {
      values[partition_physical_names_[i]] = SerializePartitionValue(
          columnar::Scalar::FromVector(*batch.column(partition_indexes_[i]), rows[0]));
    }
    if (rows.size() == static_cast<size_t>(batch.num_rows())) {
      LAKEML_RETURN_IF_ERROR(WritePartition(k, values, batch));
    } else {
      LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr part,
                              columnar::TakeBatch(batch, rows.data(), rows.size()));
      LAKEML_RETURN_IF_ERROR(WritePartition(k, values, *part));
    }
  }
  return Status::OK();
}

Status DataFileWriter::WritePartition(const std::string& key, const PartitionValues& values,
                                      const columnar::Batch& rows) {
  std::unique_ptr<OpenFile>& file = open_[key];
  if (!file) {
    file = std::make_unique<OpenFile>();
    file->partition_values = values;
    std::string dir = options_.directory;
    for (size_t i = 0; i < partition_indexes_.size(); ++i) {
      const std::string& name = partition_physical_names_[i];
      auto it = values.find(name);
      const std::optional<std::string> v = it == values.end() ? std::nullopt : it->second;
      dir = dir.empty() ? PartitionPathSegment(name, v)
                        : io::JoinPath(dir, PartitionPathSegment(name, v));
    }
    const char* codec =
        options_.parquet.compression == parquet::CompressionCodec::kSnappy
            ? ".snappy"
            : (options_.parquet.compression == parquet::CompressionCodec::kZstd ? ".zstd" : "");
    char name[96];
    std::snprintf(name, sizeof(name), "part-%05d-%s-c000%s.parquet", file_counter_++,
                  NewUuid().c_str(), codec);
    file->relative_path = dir.empty() ? std::string(name) : io::JoinPath(dir, name);
    LAKEML_ASSIGN_OR_RETURN(
        file->writer,
        parquet::FileWriter::Open(sync_fs_.get(), io::JoinPath(table_root_, file->relative_path),
                                  FileSchemaFor(rows), options_.parquet));
    if (options_.collect_stats) {
      file->stats = std::make_unique<StatsCollector>(*file_schema_, stats_options_,
                                                     logical_data_schema_.get());
    }
  }
  std::vector<columnar::VectorPtr> columns;
  columns.reserve(data_indexes_.size());
  for (int idx : data_indexes_) columns.push_back(rows.column(idx));
  for (size_t i = table_schema_->num_fields(); i < rows.num_columns(); ++i) {
    columns.push_back(rows.column(i));  // Extra columns (CDC) only reach the file.
  }
  columnar::Batch physical(FileSchemaFor(rows), std::move(columns), rows.num_rows());
  LAKEML_RETURN_IF_ERROR(file->writer->Write(physical));
  if (file->stats) file->stats->Update(physical);
  file->rows += rows.num_rows();
  if (file->writer->bytes_written() >= options_.target_file_bytes) {
    LAKEML_RETURN_IF_ERROR(CloseFile(file.get()));
    open_.erase(key);
  }
  return Status::OK();
}

columnar::SchemaPtr DataFileWriter::FileSchemaFor(const columnar::Batch& rows) const {
  if (rows.num_columns() <= table_schema_->num_fields()) return file_schema_;
  std::vector<columnar::Field> fields = file_schema_->fields();
  for (size_t i = table_schema_->num_fields(); i < rows.num_columns(); ++i) {
    fields.push_back(rows.schema()->field(i));
  }
  return std::make_shared<columnar::Schema>(std::move(fields));
}

Status DataFileWriter::CloseFile(OpenFile* file) {
  LAKEML_RETURN_IF_ERROR(file->writer->Close());
  AddFile add;
  add.path = UriEncodePath(file->relative_path);
  add.partition_values = file->partition_values;
  add.size = file->writer->bytes_written();
  add.modification_time = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
  add.data_change = options_.data_change;
  if (file->stats) add.stats = file->stats->ToJson();
  bytes_written_ += add.size;
  done_.push_back(std::move(add));
  return Status::OK();
}

Result<std::vector<AddFile>> DataFileWriter::Finish() {
  for (auto& [key, file] : open_) LAKEML_RETURN_IF_ERROR(CloseFile(file.get()));
  open_.clear();
  return std::move(done_);
}

}  // namespace lakeml::delta
