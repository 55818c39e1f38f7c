// CommandRunner: DESCRIBE [TABLE] [EXTENDED], DESCRIBE QUERY, DESCRIBE DETAIL and
// DESCRIBE HISTORY.
#include <nlohmann/json.hpp>
#include <set>

#include "base/str_cat.h"
#include "catalog/catalog.h"
#include "delta/commit_history.h"
#include "delta/snapshot.h"
#include "delta/table_features.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/main/command_runner.h"
#include "sql/main/result_builder.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

// A column's comment from its Delta field metadata ("comment": JSON string), or nullopt.
std::optional<std::string> DescribeColumnComment(const columnar::Field& field) {
  const std::string* json = field.FindMetadata("comment");
  if (json == nullptr) return std::nullopt;
  nlohmann::json v = nlohmann::json::parse(*json, nullptr, false);
  if (v.is_string()) return v.get<std::string>();
  return *json;
}

// Maps and arrays in DESCRIBE DETAIL/HISTORY are shown as Spark casts them to STRING:
// {k -> v, ...} and [a, b].
std::string DescribeMapText(const std::map<std::string, std::string>& map) {
  std::string out = "{";
  for (const auto& [k, v] : map) out += StrCat(out.size() > 1 ? ", " : "", k, " -> ", v);
  return out + "}";
}

template <typename Range>
std::string DescribeListText(const Range& values) {
  std::string out = "[";
  for (const auto& v : values) out += StrCat(out.size() > 1 ? ", " : "", v);
  return out + "]";
}

std::optional<std::string> DescribeJsonField(const nlohmann::ordered_json& info, const char* key) {
  auto it = info.find(key);
  if (it == info.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {
    std::map<std::string, std::string> map;
    for (auto& [k, v] : it->items()) map[k] = v.is_string() ? v.get<std::string>() : v.dump();
    return DescribeMapText(map);
  }
  return it->dump();
}

}  // namespace

Result<std::vector<columnar::Field>> CommandRunner::ColumnsOf(const AstNode& statement) {
  LAKEML_ASSIGN_OR_RETURN(ResolvedTable table,
                          resolver_->ResolveTable(statement.names, statement.pos, std::nullopt));
  if (table.source != nullptr) return table.source->schema()->fields();
  Binder binder(resolver_);
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr plan, binder.BindQuery(*table.view_query));
  std::vector<columnar::Field> fields;
  for (size_t i = 0; i < plan->columns.size(); ++i) {
    const OutputColumn& c = plan->columns[i];
    fields.push_back(columnar::Field{i < table.view_columns.size() ? table.view_columns[i] : c.name,
                                     c.type, c.nullable});
  }
  return fields;
}

