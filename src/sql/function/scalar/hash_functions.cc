// Hash functions: md5, sha1/sha, sha2, crc32 (OpenSSL / zlib-compatible CRC), and Spark's
// hash (Murmur3 x86_32, seed 42, Spark's per-byte tail) and xxhash64 (XXH64, seed 42). For the
// multi-argument hashes each non-null argument's hash seeds the next; nulls are skipped.
#include <openssl/evp.h>
#include <xxhash.h>

#include <cmath>
#include <cstring>
#include <string>

#include "base/crc32.h"
#include "base/str_cat.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/row_kernels.h"

namespace lakeml::sql {
namespace {

using columnar::Vector;
using columnar::VectorPtr;

std::string HexOf(const unsigned char* p, unsigned n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned k = 0; k < n; ++k) {
    out.push_back(kHex[p[k] >> 4]);
    out.push_back(kHex[p[k] & 15]);
  }
  return out;
}

std::string Digest(const EVP_MD* md, std::string_view s) {
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  EVP_Digest(s.data(), s.size(), buf, &n, md, nullptr);
  return HexOf(buf, n);
}

Status Md5Row(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  *out = Digest(EVP_md5(), a[0]->GetView(i));
  return Status::OK();
}

Status Sha1Row(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  *out = Digest(EVP_sha1(), a[0]->GetView(i));
  return Status::OK();
}

// sha2(x, bits): 224, 256 (or 0), 384, 512; null for other lengths.
Status Sha2Row(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool* null) {
  const int32_t bits = a[1]->values_as<int32_t>()[i];
  const EVP_MD* md = bits == 224                ? EVP_sha224()
                     : bits == 256 || bits == 0 ? EVP_sha256()
                     : bits == 384              ? EVP_sha384()
                     : bits == 512              ? EVP_sha512()
                                                : nullptr;
  if (md == nullptr) {
    *null = true;
  } else {
    *out = Digest(md, a[0]->GetView(i));
  }
  return Status::OK();
}

Status Crc32Row(const KernelContext&, const RowArgs& a, int64_t i, int64_t* out, bool*) {
  std::string_view s = a[0]->GetView(i);
  *out = static_cast<int64_t>(Crc32(0, s.data(), s.size()));
  return Status::OK();
}

// Spark's Murmur3_x86_32.
uint32_t Rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
uint32_t MixK1(uint32_t k1) { return Rotl32(k1 * 0xcc9e2d51u, 15) * 0x1b873593u; }
uint32_t MixH1(uint32_t h1, uint32_t k1) { return Rotl32(h1 ^ k1, 13) * 5 + 0xe6546b64u; }
uint32_t Fmix32(uint32_t h1, uint32_t length) {
  h1 ^= length;
  h1 ^= h1 >> 16;
  h1 *= 0x85ebca6bu;
  h1 ^= h1 >> 13;
  h1 *= 0xc2b2ae35u;
  h1 ^= h1 >> 16;
  return h1;
}
uint32_t MurmurInt(uint32_t v, uint32_t seed) { return Fmix32(MixH1(seed, MixK1(v)), 4); }
uint32_t MurmurLong(uint64_t v, uint32_t seed) {
  uint32_t h1 = MixH1(seed, MixK1(static_cast<uint32_t>(v)));
  h1 = MixH1(h1, MixK1(static_cast<uint32_t>(v >> 32)));
  return Fmix32(h1, 8);
}
uint32_t MurmurBytes(std::string_view s, uint32_t seed) {
  const size_t aligned = s.size() - s.size() % 4;
  uint32_t h1 = seed;
  for (size_t k = 0; k < aligned; k += 4) {
    uint32_t word;
    std::memcpy(&word, s.data() + k, 4);  // Little-endian, as Spark on x86.
    h1 = MixH1(h1, MixK1(word));
  }
  for (size_t k = aligned; k < s.size(); ++k) {
    // Spark's legacy tail: one signed byte at a time.
    h1 = MixH1(h1, MixK1(static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(s[k])))));
  }
  return Fmix32(h1, static_cast<uint32_t>(s.size()));
}

