// ChunkSerializer and SpillFile: round trips of chunks of every column type through the spill
// format, built by the SQL engine itself (VALUES with typed literals of every scalar type).
#include "sql/execution/chunk_serializer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "columnar/scalar.h"
#include "sql/execution/spill_directory.h"
#include "sql/main/connection.h"

namespace lakeml::sql {
namespace {

std::unique_ptr<QueryResult> RunQuery(const std::string& sql) {
  auto db = Database::Open(DatabaseOptions{});
  EXPECT_TRUE(db.ok()) << db.status().message();
  Connection conn(*db);
  auto r = conn.Execute(sql);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(*r) : nullptr;
}

// Every value of every column as text, for comparing chunks.
std::string ChunkText(const Chunk& chunk) {
  std::string out;
  for (int64_t r = 0; r < chunk.size; ++r) {
    for (const auto& c : chunk.columns) {
      out += columnar::Scalar::FromVector(*c, r).ToString() + "|";
    }
    out += "\n";
  }
  return out;
}

constexpr char kAllTypes[] =
    "SELECT * FROM VALUES "
    "(true, 1Y, 2S, 3, 4L, 5.5F, 6.25D, 123.45BD, 'text', X'00FF', DATE '2024-02-29', "
    " TIMESTAMP '2024-01-01 10:00:00', NULL), "
    "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
    "(false, -1Y, -2S, -3, -4L, -0.0F, CAST('NaN' AS DOUBLE), -0.01BD, '', X'', "
    " DATE '1970-01-01', TIMESTAMP '1969-12-31 23:59:59', NULL) "
    "AS t(a, b, c, d, e, f, g, h, i, j, k, l, m)";

TEST(ChunkSerializerTest, RoundTripsEveryType) {
  auto result = RunQuery(kAllTypes);
  ASSERT_NE(result, nullptr);
  ASSERT_EQ(result->chunks().size(), 1u);
  const Chunk& chunk = result->chunks()[0];
  std::string bytes;
  ChunkSerializer::Write(chunk, &bytes);
  ChunkSerializer::Write(chunk, &bytes);  // Two chunks back to back.
  size_t consumed = 0;
  auto first = ChunkSerializer::Read(bytes, result->types(), &consumed);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(ChunkText(*first), ChunkText(chunk));
  EXPECT_EQ(consumed * 2, bytes.size());
  auto second =
      ChunkSerializer::Read(std::string_view(bytes).substr(consumed), result->types(), &consumed);
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(ChunkText(*second), ChunkText(chunk));
  EXPECT_GT(ChunkSerializer::MemoryBytes(chunk), 0);
}

TEST(ChunkSerializerTest, RejectsTruncatedAndMistypedInput) {
  auto result = RunQuery(kAllTypes);
  ASSERT_NE(result, nullptr);
  std::string bytes;
  ChunkSerializer::Write(result->chunks()[0], &bytes);
  size_t consumed = 0;
  for (size_t cut = 0; cut < bytes.size(); cut += 7) {
    EXPECT_FALSE(
        ChunkSerializer::Read(std::string_view(bytes).substr(0, cut), result->types(), &consumed)
            .ok())
        << "cut at " << cut;
  }
  std::vector<columnar::TypePtr> wrong = result->types();
  std::swap(wrong[0], wrong[1]);
  EXPECT_FALSE(ChunkSerializer::Read(bytes, wrong, &consumed).ok());
}

TEST(SpillFileTest, WritesReadsAndRemovesItsDirectory) {
  auto result = RunQuery(kAllTypes);
  ASSERT_NE(result, nullptr);
  std::string dir;
  {
    SpillDirectory spill(::testing::TempDir());
    auto file = spill.NewFile();
    ASSERT_TRUE(file.ok()) << file.status().message();
    for (int i = 0; i < 3; ++i) ASSERT_TRUE((*file)->Append(result->chunks()[0]).ok());
    ASSERT_TRUE((*file)->FinishWriting().ok());
    dir = spill.path();
    EXPECT_TRUE(std::filesystem::exists(dir));
    Chunk chunk;
    int read = 0;
    while (true) {
      auto more = (*file)->Next(result->types(), &chunk);
      ASSERT_TRUE(more.ok()) << more.status().message();
      if (!*more) break;
      EXPECT_EQ(ChunkText(chunk), ChunkText(result->chunks()[0]));
      ++read;
    }
    EXPECT_EQ(read, 3);
  }
  EXPECT_FALSE(std::filesystem::exists(dir));
}

}  // namespace
}  // namespace lakeml::sql
