#include "sql/execution/aggregate_hash_table.h"

#include <cstring>

#include "sql/execution/aggregate_arguments.h"

namespace lakeml::sql {
namespace {

size_t AlignState(size_t n) { return (n + 15) & ~size_t{15}; }

constexpr uint64_t kTagMask = 0xFFFFFFFF00000000ull;

}  // namespace

AggregateHashTable::AggregateHashTable(const GroupKeyEncoder* keys,
                                       const std::vector<AggregateSpec>* aggregates)
    : keys_(keys), aggregates_(aggregates) {
  for (const AggregateSpec& a : *aggregates_) {
    state_offsets_.push_back(row_width_);
    row_width_ += AlignState(std::max<size_t>(a.function->state_size, 1));
    distinct_.emplace_back();
    distinct_encoders_.push_back(
        a.distinct ? std::make_unique<GroupKeyEncoder>(a.function->arg_types) : nullptr);
  }
  if (row_width_ == 0) row_width_ = 16;
  slots_.assign(1024, 0);
  mask_ = slots_.size() - 1;
}

void AggregateHashTable::Grow() {
  slots_.assign(slots_.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (size_t g = 0; g < hashes_.size(); ++g) {
    uint64_t s = hashes_[g] & mask_;
    while (slots_[s] != 0) s = (s + 1) & mask_;
    slots_[s] = (hashes_[g] & kTagMask) | (g + 1);
  }
}

int64_t AggregateHashTable::FindOrInsert(const uint8_t* key, uint32_t len, uint64_t hash) {
  uint64_t s = hash & mask_;
  const uint64_t tag = hash & kTagMask;
  while (true) {
    const uint64_t slot = slots_[s];
    if (slot == 0) break;
    if ((slot & kTagMask) == tag) {
      const int64_t g = static_cast<int64_t>(slot & ~kTagMask) - 1;
      std::string_view k = keys_of_groups_[g];
      if (k.size() == len && (len == 0 || std::memcmp(k.data(), key, len) == 0)) return g;
    }
    s = (s + 1) & mask_;
  }
  const int64_t g = size();
  slots_[s] = tag | static_cast<uint64_t>(g + 1);
  hashes_.push_back(hash);
  keys_of_groups_.push_back(
      key_arena_.Store(std::string_view(reinterpret_cast<const char*>(key), len)));
  if ((g >> kBlockShift) >= static_cast<int64_t>(state_blocks_.size())) {
    state_blocks_.push_back(std::make_unique<__int128[]>((row_width_ / 16) << kBlockShift));
  }
  uint8_t* row = StateRow(g);
  for (size_t a = 0; a < aggregates_->size(); ++a) {
    (*aggregates_)[a].function->init(row + state_offsets_[a]);
    if ((*aggregates_)[a].distinct) distinct_[a].emplace_back();
  }
  if (hashes_.size() * 2 > slots_.size()) Grow();
  return g;
}

void AggregateHashTable::EnsureGroup() {
  if (size() == 0) FindOrInsert(nullptr, 0, GroupKeyEncoder::Hash(nullptr, 0));
}

Status AggregateHashTable::Add(const std::vector<const columnar::Vector*>& keys,
                               const std::vector<const columnar::Vector*>& args, int64_t n) {
  groups_.resize(n);
  if (keys_->types().empty()) {
    EnsureGroup();
    std::fill(groups_.begin(), groups_.end(), 0);
  } else {
    keys_->Encode(keys, n, &scratch_bytes_, &scratch_offsets_);
    const uint8_t* bytes = scratch_bytes_.data();
    for (int64_t i = 0; i < n; ++i) {
      const uint32_t begin = scratch_offsets_[i];
      const uint32_t len = scratch_offsets_[i + 1] - begin;
      groups_[i] = FindOrInsert(bytes + begin, len, GroupKeyEncoder::Hash(bytes + begin, len));
    }
  }
  // Group rows are final now: the arena no longer moves during this call.
  pointers_.resize(n);
  for (size_t a = 0; a < aggregates_->size(); ++a) {
    const AggregateSpec& spec = (*aggregates_)[a];
    if (spec.distinct) {
      const columnar::Vector* arg = args[a];
      distinct_encoders_[a]->Encode(
          AggregateArguments::Unpack(arg, spec.function->arg_types.size()), n, &scratch_bytes_,
          &scratch_offsets_);
      for (int64_t i = 0; i < n; ++i) {
        if (arg->type()->id() == columnar::TypeId::kNull || arg->IsNull(i)) continue;
        const uint32_t begin = scratch_offsets_[i];
        distinct_[a][groups_[i]].emplace(
            reinterpret_cast<const char*>(scratch_bytes_.data()) + begin,
            scratch_offsets_[i + 1] - begin);
      }
      continue;
    }
    const size_t offset = state_offsets_[a];
    for (int64_t i = 0; i < n; ++i) pointers_[i] = StateRow(groups_[i]) + offset;
    LAKEML_RETURN_IF_ERROR(
        spec.function->update(*spec.function, args[a], n, pointers_.data(), &arena_));
  }
  return Status::OK();
}

Status AggregateHashTable::Merge(AggregateHashTable& other) {
  return MergePartition(other, 0, 0);
}

Status AggregateHashTable::MergePartition(AggregateHashTable& other, int shift,
                                          uint64_t partition) {
  for (int64_t og = 0; og < other.size(); ++og) {
    if (shift > 0 && (other.hashes_[og] >> shift) != partition) continue;
    std::string_view key = other.Key(og);
    const int64_t g = FindOrInsert(reinterpret_cast<const uint8_t*>(key.data()),
                                   static_cast<uint32_t>(key.size()), other.hashes_[og]);
    for (size_t a = 0; a < aggregates_->size(); ++a) {
      const AggregateSpec& spec = (*aggregates_)[a];
      if (spec.distinct) {
        auto& mine = distinct_[a][g];
        for (auto& v : other.distinct_[a][og]) mine.insert(v);
        continue;
      }
      LAKEML_RETURN_IF_ERROR(spec.function->combine(*spec.function,
                                                    other.StateRow(og) + state_offsets_[a],
                                                    StateRow(g) + state_offsets_[a], &arena_));
    }
  }
  return Status::OK();
}

Status AggregateHashTable::FinishDistinct() {
  for (size_t a = 0; a < aggregates_->size(); ++a) {
    const AggregateSpec& spec = (*aggregates_)[a];
    if (!spec.distinct) continue;
    for (int64_t g = 0; g < size(); ++g) {
      auto& values = distinct_[a][g];
      if (values.empty()) continue;
      std::vector<std::string_view> keys(values.begin(), values.end());
      std::vector<columnar::VectorPtr> decoded = distinct_encoders_[a]->Decode(keys);
      if (decoded.size() > 1) {  // sql-aggjson: count(DISTINCT a, b)
        const columnar::TypePtr packed =
            AggregateArguments::PackedType(spec.function->arg_types);
        decoded = {AggregateArguments::Pack(packed, std::move(decoded),
                                            static_cast<int64_t>(keys.size()))};
      }
      std::vector<uint8_t*> ptrs(keys.size(), StateRow(g) + state_offsets_[a]);
      LAKEML_RETURN_IF_ERROR(spec.function->update(*spec.function, decoded[0].get(),
                                                   static_cast<int64_t>(keys.size()), ptrs.data(),
                                                   &arena_));
      values.clear();
    }
  }
  return Status::OK();
}

Result<std::vector<columnar::VectorPtr>> AggregateHashTable::Emit(int64_t begin, int64_t end) {
  std::vector<std::string_view> keys;
  for (int64_t g = begin; g < end; ++g) keys.push_back(Key(g));
  std::vector<columnar::VectorPtr> out = keys_->Decode(keys);
  std::vector<uint8_t*> ptrs(end - begin);
  for (size_t a = 0; a < aggregates_->size(); ++a) {
    const AggregateSpec& spec = (*aggregates_)[a];
    for (int64_t g = begin; g < end; ++g) ptrs[g - begin] = StateRow(g) + state_offsets_[a];
    columnar::VectorPtr v;
    LAKEML_RETURN_IF_ERROR(spec.function->finalize(*spec.function, ptrs.data(), end - begin, &v));
    out.push_back(std::move(v));
  }
  return out;
}

int64_t AggregateHashTable::MemoryUsage() const {
  int64_t n = static_cast<int64_t>(slots_.capacity() * sizeof(uint64_t) +
                                   hashes_.capacity() * sizeof(uint64_t) +
                                   keys_of_groups_.capacity() * sizeof(std::string_view)) +
              static_cast<int64_t>(state_blocks_.size() * (row_width_ << kBlockShift)) +
              key_arena_.bytes() + arena_.bytes();
  // DISTINCT values are not counted: walking the sets per chunk would cost a pass per chunk.
  for (const auto& sets : distinct_) {
    n += static_cast<int64_t>(sets.capacity() * sizeof(std::unordered_set<std::string>));
  }
  return n;
}

}  // namespace lakeml::sql