// The minimal big-endian two's complement bytes of v (Java's BigInteger.toByteArray).
std::string BigIntegerBytes(__int128 v) {
  std::string out;
  for (int k = 15; k >= 0; --k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
  size_t start = 0;
  while (start + 1 < out.size()) {
    const uint8_t b = static_cast<uint8_t>(out[start]);
    const uint8_t next = static_cast<uint8_t>(out[start + 1]);
    if ((b == 0 && next < 0x80) || (b == 0xFF && next >= 0x80)) {
      ++start;
    } else {
      break;
    }
  }
  return out.substr(start);
}

// Hashes row i of `v` into `seed` as Spark does for its type.
template <bool kXx>
uint64_t HashValue(const Vector& v, int64_t i, uint64_t seed) {
  auto h_int = [&](uint32_t x) -> uint64_t {
    if constexpr (kXx) {
      return XXH64(&x, 4, seed);
    } else {
      return MurmurInt(x, static_cast<uint32_t>(seed));
    }
  };
  auto h_long = [&](uint64_t x) -> uint64_t {
    if constexpr (kXx) {
      return XXH64(&x, 8, seed);
    } else {
      return MurmurLong(x, static_cast<uint32_t>(seed));
    }
  };
  auto h_bytes = [&](std::string_view s) -> uint64_t {
    if constexpr (kXx) {
      return XXH64(s.data(), s.size(), seed);
    } else {
      return MurmurBytes(s, static_cast<uint32_t>(seed));
    }
  };
  switch (v.type()->id()) {
    case TypeId::kBoolean:
      return h_int(v.GetBool(i) ? 1 : 0);
    case TypeId::kInt8:
      return h_int(static_cast<uint32_t>(v.values_as<int8_t>()[i]));
    case TypeId::kInt16:
      return h_int(static_cast<uint32_t>(v.values_as<int16_t>()[i]));
    case TypeId::kInt32:
    case TypeId::kDate32:
    case TypeId::kYearMonthInterval:
      return h_int(static_cast<uint32_t>(v.values_as<int32_t>()[i]));
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kDayTimeInterval:
      return h_long(static_cast<uint64_t>(v.values_as<int64_t>()[i]));
    case TypeId::kFloat32: {
      float f = v.values_as<float>()[i];
      if (f == 0.0f) f = 0.0f;  // -0.0 hashes as 0.0
      uint32_t bits;
      if (std::isnan(f)) {
        bits = 0x7fc00000u;  // Java's canonical NaN
      } else {
        std::memcpy(&bits, &f, 4);
      }
      return h_int(bits);
    }
    case TypeId::kFloat64: {
      double d = v.values_as<double>()[i];
      if (d == 0.0) d = 0.0;
      uint64_t bits;
      if (std::isnan(d)) {
        bits = 0x7ff8000000000000ull;
      } else {
        std::memcpy(&bits, &d, 8);
      }
      return h_long(bits);
    }
    case TypeId::kDecimal: {
      const __int128 u = v.values_as<__int128>()[i];
      if (v.type()->precision() <= 18)
        return h_long(static_cast<uint64_t>(static_cast<int64_t>(u)));
      return h_bytes(BigIntegerBytes(u));
    }
    case TypeId::kString:
    case TypeId::kBinary:
      return h_bytes(v.GetView(i));
    default:
      return seed;  // Rejected at resolution.
  }
}

template <bool kXx>
Status SparkHashKernel(const KernelContext& ctx, const RowArgs& a, int64_t n, VectorPtr* out) {
  VectorPtr v = Vector::Make(ctx.function->return_type, n);
  for (int64_t i = 0; i < n; ++i) {
    uint64_t h = 42;
    for (const Vector* arg : a) {
      if (!arg->IsNull(i)) h = HashValue<kXx>(*arg, i, h);
    }
    if constexpr (kXx) {
      v->mutable_values()->mutable_as<int64_t>()[i] = static_cast<int64_t>(h);
    } else {
      v->mutable_values()->mutable_as<int32_t>()[i] =
          static_cast<int32_t>(static_cast<uint32_t>(h));
    }
  }
  *out = std::move(v);
  return Status::OK();
}

Result<BindingFactory::Ptr> ResolveSparkHash(std::string_view name,
                                             const std::vector<TypePtr>& in) {
  std::vector<TypePtr> args;
  for (const TypePtr& t : in) {
    switch (t->id()) {
      case TypeId::kNull:
        args.push_back(SqlType::Int());
        break;
      case TypeId::kList:
      case TypeId::kMap:
      case TypeId::kStruct:
      case TypeId::kInterval:
        return Status::NotImplemented(StrCat(name, " of ", SqlType::SqlName(t)));
      default:
        args.push_back(t);
    }
  }
  const bool xx = name == "xxhash64";
  LAKEML_ASSIGN_OR_RETURN(
      BindingFactory::Ptr p,
      BindingFactory::Make(name, std::move(args), xx ? SqlType::BigInt() : SqlType::Int(),
                           xx ? SparkHashKernel<true> : SparkHashKernel<false>));
  return BindingFactory::SeesNulls(p);
}

// md5 / sha1 / sha2 / crc32 take BINARY; a STRING hashes its UTF-8 bytes.
Result<BindingFactory::Ptr> ResolveDigest(std::string_view name, const std::vector<TypePtr>& in) {
  TypePtr t = in[0]->id() == TypeId::kBinary ? SqlType::Binary() : SqlType::String();
  if (name == "md5")
    return BindingFactory::Make(name, {t}, SqlType::String(), RowKernels::String<Md5Row>);
  if (name == "sha2") {
    return BindingFactory::Make(name, {t, SqlType::Int()}, SqlType::String(),
                                RowKernels::String<Sha2Row>);
  }
  if (name == "crc32") {
    return BindingFactory::Make(name, {t}, SqlType::BigInt(), RowKernels::Fixed<int64_t, Crc32Row>);
  }
  return BindingFactory::Make(name, {t}, SqlType::String(), RowKernels::String<Sha1Row>);
}

}  // namespace

void BuiltinFunctions::RegisterHash(FunctionRegistry* registry) {
  registry->AddScalar({"md5", 1, 1, ResolveDigest});
  registry->AddScalar({"sha1", 1, 1, ResolveDigest});
  registry->AddScalar({"sha", 1, 1, ResolveDigest});
  registry->AddScalar({"sha2", 2, 2, ResolveDigest});
  registry->AddScalar({"crc32", 1, 1, ResolveDigest});
  registry->AddScalar({"hash", 1, -1, ResolveSparkHash});
  registry->AddScalar({"xxhash64", 1, -1, ResolveSparkHash});
}

}  // namespace lakeml::sql
