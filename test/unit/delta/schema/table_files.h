// Test helpers: locating the conformance tables and reading their (small) Parquet data files.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
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

struct AddEntry {
  std::string path;  // As stored (URI-encoded).
  std::map<std::string, std::optional<std::string>> partition_values;
};

struct TableLog {
  std::vector<AddEntry> adds;                  // Every add action, in commit order.
  std::vector<std::string> partition_columns;  // Of the newest metaData.
  std::string schema_string;                   // Of the newest metaData.
};

// A minimal reading of a table's JSON commits (enough for these tests; not log replay).
inline TableLog ReadTableLog(const std::string& table_dir) {
  TableLog log;
  std::vector<std::filesystem::path> commits;
  for (const auto& e : std::filesystem::directory_iterator(table_dir + "/_delta_log")) {
    if (e.path().extension() == ".json") commits.push_back(e.path());
  }
  std::sort(commits.begin(), commits.end());
  simdjson::dom::parser parser;
  for (const auto& c : commits) {
    std::istringstream lines(ReadWholeFile(c));
    std::string line;
    while (std::getline(lines, line)) {
      simdjson::dom::element doc;
      if (parser.parse(line).get(doc) != simdjson::SUCCESS) continue;
      simdjson::dom::object add;
      if (doc["add"].get_object().get(add) == simdjson::SUCCESS) {
        AddEntry entry;
        std::string_view path;
        EXPECT_EQ(add["path"].get_string().get(path), simdjson::SUCCESS);
        entry.path = std::string(path);
        simdjson::dom::object pv;
        if (add["partitionValues"].get_object().get(pv) == simdjson::SUCCESS) {
          for (auto kv : pv) {
            std::string_view v;
            if (kv.value.get_string().get(v) == simdjson::SUCCESS) {
              entry.partition_values[std::string(kv.key)] = std::string(v);
            } else {
              entry.partition_values[std::string(kv.key)] = std::nullopt;
            }
          }
        }
        log.adds.push_back(std::move(entry));
      }
      simdjson::dom::object md;
      if (doc["metaData"].get_object().get(md) == simdjson::SUCCESS) {
        std::string_view schema;
        if (md["schemaString"].get_string().get(schema) == simdjson::SUCCESS) {
          log.schema_string = std::string(schema);
        }
        log.partition_columns.clear();
        simdjson::dom::array cols;
        if (md["partitionColumns"].get_array().get(cols) == simdjson::SUCCESS) {
          for (auto col : cols) {
            std::string_view name;
            if (col.get_string().get(name) == simdjson::SUCCESS) {
              log.partition_columns.emplace_back(name);
            }
          }
        }
      }
    }
  }
  return log;
}

}  // namespace lakeml::delta::testing
