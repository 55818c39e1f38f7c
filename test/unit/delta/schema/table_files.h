// Test helpers: locating the conformance tables and reading their (small) Parquet data files.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "format/parquet/file_reader.h"
#include "io/file_system.h"
#include "unit/delta/schema/schema_matchers.h"

namespace lakeml::delta::testing {

// <shared>/conformance/delta/<rel>/delta
inline std::string TableDir(const std::string& rel) {
  return SharedDir() + "/conformance/delta/" + rel + "/delta";
}

// The table's Parquet files directly under its root, sorted by name.
inline std::vector<std::string> ParquetFiles(const std::string& table_dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(table_dir)) {
    if (e.path().extension() == ".parquet") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct FileContents {
  std::unique_ptr<parquet::FileReader> reader;
  columnar::BatchPtr batch;  // Row group 0, the given fields.
};

// Opens `path` and reads row group 0 (the test files have one) of the top-level `fields`
// (all when empty).
inline FileContents ReadFile(const std::string& path, std::vector<int> fields = {}) {
  FileContents out;
  auto reader = parquet::FileReader::Open(io::LocalFs(), path);
  EXPECT_TRUE(reader.ok()) << path << ": " << reader.status().ToString();
  if (!reader.ok()) return out;
  out.reader = std::move(*reader);
  EXPECT_EQ(out.reader->num_row_groups(), 1) << path;
  if (fields.empty()) {
    for (size_t i = 0; i < out.reader->schema()->num_fields(); ++i) {
      fields.push_back(static_cast<int>(i));
    }
  }
  auto batch = out.reader->ReadRowGroup(0, fields);
  EXPECT_TRUE(batch.ok()) << path << ": " << batch.status().ToString();
  if (batch.ok()) out.batch = *batch;
  return out;
}

}  // namespace lakeml::delta::testing
