#include "format/parquet/record_assembler.h"

#include <cstring>

#include "base/bit_util.h"

namespace lakeml::parquet {

using columnar::Buffer;
using columnar::TypeId;
using columnar::Vector;
using columnar::VectorPtr;

namespace {

// Builds a vector of `src`'s type with one entry per element of `index`: src[index[i]], or null
// where index[i] < 0. `src` has no nulls.
VectorPtr Gather(const Vector& src, const std::vector<int64_t>& index, int64_t null_count) {
  const int64_t n = static_cast<int64_t>(index.size());
  auto out = std::make_shared<Vector>(src.type(), n);
  const TypeId id = src.type()->id();
  if (null_count > 0) {
    auto validity = Buffer::AllocateZeroed(bit_util::BytesForBits(n));
    uint8_t* bits = validity->mutable_data();
    for (int64_t i = 0; i < n; ++i) {
      if (index[i] >= 0) bit_util::SetBit(bits, i);
    }
    out->set_validity(std::move(validity));
    out->set_null_count(null_count);
  }
  if (id == TypeId::kNull) return out;
  if (id == TypeId::kBoolean) {
    auto values = Buffer::AllocateZeroed(bit_util::BytesForBits(n));
    const uint8_t* in = src.values()->data();
    uint8_t* bits = values->mutable_data();
    for (int64_t i = 0; i < n; ++i) {
      if (index[i] >= 0 && bit_util::GetBit(in, index[i])) bit_util::SetBit(bits, i);
    }
    out->set_values(std::move(values));
    return out;
  }
  if (id == TypeId::kString || id == TypeId::kBinary) {
    auto offsets = Buffer::Allocate((n + 1) * 8);
    int64_t* o = offsets->mutable_as<int64_t>();
    const int64_t* in = src.offsets();
    // Values keep their bytes in order, so only the offsets change; the data buffer is shared.
    int64_t pos = in[0];
    o[0] = pos;
    for (int64_t i = 0; i < n; ++i) {
      if (index[i] >= 0) pos = in[index[i] + 1];
      o[i + 1] = pos;
    }
    out->set_values(std::move(offsets));
    out->set_data(src.data());
    return out;
  }
  const int w = src.type()->fixed_width();
  auto values = Buffer::Allocate(n * w);
  const uint8_t* in = src.values()->data();
  uint8_t* dst = values->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    if (index[i] >= 0) {
      std::memcpy(dst + i * w, in + index[i] * w, w);
    } else {
      std::memset(dst + i * w, 0, w);
    }
  }
  out->set_values(std::move(values));
  return out;
}

template <typename T>
void SpreadFixed(const T* in, const int16_t* def, int16_t max_def, int64_t n, T* out) {
  int64_t j = 0;
  for (int64_t i = 0; i < n; ++i) {
    const bool valid = def[i] == max_def;
    out[i] = valid ? in[j] : T{};
    j += valid;
  }
}

// Flat nullable leaf: one slot per level. A fast path for the common case.
VectorPtr SpreadFlat(const Vector& src, const int16_t* def, int16_t max_def, int64_t n,
                     int64_t null_count) {
  const TypeId id = src.type()->id();
  const int w = src.type()->fixed_width();
  if (w != 4 && w != 8) {
    std::vector<int64_t> index(n);
    int64_t j = 0;
    for (int64_t i = 0; i < n; ++i) index[i] = def[i] == max_def ? j++ : -1;
    return Gather(src, index, null_count);
  }
  (void)id;
  auto out = std::make_shared<Vector>(src.type(), n);
  auto validity = Buffer::Allocate(bit_util::BytesForBits(n));
  uint8_t* bits = validity->mutable_data();
  std::memset(bits, 0, validity->size());
  for (int64_t i = 0; i < n; ++i)
    bits[i >> 3] |= static_cast<uint8_t>((def[i] == max_def) << (i & 7));
  auto values = Buffer::Allocate(n * w);
  if (w == 4) {
    SpreadFixed(src.values()->as<uint32_t>(), def, max_def, n, values->mutable_as<uint32_t>());
  } else {
    SpreadFixed(src.values()->as<uint64_t>(), def, max_def, n, values->mutable_as<uint64_t>());
  }
  out->set_validity(std::move(validity));
  out->set_null_count(null_count);
  out->set_values(std::move(values));
  return out;
}

}  // namespace

