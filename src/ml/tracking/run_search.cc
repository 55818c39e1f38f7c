// TrackingStore: search-runs. The filter and order_by compile into one parameterized SQL query:
// each metric, param and tag comparison is an inner join on its table's (key, value) index, so
// SQLite can start from the most selective one, and ordering by a metric that a filter already
// joins walks that index instead of sorting.
#include <map>

#include "ml/tracking/connection_pool.h"
#include "ml/tracking/mlflow_error.h"
#include "ml/tracking/page_token.h"
#include "ml/tracking/run_row.h"
#include "ml/tracking/search_filter.h"
#include "ml/tracking/sql_builder.h"
#include "ml/tracking/tracking_limits.h"
#include "ml/tracking/tracking_store.h"

namespace lakeml::ml {
namespace {

// DO NOT CHANGE: the dataset context lives in this input tag (mlflow/utils/mlflow_tags.py).
constexpr std::string_view kDatasetContextTag = "mlflow.data.context";

std::string_view RunColumnOf(std::string_view attribute) {
  if (attribute == "run_id") return "r.run_uuid";
  if (attribute == "run_name") return "r.name";
  if (attribute == "status") return "r.status";
  if (attribute == "user_id") return "r.user_id";
  if (attribute == "artifact_uri") return "r.artifact_uri";
  if (attribute == "end_time") return "r.end_time";
  return "r.start_time";
}

std::string_view TableOf(FilterEntity entity) {
  switch (entity) {
    case FilterEntity::kMetric:
      return "mlflow_latest_metrics";
    case FilterEntity::kParam:
      return "mlflow_params";
    default:
      return "mlflow_tags";
  }
}

class RunQueryCompiler {
 public:
  Status Compile(const SearchRunsRequest& request, int64_t offset) {
    LAKEML_ASSIGN_OR_RETURN(std::vector<FilterClause> clauses,
                            SearchFilter::Parse(request.filter, SearchFilter::Target::kRuns));
    std::vector<OrderByClause> order;
    for (const std::string& text : request.order_by) {
      LAKEML_ASSIGN_OR_RETURN(OrderByClause o,
                              SearchFilter::ParseOrderBy(text, SearchFilter::Target::kRuns));
      order.push_back(std::move(o));
    }
    joins_.Append("SELECT ").Append(RunRow::kColumns).Append(" FROM mlflow_runs r");
    where_.Append(" WHERE r.experiment_id IN (");
    bool any = false;
    for (const std::string& id : request.experiment_ids) {
      auto parsed = RunRow::ParseExperimentId(id);
      if (!parsed.ok()) continue;  // Matches no run, as in MLflow.
      where_.Append(any ? ", " : "").Bind(*parsed);
      any = true;
    }
    if (!any) where_.Append("NULL");
    where_.Append(")");
    if (request.run_view_type == ViewType::kActiveOnly) {
      where_.Append(" AND r.lifecycle_stage = 'active'");
    } else if (request.run_view_type == ViewType::kDeletedOnly) {
      where_.Append(" AND r.lifecycle_stage = 'deleted'");
    }
    for (const FilterClause& c : clauses) AddClause(c);
    AddOrder(order);
    return Status::OK();
  }

  // The whole statement: joins and their binds come first in the text, so they are bound first.
  SqlBuilder Finish(int64_t limit, int64_t offset) {
    SqlBuilder out = std::move(joins_);
    out.AppendBuilder(where_);
    out.AppendBuilder(order_);
    out.Append(" LIMIT ").Bind(limit).Append(" OFFSET ").Bind(offset);
    return out;
  }

 private:
  std::string NewAlias(char prefix) { return StrCat(prefix, ++aliases_); }

  void AddClause(const FilterClause& c) {
    switch (c.entity) {
      case FilterEntity::kAttribute:
        where_.Append(" AND ");
        where_.Comparison(RunColumnOf(c.key), c);
        return;
      case FilterEntity::kDataset:
        AddDatasetClause(c);
        return;
      default:
        break;
    }
    const std::string_view table = TableOf(c.entity);
    if (c.op == FilterOp::kIsNull || c.op == FilterOp::kIsNotNull) {
      where_.Append(c.op == FilterOp::kIsNull ? " AND NOT EXISTS (" : " AND EXISTS (")
          .Append("SELECT 1 FROM ")
          .Append(table)
          .Append(" x WHERE x.run_key = r.run_key AND x.key = ")
          .Bind(c.key)
          .Append(")");
      return;
    }
    const std::string alias = NewAlias(c.entity == FilterEntity::kMetric ? 'm' : 'k');
    joins_.Append(" JOIN ")
        .Append(table)
        .Append(" ")
        .Append(alias)
        .Append(" ON ")
        .Append(alias)
        .Append(".run_key = r.run_key AND ")
        .Append(alias)
        .Append(".key = ")
        .Bind(c.key)
        .Append(" AND ");
    const std::string value = StrCat(alias, ".value");
    if (c.entity == FilterEntity::kMetric) {
      // NaN compares false except with !=.
      if (c.op == FilterOp::kNe) {
        joins_.Append("(").Append(alias).Append(".is_nan = 1 OR ");
        joins_.Comparison(value, c);
        joins_.Append(")");
      } else {
        joins_.Append(alias).Append(".is_nan = 0 AND ");
        joins_.Comparison(value, c);
        // A non-NaN, present value: ordering by it needs no NULL/NaN handling.
        filtered_metrics_.emplace(c.key, alias);
      }
    } else {
      joins_.Comparison(value, c);
    }
  }

