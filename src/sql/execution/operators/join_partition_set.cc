#include "sql/execution/operators/join_partition_set.h"

#include <vector>

#include "columnar/vector_take.h"

namespace lakeml::sql {

Status JoinPartitionSet::Append(const Chunk& chunk, const uint64_t* hashes, const uint8_t* valid,
                                bool keep_null) {
  const int64_t n = chunk.size;
  if (n == 0) return Status::OK();
  constexpr int kDrop = kPartitions + 1;
  std::vector<uint8_t> target(n);
  std::array<int64_t, kPartitions + 2> counts{};
  for (int64_t i = 0; i < n; ++i) {
    const int p =
        valid[i] != 0 ? PartitionOf(hashes[i], level_) : (keep_null ? kNullPartition : kDrop);
    target[i] = static_cast<uint8_t>(p);
    ++counts[p];
  }
  // Rows in one partition (a skewed key, or a partition being split again) go unsplit.
  for (int p = 0; p <= kNullPartition; ++p) {
    if (counts[p] == n) return AppendTo(p, chunk);
  }
  // Counting sort of the row numbers by partition, keeping their order.
  std::array<int64_t, kPartitions + 2> starts{};
  for (int p = 1; p < kPartitions + 2; ++p) starts[p] = starts[p - 1] + counts[p - 1];
  std::vector<int64_t> order(n);
  std::array<int64_t, kPartitions + 2> next = starts;
  for (int64_t i = 0; i < n; ++i) order[next[target[i]]++] = i;
  for (int p = 0; p <= kNullPartition; ++p) {
    if (counts[p] == 0) continue;
    Chunk part;
    part.size = counts[p];
    part.batch_index = chunk.batch_index;
    for (const auto& column : chunk.columns) {
      LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v,
                              columnar::TakeVector(*column, order.data() + starts[p], counts[p]));
      part.columns.push_back(std::move(v));
    }
    LAKEML_RETURN_IF_ERROR(AppendTo(p, part));
  }
  return Status::OK();
}

Status JoinPartitionSet::AppendTo(int p, const Chunk& rows) {
  Partition& partition = partitions_[p];
  std::lock_guard<std::mutex> lock(partition.mu);
  if (partition.file == nullptr) {
    LAKEML_ASSIGN_OR_RETURN(partition.file, dir_->NewFile());
  }
  const int64_t before = partition.file->bytes();
  LAKEML_RETURN_IF_ERROR(partition.file->Append(rows));
  dir_->AddSpilled(partition.file->bytes() - before);
  partition.rows += rows.size;
  return Status::OK();
}

Status JoinPartitionSet::FinishWriting() {
  for (Partition& p : partitions_) {
    if (p.file == nullptr) continue;
    LAKEML_RETURN_IF_ERROR(p.file->FinishWriting());
    spilled_bytes_ += p.file->bytes();
    ++files_;
  }
  return Status::OK();
}

std::unique_ptr<SpillFile> JoinPartitionSet::Take(int p) { return std::move(partitions_[p].file); }

}  // namespace lakeml::sql
