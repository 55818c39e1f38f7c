// Micro-benchmarks of the Parquet value encodings (src/format/parquet/encoding): bit
// unpacking, dictionary indices, PLAIN, DELTA_*, BYTE_STREAM_SPLIT, and the encoders.
// Self-timed (no benchmark library): each case reports the best of several runs, in thread
// CPU time.
//
//   bench_parquet_encoding_bench [filter-substring]
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "columnar/buffer.h"
#include "format/parquet/encoding/bit_unpacker.h"
#include "format/parquet/encoding/rle_bit_packed_decoder.h"
#include "format/parquet/encoding/rle_bit_packed_encoder.h"
#include "format/parquet/encoding/value_decoder.h"
#include "format/parquet/encoding/value_encoder.h"

namespace lakeml::parquet {
namespace {

const char* g_filter = nullptr;

// Thread CPU time, so that time descheduled on a busy machine does not count.
double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Runs fn (which processes `items` items and `bytes` bytes) for ~0.2 s of CPU time, and
// prints the best rate.
void Run(const std::string& name, int64_t items, int64_t bytes, const std::function<void()>& fn) {
  if (g_filter != nullptr && name.find(g_filter) == std::string::npos) return;
  double best = 1e30;
  const double start = CpuSeconds();
  int reps = 0;
  while (reps < 3 || CpuSeconds() - start < 0.2) {
    const double t0 = CpuSeconds();
    fn();
    best = std::min(best, CpuSeconds() - t0);
    ++reps;
  }
  std::printf("%-44s %9.3f G items/s %9.1f MB/s\n", name.c_str(), items / best / 1e9,
              bytes / best / 1e6);
}

void Check(const Status& st) {
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.ToString().c_str());
    std::abort();
  }
}

std::unique_ptr<ValueDecoder> Decoder(Encoding e, Type t, int len = 0) {
  auto d = MakeValueDecoder(e, t, len);
  Check(d.status());
  return std::move(d).value();
}

std::string EncodeFixed(Encoding e, Type t, const void* values, int64_t n, int len = 0) {
  auto enc = MakeValueEncoder(e, t, len);
  Check(enc.status());
  (*enc)->PutFixed(static_cast<const uint8_t*>(values), n);
  std::string out;
  (*enc)->FinishTo(&out);
  return out;
}

struct Strings {
  std::vector<int64_t> offsets{0};
  std::string data;
};

Strings MakeStrings(std::mt19937_64& rng, int64_t n, int avg_len) {
  Strings s;
  std::string prev = "prefix/common/";
  for (int64_t i = 0; i < n; ++i) {
    std::string v = prev.substr(0, rng() % (prev.size() + 1));
    const int extra = static_cast<int>(rng() % (2 * avg_len + 1));
    for (int k = 0; k < extra; ++k) v.push_back(static_cast<char>('a' + rng() % 26));
    v.resize(std::min<size_t>(v.size(), 2 * avg_len));
    s.data += v;
    s.offsets.push_back(static_cast<int64_t>(s.data.size()));
    prev = v;
  }
  return s;
}

void BenchBitUnpack() {
  constexpr int64_t kN = 1 << 20;
  std::vector<uint32_t> out(kN);
  std::vector<uint64_t> out64(kN);
  std::mt19937_64 rng(1);
  for (int w : {1, 2, 3, 4, 5, 8, 12, 16, 20, 24, 32}) {
    std::vector<uint8_t> packed(kN * w / 8 + 8);
    for (auto& b : packed) b = static_cast<uint8_t>(rng());
    Run("BitUnpack32/w=" + std::to_string(w), kN, kN * 4,
        [&] { BitUnpack32(packed.data(), w, kN, out.data()); });
  }
  for (int w : {7, 33, 64}) {
    std::vector<uint8_t> packed(kN * w / 8 + 8);
    for (auto& b : packed) b = static_cast<uint8_t>(rng());
    Run("BitUnpack64/w=" + std::to_string(w), kN, kN * 8,
        [&] { BitUnpack64(packed.data(), w, kN, out64.data()); });
  }
}

void BenchRle() {
  constexpr int64_t kN = 1 << 20;
  constexpr int64_t kBatch = 4096;
  std::mt19937_64 rng(2);
  std::vector<uint32_t> out(kN);
  for (int w : {1, 4, 8, 12, 16, 20}) {
    // A dictionary 3/4 of the width's range, so the bounds check cannot be skipped.
    const uint32_t dict = w == 1 ? 2 : (1u << w) - (1u << w) / 4;
    std::vector<uint32_t> idx(kN);
    for (auto& v : idx) v = static_cast<uint32_t>(rng() % dict);
    RleBitPackedEncoder enc(w);
    enc.PutBatch(idx.data(), kN);
    std::string page;
    enc.FinishTo(&page);
    Run("DictIndices/random/w=" + std::to_string(w), kN, kN * 4, [&] {
      RleBitPackedDecoder dec;
      dec.Reset(reinterpret_cast<const uint8_t*>(page.data()), page.size(), w);
      for (int64_t i = 0; i < kN; i += kBatch)
        Check(dec.DecodeIndices(out.data() + i, kBatch, dict));
    });
    Run("RleEncode/random/w=" + std::to_string(w), kN, kN * 4, [&] {
      enc.PutBatch(idx.data(), kN);
      std::string s;
      enc.FinishTo(&s);
    });
  }
  // Levels: long runs of 1 with occasional 0.
  std::vector<int16_t> levels(kN, 1);
  for (int64_t i = 0; i < kN; i += 1 + rng() % 200) levels[i] = 0;
  RleBitPackedEncoder lenc(1);
  lenc.PutBatch(levels.data(), kN);
  std::string lpage;
  lenc.FinishTo(&lpage);
  std::vector<int16_t> lout(kN);
  Run("Levels/int16/sparse-nulls", kN, kN * 2, [&] {
    RleBitPackedDecoder dec;
    dec.Reset(reinterpret_cast<const uint8_t*>(lpage.data()), lpage.size(), 1);
    for (int64_t i = 0; i < kN; i += kBatch) Check(dec.Decode(lout.data() + i, kBatch));
  });
}