  void AddDatasetClause(const FilterClause& c) {
    where_.Append(
        " AND EXISTS (SELECT 1 FROM mlflow_inputs i JOIN mlflow_datasets d ON "
        "d.dataset_uuid = i.dataset_uuid");
    if (c.key == "context") {
      where_.Append(" JOIN mlflow_input_tags it ON it.input_uuid = i.input_uuid AND it.name = ")
          .Bind(std::string(kDatasetContextTag));
    }
    where_.Append(" WHERE i.run_key = r.run_key AND ");
    where_.Comparison(c.key == "context" ? "it.value" : c.key == "name" ? "d.name" : "d.digest", c);
    where_.Append(")");
  }

  void AddOrder(const std::vector<OrderByClause>& order) {
    order_.Append(" ORDER BY ");
    bool has_start_time = false;
    for (const OrderByClause& o : order) {
      const std::string_view dir = o.ascending ? " ASC, " : " DESC, ";
      if (o.entity == FilterEntity::kAttribute) {
        const std::string_view column = RunColumnOf(o.key);
        has_start_time = has_start_time || column == "r.start_time";
        order_.Append(column).Append(" IS NULL, ").Append(column).Append(dir);
        continue;
      }
      if (o.entity == FilterEntity::kMetric) {
        auto it = filtered_metrics_.find(o.key);
        if (it != filtered_metrics_.end()) {
          order_.Append(it->second).Append(".value").Append(dir);
          continue;
        }
      }
      const std::string alias = NewAlias('o');
      joins_.Append(" LEFT JOIN ")
          .Append(TableOf(o.entity))
          .Append(" ")
          .Append(alias)
          .Append(" ON ")
          .Append(alias)
          .Append(".run_key = r.run_key AND ")
          .Append(alias)
          .Append(".key = ")
          .Bind(o.key);
      if (o.entity == FilterEntity::kMetric) {
        // MLflow: numbers first, then NaN, then runs without the metric, in either direction.
        order_.Append("CASE WHEN ")
            .Append(alias)
            .Append(".value IS NULL THEN 2 WHEN ")
            .Append(alias)
            .Append(".is_nan = 1 THEN 1 ELSE 0 END, ");
      } else {
        order_.Append(alias).Append(".value IS NULL, ");
      }
      order_.Append(alias).Append(".value").Append(dir);
    }
    if (!has_start_time) order_.Append("r.start_time DESC, ");
    order_.Append("r.run_uuid ASC");
  }

  SqlBuilder joins_;
  SqlBuilder where_;
  SqlBuilder order_;
  int aliases_ = 0;
  std::map<std::string, std::string> filtered_metrics_;  // Metric key -> its filter's alias.
};

}  // namespace

Result<SearchRunsPage> TrackingStore::SearchRuns(const SearchRunsRequest& request) {
  LAKEML_RETURN_IF_ERROR(
      TrackingLimits::ValidateMaxResults(request.max_results, TrackingLimits::kMaxSearchResults));
  LAKEML_ASSIGN_OR_RETURN(int64_t offset, PageToken::Decode(request.page_token));
  RunQueryCompiler compiler;
  LAKEML_RETURN_IF_ERROR(compiler.Compile(request, offset));
  const SqlBuilder query = compiler.Finish(request.max_results + 1, offset);

  SearchRunsPage page;
  LAKEML_ASSIGN_OR_RETURN(auto conn, readers_->Acquire());
  LAKEML_RETURN_IF_ERROR(conn->db->ReadTransaction([&]() -> Status {
    std::vector<RunRow> rows;
    {
      // Generated text: prepared per call, so that clients cannot grow the statement cache.
      LAKEML_ASSIGN_OR_RETURN(metastore::SqliteStatement stmt, conn->db->Prepare(query.sql()));
      LAKEML_RETURN_IF_ERROR(query.BindAll(stmt));
      while (true) {
        LAKEML_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) break;
        rows.push_back(RunRow::Read(stmt, 0));
      }
    }
    if (static_cast<int64_t>(rows.size()) > request.max_results) {
      rows.pop_back();
      page.next_page_token = PageToken::Encode(offset + request.max_results);
    }
    page.runs.reserve(rows.size());
    return LoadRunData(*conn, rows, &page.runs);
  }));
  return page;
}

}  // namespace lakeml::ml
