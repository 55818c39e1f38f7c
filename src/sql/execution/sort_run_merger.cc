#include "sql/execution/sort_run_merger.h"

#include <algorithm>

#include "columnar/vector_concat.h"
#include "columnar/vector_take.h"

namespace lakeml::sql {

void SortRunMerger::AddRun(std::unique_ptr<SpillFile> file) {
  Run run;
  run.file = std::move(file);
  runs_.push_back(std::move(run));
}

void SortRunMerger::AddRun(std::vector<Chunk> chunks) {
  Run run;
  run.chunks = std::move(chunks);
  runs_.push_back(std::move(run));
}

Status SortRunMerger::Advance(Run& run) {
  run.row = 0;
  while (true) {
    if (run.file != nullptr) {
      LAKEML_ASSIGN_OR_RETURN(bool more, run.file->Next(types_, &run.current));
      if (!more) {
        run.done = true;
        run.file.reset();  // Removes the file.
        return Status::OK();
      }
    } else {
      if (run.next_chunk >= run.chunks.size()) {
        run.done = true;
        run.chunks.clear();
        return Status::OK();
      }
      run.current = std::move(run.chunks[run.next_chunk++]);
    }
    if (run.current.size > 0) return Status::OK();
  }
}

bool SortRunMerger::HeapLess(size_t a, size_t b) const {
  const int c = cmp_->Compare(runs_[a].offset + runs_[a].row, runs_[b].offset + runs_[b].row);
  return c != 0 ? c > 0 : a > b;
}

Status SortRunMerger::Rebuild() {
  concat_.clear();
  heap_.clear();
  int64_t offset = 0;
  for (size_t r = 0; r < runs_.size(); ++r) {
    if (runs_[r].done) continue;
    runs_[r].offset = offset;
    offset += runs_[r].current.size;
    heap_.push_back(r);
  }
  if (heap_.empty()) return Status::OK();
  for (size_t col = 0; col < types_.size(); ++col) {
    std::vector<columnar::VectorPtr> parts;
    for (size_t r : heap_) parts.push_back(runs_[r].current.columns[col]);
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v, columnar::ConcatVectors(parts));
    concat_.push_back(std::move(v));
  }
  std::vector<const columnar::Vector*> keys;
  for (size_t k = types_.size() - specs_.size(); k < types_.size(); ++k) {
    keys.push_back(concat_[k].get());
  }
  cmp_ = std::make_unique<SortKeyComparator>(std::move(keys), specs_);
  auto less = [this](size_t a, size_t b) { return HeapLess(a, b); };
  std::make_heap(heap_.begin(), heap_.end(), less);
  return Status::OK();
}

Result<bool> SortRunMerger::Next(Chunk* out) {
  if (!started_) {
    started_ = true;
    for (Run& run : runs_) LAKEML_RETURN_IF_ERROR(Advance(run));
    LAKEML_RETURN_IF_ERROR(Rebuild());
  }
  auto less = [this](size_t a, size_t b) { return HeapLess(a, b); };
  std::vector<int64_t> picks;
  bool rebuild = false;
  while (!heap_.empty() && static_cast<int64_t>(picks.size()) < Chunk::kMaxRows) {
    std::pop_heap(heap_.begin(), heap_.end(), less);
    const size_t r = heap_.back();
    heap_.pop_back();
    Run& run = runs_[r];
    picks.push_back(run.offset + run.row);
    if (++run.row < run.current.size) {
      heap_.push_back(r);
      std::push_heap(heap_.begin(), heap_.end(), less);
      continue;
    }
    // The concatenation still holds this chunk's rows, so the picks stay valid.
    LAKEML_RETURN_IF_ERROR(Advance(run));
    if (!run.done) {
      rebuild = true;
      break;
    }
  }
  if (picks.empty()) {
    out->size = 0;
    out->columns.clear();
    return false;
  }
  Chunk chunk;
  chunk.size = static_cast<int64_t>(picks.size());
  for (const auto& v : concat_) {
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr taken,
                            columnar::TakeVector(*v, picks.data(), chunk.size));
    chunk.columns.push_back(std::move(taken));
  }
  *out = std::move(chunk);
  if (rebuild) LAKEML_RETURN_IF_ERROR(Rebuild());
  return true;
}

}  // namespace lakeml::sql
