// ModelRegistryStore: search-registered-models and search-model-versions. The filter compiles
// into one SQL statement with every user value bound: attribute clauses compare columns, each
// tag clause is an EXISTS on the (key, value) tag index. Models tagged as MLflow prompts
// (mlflow.prompt.is_prompt = 'true') are left out unless the filter asks for prompts, as in
// MLflow's registry store. Pages are MLflow's offset tokens.
#include <set>

#include "ml/registry/model_registry_store.h"
#include "ml/registry/registry_filter.h"
#include "ml/registry/registry_limits.h"
#include "ml/registry/registry_rows.h"
#include "ml/tracking/connection_pool.h"
#include "ml/tracking/mlflow_error.h"
#include "ml/tracking/page_token.h"
#include "ml/tracking/sql_builder.h"
#include "ml/tracking/tracking_limits.h"

namespace lakeml::ml {
namespace {

using Target = RegistryFilter::Target;

// DO NOT CHANGE: MLflow's prompt marker tag (mlflow/entities/model_registry/prompt_version.py).
constexpr std::string_view kIsPromptTag = "mlflow.prompt.is_prompt";

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// MLflow's _is_querying_prompt: the filter selects prompts explicitly.
bool QueriesPrompts(const std::vector<FilterClause>& clauses) {
  for (const FilterClause& c : clauses) {
    if (c.entity != FilterEntity::kTag || c.key != kIsPromptTag) continue;
    const std::string value = LowerCopy(c.text);
    return (c.op == FilterOp::kEq && value == "true") ||
           (c.op == FilterOp::kNe && value == "false");
  }
  return false;
}

// The WHERE conditions (each prefixed " AND ") of `clauses` for `target`: attribute columns of
// tables m (models) and v (versions); tag clauses as EXISTS on the target's tag table.
SqlBuilder WhereClauses(const std::vector<FilterClause>& clauses, Target target) {
  const bool prompts = QueriesPrompts(clauses);
  const bool versions = target == Target::kModelVersions;
  const std::string_view tag_exists =
      versions ? " AND EXISTS (SELECT 1 FROM mlflow_model_version_tags t WHERE t.model_key = "
                 "v.model_key AND t.version = v.version AND t.key = "
               : " AND EXISTS (SELECT 1 FROM mlflow_registered_model_tags t WHERE t.model_key = "
                 "m.model_key AND t.key = ";
  SqlBuilder where;
  for (const FilterClause& c : clauses) {
    if (c.entity == FilterEntity::kTag) {
      // Without a prompt query, a clause on the prompt tag is dropped (MLflow pops it).
      if (!prompts && c.key == kIsPromptTag) continue;
      where.Append(tag_exists).Bind(c.key).Append(" AND ");
      where.Comparison("t.value", c);
      where.Append(")");
      continue;
    }
    where.Append(" AND ");
    where.Comparison(c.key == "name" ? std::string("m.name") : StrCat("v.", c.key), c);
  }
  if (!prompts) {
    where.Append(versions ? " AND NOT EXISTS (SELECT 1 FROM mlflow_model_version_tags p WHERE "
                            "p.model_key = v.model_key AND p.key = "
                          : " AND NOT EXISTS (SELECT 1 FROM mlflow_registered_model_tags p WHERE "
                            "p.model_key = m.model_key AND p.key = ");
    where.Bind(std::string(kIsPromptTag)).Append(" AND p.value = 'true')");
  }
  return where;
}

// " ORDER BY ..." for `order_by` plus MLflow's tie-breakers (name ASC; for versions also
// version DESC).
Result<std::string> OrderBySql(const std::vector<std::string>& order_by, Target target) {
  const std::string_view table = target == Target::kModelVersions ? "v." : "m.";
  std::string sql = " ORDER BY ";
  std::set<std::string> seen;
  for (const std::string& text : order_by) {
    LAKEML_ASSIGN_OR_RETURN(OrderByClause clause, RegistryFilter::ParseOrderBy(text, target));
    if (!seen.insert(clause.key).second) {
      std::string list = "[";
      for (size_t i = 0; i < order_by.size(); ++i) {
        list += StrCat(i ? ", '" : "'", order_by[i], "'");
      }
      return MlflowError::InvalidParameterValue("`order_by` contains duplicate fields: ", list,
                                                "]");
    }
    sql += StrCat(seen.size() > 1 ? ", " : "", clause.key == "name" ? "m." : table, clause.key,
                  clause.ascending ? " ASC" : " DESC");
  }
  if (seen.count("name") == 0) sql += StrCat(seen.empty() ? "" : ", ", "m.name ASC");
  if (target == Target::kModelVersions && seen.count("version") == 0) sql += ", v.version DESC";
  return sql;
}

// Runs `query` (selecting model_key and, for versions, version) with LIMIT max_results + 1
// OFFSET offset; returns the keys and whether there are more.
Result<std::vector<std::pair<int64_t, int64_t>>> RunKeyQuery(TrackingConnection& conn,
                                                             SqlBuilder& query, int64_t max_results,
                                                             int64_t offset, bool* more) {
  query.Append(" LIMIT ").Bind(max_results + 1).Append(" OFFSET ").Bind(offset);
  LAKEML_ASSIGN_OR_RETURN(metastore::SqliteStatement stmt, conn.db->Prepare(query.sql()));
  LAKEML_RETURN_IF_ERROR(query.BindAll(stmt));
  std::vector<std::pair<int64_t, int64_t>> keys;
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    keys.emplace_back(stmt.ColumnInt64(0), stmt.ColumnCount() > 1 ? stmt.ColumnInt64(1) : 0);
  }
  *more = static_cast<int64_t>(keys.size()) > max_results;
  if (*more) keys.pop_back();
  return keys;
}

}  // namespace

