#include "sql/main/command_runner.h"

#include <filesystem>
#include <system_error>

#include "base/str_cat.h"
#include "catalog/catalog.h"
#include "catalog/catalog_error.h"
#include "sql/common/sql_error.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {

bool CommandRunner::Handles(NodeKind kind) {
  switch (kind) {
    case NodeKind::kUse:
    case NodeKind::kShow:
    case NodeKind::kDescribe:
    case NodeKind::kCreateSchema:
    case NodeKind::kCreateTable:
    case NodeKind::kCreateView:
    case NodeKind::kDrop:
      return true;
    default:
      return false;
  }
}

Result<std::unique_ptr<QueryResult>> CommandRunner::Run(const Statement& statement) {
  switch (statement.kind) {
    case NodeKind::kUse:
      return Use(statement);
    case NodeKind::kShow:
      return Show(statement);
    case NodeKind::kDescribe:
      return Describe(statement);
    case NodeKind::kCreateSchema:
      return CreateSchema(statement);
    case NodeKind::kCreateTable:
      return CreateTable(statement);
    case NodeKind::kCreateView:
      return CreateView(statement);
    case NodeKind::kDrop:
      return Drop(statement);
    default:
      return SqlError::Unsupported(statement.pos,
                                   StrCat("statement ", NodeKindName(statement.kind)));
  }
}

std::unique_ptr<QueryResult> CommandRunner::NoRows() {
  return std::make_unique<QueryResult>(std::vector<std::string>{}, std::vector<columnar::TypePtr>{},
                                       std::vector<Chunk>{});
}

Result<catalog::Catalog*> CommandRunner::RequireCatalog(SourcePosition pos) const {
  if (db_->catalog() == nullptr) {
    return SqlError::Unsupported(pos, "catalog statements without a warehouse (--warehouse)");
  }
  return db_->catalog();
}

Result<std::pair<std::string, std::string>> CommandRunner::SchemaName(
    const std::vector<std::string>& names, SourcePosition pos) const {
  if (names.size() == 1) {
    return std::make_pair(session_->catalog, catalog::QualifiedName::NormalizePart(names[0]));
  }
  if (names.size() == 2) {
    return std::make_pair(catalog::QualifiedName::NormalizePart(names[0]),
                          catalog::QualifiedName::NormalizePart(names[1]));
  }
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    text += StrCat(i ? "." : "", catalog::QualifiedName::Quote(names[i]));
  }
  return SqlError::At(
      pos, "REQUIRES_SINGLE_PART_NAMESPACE", "42K05",
      StrCat("The schema name ", text, " has more than 2 parts: use catalog.schema."));
}

Status CommandRunner::DeleteManagedFiles(const catalog::TableEntry& entry) const {
  if (entry.kind != catalog::TableKind::kManaged || entry.location.empty()) return Status::OK();
  // Never delete outside the warehouse's managed area, whatever the row says.
  const std::string managed_root = db_->catalog()->warehouse().dir() + "/tables/";
  if (entry.location.compare(0, managed_root.size(), managed_root) != 0 ||
      entry.location.find("..") != std::string::npos) {
    return Status::OK();
  }
  std::error_code ec;
  std::filesystem::remove_all(entry.location, ec);
  if (ec) {
    return Status::IOError("Cannot delete the managed table directory ", entry.location, ": ",
                           ec.message());
  }
  return Status::OK();
}

Result<std::unique_ptr<QueryResult>> CommandRunner::Use(const AstNode& use) {
  LAKEML_ASSIGN_OR_RETURN(catalog::Catalog * cat, RequireCatalog(use.pos));
  if (use.op == "CATALOG") {
    if (use.names.size() != 1) {
      return SqlError::At(
          use.pos, "INVALID_SCHEMA_OR_RELATION_NAME", "42602",
          StrCat("`", AstPrinter::Name(use.names), "` is not a valid catalog name."));
    }
    const std::string name = catalog::QualifiedName::NormalizePart(use.names[0]);
    LAKEML_ASSIGN_OR_RETURN(bool exists, cat->CatalogExists(name));
    if (!exists) return catalog::CatalogError::CatalogNotFound(name);
    session_->catalog = name;
    session_->schema = std::string(catalog::Catalog::kDefaultSchema);
  } else {
    LAKEML_ASSIGN_OR_RETURN(auto name, SchemaName(use.names, use.pos));
    LAKEML_ASSIGN_OR_RETURN(bool catalog_exists, cat->CatalogExists(name.first));
    if (!catalog_exists) return catalog::CatalogError::CatalogNotFound(name.first);
    LAKEML_ASSIGN_OR_RETURN(bool exists, cat->SchemaExists(name.first, name.second));
    if (!exists) return catalog::CatalogError::SchemaNotFound(name.first, name.second);
    session_->catalog = name.first;
    session_->schema = name.second;
  }
  return NoRows();
}

