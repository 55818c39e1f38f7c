// Tests for the Parquet compression codecs: round trips, exact-size and corrupt-input errors,
// the GZIP multi-member and LZ4 Hadoop-framing cases, and every compressed page of the
// parquet-testing corpus (whose sizes were written by other implementations).

#include "format/compression/codec.h"

#include <gtest/gtest.h>
#include <lz4.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "format/parquet/metadata.h"

namespace lakeml::compression {
namespace {

using parquet::CompressionCodec;

const std::string kCorpus = std::string(LAKEML_SHARED_DIR) + "/conformance/parquet/";

const CompressionCodec kCodecs[] = {
    CompressionCodec::kUncompressed, CompressionCodec::kSnappy, CompressionCodec::kGzip,
    CompressionCodec::kZstd,         CompressionCodec::kLz4Raw, CompressionCodec::kLz4,
    CompressionCodec::kBrotli,
};

std::string Name(CompressionCodec c) { return std::string(parquet::CompressionCodecName(c)); }

const uint8_t* Data(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

std::vector<std::string> Inputs() {
  std::mt19937_64 rng(42);
  std::string random(1 << 20, '\0');
  for (char& c : random) c = static_cast<char>(rng());
  std::string repetitive;
  while (repetitive.size() < (1 << 20)) repetitive += "lakeml parquet page " + std::to_string(repetitive.size() % 7);
  repetitive.resize(1 << 20);
  return {"", "x", random, repetitive, std::string(300000, '\0')};
}

std::string MustCompress(CompressionCodec codec, const std::string& in, int level = -1) {
  std::string out;
  Status st = Compress(codec, Data(in), in.size(), &out, level);
  EXPECT_TRUE(st.ok()) << Name(codec) << ": " << st.ToString();
  return out;
}

// Decompresses into a heap buffer of exactly out_size bytes, so ASan sees any overrun.
Status DecompressExact(CompressionCodec codec, const std::string& in, int64_t out_size,
                       std::string* out = nullptr) {
  std::vector<uint8_t> input(in.begin(), in.end());
  auto buffer = std::make_unique<uint8_t[]>(out_size > 0 ? out_size : 1);
  Status st = Decompress(codec, input.data(), input.size(), buffer.get(), out_size);
  if (st.ok() && out != nullptr) out->assign(reinterpret_cast<char*>(buffer.get()), out_size);
  return st;
}

TEST(CodecTest, RoundTripsEveryCodec) {
  for (CompressionCodec codec : kCodecs) {
    for (const std::string& input : Inputs()) {
      SCOPED_TRACE(Name(codec) + " input size " + std::to_string(input.size()));
      std::string prefix = "keep";
      std::string compressed = prefix;
      ASSERT_TRUE(Compress(codec, Data(input), input.size(), &compressed).ok());
      ASSERT_EQ(compressed.substr(0, 4), prefix);  // Compress appends.
      compressed.erase(0, 4);
      EXPECT_LE(static_cast<int64_t>(compressed.size()), MaxCompressedSize(codec, input.size()));
      std::string output;
      Status st = DecompressExact(codec, compressed, input.size(), &output);
      ASSERT_TRUE(st.ok()) << st.ToString();
      EXPECT_TRUE(output == input);
    }
  }
}

TEST(CodecTest, LevelsAreHonoredAndChecked) {
  const std::string input = Inputs()[3];
  for (auto [codec, level] : std::vector<std::pair<CompressionCodec, int>>{
           {CompressionCodec::kGzip, 0}, {CompressionCodec::kGzip, 1}, {CompressionCodec::kGzip, 12},
           {CompressionCodec::kZstd, 1}, {CompressionCodec::kZstd, 19},
           {CompressionCodec::kLz4Raw, 9}, {CompressionCodec::kLz4, 9},
           {CompressionCodec::kBrotli, 1}, {CompressionCodec::kBrotli, 11}}) {
    SCOPED_TRACE(Name(codec) + " level " + std::to_string(level));
    std::string compressed = MustCompress(codec, input, level);
    std::string output;
    ASSERT_TRUE(DecompressExact(codec, compressed, input.size(), &output).ok());
    EXPECT_TRUE(output == input);
  }
  std::string out;
  EXPECT_EQ(Compress(CompressionCodec::kGzip, Data(input), 10, &out, 13).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Compress(CompressionCodec::kZstd, Data(input), 10, &out, 100).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Compress(CompressionCodec::kBrotli, Data(input), 10, &out, 12).code(),
            StatusCode::kInvalidArgument);
}

TEST(CodecTest, WrongExpectedSizeIsCorruptionNamingTheCodec) {
  const std::string input = Inputs()[3];
  for (CompressionCodec codec : kCodecs) {
    SCOPED_TRACE(Name(codec));
    std::string compressed = MustCompress(codec, input);
    for (int64_t out_size : {static_cast<int64_t>(input.size()) - 1,
                             static_cast<int64_t>(input.size()) + 1, int64_t{0}}) {
      Status st = DecompressExact(codec, compressed, out_size);
      ASSERT_FALSE(st.ok()) << "out_size " << out_size;
      EXPECT_EQ(st.code(), StatusCode::kCorruption);
      const std::string name = codec == CompressionCodec::kLz4 ? "LZ4" : Name(codec);
      EXPECT_NE(st.message().find(name), std::string::npos) << st.message();
    }
  }
}

TEST(CodecTest, TruncatedInputsAreErrors) {
  const std::string input = Inputs()[3].substr(0, 5000);
  for (CompressionCodec codec : kCodecs) {
    if (codec == CompressionCodec::kUncompressed) continue;
    SCOPED_TRACE(Name(codec));
    std::string compressed = MustCompress(codec, input);
    for (size_t len = 0; len < compressed.size(); ++len) {
      Status st = DecompressExact(codec, compressed.substr(0, len), input.size());
      EXPECT_EQ(st.code(), StatusCode::kCorruption) << "len " << len;
    }
  }
}

TEST(CodecTest, CorruptInputsNeverCrash) {
  const std::string input = Inputs()[3].substr(0, 20000);
  std::mt19937_64 rng(7);
  for (CompressionCodec codec : kCodecs) {
    SCOPED_TRACE(Name(codec));
    std::string compressed = MustCompress(codec, input);
    int errors = 0;
    for (int iter = 0; iter < 300; ++iter) {
      std::string bad = compressed;
      for (int k = 0; k < 4; ++k) bad[rng() % bad.size()] = static_cast<char>(rng());
      Status st = DecompressExact(codec, bad, input.size());
      errors += !st.ok();
    }
    if (codec == CompressionCodec::kGzip) {
      EXPECT_EQ(errors, 300);  // CRC-32 and length trailers catch every corruption.
    }
    // Random garbage of assorted sizes.
    for (size_t n : {1, 2, 7, 8, 16, 100, 4096}) {
      std::string garbage(n, '\0');
      for (char& c : garbage) c = static_cast<char>(rng());
      DecompressExact(codec, garbage, input.size()).IgnoreError();
      DecompressExact(codec, garbage, 3).IgnoreError();
    }
  }
}

TEST(CodecTest, ConcatenatedGzipMembers) {
  const std::string input = Inputs()[3];
  const std::string a = input.substr(0, 1000), b = input.substr(1000);
  std::string two = MustCompress(CompressionCodec::kGzip, a) + MustCompress(CompressionCodec::kGzip, b);
  std::string output;
  ASSERT_TRUE(DecompressExact(CompressionCodec::kGzip, two, input.size(), &output).ok());
  EXPECT_TRUE(output == input);
  // An empty member in the middle is fine too.
  std::string three = MustCompress(CompressionCodec::kGzip, a) +
                      MustCompress(CompressionCodec::kGzip, "") +
                      MustCompress(CompressionCodec::kGzip, b);
  ASSERT_TRUE(DecompressExact(CompressionCodec::kGzip, three, input.size(), &output).ok());
  EXPECT_TRUE(output == input);
  // Trailing garbage after the last member is not.
  EXPECT_EQ(DecompressExact(CompressionCodec::kGzip, two + "zz", input.size()).code(),
            StatusCode::kCorruption);
}

std::string HadoopFrame(const std::string& chunk) {
  std::string block(LZ4_compressBound(chunk.size()), '\0');
  const int n = LZ4_compress_default(chunk.data(), block.data(), chunk.size(), block.size());
  block.resize(n);
  std::string frame;
  for (uint32_t v : {static_cast<uint32_t>(chunk.size()), static_cast<uint32_t>(n)}) {
    for (int shift = 24; shift >= 0; shift -= 8) frame.push_back(static_cast<char>(v >> shift));
  }
  return frame + block;
}

TEST(CodecTest, Lz4HadoopFramingAndRawFallback) {
  const std::string input = Inputs()[3].substr(0, 300000);
  // Two frames built by hand from the documented layout.
  std::string framed = HadoopFrame(input.substr(0, 100000)) + HadoopFrame(input.substr(100000));
  std::string output;
  ASSERT_TRUE(DecompressExact(CompressionCodec::kLz4, framed, input.size(), &output).ok());
  EXPECT_TRUE(output == input);
  // Our writer emits frames of at most kLz4HadoopFrameSize bytes.
  std::string ours = MustCompress(CompressionCodec::kLz4, input);
  EXPECT_EQ(static_cast<uint8_t>(ours[0]), 0);  // BE32 of 131072 = 00 02 00 00.
  EXPECT_EQ(static_cast<uint8_t>(ours[1]), 2);
  // A raw block under the LZ4 id (non-Hadoop writers).
  std::string raw = MustCompress(CompressionCodec::kLz4Raw, input);
  ASSERT_TRUE(DecompressExact(CompressionCodec::kLz4, raw, input.size(), &output).ok());
  EXPECT_TRUE(output == input);
  // A frame that claims more than the output: not Hadoop, not a raw block either.
  std::string bad = framed;
  bad[3] = static_cast<char>(bad[3] + 1);
  EXPECT_EQ(DecompressExact(CompressionCodec::kLz4, bad, input.size()).code(),
            StatusCode::kCorruption);
}

TEST(CodecTest, UnsupportedCodecs) {
  std::string out;
  uint8_t buf[4] = {1, 2, 3, 4};
  EXPECT_EQ(Decompress(CompressionCodec::kLzo, buf, 4, buf, 4).code(),
            StatusCode::kNotImplemented);
  EXPECT_EQ(Compress(CompressionCodec::kLzo, buf, 4, &out).code(), StatusCode::kNotImplemented);
  EXPECT_EQ(Decompress(static_cast<CompressionCodec>(99), buf, 4, buf, 4).code(),
            StatusCode::kNotImplemented);
  EXPECT_EQ(MaxCompressedSize(CompressionCodec::kLzo, 100), 0);
  // Uncompressed: sizes must agree.
  EXPECT_EQ(Decompress(CompressionCodec::kUncompressed, buf, 4, buf, 3).code(),
            StatusCode::kCorruption);
}

TEST(CodecTest, ThreadsDecompressInParallel) {
  const std::string input = Inputs()[3];
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (CompressionCodec codec : {CompressionCodec::kZstd, CompressionCodec::kGzip,
                                 CompressionCodec::kLz4Raw, CompressionCodec::kSnappy}) {
    threads.emplace_back([&, codec] {
      std::string compressed = MustCompress(codec, input);
      for (int i = 0; i < 10; ++i) {
        std::string output;
        if (!DecompressExact(codec, compressed, input.size(), &output).ok() || output != input) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
}

// ---- Real pages from other writers.

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

struct PageVisit {
  parquet::PageHeader header;
  const uint8_t* data;  // compressed_page_size bytes.
};

// Calls visit(codec, page) for every page of every column chunk of a file.
template <typename Visit>
void ForEachPage(const std::string& name, Visit&& visit) {
  SCOPED_TRACE(name);
  std::vector<uint8_t> file = ReadFile(kCorpus + name);
  ASSERT_GE(file.size(), parquet::kFooterTailSize);
  auto len = parquet::ParseFooterTail(file.data() + file.size() - 8, file.size());
  ASSERT_TRUE(len.ok()) << len.status().ToString();
  auto m = parquet::ParseFileMetaData(file.data() + file.size() - 8 - *len, *len);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  for (const parquet::RowGroup& rg : m->row_groups) {
    for (const parquet::ColumnChunk& c : rg.columns) {
      const parquet::ColumnMetaData& md = c.meta_data;
      int64_t pos = md.data_page_offset;
      if (md.dictionary_page_offset && *md.dictionary_page_offset > 0 &&
          (*md.dictionary_page_offset < pos || pos == 0)) {
        pos = *md.dictionary_page_offset;
      }
      const int64_t end = pos + md.total_compressed_size;
      while (pos < end) {
        size_t used = 0;
        auto h = parquet::ParsePageHeader(file.data() + pos, end - pos, &used);
        ASSERT_TRUE(h.ok()) << h.status().ToString();
        ASSERT_LE(pos + static_cast<int64_t>(used) + h->compressed_page_size, end);
        visit(md.codec, PageVisit{*h, file.data() + pos + used});
        pos += used + h->compressed_page_size;
      }
    }
  }
}

// Decompresses a page (the data section only, for V2 pages) to its declared size.
Status DecompressPage(CompressionCodec codec, const PageVisit& page, std::string* out) {
  const parquet::PageHeader& h = page.header;
  int64_t skip = 0;
  if (h.data_page_header_v2) {
    skip = int64_t{h.data_page_header_v2->definition_levels_byte_length} +
           h.data_page_header_v2->repetition_levels_byte_length;
    if (!h.data_page_header_v2->is_compressed) codec = CompressionCodec::kUncompressed;
  }
  std::string in(reinterpret_cast<const char*>(page.data) + skip, h.compressed_page_size - skip);
  return DecompressExact(codec, in, h.uncompressed_page_size - skip, out);
}

TEST(CodecTest, EveryCompressedPageOfTheCorpusDecodes) {
  std::ifstream in(kCorpus + "inventory.json");
  const nlohmann::json inventory = nlohmann::json::parse(in);
  const std::set<std::string> skip = {
      "data/large_string_map.brotli.parquet",  // Decodes to over 2 GiB.
      "data/nation.dict-malformed.parquet",    // PARQUET-816 chunk sizes.
      "bad_data/ARROW-GH-41317.parquet",       "bad_data/ARROW-GH-41321.parquet",
      "bad_data/ARROW-RS-GH-6229-LEVELS.parquet", "bad_data/PARQUET-1481.parquet",
  };
  std::map<std::string, int> pages_per_codec;
  for (const auto& item : inventory["files"].items()) {
    const std::string name = item.key();
    if (name.find(".encrypted") != std::string::npos || skip.count(name)) continue;
    ForEachPage(name, [&](CompressionCodec codec, const PageVisit& page) {
      std::string out;
      Status st = DecompressPage(codec, page, &out);
      EXPECT_TRUE(st.ok()) << name << ": " << st.ToString();
      ++pages_per_codec[Name(codec)];
    });
  }
  for (const char* codec : {"SNAPPY", "GZIP", "ZSTD", "LZ4", "LZ4_RAW", "UNCOMPRESSED"}) {
    EXPECT_GT(pages_per_codec[codec], 0) << codec;
  }
}

TEST(CodecTest, ConcatenatedGzipMembersFile) {
  // README: 513 optional UINT_64 values 1..513 in one DATA_PAGE_V2 whose GZIP payload is two
  // concatenated gzip members.
  int data_pages = 0;
  ForEachPage("data/concatenated_gzip_members.parquet",
              [&](CompressionCodec codec, const PageVisit& page) {
                ASSERT_EQ(codec, CompressionCodec::kGzip);
                ASSERT_TRUE(page.header.data_page_header_v2.has_value());
                std::string out;
                Status st = DecompressPage(codec, page, &out);
                ASSERT_TRUE(st.ok()) << st.ToString();
                ASSERT_EQ(out.size(), 513u * 8);  // PLAIN int64, no nulls.
                for (int64_t i = 0; i < 513; ++i) {
                  int64_t v;
                  std::memcpy(&v, out.data() + 8 * i, 8);
                  ASSERT_EQ(v, i + 1);
                }
                ++data_pages;
              });
  EXPECT_EQ(data_pages, 1);
}

TEST(CodecTest, Lz4FilesFromHadoopAndOtherWriters) {
  // Hadoop-framed LZ4 (parquet-mr), a raw block under the LZ4 id (parquet-cpp) and LZ4_RAW:
  // every page must decode to exactly its declared size.
  for (const char* name : {"data/hadoop_lz4_compressed.parquet",
                           "data/hadoop_lz4_compressed_larger.parquet",
                           "data/non_hadoop_lz4_compressed.parquet",
                           "data/lz4_raw_compressed.parquet"}) {
    int pages = 0;
    ForEachPage(name, [&](CompressionCodec codec, const PageVisit& page) {
      EXPECT_TRUE(codec == CompressionCodec::kLz4 || codec == CompressionCodec::kLz4Raw);
      std::string out;
      Status st = DecompressPage(codec, page, &out);
      EXPECT_TRUE(st.ok()) << name << ": " << st.ToString();
      ++pages;
    });
    EXPECT_GT(pages, 0) << name;
  }
}

}  // namespace
}  // namespace lakeml::compression
