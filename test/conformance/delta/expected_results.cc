#include "conformance/delta/expected_results.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/str_cat.h"
#include "conformance/delta/arrow_table_text.h"
#include "format/parquet/file_reader.h"
#include "io/file_system.h"

namespace lakeml::conformance {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Result<std::string> ReadText(const std::string& path) { return io::LocalFs()->ReadFile(path); }

Result<json> ParseJson(const std::string& text, const std::string& where) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Corruption(StrCat("Invalid JSON in ", where));
  return j;
}

// Fetches a typed field; the error says which field and where.
template <typename T>
Result<T> Get(const json& obj, const char* key, const std::string& where) {
  if (!obj.is_object() || !obj.contains(key)) {
    return Status::Corruption(StrCat("Missing field '", key, "' in ", where));
  }
  const json& v = obj.at(key);
  if constexpr (std::is_same_v<T, int64_t>) {
    if (!v.is_number_integer()) {
      return Status::Corruption(StrCat("Field '", key, "' is not an integer in ", where));
    }
    return v.get<int64_t>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) {
      return Status::Corruption(StrCat("Field '", key, "' is not a string in ", where));
    }
    return v.get<std::string>();
  } else {
    return v;
  }
}

Result<std::optional<int64_t>> GetOptionalVersion(const json& obj, const char* key,
                                                  const std::string& where) {
  if (!obj.contains(key) || obj.at(key).is_null()) return std::optional<int64_t>();
  LAKEML_ASSIGN_OR_RETURN(int64_t v, Get<int64_t>(obj, key, where));
  return std::optional<int64_t>(v);
}

Result<std::vector<std::string>> GetLines(const json& obj, const char* key,
                                          const std::string& where) {
  if (!obj.contains(key) || !obj.at(key).is_array()) {
    return Status::Corruption(StrCat("Missing array '", key, "' in ", where));
  }
  std::vector<std::string> lines;
  for (const json& l : obj.at(key)) {
    if (!l.is_string()) return Status::Corruption(StrCat("Non-string table line in ", where));
    lines.push_back(l.get<std::string>());
  }
  return lines;
}

// The text Arrow prints for a JSON scalar of `rows` (upstream transcribed integers).
std::string ScalarText(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

Result<RowSet> ColumnValues(const json& values, const std::string& column,
                            const std::string& where) {
  if (!values.is_array()) return Status::Corruption(StrCat("'rows' is not an array in ", where));
  RowSet set;
  set.style = ValueStyle::kArrowText;
  set.columns = {column};
  for (const json& v : values) set.rows.push_back(ScalarText(v));
  return set;
}

Status LoadDat(const fs::path& expected_dir, ExpectedResults* out) {
  out->format = "dat";
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(expected_dir, ec)) {
    if (entry.is_directory()) dirs.push_back(entry.path());
  }
  if (ec) return Status::IOError(StrCat("Cannot list ", expected_dir.string(), ": ", ec.message()));
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& dir : dirs) {
    const std::string label = dir.filename().string();
    std::optional<int64_t> version;
    if (label != "latest") {
      int64_t v = 0;
      if (label.size() < 2 || label[0] != 'v') {
        return Status::Corruption(StrCat("Unknown DAT expected directory: ", dir.string()));
      }
      auto [ptr, err] = std::from_chars(label.data() + 1, label.data() + label.size(), v);
      if (err != std::errc() || ptr != label.data() + label.size()) {
        return Status::Corruption(StrCat("Unknown DAT expected directory: ", dir.string()));
      }
      version = v;
    }
    ScanExpectation scan;
    scan.label = label;
    scan.version = version;
    LAKEML_ASSIGN_OR_RETURN(scan.rows, ExpectedResultsLoader::ReadParquetRows(
                                           {(dir / "table_content.parquet").string()}));
    out->scans.push_back(std::move(scan));

    const std::string meta_path = (dir / "table_version_metadata.json").string();
    LAKEML_ASSIGN_OR_RETURN(std::string text, ReadText(meta_path));
    LAKEML_ASSIGN_OR_RETURN(json j, ParseJson(text, meta_path));
    VersionMetadataExpectation meta;
    meta.label = label;
    meta.version = version;
    LAKEML_ASSIGN_OR_RETURN(meta.expected_version, Get<int64_t>(j, "version", meta_path));
    LAKEML_ASSIGN_OR_RETURN(int64_t r, Get<int64_t>(j, "min_reader_version", meta_path));
    LAKEML_ASSIGN_OR_RETURN(int64_t w, Get<int64_t>(j, "min_writer_version", meta_path));
    meta.min_reader_version = static_cast<int32_t>(r);
    meta.min_writer_version = static_cast<int32_t>(w);
    if (j.contains("properties") && j["properties"].is_object()) {
      for (const auto& [k, v] : j["properties"].items()) {
        meta.properties[k] = v.is_string() ? v.get<std::string>() : v.dump();
      }
    }
    out->version_metadata.push_back(std::move(meta));
  }
  return Status::OK();
}