Result<SearchRegisteredModelsPage> ModelRegistryStore::SearchRegisteredModels(
    const SearchRegisteredModelsRequest& request) {
  LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateMaxResults(
      request.max_results, RegistryLimits::kSearchRegisteredModelsMax));
  LAKEML_ASSIGN_OR_RETURN(std::vector<FilterClause> clauses,
                          RegistryFilter::Parse(request.filter, Target::kRegisteredModels));
  LAKEML_ASSIGN_OR_RETURN(std::string order_sql,
                          OrderBySql(request.order_by, Target::kRegisteredModels));
  LAKEML_ASSIGN_OR_RETURN(int64_t offset, PageToken::Decode(request.page_token));
  SqlBuilder query;
  query.Append("SELECT m.model_key FROM mlflow_registered_models m WHERE 1");
  query.AppendBuilder(WhereClauses(clauses, Target::kRegisteredModels)).Append(order_sql);

  SearchRegisteredModelsPage page;
  LAKEML_ASSIGN_OR_RETURN(auto conn, readers_->Acquire());
  LAKEML_RETURN_IF_ERROR(conn->db->ReadTransaction([&]() -> Status {
    bool more = false;
    LAKEML_ASSIGN_OR_RETURN(auto keys,
                            RunKeyQuery(*conn, query, request.max_results, offset, &more));
    for (const auto& key : keys) {
      LAKEML_ASSIGN_OR_RETURN(RegisteredModel model, RegistryRows::LoadModel(*conn, key.first));
      page.registered_models.push_back(std::move(model));
    }
    if (more) page.next_page_token = PageToken::Encode(offset + request.max_results);
    return Status::OK();
  }));
  return page;
}

Result<SearchModelVersionsPage> ModelRegistryStore::SearchModelVersions(
    const SearchModelVersionsRequest& request) {
  if (request.max_results < 1) {
    return MlflowError::InvalidParameterValue(
        "Invalid value for max_results. It must be a positive integer, but got ",
        request.max_results);
  }
  LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateMaxResults(
      request.max_results, RegistryLimits::kSearchModelVersionsMax));
  LAKEML_ASSIGN_OR_RETURN(std::vector<FilterClause> clauses,
                          RegistryFilter::Parse(request.filter, Target::kModelVersions));
  static const std::vector<std::string> kDefaultOrder = {"last_updated_timestamp DESC", "name ASC",
                                                         "version_number DESC"};
  LAKEML_ASSIGN_OR_RETURN(std::string order_sql,
                          OrderBySql(request.order_by.empty() ? kDefaultOrder : request.order_by,
                                     Target::kModelVersions));
  LAKEML_ASSIGN_OR_RETURN(int64_t offset, PageToken::Decode(request.page_token));
  SqlBuilder query;
  query.Append(
      "SELECT v.model_key, v.version FROM mlflow_model_versions v JOIN mlflow_registered_models "
      "m ON m.model_key = v.model_key WHERE v.current_stage != 'Deleted_Internal'");
  query.AppendBuilder(WhereClauses(clauses, Target::kModelVersions)).Append(order_sql);

  SearchModelVersionsPage page;
  LAKEML_ASSIGN_OR_RETURN(auto conn, readers_->Acquire());
  LAKEML_RETURN_IF_ERROR(conn->db->ReadTransaction([&]() -> Status {
    bool more = false;
    LAKEML_ASSIGN_OR_RETURN(auto keys,
                            RunKeyQuery(*conn, query, request.max_results, offset, &more));
    page.model_versions.reserve(keys.size());
    for (const auto& key : keys) {
      LAKEML_ASSIGN_OR_RETURN(ModelVersion v,
                              RegistryRows::LoadVersion(*conn, key.first, key.second));
      page.model_versions.push_back(std::move(v));
    }
    if (more) page.next_page_token = PageToken::Encode(offset + request.max_results);
    return Status::OK();
  }));
  return page;
}

}  // namespace lakeml::ml
