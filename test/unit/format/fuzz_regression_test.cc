// Replays every saved fuzz finding (test/fuzz/regressions/) through the Parquet reader: each must
// be rejected or read cleanly, without crashing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "format/parquet/file_reader.h"
#include "io/memory_file_system.h"

namespace lakeml::parquet {
namespace {

TEST(FuzzRegressionTest, SavedInputsDoNotCrash) {
  const std::filesystem::path dir =
      std::filesystem::path(LAKEML_SOURCE_DIR) / "test/fuzz/regressions";
  int replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".md") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    io::MemoryFileSystem fs;
    ASSERT_TRUE(fs.WriteWhole("/f", ss.str()).ok());
    ReaderOptions options;
    options.num_threads = 1;
    auto reader = FileReader::Open(&fs, "/f", options);
    if (reader.ok()) {
      std::vector<int> all;
      for (size_t i = 0; i < (*reader)->schema()->num_fields(); ++i)
        all.push_back(static_cast<int>(i));
      for (int g = 0; g < (*reader)->num_row_groups(); ++g) {
        (*reader)->ReadRowGroup(g, all).status().IgnoreError();
      }
    } else {
      EXPECT_FALSE(reader.status().message().empty()) << entry.path();
    }
    ++replayed;
  }
  RecordProperty("replayed", replayed);
}

}  // namespace
}  // namespace lakeml::parquet