Status LoadGolden(const fs::path& expected_dir, ExpectedResults* out) {
  out->format = "golden";
  std::vector<std::string> parts;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(expected_dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".parquet") {
      parts.push_back(entry.path().string());
    }
  }
  if (ec) return Status::IOError(StrCat("Cannot list ", expected_dir.string(), ": ", ec.message()));
  std::sort(parts.begin(), parts.end());
  ScanExpectation scan;
  scan.label = "latest";
  LAKEML_ASSIGN_OR_RETURN(scan.rows, ExpectedResultsLoader::ReadParquetRows(parts));
  out->scans.push_back(std::move(scan));
  return Status::OK();
}

// Spark writes TimestampType (a UTC instant) as INT96, which carries no isAdjustedToUTC flag
// and so reads as a local timestamp: mark those columns UTC. Top-level columns only.
columnar::BatchPtr Int96AsUtc(const parquet::FileReader& reader, columnar::BatchPtr batch) {
  const auto& descriptor = reader.descriptor();
  std::vector<columnar::Field> fields = batch->schema()->fields();
  std::vector<columnar::VectorPtr> columns = batch->columns();
  bool changed = false;
  for (size_t i = 0; i < fields.size() && i < descriptor.top_level().size(); ++i) {
    const auto& node = descriptor.node(descriptor.top_level()[i]);
    const columnar::VectorPtr& v = columns[i];
    if (node.leaf_index < 0 || node.physical_type != parquet::Type::kInt96 ||
        v->type()->id() != columnar::TypeId::kTimestamp || v->type()->utc()) {
      continue;
    }
    auto type = columnar::DataType::Timestamp(v->type()->unit(), /*utc=*/true);
    auto retyped = std::make_shared<columnar::Vector>(type, v->length());
    retyped->set_values(v->values());
    retyped->set_validity(v->validity());
    retyped->set_null_count(v->null_count());
    fields[i].type = type;
    columns[i] = std::move(retyped);
    changed = true;
  }
  if (!changed) return batch;
  return std::make_shared<columnar::Batch>(std::make_shared<columnar::Schema>(std::move(fields)),
                                           std::move(columns), batch->num_rows());
}

}  // namespace

Result<RowSet> ExpectedResultsLoader::ReadParquetRows(const std::vector<std::string>& paths,
                                                      ValueStyle style) {
  if (paths.empty()) return Status::NotFound("No expected Parquet files");
  RowSet set;
  set.style = style;
  for (size_t i = 0; i < paths.size(); ++i) {
    parquet::ReaderOptions options;
    options.num_threads = 1;
    LAKEML_ASSIGN_OR_RETURN(auto reader,
                            parquet::FileReader::Open(io::LocalFs(), paths[i], options));
    if (i == 0) {
      const auto& descriptor = reader->descriptor();
      const auto& fields = reader->schema()->fields();
      for (size_t f = 0; f < fields.size(); ++f) {
        set.columns.push_back(fields[f].name);
        const auto& node = descriptor.node(descriptor.top_level()[f]);
        set.types.push_back(node.leaf_index >= 0 && node.physical_type == parquet::Type::kInt96
                                ? std::string("timestamp")  // As Int96AsUtc reads it.
                                : RowCanonicalizer::TypeSignature(*fields[f].type));
      }
    }
    RowCanonicalizer canon(set.columns, style);
    LAKEML_ASSIGN_OR_RETURN(auto stream, reader->Scan({}));
    while (true) {
      LAKEML_ASSIGN_OR_RETURN(columnar::BatchPtr batch, stream->Next());
      if (batch == nullptr) break;
      batch = Int96AsUtc(*reader, std::move(batch));
      Status st = canon.AppendRows(*batch, &set.rows);
      if (!st.ok()) return st.WithContext(paths[i]);
    }
  }
  return set;
}

