#include "format/csv/csv_tokenizer.h"

#include <gtest/gtest.h>

#include <random>

#include "io/memory_file_system.h"

namespace lakeml::csv {
namespace {

class CsvTokenizerTest : public ::testing::Test {
 protected:
  std::unique_ptr<CsvTokenizer> Make(const std::string& text, CsvReadOptions o = {}) {
    EXPECT_TRUE(fs_.WriteWhole("/t.csv", text).ok());
    file_ = *fs_.OpenForRead("/t.csv");
    auto t = std::make_unique<CsvTokenizer>(file_.get(), "t.csv", o);
    EXPECT_TRUE(t->Reset(0, 1).ok());
    return t;
  }
  io::MemoryFileSystem fs_;
  std::unique_ptr<io::RandomAccessFile> file_;
};

TEST_F(CsvTokenizerTest, RowsFieldsAndLines) {
  auto t = Make("a,b\n\"x\ny\",2\n3,\"\"\"q\"\"\"\n");
  std::vector<std::string> header;
  ASSERT_TRUE(*t->ReadRowStrings(&header));
  EXPECT_EQ(header, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t->next_row_line(), 2);
  auto n = t->NextRows(10, 2);
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(*n, 2);
  auto text = [&](int i) {
    const CsvField& f = t->fields()[i];
    return std::string(t->data() + f.offset, f.length());
  };
  EXPECT_EQ(text(0), "x\ny");
  EXPECT_TRUE(t->fields()[0].quoted());
  EXPECT_EQ(text(1), "2");
  EXPECT_FALSE(t->fields()[1].quoted());
  EXPECT_EQ(text(3), "\"q\"");
  EXPECT_EQ(t->row_lines()[0], 2);
  EXPECT_EQ(t->row_lines()[1], 4);  // The quoted newline took a line.
  EXPECT_EQ(*t->NextRows(10, 2), 0);
}

TEST_F(CsvTokenizerTest, ResetRereadsFromAnOffset) {
  auto t = Make("h\n1\n2\n");
  std::vector<std::string> header;
  ASSERT_TRUE(*t->ReadRowStrings(&header));
  const int64_t offset = t->next_row_offset();
  EXPECT_EQ(offset, 2);
  EXPECT_EQ(*t->NextRows(10, 1), 2);
  ASSERT_TRUE(t->Reset(offset, 2).ok());
  EXPECT_EQ(*t->NextRows(1, 1), 1);
  EXPECT_EQ(t->row_lines()[0], 2);
  EXPECT_EQ(*t->NextRows(1, 1), 1);
  EXPECT_EQ(t->row_lines()[0], 3);
}

TEST_F(CsvTokenizerTest, ByteOrderMarkOnlyAtStart) {
  auto t = Make("\xEF\xBB\xBFx,y\n");
  ASSERT_TRUE(t->SkipByteOrderMark().ok());
  std::vector<std::string> row;
  ASSERT_TRUE(*t->ReadRowStrings(&row));
  EXPECT_EQ(row, (std::vector<std::string>{"x", "y"}));
  auto u = Make("x,y\n");
  ASSERT_TRUE(u->SkipByteOrderMark().ok());
  ASSERT_TRUE(*u->ReadRowStrings(&row));
  EXPECT_EQ(row[0], "x");
}

TEST_F(CsvTokenizerTest, WideHeaderRowIsReparsedWithRoom) {
  std::string line;
  for (int i = 0; i < 300; ++i) line += (i ? ",\"c" : "\"c") + std::to_string(i) + "\"\"\"";
  auto t = Make(line + "\n");
  std::vector<std::string> row;
  ASSERT_TRUE(*t->ReadRowStrings(&row));
  ASSERT_EQ(row.size(), 300u);
  EXPECT_EQ(row[299], "c299\"");
}

// Arbitrary bytes must give rows or a clean error, never a crash (runs under ASan in CI).
TEST_F(CsvTokenizerTest, RandomBytesNeverCrash) {
  std::mt19937 rng(5);
  const char alphabet[] = {'a', ',', '"', '\n', '\r', '\\', ' ', '1', '\0', '\xff'};
  for (int iter = 0; iter < 2000; ++iter) {
    std::string text(rng() % 200, 'a');
    for (char& c : text) c = alphabet[rng() % sizeof(alphabet)];
    CsvReadOptions o;
    o.block_size = 16 + rng() % 40;
    if (rng() % 3 == 0) o.escape = '\\';
    auto t = Make(text, o);
    std::vector<std::string> header;
    auto h = t->ReadRowStrings(&header);
    if (!h.ok() || !*h || header.empty()) continue;
    const int cols = static_cast<int>(header.size());
    for (int guard = 0; guard < 1000; ++guard) {
      auto n = t->NextRows(1 + rng() % 5, cols);
      if (!n.ok() || *n == 0) break;
      for (int64_t i = 0; i < *n * cols; ++i) {
        const CsvField& f = t->fields()[i];
        ASSERT_LE(f.offset + f.length(), text.size() + 16);
      }
    }
  }
}

}  // namespace
}  // namespace lakeml::csv
