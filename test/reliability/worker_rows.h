// WorkerRows: the rows the reliability tests write and read back. Every commit of a writer
// holds `rows` rows (worker, seq, row, payload) with payload "w<worker>-s<seq>-r<row>", so a
// row names the writer and the commit it came from and a torn or mixed-up value is visible.
//
// Shared by the delta_append_worker driver and the tests. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "base/result.h"
#include "columnar/batch.h"
#include "columnar/schema.h"
#include "io/file_system.h"

namespace lakeml::reliability {

// One row, as read back. Ordered by (worker, seq, row).
struct RowKey {
  int64_t worker = 0;
  int64_t seq = 0;
  int64_t row = 0;
  auto Tie() const { return std::tie(worker, seq, row); }
  bool operator<(const RowKey& o) const { return Tie() < o.Tie(); }
  bool operator==(const RowKey& o) const { return Tie() == o.Tie(); }
};

// One commit of one writer: (worker, seq).
struct CommitKey {
  int64_t worker = 0;
  int64_t seq = 0;
  auto Tie() const { return std::tie(worker, seq); }
  bool operator<(const CommitKey& o) const { return Tie() < o.Tie(); }
  bool operator==(const CommitKey& o) const { return Tie() == o.Tie(); }
};

class WorkerRows {
 public:
  // worker long, seq long, row long, payload string.
  static const columnar::SchemaPtr& Schema();
  static std::string Payload(int64_t worker, int64_t seq, int64_t row);
  // The `rows` rows of commit (worker, seq).
  static columnar::BatchPtr Make(int64_t worker, int64_t seq, int64_t rows);
  // The keys Make(worker, seq, rows) writes.
  static std::vector<RowKey> Keys(int64_t worker, int64_t seq, int64_t rows);

  // Every row of the table's latest version (or `version`), sorted. A row whose payload does
  // not match its key, or a null, is an error naming it.
  static Result<std::vector<RowKey>> ReadTable(io::FileSystem* fs, const std::string& table_root,
                                               int64_t version = -1);
};

}  // namespace lakeml::reliability
