// SortRunMerger: the merge phase of the external sort. A spilling SortOperator writes sorted
// runs (chunks of payload columns then key columns) to spill files and keeps one last run in
// memory; the merger reads one chunk per run at a time and emits the rows in key order.
//
// To compare rows of different runs with one SortKeyComparator, the merger concatenates the
// current chunk of every run and picks rows by their position in that concatenation; it
// rebuilds it whenever a run moves on to its next chunk (ending the output chunk there), so
// memory stays at about one chunk per run. Ties go to the run added first.
//
// Used by one thread.
#pragma once

#include <memory>
#include <vector>

#include "base/result.h"
#include "sql/execution/chunk.h"
#include "sql/execution/sort_key_comparator.h"
#include "sql/execution/spill_directory.h"

namespace lakeml::sql {

class SortRunMerger {
 public:
  // `types`: payload then key columns; the last specs.size() columns are the keys.
  SortRunMerger(std::vector<columnar::TypePtr> types, std::vector<SortSpec> specs)
      : types_(std::move(types)), specs_(std::move(specs)) {}

  // REQUIRES: the file's writing is finished; before the first Next.
  void AddRun(std::unique_ptr<SpillFile> file);
  void AddRun(std::vector<Chunk> chunks);

  // The next rows in order (payload and key columns) into `out`; false when all were emitted.
  Result<bool> Next(Chunk* out);

  size_t runs() const { return runs_.size(); }

 private:
  struct Run {
    std::unique_ptr<SpillFile> file;  // null for the in-memory run
    std::vector<Chunk> chunks;        // the in-memory run
    size_t next_chunk = 0;
    Chunk current;
    int64_t row = 0;
    int64_t offset = 0;  // Of `current` in the concatenation.
    bool done = false;
  };
  // Loads the run's next chunk; marks it done at the end.
  Status Advance(Run& run);
  // Concatenates the live runs' current chunks and rebuilds the heap.
  Status Rebuild();
  bool HeapLess(size_t a, size_t b) const;  // For std::push_heap: true if a sorts after b.

  std::vector<columnar::TypePtr> types_;
  std::vector<SortSpec> specs_;
  std::vector<Run> runs_;
  bool started_ = false;
  std::vector<columnar::VectorPtr> concat_;
  std::unique_ptr<SortKeyComparator> cmp_;
  std::vector<size_t> heap_;  // Run indexes, best on top.
};

}  // namespace lakeml::sql
