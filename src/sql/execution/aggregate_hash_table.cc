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
    : keys_(keys), aggregates_(aggregates), small_packer_(keys->types()) {
  for (const AggregateSpec& a : *aggregates_) {
    state_offsets_.push_back(row_width_);
    row_width_ += AlignState(std::max<size_t>(a.function->state_size, 1));
    distinct_.emplace_back();
    distinct_encoders_.push_back(
        a.distinct ? std::make_unique<GroupKeyEncoder>(a.function->arg_types) : nullptr);
  }
  if (row_width_ == 0) row_width_ = 16;
  packed_ = keys_->types().size() == 1 && PackedKeyIndex::Supports(*keys_->types()[0]);
  small_ = !packed_ && small_packer_.enabled();
  if (!packed_) slots_ = PooledArray<uint64_t>(1024);
  mask_ = slots_.size() - 1;
}

void AggregateHashTable::Grow(size_t min_size) {
  // Short-key groups (small_) count in hashes_ without being in slots_: they are reinserted
  // too, so the new size must fit all groups.
  size_t new_size = slots_.size() * 2;
  while (hashes_.size() * 2 > new_size || new_size < min_size) new_size *= 2;
  slots_ = PooledArray<uint64_t>(new_size);
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
  keys_of_groups_.push_back(
      key_arena_.Store(std::string_view(reinterpret_cast<const char*>(key), len)));
  NewGroup(hash);
  if (hashes_.size() * 2 > slots_.size()) Grow();
  return g;
}

void AggregateHashTable::NewGroup(uint64_t hash) {
  const int64_t g = size();
  hashes_.push_back(hash);
  if ((g >> kBlockShift) >= static_cast<int64_t>(state_blocks_.size())) {
    const size_t block_elements = (row_width_ / 16) << kBlockShift;
    if (free_blocks_ == 0) {
      const int64_t blocks =
          std::min<int64_t>(std::max<int64_t>(1, state_blocks_.size()), kMaxSlabBlocks);
      // Not zeroed: init writes each state of a new group.
      state_slabs_.emplace_back(blocks * block_elements, /*zero=*/false);
      slab_bytes_ += state_slabs_.back().bytes();
      free_blocks_ = blocks;
    }
    PooledArray<__int128>& slab = state_slabs_.back();
    state_blocks_.push_back(reinterpret_cast<uint8_t*>(
        slab.data() + (slab.size() - free_blocks_ * block_elements)));
    --free_blocks_;
  }
  uint8_t* row = StateRow(g);
  for (size_t a = 0; a < aggregates_->size(); ++a) {
    (*aggregates_)[a].function->init(row + state_offsets_[a]);
    if ((*aggregates_)[a].distinct) distinct_[a].emplace_back();
  }
}

int64_t AggregateHashTable::FindOrInsertPacked(uint64_t key, uint64_t hash) {
  const int64_t next = size();
  const int64_t g = packed_index_.FindOrInsert(key, hash, next);
  if (g == next) {
    packed_keys_.push_back(key);
    NewGroup(hash);
  }
  return g;
}

int64_t AggregateHashTable::NullGroup() {
  if (null_group_ < 0) {
    null_group_ = size();
    packed_keys_.push_back(0);
    NewGroup(PackedKeyIndex::kNullHash);
  }
  return null_group_;
}

void AggregateHashTable::FindGroupsPacked(const columnar::Vector& key, int64_t n) {
  scratch_keys_.resize(n);
  scratch_hashes_.resize(n);
  scratch_nulls_.resize(n);
  const uint64_t* keys = scratch_keys_.data();
  const uint64_t* hashes = scratch_hashes_.data();
  const bool has_nulls = PackedKeyIndex::Pack(key, n, scratch_keys_.data(), scratch_hashes_.data(),
                                              scratch_nulls_.data());
  // Slots are random accesses: prefetch a few rows ahead.
  constexpr int64_t kAhead = 8;
  for (int64_t i = 0; i < std::min(n, kAhead); ++i) packed_index_.Prefetch(hashes[i]);
  for (int64_t i = 0; i < n; ++i) {
    if (i + kAhead < n) packed_index_.Prefetch(hashes[i + kAhead]);
    if (has_nulls && scratch_nulls_[i]) {
      groups_[i] = NullGroup();
    } else if (i > 0 && keys[i] == keys[i - 1] && !(has_nulls && scratch_nulls_[i - 1])) {
      groups_[i] = groups_[i - 1];  // Sorted or clustered keys (l_orderkey) repeat.
    } else {
      groups_[i] = FindOrInsertPacked(keys[i], hashes[i]);
    }
  }
}

int64_t AggregateHashTable::FindOrInsertSmall(uint64_t key, uint64_t hash) {
  const int64_t next = size();
  const int64_t g = packed_index_.FindOrInsert(key, hash, next);
  if (g == next) {
    // The group's hash is that of its encoding, as HashKeys gives the spill path.
    small_packer_.Unpack(key, &small_key_);
    keys_of_groups_.push_back(key_arena_.Store(small_key_));
    NewGroup(GroupKeyEncoder::Hash(reinterpret_cast<const uint8_t*>(small_key_.data()),
                                   small_key_.size()));
  }
  return g;
}

int64_t AggregateHashTable::FindOrInsertEncoded(const uint8_t* key, uint32_t len, uint64_t hash) {
  uint64_t packed;
  if (small_ && small_packer_.PackEncoded(std::string_view(reinterpret_cast<const char*>(key), len),
                                          &packed)) {
    return FindOrInsertSmall(packed, PackedKeyIndex::Hash(packed));
  }
  return FindOrInsert(key, len, hash);
}

