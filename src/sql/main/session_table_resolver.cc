#include "sql/main/session_table_resolver.h"

#include "base/str_cat.h"
#include "catalog/catalog.h"
#include "sql/common/sql_error.h"
#include "sql/parser/parser.h"
#include "sql/storage/delta_table_source.h"
#include "sql/storage/file_table_source.h"

namespace lakeml::sql {

Result<ResolvedTable> SessionTableResolver::ResolveTable(const std::vector<std::string>& parts,
                                                         SourcePosition pos,
                                                         const std::optional<TimeTravel>& travel) {
  if (parts.size() == 2 && parts[1].find('/') != std::string::npos) {
    return ResolvePath(parts, pos, travel);
  }
  if (parts.size() == 1) {
    auto it = session_->temp_views.find(catalog::QualifiedName::NormalizePart(parts[0]));
    if (it != session_->temp_views.end()) {
      if (travel) return SqlError::Unsupported(pos, "time travel on a view");
      ResolvedTable view;
      view.qualifier = {it->first};
      view.view_query = it->second.query;
      view.view_columns = it->second.columns;
      return view;
    }
  }
  LAKEML_ASSIGN_OR_RETURN(catalog::TableEntry entry, LookupEntry(parts, pos));
  std::vector<std::string> qualifier = {entry.name.catalog, entry.name.schema, entry.name.name};
  if (entry.kind == catalog::TableKind::kView) {
    if (travel) return SqlError::Unsupported(pos, "time travel on a view");
    LAKEML_ASSIGN_OR_RETURN(std::vector<std::unique_ptr<Statement>> statements,
                            Parser::Parse(entry.view_text));
    if (statements.size() != 1) {
      return SqlError::At(pos, "INVALID_VIEW_TEXT", "XX000",
                          StrCat("The view ", entry.name.ToQuotedString(),
                                 " cannot be displayed due to invalid view text."));
    }
    ResolvedTable view;
    view.qualifier = std::move(qualifier);
    view.view_query = std::shared_ptr<const AstNode>(std::move(statements[0]));
    view.view_columns = entry.view_columns;
    return view;
  }
  std::string format = entry.format;
  for (char& c : format) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (format != "delta") {
    return SqlError::Unsupported(pos, StrCat("reading ", entry.format, " tables"));
  }
  return OpenDelta(entry.location, entry.name.ToString(), std::move(qualifier), pos, travel);
}

Result<catalog::QualifiedName> SessionTableResolver::Qualify(const std::vector<std::string>& parts,
                                                             SourcePosition pos) const {
  catalog::QualifiedName name;
  switch (parts.size()) {
    case 1:
      name = {session_->catalog, session_->schema, parts[0]};
      break;
    case 2:
      name = {session_->catalog, parts[0], parts[1]};
      break;
    case 3:
      name = {parts[0], parts[1], parts[2]};
      break;
    default: {
      std::string text;
      for (size_t i = 0; i < parts.size(); ++i) {
        text += StrCat(i ? "." : "", catalog::QualifiedName::Quote(parts[i]));
      }
      return SqlError::At(
          pos, "REQUIRES_SINGLE_PART_NAMESPACE", "42K05",
          StrCat("The name ", text, " has more than 3 parts: use ", "catalog.schema.table."));
    }
  }
  return name.Normalized();
}

Result<catalog::TableEntry> SessionTableResolver::LookupEntry(const std::vector<std::string>& parts,
                                                              SourcePosition pos) const {
  LAKEML_ASSIGN_OR_RETURN(catalog::QualifiedName name, Qualify(parts, pos));
  if (db_->catalog() != nullptr) {
    LAKEML_ASSIGN_OR_RETURN(std::optional<catalog::TableEntry> entry,
                            db_->catalog()->LookupTable(name));
    if (entry) return std::move(*entry);
  }
  return SqlError::TableNotFound(pos, name.ToQuotedString());
}

Result<ResolvedTable> SessionTableResolver::OpenDelta(
    const std::string& location, const std::string& display, std::vector<std::string> qualifier,
    SourcePosition pos, const std::optional<TimeTravel>& travel) const {
  std::optional<int64_t> version;
  if (travel && travel->version) version = travel->version;
  if (travel && travel->timestamp_ms) {
    return SqlError::Unsupported(pos, "TIMESTAMP AS OF");
  }
  Result<std::shared_ptr<DeltaTableSource>> source =
      DeltaTableSource::Open(db_->fs(), location, display, version);
  if (!source.ok()) {
    return SqlError::At(
        pos, "DELTA_TABLE_NOT_READABLE", "42K03",
        StrCat("Cannot read the Delta table at ", location, ": ", source.status().message()));
  }
  ResolvedTable table;
  table.source = std::move(*source);
  table.qualifier = std::move(qualifier);
  return table;
}

Result<ResolvedTable> SessionTableResolver::ResolvePath(
    const std::vector<std::string>& parts, SourcePosition pos,
    const std::optional<TimeTravel>& travel) const {
  std::string format = parts[0];
  for (char& c : format) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (format == "delta") {
    Result<bool> exists = db_->fs()->Exists(parts[1]);
    if (!exists.ok() || !*exists) {
      return SqlError::At(pos, "PATH_NOT_FOUND", "42K03",
                          StrCat("Path does not exist: ", parts[1], "."));
    }
    return OpenDelta(parts[1], StrCat("delta.`", parts[1], "`"), {}, pos, travel);
  }
  if (format == "parquet") {
    if (travel) return SqlError::Unsupported(pos, "time travel on Parquet files");
    FileSourceOptions options;
    options.format = FileFormat::kParquet;
    Result<std::shared_ptr<FileTableSource>> source = FileTableSource::Open(
        db_->fs(), parts[1], std::move(options), StrCat("parquet.`", parts[1], "`"));
    if (!source.ok()) {
      if (source.status().code() == StatusCode::kNotFound) {
        return SqlError::At(pos, "PATH_NOT_FOUND", "42K03",
                            StrCat("Path does not exist: ", parts[1], "."));
      }
      return SqlError::At(pos, "CANNOT_READ_FILE", "KD001",
                          StrCat("Cannot read the Parquet files at ", parts[1], ": ",
                                 source.status().message()));
    }
    ResolvedTable table;
    table.source = std::move(*source);
    return table;
  }
  if (format == "csv" || format == "json") {
    if (travel) return SqlError::Unsupported(pos, StrCat("time travel on ", format, " files"));
    return OpenFiles(FileScanRequest{format, parts[1], {}}, pos);
  }
  return SqlError::TableNotFound(pos, StrCat("`", parts[0], "`.`", parts[1], "`"));
}

}  // namespace lakeml::sql
