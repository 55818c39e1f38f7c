#include "sql/execution/operators/aggregate_spill.h"

#include "columnar/vector_take.h"
#include "sql/common/sql_error.h"

namespace lakeml::sql {

AggregateSpill::AggregateSpill(const GroupKeyEncoder* encoder,
                               const std::vector<AggregateSpec>* specs,
                               std::vector<columnar::TypePtr> arg_types)
    : encoder_(encoder), specs_(specs), types_(encoder->types()) {
  for (auto& t : arg_types) {
    has_arg_.push_back(t != nullptr);
    if (t != nullptr) types_.push_back(std::move(t));
  }
}

Status AggregateSpill::Spill(ExecutionContext& ctx,
                             const std::vector<const columnar::Vector*>& keys,
                             const std::vector<const columnar::Vector*>& args, int64_t n) {
  if (ctx.spill == nullptr) {
    return SqlError::Make("UNABLE_TO_ACQUIRE_MEMORY", "53200",
                          "Unable to acquire memory for an aggregation, and spilling is off.");
  }
  // The partition of each row: the top bits of the hash the table would give its key.
  std::vector<uint64_t> hashes;
  AggregateHashTable::HashKeys(*encoder_, keys, n, &hashes);
  std::array<std::vector<int64_t>, kPartitions> rows;
  for (int64_t i = 0; i < n; ++i) rows[hashes[i] >> (64 - kPartitionBits)].push_back(i);
  std::vector<const columnar::Vector*> columns(keys);
  for (const columnar::Vector* a : args) {
    if (a != nullptr) columns.push_back(a);
  }
  for (int p = 0; p < kPartitions; ++p) {
    if (rows[p].empty()) continue;
    Chunk part;
    part.size = static_cast<int64_t>(rows[p].size());
    for (const columnar::Vector* c : columns) {
      LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v,
                              columnar::TakeVector(*c, rows[p].data(), part.size));
      part.columns.push_back(std::move(v));
    }
    Partition& partition = partitions_[p];
    std::lock_guard<std::mutex> lock(partition.mu);
    if (partition.file == nullptr) {
      LAKEML_ASSIGN_OR_RETURN(partition.file, ctx.spill->NewFile());
    }
    const int64_t before = partition.file->bytes();
    LAKEML_RETURN_IF_ERROR(partition.file->Append(part));
    ctx.spill->AddSpilled(partition.file->bytes() - before);
  }
  return Status::OK();
}

Status AggregateSpill::FinishWriting() {
  for (Partition& p : partitions_) {
    if (p.file == nullptr) continue;
    LAKEML_RETURN_IF_ERROR(p.file->FinishWriting());
    spilled_bytes_ += p.file->bytes();
    ++spilled_files_;
  }
  return Status::OK();
}

Status AggregateSpill::EmitPartition(int p, AggregateHashTable& memory, ChunkQueue* out) {
  AggregateHashTable table(encoder_, specs_);
  const size_t num_keys = encoder_->types().size();
  if (partitions_[p].file != nullptr) {
    Chunk chunk;
    while (true) {
      LAKEML_ASSIGN_OR_RETURN(bool more, partitions_[p].file->Next(types_, &chunk));
      if (!more) break;
      std::vector<const columnar::Vector*> keys;
      std::vector<const columnar::Vector*> args;
      for (size_t k = 0; k < num_keys; ++k) keys.push_back(chunk.columns[k].get());
      size_t next = num_keys;
      for (const bool has_arg : has_arg_) {
        args.push_back(has_arg ? chunk.columns[next++].get() : nullptr);
      }
      LAKEML_RETURN_IF_ERROR(table.Add(keys, args, chunk.size));
    }
    partitions_[p].file.reset();  // Removes the file.
  }
  LAKEML_RETURN_IF_ERROR(
      table.MergePartition(memory, 64 - kPartitionBits, static_cast<uint64_t>(p)));
  LAKEML_RETURN_IF_ERROR(table.FinishDistinct());
  for (int64_t begin = 0; begin < table.size(); begin += Chunk::kMaxRows) {
    const int64_t end = std::min(table.size(), begin + Chunk::kMaxRows);
    Chunk chunk;
    LAKEML_ASSIGN_OR_RETURN(chunk.columns, table.Emit(begin, end));
    chunk.size = end - begin;
    out->Push(std::move(chunk));
  }
  return Status::OK();
}

}  // namespace lakeml::sql
