// SessionTableResolver: table-valued functions over files (sql-syntax): read_files,
// read_csv, read_json, read_parquet and the csv.`path` / json.`path` tables.
#include <algorithm>
#include <cctype>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"
#include "sql/main/session_table_resolver.h"
#include "sql/storage/file_table_source.h"

namespace lakeml::sql {
namespace {

std::string LowerFileText(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Status BadFileOption(SourcePosition pos, const FileScanRequest& request, std::string_view name,
                     std::string_view value, std::string_view expected) {
  return SqlError::At(pos, "INVALID_OPTIONS", "42K06",
                      StrCat("Invalid value for the option `", name, "` of ", request.function,
                             ": '", value, "' (expected ", expected, ")."));
}

Result<bool> FileOptionBool(SourcePosition pos, const FileScanRequest& request,
                            std::string_view name, const std::string& value) {
  const std::string v = LowerFileText(value);
  if (v == "true") return true;
  if (v == "false") return false;
  return BadFileOption(pos, request, name, value, "true or false");
}

Result<char> FileOptionChar(SourcePosition pos, const FileScanRequest& request,
                            std::string_view name, const std::string& value) {
  if (value == "\\t") return '\t';
  if (value.size() != 1) return BadFileOption(pos, request, name, value, "one character");
  return value[0];
}

// The format a read_files path implies by its extension.
std::string FormatOfFileName(const std::string& path) {
  const std::string lower = LowerFileText(path);
  auto ends = [&](std::string_view suffix) {
    return lower.size() >= suffix.size() &&
           lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends(".csv") || ends(".tsv")) return "csv";
  if (ends(".json") || ends(".jsonl") || ends(".ndjson")) return "json";
  if (ends(".parquet")) return "parquet";
  return "";
}

}  // namespace

Result<ResolvedTable> SessionTableResolver::ResolveFiles(const FileScanRequest& request,
                                                         SourcePosition pos) {
  return OpenFiles(request, pos);
}

Result<ResolvedTable> SessionTableResolver::OpenFiles(const FileScanRequest& request,
                                                      SourcePosition pos) const {
  const std::string& fn = request.function;
  std::string format;
  if (fn == "csv" || fn == "read_csv") format = "csv";
  if (fn == "json" || fn == "read_json") format = "json";
  if (fn == "read_parquet") format = "parquet";
  FileSourceOptions options;
  options.csv.column_prefix = "_c";
  // Spark's csv.`path` reads every column as a string; read_files and read_csv infer types,
  // and read_csv (DuckDB's name) expects a header.
  bool infer = fn != "csv";
  options.csv.header = fn == "read_csv";
  std::vector<std::string> unknown;
  for (const auto& [name, value] : request.options) {
    if (name == "format" && fn == "read_files") {
      format = LowerFileText(value);
    } else if (name == "header") {
      LAKEML_ASSIGN_OR_RETURN(options.csv.header, FileOptionBool(pos, request, name, value));
    } else if (name == "inferschema" || name == "infercolumntypes") {
      LAKEML_ASSIGN_OR_RETURN(infer, FileOptionBool(pos, request, name, value));
    } else if (name == "sep" || name == "delimiter") {
      LAKEML_ASSIGN_OR_RETURN(options.csv.delimiter, FileOptionChar(pos, request, name, value));
    } else if (name == "quote") {
      LAKEML_ASSIGN_OR_RETURN(options.csv.quote, FileOptionChar(pos, request, name, value));
    } else if (name == "escape") {
      LAKEML_ASSIGN_OR_RETURN(options.csv.escape, FileOptionChar(pos, request, name, value));
    } else if (name == "nullvalue") {
      options.csv.null_value = value;
    } else if (name == "multiline") {
      LAKEML_ASSIGN_OR_RETURN(options.json.multi_line, FileOptionBool(pos, request, name, value));
    } else {
      unknown.push_back(name);
    }
  }
  if (!unknown.empty()) {
    std::string names;
    for (const auto& n : unknown) names += StrCat(names.empty() ? "" : ", ", n);
    return SqlError::At(pos, "CF_UNKNOWN_OPTION_KEYS_ERROR", "42000",
                        StrCat("Found unknown option keys: ", names, "."));
  }
  if (!infer) options.csv.infer_rows = 0;
  Result<std::vector<std::string>> files =
      FileTableSource::ListFiles(db_->fs(), request.path, FileFormat::kParquet);
  if (!files.ok()) {
    return SqlError::At(pos, "PATH_NOT_FOUND", "42K03",
                        StrCat("Path does not exist: ", request.path, "."));
  }
  if (format.empty()) format = FormatOfFileName((*files)[0]);
  if (format.empty()) {
    return SqlError::At(pos, "CF_UNABLE_TO_DETECT_FILE_FORMAT", "42K03",
                        StrCat("Cannot detect the file format of ", (*files)[0],
                               ": set the option `format` (csv, json or parquet)."));
  }
  if (format == "csv") {
    options.format = FileFormat::kCsv;
  } else if (format == "json") {
    options.format = FileFormat::kJson;
  } else if (format == "parquet") {
    options.format = FileFormat::kParquet;
  } else {
    return SqlError::Unsupported(pos, StrCat("reading ", format, " files"));
  }
  const std::string display = fn.rfind("read_", 0) == 0 ? StrCat(fn, "('", request.path, "')")
                                                        : StrCat(fn, ".`", request.path, "`");
  Result<std::shared_ptr<FileTableSource>> source =
      FileTableSource::Open(db_->fs(), request.path, std::move(options), display);
  if (!source.ok()) {
    if (source.status().code() == StatusCode::kNotFound) {
      return SqlError::At(pos, "PATH_NOT_FOUND", "42K03",
                          StrCat("Path does not exist: ", request.path, "."));
    }
    return SqlError::At(pos, "CANNOT_READ_FILE", "KD001",
                        StrCat("Cannot read the ", format, " files at ", request.path, ": ",
                               source.status().message()));
  }
  if ((*source)->schema()->num_fields() == 0) {
    std::string upper = format;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return SqlError::At(
        pos, "UNABLE_TO_INFER_SCHEMA", "42KD9",
        StrCat("Unable to infer schema for ", upper, ". It must be specified manually."));
  }
  ResolvedTable table;
  table.source = std::move(*source);
  return table;
}

}  // namespace lakeml::sql
