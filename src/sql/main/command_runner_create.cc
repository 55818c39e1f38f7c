// CommandRunner: CREATE TABLE (managed, external, CTAS) and CREATE VIEW.
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "base/str_cat.h"
#include "catalog/catalog.h"
#include "catalog/catalog_error.h"
#include "delta/snapshot.h"
#include "delta/table_writer.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/main/command_runner.h"
#include "sql/parser/ast_printer.h"
#include "sql/parser/parser.h"

namespace lakeml::sql {
namespace {

// The first one-part table name in `node` that is a temporary view (not shadowed by a CTE of
// the same name anywhere in the query), or "" when there is none: a persistent view may not
// depend on it.
std::string FindTempViewReference(const AstNode& node, const SessionState& session,
                                  std::vector<std::string>* ctes) {
  if (node.kind == NodeKind::kCte) {
    ctes->push_back(catalog::QualifiedName::NormalizePart(node.text));
  }
  if (node.kind == NodeKind::kTableName && node.names.size() == 1) {
    const std::string key = catalog::QualifiedName::NormalizePart(node.names[0]);
    if (session.temp_views.count(key) > 0 &&
        std::find(ctes->begin(), ctes->end(), key) == ctes->end()) {
      return key;
    }
  }
  for (const auto& c : node.children) {
    if (c == nullptr) continue;
    std::string found = FindTempViewReference(*c, session, ctes);
    if (!found.empty()) return found;
  }
  return "";
}

// COLUMN_ALREADY_EXISTS when `name` is among `fields` (names are case-insensitive).
Status CheckNewColumnName(const std::vector<columnar::Field>& fields, const std::string& name,
                          SourcePosition pos) {
  for (const columnar::Field& f : fields) {
    if (catalog::QualifiedName::NormalizePart(f.name) ==
        catalog::QualifiedName::NormalizePart(name)) {
      return SqlError::At(pos, "COLUMN_ALREADY_EXISTS", "42711",
                          StrCat("The column `", name,
                                 "` already exists. Choose another name or rename the existing "
                                 "column."));
    }
  }
  return Status::OK();
}

// The clauses of CREATE TABLE that lakeml honours.
struct CreateTableClauses {
  std::string format = "delta";
  std::optional<std::string> location;
  std::vector<std::string> partition_by;
  std::string comment;
  std::vector<std::pair<std::string, std::string>> properties;
};

std::string PropertyValueText(const AstNode& value) {
  if (value.kind == NodeKind::kLiteral) {
    if (value.op == "TRUE" || value.op == "FALSE") return value.op == "TRUE" ? "true" : "false";
    return value.text;
  }
  return AstPrinter::Print(value);
}

Result<CreateTableClauses> ReadCreateTableClauses(const AstNode& create, size_t first, size_t end) {
  CreateTableClauses out;
  for (size_t i = first; i < end; ++i) {
    const AstNode* clause = create.children[i].get();
    if (clause == nullptr) continue;
    if (clause->op == "USING") {
      out.format = catalog::QualifiedName::NormalizePart(clause->names[0]);
    } else if (clause->op == "LOCATION") {
      out.location = clause->text;
    } else if (clause->op == "PARTITIONED BY") {
      out.partition_by = clause->names;
    } else if (clause->op == "COMMENT") {
      out.comment = clause->text;
    } else if (clause->op == "TBLPROPERTIES") {
      for (const auto& p : clause->children) {
        out.properties.emplace_back(p->text,
                                    p->children.empty() ? "" : PropertyValueText(*p->children[0]));
      }
    } else {
      return SqlError::Unsupported(clause->pos, StrCat(clause->op, " in CREATE TABLE"));
    }
  }
  if (out.format != "delta") {
    return SqlError::Unsupported(create.pos, StrCat("CREATE TABLE USING ", out.format));
  }
  return out;
}

// The table schema of CREATE TABLE's column list (column comments as Delta field metadata).
Result<columnar::SchemaPtr> SchemaFromColumnDefs(const AstNode& columns) {
  std::vector<columnar::Field> fields;
  for (const auto& def : columns.children) {
    if (def->kind != NodeKind::kColumnDef) {
      return SqlError::Unsupported(def->pos, "table constraints");
    }
    columnar::Field field;
    field.name = def->text;
    LAKEML_ASSIGN_OR_RETURN(field.type, SqlType::FromAst(*def->children[0]));
    field.nullable = !def->Has(AstNode::kFlagNotNull);
    for (size_t i = 1; i < def->children.size(); ++i) {
      const AstNode& option = *def->children[i];
      if (option.op == "COMMENT") {
        field.metadata.emplace_back("comment", nlohmann::json(option.text).dump());
      } else {
        return SqlError::Unsupported(option.pos, StrCat(option.op, " on a column"));
      }
    }
    LAKEML_RETURN_IF_ERROR(CheckNewColumnName(fields, field.name, def->pos));
    fields.push_back(std::move(field));
  }
  return std::make_shared<columnar::Schema>(std::move(fields));
}

// interval-values: Delta stores no interval columns (Delta's schema type check).
bool HasIntervalType(const columnar::DataType& t) {
  if (t.id() == TypeId::kYearMonthInterval || t.id() == TypeId::kDayTimeInterval) return true;
  for (const columnar::Field& c : t.children()) {
    if (HasIntervalType(*c.type)) return true;
  }
  return false;
}

Status CheckDeltaColumnTypes(const columnar::Schema& schema, SourcePosition pos) {
  std::string bad;
  for (const columnar::Field& f : schema.fields()) {
    if (!HasIntervalType(*f.type)) continue;
    bad += StrCat(bad.empty() ? "" : ", ", f.name, ": ", SqlType::SqlName(f.type));
  }
  if (bad.empty()) return Status::OK();
  return SqlError::At(pos, "DELTA_UNSUPPORTED_DATA_TYPES", "0AKDC",
                      StrCat("Found columns using unsupported data types: [", bad,
                             "]. Delta tables cannot store interval values; cast them to a "
                             "number (for example with extract or unix_seconds) first."));
}

std::string AbsoluteLocation(const std::string& path) {
  std::error_code ec;
  std::string out = std::filesystem::absolute(path, ec).lexically_normal().string();
  if (ec) out = path;
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace

Result<std::unique_ptr<QueryResult>> CommandRunner::CreateTable(const AstNode& create) {
  LAKEML_ASSIGN_OR_RETURN(catalog::Catalog * cat, RequireCatalog(create.pos));
  if (create.Has(AstNode::kFlagTemp)) {
    return SqlError::Unsupported(create.pos, "CREATE TEMPORARY TABLE");
  }
  if (create.Has(AstNode::kFlagOrReplace)) {
    return SqlError::Unsupported(create.pos, "CREATE OR REPLACE TABLE");
  }
  const AstNode* columns = create.children.empty() ? nullptr : create.children[0].get();
  const AstNode* query = nullptr;
  size_t end = create.children.size();
  if (end > 1 && create.children.back() != nullptr &&
      create.children.back()->kind == NodeKind::kQuery) {
    query = create.children.back().get();
    --end;
  }
  LAKEML_ASSIGN_OR_RETURN(CreateTableClauses clauses, ReadCreateTableClauses(create, 1, end));
  if (create.Has(AstNode::kFlagExternal) && !clauses.location) {
    return SqlError::At(create.pos, "CREATE_EXTERNAL_TABLE_WITHOUT_LOCATION", "42601",
                        "CREATE EXTERNAL TABLE must be accompanied by LOCATION.");
  }
  if (query != nullptr && columns != nullptr) {
    return SqlError::Unsupported(create.pos, "a column list with CREATE TABLE AS SELECT");
  }
  LAKEML_ASSIGN_OR_RETURN(catalog::QualifiedName name,
                          resolver_->Qualify(create.names, create.pos));
  LAKEML_ASSIGN_OR_RETURN(std::optional<catalog::TableEntry> existing, cat->LookupTable(name));
  if (existing) {
    if (create.Has(AstNode::kFlagIfNotExists)) return NoRows();
    return catalog::CatalogError::TableOrViewAlreadyExists(name);
  }
  LAKEML_ASSIGN_OR_RETURN(bool catalog_exists, cat->CatalogExists(name.catalog));
  if (!catalog_exists) return catalog::CatalogError::CatalogNotFound(name.catalog);
  LAKEML_ASSIGN_OR_RETURN(bool schema_exists, cat->SchemaExists(name.catalog, name.schema));
  if (!schema_exists) return catalog::CatalogError::SchemaNotFound(name.catalog, name.schema);

  columnar::SchemaPtr schema;
  if (columns != nullptr) {
    LAKEML_ASSIGN_OR_RETURN(schema, SchemaFromColumnDefs(*columns));
  }
  // CTAS runs its query before anything is registered, so a failing query leaves no table.
  std::unique_ptr<QueryResult> rows;
  if (query != nullptr) {
    LAKEML_ASSIGN_OR_RETURN(rows, run_query_(*query));
    schema = rows->schema();
    std::vector<columnar::Field> seen;
    for (const columnar::Field& f : schema->fields()) {
      LAKEML_RETURN_IF_ERROR(CheckNewColumnName(seen, f.name, query->pos));
      seen.push_back(f);
    }
  }
  if (schema != nullptr) LAKEML_RETURN_IF_ERROR(CheckDeltaColumnTypes(*schema, create.pos));

  catalog::TableEntry entry;
  entry.name = name;
  entry.format = "delta";
  entry.comment = clauses.comment;
  entry.properties = clauses.properties;
  bool register_existing = false;
  if (clauses.location) {
    entry.kind = catalog::TableKind::kExternal;
    entry.location = AbsoluteLocation(*clauses.location);
    LAKEML_ASSIGN_OR_RETURN(bool has_log, db_->fs()->Exists(entry.location + "/_delta_log"));
    if (has_log) {
      if (query != nullptr) {
        return SqlError::At(
            create.pos, "DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION", "42601",
            StrCat("Cannot create table (", name.ToQuotedString(), "). The associated location (",
                   entry.location, ") is not empty and also not a Delta table."));
      }
      register_existing = true;
    } else {
      Result<std::vector<io::FileInfo>> listing = db_->fs()->List(entry.location);
      if (listing.ok() && !listing->empty()) {
        return SqlError::At(
            create.pos, "DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION", "42601",
            StrCat("Cannot create table (", name.ToQuotedString(), "). The associated location (",
                   entry.location, ") is not empty and also not a Delta table."));
      }
    }
  } else {
    entry.kind = catalog::TableKind::kManaged;
  }
  if (schema == nullptr && !register_existing) {
    return SqlError::At(create.pos, "DELTA_SCHEMA_NOT_PROVIDED", "42908",
                        "Table schema is not provided. Please provide the schema (column "
                        "definition) of the table when using CREATE TABLE without AS SELECT.");
  }
  if (register_existing && schema != nullptr) {
    Result<delta::SnapshotPtr> snap = delta::Snapshot::Load(db_->fs(), entry.location);
    if (!snap.ok()) return snap.status();
    const columnar::Schema& actual = *(*snap)->schema();
    bool same = actual.num_fields() == schema->num_fields();
    for (size_t i = 0; same && i < actual.num_fields(); ++i) {
      same = catalog::QualifiedName::NormalizePart(actual.field(i).name) ==
                 catalog::QualifiedName::NormalizePart(schema->field(i).name) &&
             actual.field(i).type->Equals(*schema->field(i).type);
    }
    if (!same) {
      return SqlError::At(create.pos, "DELTA_CREATE_TABLE_SCHEMA_MISMATCH", "42KD7",
                          StrCat("The specified schema does not match the existing schema at ",
                                 entry.location, "."));
    }
  }

  if (schema != nullptr) {
    for (const std::string& p : clauses.partition_by) {
      bool found = false;
      std::string defined;
      for (const columnar::Field& f : schema->fields()) {
        found = found || f.name == p;
        defined += StrCat(defined.empty() ? "" : ", ", "`", f.name, "`");
      }
      if (!found) {
        return SqlError::At(
            create.pos, "COLUMN_NOT_DEFINED_IN_TABLE", "42703",
            StrCat("partition column `", p, "` is not defined in table ", name.ToQuotedString(),
                   ", defined table columns are: ", defined, "."));
      }
    }
  }
  // Register first: the catalog row is what makes two racing CREATEs see one winner.
  LAKEML_ASSIGN_OR_RETURN(catalog::TableEntry stored,
                          cat->CreateTable(std::move(entry), /*if_not_exists=*/false,
                                           /*or_replace=*/false));
  if (register_existing) return NoRows();
  delta::WriteOptions options;
  options.partition_by = clauses.partition_by;
  for (const auto& [k, v] : clauses.properties) options.properties[k] = v;
  if (!clauses.comment.empty()) options.description = clauses.comment;
  options.num_threads = db_->threads();
  Status written;
  if (rows != nullptr) {
    std::vector<columnar::BatchPtr> batches = rows->batches();
    size_t next = 0;
    delta::BatchSource source = [&]() -> Result<columnar::BatchPtr> {
      if (next == batches.size()) return columnar::BatchPtr();
      return batches[next++];
    };
    written =
        delta::TableWriter::Write(db_->fs(), stored.location, schema, source, options).status();
  } else {
    written = delta::TableWriter::Create(db_->fs(), stored.location, *schema, options).status();
  }
  if (!written.ok()) {
    // Undo the registration (and a managed table's partial files).
    (void)cat->RemoveTable(stored.name, /*if_exists=*/true);
    (void)DeleteManagedFiles(stored);
    return written;
  }
  return NoRows();
}

Result<std::unique_ptr<QueryResult>> CommandRunner::CreateView(const AstNode& create) {
  const AstNode& query = *create.children.back();
  std::string comment;
  for (size_t i = 0; i + 1 < create.children.size(); ++i) {
    const AstNode& clause = *create.children[i];
    if (clause.op == "COMMENT") {
      comment = clause.text;
    } else {
      return SqlError::Unsupported(clause.pos, StrCat(clause.op, " on a view"));
    }
  }
  // Bind now: a view over a missing table or column fails at CREATE, as in Spark.
  Binder binder(resolver_);
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr plan, binder.BindQuery(query));
  std::vector<std::string> columns = create.alias_columns;
  if (!columns.empty() && columns.size() != plan->columns.size()) {
    return SqlError::At(create.pos, "CREATE_VIEW_COLUMN_ARITY_MISMATCH", "21S01",
                        StrCat("Cannot create view ", AstPrinter::Name(create.names),
                               ", the reason is not enough or too many data columns:\n"
                               "View columns: ",
                               columns.size(), ".\nData columns: ", plan->columns.size(), "."));
  }
  if (columns.empty()) {
    for (const auto& c : plan->columns) columns.push_back(c.name);
  }
  const std::string text = AstPrinter::Print(query);
  const bool or_replace = create.Has(AstNode::kFlagOrReplace);
  const bool if_not_exists = create.Has(AstNode::kFlagIfNotExists);
  if (create.Has(AstNode::kFlagTemp)) {
    if (create.names.size() != 1) {
      return SqlError::At(create.pos, "TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS", "428EK",
                          StrCat("CREATE TEMPORARY VIEW or the corresponding Dataset APIs only "
                                 "accept single-part view names, but got: ",
                                 AstPrinter::Name(create.names), "."));
    }
    const std::string key = catalog::QualifiedName::NormalizePart(create.names[0]);
    if (session_->temp_views.count(key) > 0 && !or_replace) {
      if (if_not_exists) return NoRows();
      return SqlError::At(create.pos, "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", "42P07",
                          StrCat("Cannot create the temporary view `", key,
                                 "` because it already exists.\nChoose a different name, drop "
                                 "or replace the existing view, or add the IF NOT EXISTS clause "
                                 "to tolerate pre-existing views."));
    }
    LAKEML_ASSIGN_OR_RETURN(std::vector<std::unique_ptr<Statement>> parsed, Parser::Parse(text));
    TempView view;
    view.text = text;
    view.query = std::shared_ptr<const AstNode>(std::move(parsed[0]));
    view.columns = std::move(columns);
    session_->temp_views[key] = std::move(view);
    return NoRows();
  }
  LAKEML_ASSIGN_OR_RETURN(catalog::Catalog * cat, RequireCatalog(create.pos));
  LAKEML_ASSIGN_OR_RETURN(catalog::QualifiedName name,
                          resolver_->Qualify(create.names, create.pos));
  std::vector<std::string> ctes;
  const std::string temp = FindTempViewReference(query, *session_, &ctes);
  if (!temp.empty()) {
    return SqlError::At(create.pos, "INVALID_TEMP_OBJ_REFERENCE", "42K0F",
                        StrCat("Cannot create the persistent object ", name.ToQuotedString(),
                               " of the type VIEW because it references to the temporary object `",
                               temp, "` of the type VIEW. Please make the temporary object `",
                               temp, "` persistent, or make the persistent object ",
                               name.ToQuotedString(), " temporary."));
  }
  catalog::TableEntry entry;
  entry.name = name;
  entry.kind = catalog::TableKind::kView;
  entry.comment = comment;
  entry.view_text = text;
  entry.view_columns = std::move(columns);
  LAKEML_RETURN_IF_ERROR(cat->CreateTable(std::move(entry), if_not_exists, or_replace).status());
  return NoRows();
}

}  // namespace lakeml::sql