Result<std::unique_ptr<QueryResult>> CommandRunner::Describe(const AstNode& describe) {
  if (describe.op == "DETAIL") return DescribeDetail(describe);
  if (describe.op == "HISTORY") return DescribeHistory(describe);
  std::vector<columnar::Field> fields;
  if (describe.op == "QUERY") {
    Binder binder(resolver_);
    LAKEML_ASSIGN_OR_RETURN(LogicalPtr plan, binder.BindQuery(*describe.children[0]));
    for (const OutputColumn& c : plan->columns) {
      fields.push_back(columnar::Field{c.name, c.type, c.nullable});
    }
  } else {
    LAKEML_ASSIGN_OR_RETURN(fields, ColumnsOf(describe));
  }
  ResultBuilder out;
  out.Column("col_name", SqlType::String());
  out.Column("data_type", SqlType::String());
  out.Column("comment", SqlType::String());
  auto row = [&out](std::string_view a, std::string_view b, std::optional<std::string> c) {
    out.AddRow({ResultBuilder::Str(a), ResultBuilder::Str(b), ResultBuilder::OptStr(c)});
  };
  for (const columnar::Field& f : fields) {
    row(f.name, f.type->ToString(), DescribeColumnComment(f));
  }
  if (describe.op == "QUERY") return out.Finish();

  // Catalog tables: the entry; Delta tables: partition columns and properties from the log.
  std::optional<catalog::TableEntry> entry;
  const bool is_path =
      describe.names.size() == 2 && describe.names[1].find('/') != std::string::npos;
  const bool is_temp =
      describe.names.size() == 1 &&
      session_->temp_views.count(catalog::QualifiedName::NormalizePart(describe.names[0])) > 0;
  if (!is_path && !is_temp) {
    LAKEML_ASSIGN_OR_RETURN(entry, resolver_->LookupEntry(describe.names, describe.pos));
  }
  delta::SnapshotPtr snapshot;
  if (is_path || (entry && entry->kind != catalog::TableKind::kView)) {
    const std::string location = is_path ? describe.names[1] : entry->location;
    LAKEML_ASSIGN_OR_RETURN(snapshot, delta::Snapshot::Load(db_->fs(), location));
  }
  if (snapshot != nullptr && !snapshot->partition_columns().empty()) {
    row("# Partition Information", "", "");
    row("# col_name", "data_type", "comment");
    for (const std::string& p : snapshot->partition_columns()) {
      for (const columnar::Field& f : fields) {
        if (f.name == p) row(f.name, f.type->ToString(), DescribeColumnComment(f));
      }
    }
  }
  if (!describe.Has(AstNode::kFlagExtended)) return out.Finish();
  row("", "", "");
  row("# Detailed Table Information", "", "");
  if (entry) {
    row("Catalog", entry->name.catalog, "");
    row("Database", entry->name.schema, "");
    row("Table", entry->name.name, "");
    if (!entry->owner.empty()) row("Owner", entry->owner, "");
    row("Type", catalog::TableKindName(entry->kind), "");
    if (!entry->comment.empty()) row("Comment", entry->comment, "");
    if (entry->kind == catalog::TableKind::kView) {
      row("View Text", entry->view_text, "");
      row("View Query Output Columns", DescribeListText(entry->view_columns), "");
    } else {
      row("Location", entry->location, "");
      row("Provider", entry->format, "");
    }
    if (!entry->properties.empty()) {
      std::string props = "[";
      for (const auto& [k, v] : entry->properties) {
        props += StrCat(props.size() > 1 ? "," : "", k, "=", v);
      }
      row("Table Properties", props + "]", "");
    }
  } else if (is_temp) {
    const TempView& view =
        session_->temp_views.at(catalog::QualifiedName::NormalizePart(describe.names[0]));
    row("Table", catalog::QualifiedName::NormalizePart(describe.names[0]), "");
    row("Type", "VIEW", "");
    row("View Text", view.text, "");
    row("View Query Output Columns", DescribeListText(view.columns), "");
  } else {
    row("Type", "EXTERNAL", "");
    row("Location", describe.names[1], "");
    row("Provider", "delta", "");
  }
  return out.Finish();
}

Result<std::pair<std::string, std::optional<catalog::TableEntry>>> CommandRunner::DeltaLocationOf(
    const AstNode& statement, std::string_view command) {
  if (statement.names.size() == 2 && statement.names[1].find('/') != std::string::npos) {
    return std::make_pair(statement.names[1], std::optional<catalog::TableEntry>());
  }
  const bool is_temp =
      statement.names.size() == 1 &&
      session_->temp_views.count(catalog::QualifiedName::NormalizePart(statement.names[0])) > 0;
  std::optional<catalog::TableEntry> entry;
  if (!is_temp) {
    LAKEML_ASSIGN_OR_RETURN(entry, resolver_->LookupEntry(statement.names, statement.pos));
  }
  if (is_temp || entry->kind == catalog::TableKind::kView) {
    return SqlError::At(
        statement.pos, "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE", "42809",
        StrCat("'", command, "' expects a table but ",
               is_temp ? StrCat("`", statement.names[0], "`") : entry->name.ToQuotedString(),
               " is a view."));
  }
  std::string location = entry->location;
  return std::make_pair(std::move(location), std::move(entry));
}