void AggregateHashTable::FindGroupsSmall(const std::vector<const columnar::Vector*>& keys,
                                         int64_t n) {
  scratch_keys_.resize(n);
  scratch_nulls_.resize(n);  // here: whether the row fits
  const uint8_t* fits = scratch_nulls_.data();
  const bool all_fit = small_packer_.Pack(keys, n, scratch_keys_.data(), scratch_nulls_.data());
  if (!all_fit) keys_->Encode(keys, n, &scratch_bytes_, &scratch_offsets_);
  for (int64_t i = 0; i < n; ++i) {
    if (fits[i]) {
      const uint64_t k = scratch_keys_[i];
      groups_[i] = i > 0 && fits[i - 1] && scratch_keys_[i - 1] == k
                       ? groups_[i - 1]
                       : FindOrInsertSmall(k, PackedKeyIndex::Hash(k));
      continue;
    }
    const uint8_t* key = scratch_bytes_.data() + scratch_offsets_[i];
    const uint32_t len = scratch_offsets_[i + 1] - scratch_offsets_[i];
    groups_[i] = FindOrInsert(key, len, GroupKeyEncoder::Hash(key, len));
  }
}

void AggregateHashTable::HashKeys(const GroupKeyEncoder& encoder,
                                  const std::vector<const columnar::Vector*>& keys, int64_t n,
                                  std::vector<uint64_t>* hashes) {
  hashes->resize(n);
  if (encoder.types().size() == 1 && PackedKeyIndex::Supports(*encoder.types()[0])) {
    std::vector<uint64_t> packed(n);
    std::vector<uint8_t> nulls(n);
    PackedKeyIndex::Pack(*keys[0], n, packed.data(), hashes->data(), nulls.data());
    return;
  }
  std::vector<uint8_t> bytes;
  std::vector<uint32_t> offsets;
  encoder.Encode(keys, n, &bytes, &offsets);
  for (int64_t i = 0; i < n; ++i) {
    (*hashes)[i] = GroupKeyEncoder::Hash(bytes.data() + offsets[i], offsets[i + 1] - offsets[i]);
  }
}

void AggregateHashTable::Reserve(int64_t groups) {
  if (groups <= size()) return;
  if (packed_ || small_) packed_index_.Reserve(groups);
  if (!packed_ && slots_.size() < static_cast<size_t>(groups) * 2) Grow(groups * 2);
  hashes_.reserve(groups);
  if (packed_) {
    packed_keys_.reserve(groups);
  } else {
    keys_of_groups_.reserve(groups);
  }
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
  } else if (packed_) {
    FindGroupsPacked(*keys[0], n);
  } else if (small_) {
    FindGroupsSmall(keys, n);
  } else {
    keys_->Encode(keys, n, &scratch_bytes_, &scratch_offsets_);
    const uint8_t* bytes = scratch_bytes_.data();
    scratch_hashes_.resize(n);
    for (int64_t i = 0; i < n; ++i) {
      const uint32_t begin = scratch_offsets_[i];
      scratch_hashes_[i] = GroupKeyEncoder::Hash(bytes + begin, scratch_offsets_[i + 1] - begin);
    }
    constexpr int64_t kAhead = 8;
    for (int64_t i = 0; i < n; ++i) {
      if (i + kAhead < n) __builtin_prefetch(&slots_[scratch_hashes_[i + kAhead] & mask_]);
      const uint32_t begin = scratch_offsets_[i];
      groups_[i] = FindOrInsert(bytes + begin, scratch_offsets_[i + 1] - begin, scratch_hashes_[i]);
    }
  }
  // Group rows are final now: the arena no longer moves during this call.
  pointers_.resize(n);
  rows_.resize(n);
  for (int64_t i = 0; i < n; ++i) rows_[i] = StateRow(groups_[i]);
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
    for (int64_t i = 0; i < n; ++i) pointers_[i] = rows_[i] + offset;
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
    int64_t g;
    if (packed_) {
      g = og == other.null_group_ ? NullGroup()
                                  : FindOrInsertPacked(other.packed_keys_[og], other.hashes_[og]);
    } else {
      std::string_view key = other.Key(og);
      g = FindOrInsertEncoded(reinterpret_cast<const uint8_t*>(key.data()),
                              static_cast<uint32_t>(key.size()), other.hashes_[og]);
    }
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
  std::vector<columnar::VectorPtr> out;
  if (packed_) {
    const int64_t null_row = null_group_ >= begin && null_group_ < end ? null_group_ - begin : -1;
    out.push_back(PackedKeyIndex::Unpack(keys_->types()[0], packed_keys_.data() + begin,
                                         end - begin, null_row));
  } else {
    std::vector<std::string_view> keys;
    for (int64_t g = begin; g < end; ++g) keys.push_back(Key(g));
    out = keys_->Decode(keys);
  }
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
  int64_t n = slots_.bytes() +
              static_cast<int64_t>(hashes_.capacity() * sizeof(uint64_t) +
                                   keys_of_groups_.capacity() * sizeof(std::string_view)) +
              slab_bytes_ +
              key_arena_.bytes() + arena_.bytes() +
              static_cast<int64_t>(packed_keys_.capacity() * sizeof(uint64_t));
  if (packed_ || small_) n += packed_index_.MemoryUsage();
  // DISTINCT values are not counted: walking the sets per chunk would cost a pass per chunk.
  for (const auto& sets : distinct_) {
    n += static_cast<int64_t>(sets.capacity() * sizeof(std::unordered_set<std::string>));
  }
  return n;
}

}  // namespace lakeml::sql