void BenchFixed() {
  constexpr int64_t kN = 1 << 20;
  std::mt19937_64 rng(3);
  std::vector<int64_t> v64(kN);
  int64_t x = 1000;
  for (auto& v : v64) v = (x += rng() % 100);
  std::vector<int32_t> v32(v64.begin(), v64.end());
  std::vector<double> vd(kN);
  for (auto& v : vd) v = static_cast<double>(rng() % 100000) / 100.0;
  std::vector<uint8_t> out(kN * 8);
  constexpr int64_t kBatch = 8192;

  auto bench = [&](const char* name, Encoding e, Type t, const void* values, int width) {
    const std::string page = EncodeFixed(e, t, values, kN);
    auto dec = Decoder(e, t);
    Run(name, kN, kN * width, [&] {
      Check(dec->Reset(reinterpret_cast<const uint8_t*>(page.data()), page.size(), kN));
      for (int64_t i = 0; i < kN; i += kBatch)
        Check(dec->DecodeFixed(kBatch, out.data() + i * width));
    });
  };
  Run("memcpy/8MB", kN, kN * 8, [&] { std::memcpy(out.data(), v64.data(), kN * 8); });
  bench("Plain/INT64", Encoding::kPlain, Type::kInt64, v64.data(), 8);
  bench("Plain/INT32", Encoding::kPlain, Type::kInt32, v32.data(), 4);
  bench("DeltaBinaryPacked/INT64/sorted", Encoding::kDeltaBinaryPacked, Type::kInt64, v64.data(),
        8);
  bench("DeltaBinaryPacked/INT32/sorted", Encoding::kDeltaBinaryPacked, Type::kInt32, v32.data(),
        4);
  bench("ByteStreamSplit/DOUBLE", Encoding::kByteStreamSplit, Type::kDouble, vd.data(), 8);
  bench("ByteStreamSplit/INT32", Encoding::kByteStreamSplit, Type::kInt32, v32.data(), 4);

  // Encoders and output reused across runs, as a writer reuses them across pages.
  auto bench_encode = [&](const char* name, Encoding e, Type t, const void* values, int width) {
    auto enc = MakeValueEncoder(e, t, 0);
    Check(enc.status());
    std::string page;
    Run(name, kN, kN * width, [&] {
      page.clear();
      (*enc)->PutFixed(static_cast<const uint8_t*>(values), kN);
      (*enc)->FinishTo(&page);
    });
  };
  bench_encode("Encode/Plain/INT64", Encoding::kPlain, Type::kInt64, v64.data(), 8);
  bench_encode("Encode/DeltaBinaryPacked/INT64", Encoding::kDeltaBinaryPacked, Type::kInt64,
               v64.data(), 8);
  bench_encode("Encode/DeltaBinaryPacked/INT32", Encoding::kDeltaBinaryPacked, Type::kInt32,
               v32.data(), 4);
  bench_encode("Encode/ByteStreamSplit/DOUBLE", Encoding::kByteStreamSplit, Type::kDouble,
               vd.data(), 8);
  bench_encode("Encode/ByteStreamSplit/INT32", Encoding::kByteStreamSplit, Type::kInt32, v32.data(),
               4);
}

void BenchStrings() {
  constexpr int64_t kN = 1 << 18;
  constexpr int64_t kBatch = 4096;
  std::mt19937_64 rng(4);
  for (int avg : {8, 32, 200}) {
    const Strings s = MakeStrings(rng, kN, avg);
    const int64_t bytes = static_cast<int64_t>(s.data.size());
    for (Encoding e :
         {Encoding::kPlain, Encoding::kDeltaLengthByteArray, Encoding::kDeltaByteArray}) {
      auto enc = MakeValueEncoder(e, Type::kByteArray, 0);
      Check(enc.status());
      std::string page;
      auto encode = [&] {
        page.clear();
        (*enc)->PutByteArrays(s.offsets.data(), reinterpret_cast<const uint8_t*>(s.data.data()),
                              kN);
        (*enc)->FinishTo(&page);
      };
      encode();
      const std::string name = std::string(EncodingName(e)) + "/avg=" + std::to_string(avg);
      Run("Encode/" + name, kN, bytes, encode);
      auto dec = Decoder(e, Type::kByteArray);
      std::vector<int64_t> offsets(kN + 1);
      // Reused, as a reader's batch buffers are in steady state: this measures decoding, not
      // page faults on fresh memory.
      columnar::Buffer data;
      Run("Decode/" + name, kN, bytes, [&] {
        Check(dec->Reset(reinterpret_cast<const uint8_t*>(page.data()), page.size(), kN));
        data.Resize(0);
        offsets[0] = 0;
        for (int64_t i = 0; i < kN; i += kBatch) {
          Check(dec->DecodeByteArrays(kBatch, offsets.data() + i, &data));
        }
      });
    }
  }
}

}  // namespace
}  // namespace lakeml::parquet

int main(int argc, char** argv) {
  if (argc > 1) lakeml::parquet::g_filter = argv[1];
  lakeml::parquet::BenchBitUnpack();
  lakeml::parquet::BenchRle();
  lakeml::parquet::BenchFixed();
  lakeml::parquet::BenchStrings();
  return 0;
}