std::vector<int64_t> RecordAssembler::SlotPositions(const SchemaNode& node,
                                                    const LeafData& leaf) const {
  std::vector<int64_t> slots;
  const int16_t* def = leaf.def();
  const int16_t* rep = leaf.rep();
  slots.reserve(leaf.num_levels);
  for (int64_t i = 0; i < leaf.num_levels; ++i) {
    const int16_t r = rep ? rep[i] : 0;
    const int16_t d = def ? def[i] : 0;
    if (r <= node.slot_rep && d >= node.slot_def) slots.push_back(i);
  }
  return slots;
}

Result<VectorPtr> RecordAssembler::Assemble(int node_index) { return Build(node_index, nullptr); }

Result<VectorPtr> RecordAssembler::Build(int node_index, const std::vector<int64_t>* slots) {
  const SchemaNode& node = nodes_[node_index];
  switch (node.kind) {
    case SchemaNode::Kind::kLeaf:
      return BuildLeaf(node, slots);
    case SchemaNode::Kind::kStruct:
      return BuildStruct(node, slots);
    case SchemaNode::Kind::kList:
    case SchemaNode::Kind::kMap:
      return BuildRepeated(node, slots);
  }
  return Status::Internal("Unknown schema node kind");
}

Result<VectorPtr> RecordAssembler::BuildLeaf(const SchemaNode& node,
                                             const std::vector<int64_t>* /*slots*/) {
  const LeafData& leaf = leaves_[node.leaf_index];
  if (!leaf.values) return Status::Internal("Leaf column not read: ", node.path);
  const Vector& values = *leaf.values;
  const int16_t* def = leaf.def();
  const int16_t max_def = node.max_def;
  if (def == nullptr) {
    // REQUIRED all the way down: one value per level.
    if (values.length() != leaf.num_levels) {
      return Status::Corruption("Column ", node.path, " has ", values.length(), " values for ",
                                leaf.num_levels, " levels");
    }
    return leaf.values;
  }
  int64_t valid = 0;
  for (int64_t i = 0; i < leaf.num_levels; ++i) valid += def[i] == max_def;
  if (valid != values.length()) {
    return Status::Corruption("Column ", node.path, " has ", values.length(),
                              " values but its definition levels call for ", valid);
  }
  if (node.slot_def == 0 && node.max_rep == 0) {
    if (valid == leaf.num_levels) return leaf.values;
    return SpreadFlat(values, def, max_def, leaf.num_levels, leaf.num_levels - valid);
  }
  // Nested leaf: slots are the levels at which every repeated ancestor has an element.
  std::vector<int64_t> index;
  index.reserve(leaf.num_levels);
  int64_t j = 0;
  int64_t nulls = 0;
  for (int64_t i = 0; i < leaf.num_levels; ++i) {
    if (def[i] < node.slot_def) continue;
    if (def[i] == max_def) {
      index.push_back(j++);
    } else {
      index.push_back(-1);
      ++nulls;
    }
  }
  return Gather(values, index, nulls);
}