Result<ExpectedResults> ExpectedResultsLoader::ParseExpectedJson(const std::string& text,
                                                                 const std::string& where) {
  LAKEML_ASSIGN_OR_RETURN(json j, ParseJson(text, where));
  LAKEML_ASSIGN_OR_RETURN(std::string kind, Get<std::string>(j, "kind", where));
  ExpectedResults out;
  out.format = StrCat("expected.json (", kind, ")");
  if (kind == "scan") {
    ScanExpectation scan;
    scan.label = "latest";
    if (j.contains("table")) {
      LAKEML_ASSIGN_OR_RETURN(auto lines, GetLines(j, "table", where));
      LAKEML_ASSIGN_OR_RETURN(scan.rows, ArrowTableText::Parse(lines, where));
    } else {
      LAKEML_ASSIGN_OR_RETURN(std::string column, Get<std::string>(j, "column", where));
      scan.all_columns = false;
      LAKEML_ASSIGN_OR_RETURN(scan.rows, ColumnValues(j.value("rows", json()), column, where));
    }
    out.scans.push_back(std::move(scan));
  } else if (kind == "scan_projection") {
    LAKEML_ASSIGN_OR_RETURN(json queries, Get<json>(j, "queries", where));
    int n = 0;
    for (const json& q : queries) {
      ++n;
      const std::string qwhere = StrCat(where, " query ", n);
      ScanExpectation scan;
      scan.label = StrCat("query ", n);
      if (q.contains("source_fn") && q["source_fn"].is_string()) {
        scan.label += StrCat(" (", q["source_fn"].get<std::string>(), ")");
      }
      LAKEML_ASSIGN_OR_RETURN(scan.projection, GetLines(q, "select_columns", qwhere));
      LAKEML_ASSIGN_OR_RETURN(auto lines, GetLines(q, "table", qwhere));
      LAKEML_ASSIGN_OR_RETURN(scan.rows, ArrowTableText::Parse(lines, qwhere));
      out.scans.push_back(std::move(scan));
    }
  } else if (kind == "scan_by_version") {
    LAKEML_ASSIGN_OR_RETURN(std::string column, Get<std::string>(j, "column", where));
    LAKEML_ASSIGN_OR_RETURN(json versions, Get<json>(j, "versions", where));
    if (!versions.is_object()) {
      return Status::Corruption(StrCat("'versions' is not an object in ", where));
    }
    for (const auto& [key, values] : versions.items()) {
      int64_t v = 0;
      auto [ptr, err] = std::from_chars(key.data(), key.data() + key.size(), v);
      if (err != std::errc() || ptr != key.data() + key.size()) {
        return Status::Corruption(StrCat("Invalid version '", key, "' in ", where));
      }
      ScanExpectation scan;
      scan.label = StrCat("v", v);
      scan.version = v;
      scan.all_columns = false;
      LAKEML_ASSIGN_OR_RETURN(scan.rows, ColumnValues(values, column, where));
      out.scans.push_back(std::move(scan));
    }
    std::sort(out.scans.begin(), out.scans.end(),
              [](const auto& a, const auto& b) { return a.version < b.version; });
  } else if (kind == "cdf") {
    LAKEML_ASSIGN_OR_RETURN(json queries, Get<json>(j, "queries", where));
    int n = 0;
    for (const json& q : queries) {
      const std::string qwhere = StrCat(where, " query ", ++n);
      ChangeQueryExpectation change;
      LAKEML_ASSIGN_OR_RETURN(change.start_version, Get<int64_t>(q, "start_version", qwhere));
      LAKEML_ASSIGN_OR_RETURN(change.end_version, GetOptionalVersion(q, "end_version", qwhere));
      LAKEML_ASSIGN_OR_RETURN(auto lines, GetLines(q, "table", qwhere));
      LAKEML_ASSIGN_OR_RETURN(change.rows, ArrowTableText::Parse(lines, qwhere));
      out.changes.push_back(std::move(change));
    }
    if (j.contains("errors")) {
      for (const json& e : j["errors"]) {
        ChangeErrorExpectation error;
        LAKEML_ASSIGN_OR_RETURN(error.start_version, Get<int64_t>(e, "start_version", where));
        LAKEML_ASSIGN_OR_RETURN(error.end_version, GetOptionalVersion(e, "end_version", where));
        error.why = e.value("why", "");
        out.change_errors.push_back(std::move(error));
      }
    }
  } else if (kind == "open") {
    if (!j.contains("should_error") || !j["should_error"].is_boolean()) {
      return Status::Corruption(StrCat("Missing boolean 'should_error' in ", where));
    }
    out.open_should_error = j["should_error"].get<bool>();
  } else {
    return Status::NotImplemented(StrCat("Unknown expected.json kind '", kind, "' in ", where));
  }
  return out;
}

Result<ExpectedResults> ExpectedResultsLoader::Load(const std::string& table_dir) {
  const fs::path expected_dir = fs::path(table_dir) / "expected";
  ExpectedResults out;
  std::error_code ec;
  if (!fs::is_directory(expected_dir, ec)) return out;
  const fs::path json_path = expected_dir / "expected.json";
  if (fs::exists(json_path, ec)) {
    LAKEML_ASSIGN_OR_RETURN(std::string text, ReadText(json_path.string()));
    return ParseExpectedJson(text, json_path.string());
  }
  bool has_subdirs = false;
  for (const auto& entry : fs::directory_iterator(expected_dir, ec)) {
    if (entry.is_directory()) has_subdirs = true;
  }
  if (has_subdirs) {
    LAKEML_RETURN_IF_ERROR(LoadDat(expected_dir, &out));
  } else {
    LAKEML_RETURN_IF_ERROR(LoadGolden(expected_dir, &out));
  }
  return out;
}

}  // namespace lakeml::conformance
