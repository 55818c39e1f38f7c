#include "columnar/buffer.h"

#include <cstdlib>
#include <new>

#include "base/check.h"
#include "columnar/buffer_pool.h"

namespace lakeml::columnar {
namespace {

constexpr int64_t kSlack = 64;

}  // namespace

std::shared_ptr<Buffer> Buffer::Allocate(int64_t size) {
  auto b = std::make_shared<Buffer>();
  b->Resize(size);
  return b;
}

std::shared_ptr<Buffer> Buffer::AllocateZeroed(int64_t size) {
  auto b = Allocate(size);
  if (size > 0) std::memset(b->data_, 0, size);
  return b;
}

std::shared_ptr<Buffer> Buffer::CopyOf(const void* data, int64_t size) {
  auto b = Allocate(size);
  if (size > 0) std::memcpy(b->data_, data, size);
  return b;
}

Buffer::~Buffer() {
  if (data_ != nullptr) BufferPool::Free(data_, capacity_ + kSlack);
}

void Buffer::Reserve(int64_t min_capacity) {
  LAKEML_CHECK(min_capacity >= 0);
  if (min_capacity <= capacity_ && data_ != nullptr) return;
  int64_t new_capacity = capacity_ < 64 ? 64 : capacity_;
  while (new_capacity < min_capacity) new_capacity += new_capacity / 2 + 64;
  int64_t block = new_capacity + kSlack;
  uint8_t* p = BufferPool::Allocate(&block);
  new_capacity = block - kSlack;  // The pool may round the block up: use all of it.
  if (size_ > 0) std::memcpy(p, data_, size_);
  std::memset(p + new_capacity, 0, kSlack);
  if (data_ != nullptr) BufferPool::Free(data_, capacity_ + kSlack);
  data_ = p;
  capacity_ = new_capacity;
}

void Buffer::Resize(int64_t new_size) {
  LAKEML_CHECK(new_size >= 0);
  if (new_size > capacity_ || data_ == nullptr) Reserve(new_size);
  size_ = new_size;
}

}  // namespace lakeml::columnar