Result<std::unique_ptr<QueryResult>> CommandRunner::DescribeDetail(const AstNode& describe) {
  LAKEML_ASSIGN_OR_RETURN(auto target, DeltaLocationOf(describe, "DESCRIBE DETAIL"));
  LAKEML_ASSIGN_OR_RETURN(delta::SnapshotPtr snap, delta::Snapshot::Load(db_->fs(), target.first));
  const delta::Metadata& m = snap->metadata();
  int64_t bytes = 0;
  for (const delta::AddFile& f : snap->files()) bytes += f.size;
  std::set<std::string> features = delta::TableFeatures::WriterFeatures(snap->protocol());
  for (const std::string& f : delta::TableFeatures::ReaderFeatures(snap->protocol())) {
    features.insert(f);
  }
  std::optional<std::string> name;
  std::optional<std::string> description = m.description;
  if (target.second) {
    name = target.second->name.ToString();
    if (!target.second->comment.empty()) description = target.second->comment;
  }
  ResultBuilder out;
  out.Column("format", SqlType::String())
      .Column("id", SqlType::String())
      .Column("name", SqlType::String())
      .Column("description", SqlType::String())
      .Column("location", SqlType::String())
      .Column("createdAt", SqlType::Timestamp())
      .Column("lastModified", SqlType::Timestamp())
      .Column("partitionColumns", SqlType::String())
      .Column("numFiles", SqlType::BigInt())
      .Column("sizeInBytes", SqlType::BigInt())
      .Column("properties", SqlType::String())
      .Column("minReaderVersion", SqlType::Int())
      .Column("minWriterVersion", SqlType::Int())
      .Column("tableFeatures", SqlType::String());
  out.AddRow({ResultBuilder::Str("delta"), ResultBuilder::Str(m.id), ResultBuilder::OptStr(name),
              ResultBuilder::OptStr(description), ResultBuilder::Str(snap->table_root()),
              m.created_time ? ResultBuilder::Timestamp(*m.created_time)
                             : columnar::Scalar::Null(SqlType::Timestamp()),
              ResultBuilder::Timestamp(snap->timestamp_ms()),
              ResultBuilder::Str(DescribeListText(m.partition_columns)),
              ResultBuilder::BigInt(static_cast<int64_t>(snap->files().size())),
              ResultBuilder::BigInt(bytes), ResultBuilder::Str(DescribeMapText(m.configuration)),
              ResultBuilder::Int(snap->protocol().min_reader_version),
              ResultBuilder::Int(snap->protocol().min_writer_version),
              ResultBuilder::Str(DescribeListText(features))});
  return out.Finish();
}

Result<std::unique_ptr<QueryResult>> CommandRunner::DescribeHistory(const AstNode& describe) {
  LAKEML_ASSIGN_OR_RETURN(auto target, DeltaLocationOf(describe, "DESCRIBE HISTORY"));
  LAKEML_ASSIGN_OR_RETURN(delta::SnapshotPtr snap, delta::Snapshot::Load(db_->fs(), target.first));
  LAKEML_ASSIGN_OR_RETURN(std::vector<delta::CommitHistoryEntry> commits,
                          delta::CommitHistory::Read(*snap, /*limit=*/-1));
  ResultBuilder out;
  out.Column("version", SqlType::BigInt()).Column("timestamp", SqlType::Timestamp());
  for (const char* c :
       {"userId", "userName", "operation", "operationParameters", "job", "notebook", "clusterId"}) {
    out.Column(c, SqlType::String());
  }
  out.Column("readVersion", SqlType::BigInt())
      .Column("isolationLevel", SqlType::String())
      .Column("isBlindAppend", SqlType::Boolean());
  for (const char* c : {"operationMetrics", "userMetadata", "engineInfo"}) {
    out.Column(c, SqlType::String());
  }
  for (const delta::CommitHistoryEntry& commit : commits) {
    nlohmann::ordered_json info =
        nlohmann::ordered_json::parse(commit.commit_info_json, nullptr, false);
    if (!info.is_object()) info = nlohmann::ordered_json::object();
    std::vector<columnar::Scalar> row = {ResultBuilder::BigInt(commit.version),
                                         ResultBuilder::Timestamp(commit.timestamp_ms)};
    for (const char* c : {"userId", "userName", "operation", "operationParameters", "job",
                          "notebook", "clusterId"}) {
      row.push_back(ResultBuilder::OptStr(DescribeJsonField(info, c)));
    }
    auto read_version = info.find("readVersion");
    row.push_back(read_version != info.end() && read_version->is_number_integer()
                      ? ResultBuilder::BigInt(read_version->get<int64_t>())
                      : columnar::Scalar::Null(SqlType::BigInt()));
    row.push_back(ResultBuilder::OptStr(DescribeJsonField(info, "isolationLevel")));
    auto blind = info.find("isBlindAppend");
    row.push_back(blind != info.end() && blind->is_boolean()
                      ? ResultBuilder::Bool(blind->get<bool>())
                      : columnar::Scalar::Null(SqlType::Boolean()));
    for (const char* c : {"operationMetrics", "userMetadata", "engineInfo"}) {
      row.push_back(ResultBuilder::OptStr(DescribeJsonField(info, c)));
    }
    out.AddRow(std::move(row));
  }
  return out.Finish();
}

}  // namespace lakeml::sql
