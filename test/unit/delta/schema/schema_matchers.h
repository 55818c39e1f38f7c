// Test helpers for the schema tests: deep equality of fields and schemas that, unlike
// DataType::Equals, also compares field metadata and field ids, and a loader for the
// schemaStrings of the conformance tables.
#pragma once

#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/str_cat.h"
#include "columnar/schema.h"

namespace lakeml::delta::testing {

// "" when equal, otherwise where they differ.
inline std::string DiffFields(const columnar::Field& a, const columnar::Field& b,
                              const std::string& path) {
  const std::string here = path.empty() ? a.name : path + "." + a.name;
  if (a.name != b.name) return StrCat(here, ": name ", a.name, " vs ", b.name);
  if (a.nullable != b.nullable) return StrCat(here, ": nullable differs");
  if (a.field_id != b.field_id) return StrCat(here, ": field_id ", a.field_id, " vs ", b.field_id);
  if (a.metadata != b.metadata) return StrCat(here, ": metadata differs");
  if (!a.type->Equals(*b.type)) {
    return StrCat(here, ": type ", a.type->ToString(), " vs ", b.type->ToString());
  }
  const auto& ca = a.type->children();
  const auto& cb = b.type->children();
  for (size_t i = 0; i < ca.size(); ++i) {
    std::string d = DiffFields(ca[i], cb[i], here);
    if (!d.empty()) return d;
  }
  return "";
}

inline std::string DiffSchemas(const columnar::Schema& a, const columnar::Schema& b) {
  if (a.num_fields() != b.num_fields()) {
    return StrCat("field count ", a.num_fields(), " vs ", b.num_fields());
  }
  for (size_t i = 0; i < a.num_fields(); ++i) {
    std::string d = DiffFields(a.field(i), b.field(i), "");
    if (!d.empty()) return d;
  }
  return "";
}

inline std::string SharedDir() { return LAKEML_SHARED_DIR; }

inline std::string ReadWholeFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct SchemaSample {
  std::string file;  // The commit file it came from.
  std::string schema_string;
};

// Every metaData.schemaString in the JSON commits of the tables under `root`, ordered by commit
// file path (so for one table the last one is the current schema).
inline std::vector<SchemaSample> CollectSchemaStrings(const std::string& root) {
  std::vector<SchemaSample> out;
  simdjson::dom::parser parser;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const auto& p = entry.path();
    if (!entry.is_regular_file() || p.extension() != ".json" ||
        p.parent_path().filename() != "_delta_log") {
      continue;
    }
    std::istringstream lines(ReadWholeFile(p));
    std::string line;
    while (std::getline(lines, line)) {
      if (line.find("\"metaData\"") == std::string::npos) continue;
      simdjson::dom::element doc;
      if (parser.parse(line).get(doc) != simdjson::SUCCESS) continue;
      std::string_view s;
      if (doc["metaData"]["schemaString"].get_string().get(s) != simdjson::SUCCESS) continue;
      out.push_back({p.string(), std::string(s)});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const SchemaSample& a, const SchemaSample& b) { return a.file < b.file; });
  return out;
}

}  // namespace lakeml::delta::testing
