#include "sql/execution/chunk_serializer.h"

#include <cstring>

#include "base/str_cat.h"

namespace lakeml::sql {
namespace {

// DO NOT CHANGE within a process: spill files are written and read by the same binary.
constexpr uint32_t kChunkMagic = 0x4B4E4843;  // "CHNK"

void PutRaw(std::string* out, const void* p, size_t n) {
  out->append(static_cast<const char*>(p), n);
}
template <typename T>
void PutValue(std::string* out, T v) {
  PutRaw(out, &v, sizeof(v));
}

void PutBuffer(std::string* out, const columnar::BufferPtr& b) {
  PutValue<uint8_t>(out, b != nullptr);
  if (b == nullptr) return;
  PutValue<int64_t>(out, b->size());
  PutRaw(out, b->data(), static_cast<size_t>(b->size()));
}

void PutVector(std::string* out, const columnar::Vector& v) {
  PutValue<uint8_t>(out, static_cast<uint8_t>(v.type()->id()));
  PutValue<int64_t>(out, v.length());
  PutValue<int64_t>(out, v.null_count());
  PutBuffer(out, v.validity());
  PutBuffer(out, v.values());
  PutBuffer(out, v.data());
  PutValue<uint32_t>(out, static_cast<uint32_t>(v.children().size()));
  for (const auto& c : v.children()) PutVector(out, *c);
}

// A bounds-checked cursor over the serialized bytes.
class ChunkByteReader {
 public:
  explicit ChunkByteReader(std::string_view data) : data_(data) {}
  size_t position() const { return pos_; }

  template <typename T>
  Status Get(T* v) {
    if (data_.size() - pos_ < sizeof(T)) return Truncated();
    std::memcpy(v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return Status::OK();
  }
  Status GetBuffer(columnar::BufferPtr* b) {
    uint8_t present = 0;
    LAKEML_RETURN_IF_ERROR(Get(&present));
    if (present == 0) {
      b->reset();
      return Status::OK();
    }
    int64_t size = 0;
    LAKEML_RETURN_IF_ERROR(Get(&size));
    if (size < 0 || static_cast<uint64_t>(size) > data_.size() - pos_) return Truncated();
    *b = columnar::Buffer::CopyOf(data_.data() + pos_, size);
    pos_ += static_cast<size_t>(size);
    return Status::OK();
  }
  Result<columnar::VectorPtr> GetVector(const columnar::TypePtr& type, int depth) {
    if (depth > 64) return Status::Corruption("Spilled chunk: vectors nested too deeply");
    uint8_t id = 0;
    int64_t length = 0;
    int64_t nulls = 0;
    LAKEML_RETURN_IF_ERROR(Get(&id));
    if (id != static_cast<uint8_t>(type->id())) {
      return Status::Corruption("Spilled chunk: type id ", int{id}, " where ", type->ToString(),
                                " was expected");
    }
    LAKEML_RETURN_IF_ERROR(Get(&length));
    LAKEML_RETURN_IF_ERROR(Get(&nulls));
    if (length < 0 || nulls < 0 || nulls > length) {
      return Status::Corruption("Spilled chunk: bad vector length ", length);
    }
    auto v = std::make_shared<columnar::Vector>(type, length);
    v->set_null_count(nulls);
    columnar::BufferPtr b;
    LAKEML_RETURN_IF_ERROR(GetBuffer(&b));
    v->set_validity(std::move(b));
    LAKEML_RETURN_IF_ERROR(GetBuffer(&b));
    v->set_values(std::move(b));
    LAKEML_RETURN_IF_ERROR(GetBuffer(&b));
    v->set_data(std::move(b));
    uint32_t children = 0;
    LAKEML_RETURN_IF_ERROR(Get(&children));
    if (children != type->children().size()) {
      return Status::Corruption("Spilled chunk: ", children, " children for ", type->ToString());
    }
    for (uint32_t i = 0; i < children; ++i) {
      LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr c,
                              GetVector(type->children()[i].type, depth + 1));
      v->mutable_children().push_back(std::move(c));
    }
    return v;
  }

 private:
  static Status Truncated() { return Status::Corruption("Spilled chunk: truncated"); }
  std::string_view data_;
  size_t pos_ = 0;
};

int64_t VectorMemoryBytes(const columnar::Vector& v) {
  int64_t n = 0;
  for (const columnar::BufferPtr* b : {&v.validity(), &v.values(), &v.data()}) {
    if (*b != nullptr) n += (*b)->size();
  }
  for (const auto& c : v.children()) n += VectorMemoryBytes(*c);
  return n;
}

}  // namespace

int64_t ChunkSerializer::MemoryBytes(const Chunk& chunk) {
  int64_t n = 0;
  for (const auto& c : chunk.columns) n += VectorMemoryBytes(*c);
  return n;
}

void ChunkSerializer::Write(const Chunk& chunk, std::string* out) {
  PutValue<uint32_t>(out, kChunkMagic);
  PutValue<int64_t>(out, chunk.size);
  PutValue<int64_t>(out, chunk.batch_index);
  PutValue<uint32_t>(out, static_cast<uint32_t>(chunk.columns.size()));
  for (const auto& c : chunk.columns) PutVector(out, *c);
}

Result<Chunk> ChunkSerializer::Read(std::string_view data,
                                    const std::vector<columnar::TypePtr>& types, size_t* consumed) {
  ChunkByteReader r(data);
  uint32_t magic = 0;
  uint32_t columns = 0;
  Chunk chunk;
  LAKEML_RETURN_IF_ERROR(r.Get(&magic));
  if (magic != kChunkMagic) return Status::Corruption("Spilled chunk: bad magic number");
  LAKEML_RETURN_IF_ERROR(r.Get(&chunk.size));
  LAKEML_RETURN_IF_ERROR(r.Get(&chunk.batch_index));
  LAKEML_RETURN_IF_ERROR(r.Get(&columns));
  if (columns != types.size() || chunk.size < 0) {
    return Status::Corruption("Spilled chunk: ", columns, " columns where ", types.size(),
                              " were expected");
  }
  for (uint32_t i = 0; i < columns; ++i) {
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v, r.GetVector(types[i], 0));
    if (v->length() != chunk.size) {
      return Status::Corruption("Spilled chunk: column ", i, " has ", v->length(), " rows, not ",
                                chunk.size);
    }
    chunk.columns.push_back(std::move(v));
  }
  *consumed = r.position();
  return chunk;
}

}  // namespace lakeml::sql
