// RowRemover: removes individual rows from a table's data files inside one Transaction — the
// file-level step DELETE, UPDATE and MERGE build on.
//
// With delta.enableDeletionVectors = true (and the deletionVectors feature), removed rows are
// recorded in a deletion vector: the old add is removed and re-added with the merged DV, and
// the data file is untouched. Otherwise the file is rewritten without the rows
// (copy-on-write). A file that loses all its rows is simply removed. When the change data
// feed is enabled, the removed rows are also written to a change data file with
// _change_type = "delete".
//
// One owner; not thread-safe. REQUIRES: the transaction outlives the remover.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "base/result.h"
#include "delta/dv/roaring_bitmap_array.h"
#include "delta/transaction.h"

namespace lakeml::delta {

struct RowRemovalMetrics {
  int64_t rows_removed = 0;
  int64_t files_removed = 0;
  int64_t files_added = 0;  // Rewritten files (copy-on-write).
  int64_t deletion_vectors_added = 0;
  int64_t cdc_files_added = 0;
};

class RowRemover {
 public:
  explicit RowRemover(Transaction* txn);
  ~RowRemover();

  bool uses_deletion_vectors() const { return use_dvs_; }

  // Removes the rows of `file` (a live file of the transaction's snapshot) whose 0-based row
  // indexes are in `rows`. Rows already deleted by its DV are ignored.
  Status RemoveRows(const AddFile& file, const RoaringBitmapArray& rows);

  // Writes the pending DV file, and adds every action to the transaction.
  Result<RowRemovalMetrics> Finish();

 private:
  Status WriteChangeData(const AddFile& file, std::shared_ptr<const RoaringBitmapArray> rows);

  Transaction* txn_;
  bool use_dvs_ = false;
  bool cdf_ = false;
  struct PendingDv;
  std::vector<PendingDv> pending_;
  std::unique_ptr<class DeletionVectorWriter> dv_writer_;
  RowRemovalMetrics metrics_;
};

}  // namespace lakeml::delta