Result<VectorPtr> RecordAssembler::BuildStruct(const SchemaNode& node,
                                               const std::vector<int64_t>* /*slots*/) {
  if (node.leaves.empty()) return Status::Corruption("Group without columns: ", node.name);
  const LeafData& leaf = leaves_[node.leaves[0]];
  const int16_t* def = leaf.def();
  int64_t n = 0;
  VectorPtr out;
  if (node.slot_rep == 0 && node.slot_def == 0 && leaf.rep() == nullptr) {
    n = leaf.num_levels;
    out = std::make_shared<Vector>(node.type, n);
    if (def != nullptr && node.def_level > 0) {
      Buffer* validity = out->EnsureValidity();
      uint8_t* bits = validity->mutable_data();
      for (int64_t i = 0; i < n; ++i) bit_util::SetBitTo(bits, i, def[i] >= node.def_level);
      out->FinishValidity();
    }
  } else {
    std::vector<int64_t> positions = SlotPositions(node, leaf);
    n = static_cast<int64_t>(positions.size());
    out = std::make_shared<Vector>(node.type, n);
    if (def != nullptr && node.def_level > node.slot_def) {
      Buffer* validity = out->EnsureValidity();
      uint8_t* bits = validity->mutable_data();
      for (int64_t i = 0; i < n; ++i)
        bit_util::SetBitTo(bits, i, def[positions[i]] >= node.def_level);
      out->FinishValidity();
    }
  }
  for (int child : node.children) {
    LAKEML_ASSIGN_OR_RETURN(VectorPtr c, Build(child, nullptr));
    if (c->length() != n) {
      return Status::Corruption("Column ", nodes_[child].name, " of group ", node.name, " has ",
                                c->length(), " entries; the group has ", n);
    }
    out->mutable_children().push_back(std::move(c));
  }
  return out;
}

Result<VectorPtr> RecordAssembler::BuildRepeated(const SchemaNode& node,
                                                 const std::vector<int64_t>* /*slots*/) {
  if (node.leaves.empty()) return Status::Corruption("Repeated group without columns: ", node.name);
  const LeafData& leaf = leaves_[node.leaves[0]];
  const int16_t* def = leaf.def();
  const int16_t* rep = leaf.rep();
  if (rep == nullptr || def == nullptr) {
    return Status::Corruption("Repeated column without levels: ", nodes_[node.children[0]].name);
  }
  const int16_t r = node.slot_rep;
  auto offsets = Buffer::Allocate((leaf.num_levels + 1) * 8);
  int64_t* o = offsets->mutable_as<int64_t>();
  auto validity = Buffer::Allocate(bit_util::BytesForBits(leaf.num_levels));
  uint8_t* bits = validity->mutable_data();
  int64_t n = 0;
  int64_t elements = 0;
  int64_t nulls = 0;
  for (int64_t i = 0; i < leaf.num_levels; ++i) {
    const int16_t rp = rep[i];
    const int16_t d = def[i];
    if (rp <= r) {
      if (d < node.slot_def) continue;
      o[n] = elements;
      const bool valid = d >= node.def_level;
      bit_util::SetBitTo(bits, n, valid);
      nulls += !valid;
      ++n;
      if (d >= node.element_def) ++elements;
    } else if (rp == r + 1) {
      if (n == 0) {
        return Status::Corruption("Column ", nodes_[node.children[0]].name,
                                  " starts with repetition level ", rp, " instead of 0");
      }
      if (d < node.element_def) {
        return Status::Corruption("Column ", nodes_[node.children[0]].name,
                                  " continues a list with an empty element at level ", i);
      }
      ++elements;
    } else if (n == 0) {
      return Status::Corruption("Column ", nodes_[node.children[0]].name,
                                " starts with repetition level ", rp, " instead of 0");
    }
  }
  o[n] = elements;
  offsets->Resize((n + 1) * 8);
  auto out = std::make_shared<Vector>(node.type, n);
  out->set_values(std::move(offsets));
  if (nulls > 0) {
    validity->Resize(bit_util::BytesForBits(n));
    out->set_validity(std::move(validity));
    out->set_null_count(nulls);
  }
  for (int child : node.children) {
    LAKEML_ASSIGN_OR_RETURN(VectorPtr c, Build(child, nullptr));
    if (c->length() != elements) {
      return Status::Corruption("Column ", nodes_[child].name, " of ", node.name, " has ",
                                c->length(), " elements; the offsets call for ", elements);
    }
    out->mutable_children().push_back(std::move(c));
  }
  return out;
}

}  // namespace lakeml::parquet
