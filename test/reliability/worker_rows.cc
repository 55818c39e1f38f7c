#include "reliability/worker_rows.h"

#include <algorithm>

#include "base/str_cat.h"
#include "columnar/buffer.h"
#include "columnar/vector.h"
#include "delta/scan.h"
#include "delta/snapshot.h"

namespace lakeml::reliability {
namespace {

columnar::VectorPtr Int64s(const std::vector<int64_t>& values) {
  columnar::VectorPtr v = columnar::Vector::Make(
      columnar::DataType::Primitive(columnar::TypeId::kInt64), static_cast<int64_t>(values.size()));
  std::copy(values.begin(), values.end(), v->mutable_values()->mutable_as<int64_t>());
  return v;
}

columnar::VectorPtr Strings(const std::vector<std::string>& values) {
  const int64_t n = static_cast<int64_t>(values.size());
  columnar::VectorPtr v = columnar::Vector::Make(columnar::DataType::String(), n);
  std::string data;
  int64_t* offsets = v->mutable_values()->mutable_as<int64_t>();
  for (int64_t i = 0; i < n; ++i) {
    offsets[i] = static_cast<int64_t>(data.size());
    data += values[i];
  }
  offsets[n] = static_cast<int64_t>(data.size());
  v->set_data(columnar::Buffer::CopyOf(data.data(), static_cast<int64_t>(data.size())));
  return v;
}

}  // namespace

const columnar::SchemaPtr& WorkerRows::Schema() {
  static const columnar::SchemaPtr* schema = [] {
    const columnar::TypePtr int64 = columnar::DataType::Primitive(columnar::TypeId::kInt64);
    return new columnar::SchemaPtr(std::make_shared<columnar::Schema>(
        std::vector<columnar::Field>{{"worker", int64, true},
                                     {"seq", int64, true},
                                     {"row", int64, true},
                                     {"payload", columnar::DataType::String(), true}}));
  }();
  return *schema;
}

std::string WorkerRows::Payload(int64_t worker, int64_t seq, int64_t row) {
  return StrCat("w", worker, "-s", seq, "-r", row);
}

columnar::BatchPtr WorkerRows::Make(int64_t worker, int64_t seq, int64_t rows) {
  std::vector<int64_t> workers(rows, worker), seqs(rows, seq), ids(rows);
  std::vector<std::string> payloads(rows);
  for (int64_t r = 0; r < rows; ++r) {
    ids[r] = r;
    payloads[r] = Payload(worker, seq, r);
  }
  return std::make_shared<columnar::Batch>(
      Schema(),
      std::vector<columnar::VectorPtr>{Int64s(workers), Int64s(seqs), Int64s(ids),
                                       Strings(payloads)},
      rows);
}

std::vector<RowKey> WorkerRows::Keys(int64_t worker, int64_t seq, int64_t rows) {
  std::vector<RowKey> keys;
  for (int64_t r = 0; r < rows; ++r) keys.push_back(RowKey{worker, seq, r});
  return keys;
}

Result<std::vector<RowKey>> WorkerRows::ReadTable(io::FileSystem* fs, const std::string& table_root,
                                                  int64_t version) {
  delta::SnapshotOptions options;
  if (version >= 0) options.version = version;
  LAKEML_ASSIGN_OR_RETURN(delta::SnapshotPtr snapshot,
                          delta::Snapshot::Load(fs, table_root, options));
  delta::ScanOptions scan_options;
  scan_options.columns = {"worker", "seq", "row", "payload"};
  scan_options.num_threads = 1;
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<delta::Scan> scan, snapshot->NewScan(scan_options));
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<delta::ScanBatchStream> stream, scan->Execute());
  std::vector<RowKey> rows;
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, stream->Next());
    if (!batch) break;
    if (batch->num_columns() != 4) {
      return Status::Corruption("Scan of ", table_root, " returned ", batch->num_columns(),
                                " columns, expected 4");
    }
    const columnar::Vector& w = *batch->column(0);
    const columnar::Vector& s = *batch->column(1);
    const columnar::Vector& r = *batch->column(2);
    const columnar::Vector& p = *batch->column(3);
    for (int64_t i = 0; i < batch->num_rows(); ++i) {
      if (w.IsNull(i) || s.IsNull(i) || r.IsNull(i) || p.IsNull(i)) {
        return Status::Corruption("Null value in a written row of ", table_root);
      }
      RowKey key{w.values_as<int64_t>()[i], s.values_as<int64_t>()[i], r.values_as<int64_t>()[i]};
      const std::string expected = Payload(key.worker, key.seq, key.row);
      if (p.GetView(i) != expected) {
        return Status::Corruption("Row payload does not match its key in ", table_root, ": '",
                                  p.GetView(i), "', expected '", expected, "'");
      }
      rows.push_back(key);
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace lakeml::reliability
