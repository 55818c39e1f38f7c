// CommandRunner: SHOW CATALOGS, SCHEMAS, TABLES, VIEWS and COLUMNS.
#include "base/str_cat.h"
#include "catalog/catalog.h"
#include "catalog/catalog_error.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/main/command_runner.h"
#include "sql/main/result_builder.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

// One alternative of a SHOW ... LIKE pattern: `*` matches any characters; the rest literally,
// ASCII case-insensitively. Iterative with backtracking to the last `*`: linear space, no
// recursion.
bool ShowGlobMatches(std::string_view pattern, std::string_view text) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && lower(pattern[p]) == lower(text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// Spark's SHOW pattern: alternatives separated by `|`, each trimmed; no pattern matches all.
bool ShowPatternMatches(const AstNode& show, std::string_view name) {
  if (!show.Has(AstNode::kFlagHasLike)) return true;
  std::string_view pattern = show.text;
  while (true) {
    const size_t bar = pattern.find('|');
    std::string_view alt = pattern.substr(0, bar);
    while (!alt.empty() && alt.front() == ' ') alt.remove_prefix(1);
    while (!alt.empty() && alt.back() == ' ') alt.remove_suffix(1);
    if (ShowGlobMatches(alt, name)) return true;
    if (bar == std::string_view::npos) return false;
    pattern.remove_prefix(bar + 1);
  }
}

}  // namespace

Result<std::unique_ptr<QueryResult>> CommandRunner::Show(const AstNode& show) {
  if (show.op == "TABLES") return ShowTables(show, /*views_only=*/false);
  if (show.op == "VIEWS") return ShowTables(show, /*views_only=*/true);
  if (show.op == "COLUMNS") return ShowColumns(show);
  LAKEML_ASSIGN_OR_RETURN(catalog::Catalog * cat, RequireCatalog(show.pos));
  ResultBuilder out;
  if (show.op == "CATALOGS") {
    out.Column("catalog", SqlType::String());
    LAKEML_ASSIGN_OR_RETURN(std::vector<std::string> names, cat->ListCatalogs());
    for (const std::string& n : names) {
      if (ShowPatternMatches(show, n)) out.AddRow({ResultBuilder::Str(n)});
    }
    return out.Finish();
  }
  // SHOW SCHEMAS [IN catalog].
  std::string catalog_name = session_->catalog;
  if (show.names.size() == 1) {
    catalog_name = catalog::QualifiedName::NormalizePart(show.names[0]);
  } else if (show.names.size() > 1) {
    return SqlError::At(
        show.pos, "INVALID_SCHEMA_OR_RELATION_NAME", "42602",
        StrCat("`", AstPrinter::Name(show.names), "` is not a valid catalog name."));
  }
  LAKEML_ASSIGN_OR_RETURN(bool exists, cat->CatalogExists(catalog_name));
  if (!exists) return catalog::CatalogError::CatalogNotFound(catalog_name);
  out.Column("databaseName", SqlType::String());
  LAKEML_ASSIGN_OR_RETURN(std::vector<std::string> names, cat->ListSchemas(catalog_name));
  for (const std::string& n : names) {
    if (ShowPatternMatches(show, n)) out.AddRow({ResultBuilder::Str(n)});
  }
  return out.Finish();
}

Result<std::unique_ptr<QueryResult>> CommandRunner::ShowTables(const AstNode& show,
                                                               bool views_only) {
  LAKEML_ASSIGN_OR_RETURN(catalog::Catalog * cat, RequireCatalog(show.pos));
  std::pair<std::string, std::string> schema = {session_->catalog, session_->schema};
  if (!show.names.empty()) {
    LAKEML_ASSIGN_OR_RETURN(schema, SchemaName(show.names, show.pos));
  }
  LAKEML_ASSIGN_OR_RETURN(bool catalog_exists, cat->CatalogExists(schema.first));
  if (!catalog_exists) return catalog::CatalogError::CatalogNotFound(schema.first);
  LAKEML_ASSIGN_OR_RETURN(bool exists, cat->SchemaExists(schema.first, schema.second));
  if (!exists) return catalog::CatalogError::SchemaNotFound(schema.first, schema.second);
  ResultBuilder out;
  out.Column("namespace", SqlType::String());
  out.Column(views_only ? "viewName" : "tableName", SqlType::String());
  out.Column("isTemporary", SqlType::Boolean());
  LAKEML_ASSIGN_OR_RETURN(std::vector<catalog::TableEntry> tables,
                          cat->ListTables(schema.first, schema.second));
  for (const catalog::TableEntry& t : tables) {
    if (views_only && t.kind != catalog::TableKind::kView) continue;
    if (!ShowPatternMatches(show, t.name.name)) continue;
    out.AddRow({ResultBuilder::Str(schema.second), ResultBuilder::Str(t.name.name),
                ResultBuilder::Bool(false)});
  }
  for (const auto& [name, view] : session_->temp_views) {
    if (!ShowPatternMatches(show, name)) continue;
    out.AddRow({ResultBuilder::Str(""), ResultBuilder::Str(name), ResultBuilder::Bool(true)});
  }
  return out.Finish();
}

Result<std::unique_ptr<QueryResult>> CommandRunner::ShowColumns(const AstNode& show) {
  LAKEML_ASSIGN_OR_RETURN(std::vector<columnar::Field> fields, ColumnsOf(show));
  ResultBuilder out;
  out.Column("col_name", SqlType::String());
  for (const columnar::Field& f : fields) out.AddRow({ResultBuilder::Str(f.name)});
  return out.Finish();
}

}  // namespace lakeml::sql