Result<std::unique_ptr<QueryResult>> CommandRunner::CreateSchema(const AstNode& create) {
  LAKEML_ASSIGN_OR_RETURN(catalog::Catalog * cat, RequireCatalog(create.pos));
  std::string comment;
  for (const auto& clause : create.children) {
    if (clause == nullptr) continue;
    if (clause->op == "COMMENT") {
      comment = clause->text;
    } else {
      return SqlError::Unsupported(clause->pos, StrCat(clause->op, " on ", create.op));
    }
  }
  const bool if_not_exists = create.Has(AstNode::kFlagIfNotExists);
  if (create.op == "CATALOG") {
    if (create.names.size() != 1) {
      return SqlError::At(
          create.pos, "INVALID_SCHEMA_OR_RELATION_NAME", "42602",
          StrCat("`", AstPrinter::Name(create.names), "` is not a valid catalog name."));
    }
    LAKEML_RETURN_IF_ERROR(cat->CreateCatalog(create.names[0], if_not_exists, comment));
  } else {
    LAKEML_ASSIGN_OR_RETURN(auto name, SchemaName(create.names, create.pos));
    LAKEML_RETURN_IF_ERROR(cat->CreateSchema(name.first, name.second, if_not_exists, comment));
  }
  return NoRows();
}

Result<std::unique_ptr<QueryResult>> CommandRunner::Drop(const AstNode& drop) {
  if (drop.op == "TABLE" || drop.op == "VIEW") return DropTableOrView(drop);
  LAKEML_ASSIGN_OR_RETURN(catalog::Catalog * cat, RequireCatalog(drop.pos));
  const bool if_exists = drop.Has(AstNode::kFlagIfExists);
  const bool cascade = drop.Has(AstNode::kFlagCascade);
  std::vector<catalog::TableEntry> dropped;
  if (drop.op == "CATALOG") {
    if (drop.names.size() != 1) {
      return SqlError::At(
          drop.pos, "INVALID_SCHEMA_OR_RELATION_NAME", "42602",
          StrCat("`", AstPrinter::Name(drop.names), "` is not a valid catalog name."));
    }
    LAKEML_ASSIGN_OR_RETURN(dropped, cat->RemoveCatalog(drop.names[0], if_exists, cascade));
    if (catalog::QualifiedName::NormalizePart(drop.names[0]) == session_->catalog) {
      session_->catalog = std::string(catalog::Catalog::kDefaultCatalog);
      session_->schema = std::string(catalog::Catalog::kDefaultSchema);
    }
  } else {
    LAKEML_ASSIGN_OR_RETURN(auto name, SchemaName(drop.names, drop.pos));
    LAKEML_ASSIGN_OR_RETURN(dropped,
                            cat->RemoveSchema(name.first, name.second, if_exists, cascade));
    if (name.first == session_->catalog && name.second == session_->schema) {
      session_->schema = std::string(catalog::Catalog::kDefaultSchema);
    }
  }
  for (const catalog::TableEntry& entry : dropped) {
    LAKEML_RETURN_IF_ERROR(DeleteManagedFiles(entry));
  }
  return NoRows();
}

Result<std::unique_ptr<QueryResult>> CommandRunner::DropTableOrView(const AstNode& drop) {
  const bool is_view = drop.op == "VIEW";
  const bool if_exists = drop.Has(AstNode::kFlagIfExists);
  if (drop.names.size() == 1 &&
      session_->temp_views.erase(catalog::QualifiedName::NormalizePart(drop.names[0])) > 0) {
    return NoRows();
  }
  LAKEML_ASSIGN_OR_RETURN(catalog::QualifiedName name, resolver_->Qualify(drop.names, drop.pos));
  std::optional<catalog::TableEntry> entry;
  if (db_->catalog() != nullptr) {
    LAKEML_ASSIGN_OR_RETURN(entry, db_->catalog()->LookupTable(name));
  }
  if (!entry) {
    if (if_exists) return NoRows();
    return SqlError::TableNotFound(drop.pos, name.ToQuotedString());
  }
  if (is_view != (entry->kind == catalog::TableKind::kView)) {
    return SqlError::At(
        drop.pos, "WRONG_COMMAND_FOR_OBJECT_TYPE", "42809",
        StrCat("The operation DROP ", drop.op, " requires a ", is_view ? "VIEW" : "TABLE", ". But ",
               name.ToQuotedString(), " is a ", is_view ? "TABLE" : "VIEW", ". Use DROP ",
               is_view ? "TABLE" : "VIEW", " instead."));
  }
  LAKEML_ASSIGN_OR_RETURN(std::optional<catalog::TableEntry> removed,
                          db_->catalog()->RemoveTable(name, if_exists));
  if (removed) LAKEML_RETURN_IF_ERROR(DeleteManagedFiles(*removed));
  return NoRows();
}

}  // namespace lakeml::sql
