#include "format/parquet/bloom_filter.h"

#include <xxhash.h>

#include <cstring>

#include "base/bit_util.h"
#include "format/parquet/metadata.h"

namespace lakeml::parquet {
namespace {

// DO NOT CHANGE: the salts of the Parquet split-block Bloom filter specification.
constexpr uint32_t kSalt[8] = {0x47b6137bU, 0x44974d91U, 0x8824ad5bU, 0xa2b7289dU,
                               0x705495c7U, 0x2df1424bU, 0x9efc4947U, 0x5c6bfb31U};
constexpr int64_t kBlockBytes = 32;
constexpr int64_t kMaxBytes = 128LL << 20;  // The spec's upper bound on a filter's size.

}  // namespace

BloomFilter::BloomFilter(int64_t num_bytes) {
  int64_t n = kBlockBytes;
  while (n < num_bytes && n < kMaxBytes) n <<= 1;
  bits_.assign(n, '\0');
}

Result<BloomFilter> BloomFilter::Parse(const uint8_t* data, size_t size, size_t* consumed) {
  size_t header_size = 0;
  LAKEML_ASSIGN_OR_RETURN(BloomFilterHeader header,
                          ParseBloomFilterHeader(data, size, &header_size));
  if (header.algorithm != BloomFilterHeader::Algorithm::kBlock ||
      header.hash != BloomFilterHeader::Hash::kXxHash ||
      header.compression != BloomFilterHeader::Compression::kUncompressed) {
    return Status::NotImplemented(
        "Bloom filter with an unsupported algorithm, hash or compression");
  }
  const int64_t n = header.num_bytes;
  if (n <= 0 || n % kBlockBytes != 0 || n > kMaxBytes) {
    return Status::Corruption("Bloom filter bitset of ", n,
                              " bytes is not a positive multiple of 32");
  }
  if (static_cast<int64_t>(size - header_size) < n) {
    return Status::Corruption("Bloom filter bitset of ", n, " bytes overruns its ",
                              size - header_size, " bytes of data");
  }
  BloomFilter f;
  f.bits_.assign(reinterpret_cast<const char*>(data + header_size), n);
  if (consumed) *consumed = header_size + n;
  return f;
}

uint64_t BloomFilter::Hash(std::string_view plain_bytes) {
  return XXH64(plain_bytes.data(), plain_bytes.size(), 0);
}

void BloomFilter::Insert(uint64_t hash) {
  const uint64_t blocks = bits_.size() / kBlockBytes;
  const uint64_t block = ((hash >> 32) * blocks) >> 32;
  const uint32_t key = static_cast<uint32_t>(hash);
  char* b = bits_.data() + block * kBlockBytes;
  for (int i = 0; i < 8; ++i) {
    uint32_t word = bit_util::LoadLE<uint32_t>(b + 4 * i);
    word |= 1U << ((key * kSalt[i]) >> 27);
    bit_util::StoreLE(b + 4 * i, word);
  }
}

bool BloomFilter::MightContain(uint64_t hash) const {
  const uint64_t blocks = bits_.size() / kBlockBytes;
  const uint64_t block = ((hash >> 32) * blocks) >> 32;
  const uint32_t key = static_cast<uint32_t>(hash);
  const char* b = bits_.data() + block * kBlockBytes;
  for (int i = 0; i < 8; ++i) {
    const uint32_t word = bit_util::LoadLE<uint32_t>(b + 4 * i);
    if ((word & (1U << ((key * kSalt[i]) >> 27))) == 0) return false;
  }
  return true;
}

void BloomFilter::SerializeTo(std::string* out) const {
  BloomFilterHeader header;
  header.num_bytes = static_cast<int32_t>(bits_.size());
  SerializeBloomFilterHeader(header, out);
  out->append(bits_);
}

}  // namespace lakeml::parquet
