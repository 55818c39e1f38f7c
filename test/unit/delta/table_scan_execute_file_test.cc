// TableScan::ExecuteFile: reading a file's row groups piecewise (as the SQL engine's morsels
// do) yields exactly the rows of Execute(), deletion vectors included.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "delta/table_scan.h"
#include "format/parquet/file_reader.h"
#include "format/parquet/writer/file_writer.h"
#include "format/value_text/json_lines_batch_writer.h"
#include "unit/delta/maintenance/maintenance_fixture.h"

namespace lakeml::delta {
namespace {

using testing::MaintenanceDir;
using testing::MustLoad;

const char kDvTable[] = LAKEML_SHARED_DIR "/conformance/delta/delta/basic-dv-no-checkpoint/delta";

// Rewrites every Parquet file under `dir` with at most `rows` rows per row group.
void SplitRowGroups(const std::string& dir, int64_t rows) {
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string path = entry.path().string();
    if (entry.path().extension() != ".parquet") continue;
    std::vector<columnar::BatchPtr> batches;
    columnar::SchemaPtr schema;
    {
      auto reader = parquet::FileReader::Open(io::LocalFs(), path);
      ASSERT_TRUE(reader.ok()) << reader.status().ToString();
      schema = (*reader)->schema();
      std::vector<int> fields(schema->num_fields());
      for (int f = 0; f < schema->num_fields(); ++f) fields[f] = f;
      for (int g = 0; g < (*reader)->num_row_groups(); ++g) {
        auto batch = (*reader)->ReadRowGroup(g, fields);
        ASSERT_TRUE(batch.ok()) << batch.status().ToString();
        batches.push_back(*batch);
      }
    }
    parquet::WriterOptions options;
    options.row_group_rows = rows;
    auto writer = parquet::FileWriter::Open(io::LocalFs(), path, schema, options);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (const auto& b : batches) ASSERT_TRUE((*writer)->Write(*b).ok());
    ASSERT_TRUE((*writer)->Close().ok());
  }
}

// Appends the stream's rows as JSON lines (in order).
void AppendRows(ScanBatchStream* stream, std::vector<std::string>* rows) {
  std::ostringstream text;
  format::JsonLinesBatchWriter writer(&text);
  while (true) {
    auto batch = stream->Next();
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    if (!*batch) break;
    ASSERT_TRUE(writer.Write(**batch).ok());
  }
  ASSERT_TRUE(writer.Finish().ok());
  std::istringstream in(text.str());
  for (std::string line; std::getline(in, line);) rows->push_back(line);
}

TEST(TableScanExecuteFileTest, RowGroupRangesMatchWholeScanWithDeletionVectors) {
  MaintenanceDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::filesystem::copy(kDvTable, dir.table(), std::filesystem::copy_options::recursive);
  SplitRowGroups(dir.table(), 2);

  SnapshotPtr snap = MustLoad(dir.table());
  ASSERT_NE(snap, nullptr);
  auto scan = TableScan::Make(snap, ScanOptions{});
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  std::vector<std::string> whole;
  auto stream = (*scan)->Execute();
  ASSERT_TRUE(stream.ok());
  AppendRows(stream->get(), &whole);
  ASSERT_FALSE(whole.empty());

  // One row group at a time, then pairs; and the whole file through ExecuteFile.
  int max_groups = 0;
  for (int step : {1, 2}) {
    std::vector<std::string> pieces;
    for (size_t f = 0; f < (*scan)->files().size(); ++f) {
      auto groups = (*scan)->CountRowGroups(f);
      ASSERT_TRUE(groups.ok()) << groups.status().ToString();
      max_groups = std::max(max_groups, *groups);
      for (int g = 0; g < *groups; g += step) {
        auto part = (*scan)->ExecuteFile(f, g, g + step);
        ASSERT_TRUE(part.ok());
        AppendRows(part->get(), &pieces);
      }
    }
    EXPECT_EQ(pieces, whole) << "step " << step;
  }
  EXPECT_GT(max_groups, 2);  // The test splits files, else it proves nothing.

  std::vector<std::string> files;
  for (size_t f = 0; f < (*scan)->files().size(); ++f) {
    auto part = (*scan)->ExecuteFile(f, 0, -1);
    ASSERT_TRUE(part.ok());
    AppendRows(part->get(), &files);
  }
  EXPECT_EQ(files, whole);

  // The same rows as the original table (one row group per file).
  EXPECT_EQ(testing::TableRows(dir.table()), testing::TableRows(kDvTable));
}

}  // namespace
}  // namespace lakeml::delta
