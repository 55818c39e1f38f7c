// TrackingStore: experiment operations (create, get, rename, delete, restore, tags, search).
#include <functional>
#include <optional>

#include "base/clock.h"
#include "ml/tracking/connection_pool.h"
#include "ml/tracking/group_committer.h"
#include "ml/tracking/mlflow_error.h"
#include "ml/tracking/page_token.h"
#include "ml/tracking/run_row.h"
#include "ml/tracking/sql_builder.h"
#include "ml/tracking/tracking_limits.h"
#include "ml/tracking/tracking_store.h"

namespace lakeml::ml {
namespace {

constexpr std::string_view kExperimentColumns =
    "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";

Experiment ReadExperiment(const metastore::SqliteStatement& stmt) {
  Experiment e;
  e.experiment_id = StrCat(stmt.ColumnInt64(0));
  e.name = stmt.ColumnText(1);
  e.artifact_location = stmt.ColumnText(2);
  e.lifecycle_stage = stmt.ColumnText(3);
  if (!stmt.ColumnIsNull(4)) e.creation_time = stmt.ColumnInt64(4);
  if (!stmt.ColumnIsNull(5)) e.last_update_time = stmt.ColumnInt64(5);
  return e;
}

Status LoadExperimentTags(TrackingConnection& conn, Experiment* e) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get("SELECT key, value FROM mlflow_experiment_tags "
                                              "WHERE experiment_id = ? ORDER BY key"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, static_cast<int64_t>(std::stoll(e->experiment_id))));
  while (true) {
    LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return Status::OK();
    e->tags.push_back(Tag{stmt->ColumnText(0), stmt->ColumnText(1)});
  }
}

// The experiment named `name`, or nullopt.
Result<std::optional<int64_t>> FindExperimentIdByName(TrackingConnection& conn,
                                                      std::string_view name) {
  LAKEML_ASSIGN_OR_RETURN(auto stmt,
                          conn.Get("SELECT experiment_id FROM mlflow_experiments WHERE name = ?"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, name));
  LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(stmt->ColumnInt64(0));
}

Status ExperimentNameTaken(std::string_view name) {
  return MlflowError::ResourceAlreadyExists("Experiment(name=", name, ") already exists.");
}

Status CheckExperimentActive(TrackingConnection& conn, int64_t id) {
  LAKEML_ASSIGN_OR_RETURN(std::string stage, RunRow::ExperimentLifecycle(conn, id));
  if (stage != kLifecycleActive) {
    return MlflowError::InvalidParameterValue(
        "The experiment ", id, " must be in the 'active' state. Current state is ", stage, ".");
  }
  return Status::OK();
}

Status UpsertExperimentTag(TrackingConnection& conn, int64_t id, const Tag& tag) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt, conn.Get("INSERT INTO mlflow_experiment_tags (experiment_id, key, value) VALUES "
                          "(?, ?, ?) ON CONFLICT (experiment_id, key) DO UPDATE SET value = "
                          "excluded.value"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, id));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(2, tag.key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(3, tag.value));
  return stmt->Run();
}

// Sets the lifecycle stage of an experiment and of all its runs (MLflow deletes and restores
// the runs with their experiment). `from` is the stage the experiment must be in.
Status SetExperimentLifecycle(TrackingConnection& conn, std::string_view experiment_id,
                              std::string_view from, std::string_view to) {
  LAKEML_ASSIGN_OR_RETURN(int64_t id, RunRow::ParseExperimentId(experiment_id));
  LAKEML_ASSIGN_OR_RETURN(std::string stage, RunRow::ExperimentLifecycle(conn, id));
  if (stage != from) {
    return MlflowError::ResourceDoesNotExist("No Experiment with id=", experiment_id, " exists");
  }
  const int64_t now = NowMillis();
  LAKEML_ASSIGN_OR_RETURN(auto exp, conn.Get("UPDATE mlflow_experiments SET lifecycle_stage = ?, "
                                             "last_update_time = ? WHERE experiment_id = ?"));
  LAKEML_RETURN_IF_ERROR(exp->Bind(1, to));
  LAKEML_RETURN_IF_ERROR(exp->Bind(2, now));
  LAKEML_RETURN_IF_ERROR(exp->Bind(3, id));
  LAKEML_RETURN_IF_ERROR(exp->Run());
  LAKEML_ASSIGN_OR_RETURN(
      auto runs, conn.Get("UPDATE mlflow_runs SET lifecycle_stage = ?, deleted_time = ? WHERE "
                          "experiment_id = ? AND lifecycle_stage = ?"));
  LAKEML_RETURN_IF_ERROR(runs->Bind(1, to));
  if (to == kLifecycleDeleted) {
    LAKEML_RETURN_IF_ERROR(runs->Bind(2, now));
  } else {
    LAKEML_RETURN_IF_ERROR(runs->Bind(2, nullptr));
  }
  LAKEML_RETURN_IF_ERROR(runs->Bind(3, id));
  LAKEML_RETURN_IF_ERROR(runs->Bind(4, from));
  return runs->Run();
}

// The experiment `sql` finds with its parameters bound by `bind`, with its tags; `not_found`
// when there is none.
Result<Experiment> ReadOneExperiment(TrackingConnection& conn, const std::string& sql,
                                     const std::function<Status(metastore::SqliteStatement&)>& bind,
                                     const Status& not_found) {
  Experiment e;
  LAKEML_RETURN_IF_ERROR(conn.db->ReadTransaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get(sql));
    LAKEML_RETURN_IF_ERROR(bind(*stmt));
    LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return not_found;
    e = ReadExperiment(*stmt);
    return LoadExperimentTags(conn, &e);
  }));
  return e;
}

}  // namespace

Result<std::string> TrackingStore::CreateExperiment(std::string_view name,
                                                    std::string_view artifact_location,
                                                    const std::vector<Tag>& tags) {
  LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateExperimentName(name));
  if (artifact_location.rfind("runs:", 0) == 0) {
    return MlflowError::InvalidParameterValue("Artifact location cannot be a runs:/ URI. Given: '",
                                              artifact_location, "'");
  }
  for (const Tag& tag : tags) LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateExperimentTag(tag));
  int64_t new_id = -1;
  LAKEML_RETURN_IF_ERROR(committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> existing, FindExperimentIdByName(conn, name));
    if (existing.has_value()) return ExperimentNameTaken(name);
    const int64_t now = NowMillis();
    LAKEML_ASSIGN_OR_RETURN(
        auto insert,
        conn.Get("INSERT INTO mlflow_experiments (name, artifact_location, lifecycle_stage, "
                 "creation_time, last_update_time) VALUES (?, ?, 'active', ?, ?) RETURNING "
                 "experiment_id"));
    LAKEML_RETURN_IF_ERROR(insert->Bind(1, name));
    LAKEML_RETURN_IF_ERROR(insert->Bind(2, artifact_location));
    LAKEML_RETURN_IF_ERROR(insert->Bind(3, now));
    LAKEML_RETURN_IF_ERROR(insert->Bind(4, now));
    LAKEML_ASSIGN_OR_RETURN(bool row, insert->Step());
    if (!row) return Status::Internal("INSERT ... RETURNING returned no row");
    new_id = insert->ColumnInt64(0);
    LAKEML_ASSIGN_OR_RETURN(bool more, insert->Step());
    (void)more;
    if (artifact_location.empty()) {
      LAKEML_ASSIGN_OR_RETURN(auto update,
                              conn.Get("UPDATE mlflow_experiments SET artifact_location = ? "
                                       "WHERE experiment_id = ?"));
      LAKEML_RETURN_IF_ERROR(update->Bind(1, ExperimentArtifactLocation(new_id)));
      LAKEML_RETURN_IF_ERROR(update->Bind(2, new_id));
      LAKEML_RETURN_IF_ERROR(update->Run());
    }
    for (const Tag& tag : tags) LAKEML_RETURN_IF_ERROR(UpsertExperimentTag(conn, new_id, tag));
    return Status::OK();
  }));
  return StrCat(new_id);
}

Result<Experiment> TrackingStore::GetExperiment(std::string_view experiment_id) {
  LAKEML_ASSIGN_OR_RETURN(int64_t id, RunRow::ParseExperimentId(experiment_id));
  static const std::string sql =
      StrCat("SELECT ", kExperimentColumns, " FROM mlflow_experiments WHERE experiment_id = ?");
  LAKEML_ASSIGN_OR_RETURN(auto conn, readers_->Acquire());
  return ReadOneExperiment(
      *conn, sql, [&](metastore::SqliteStatement& stmt) { return stmt.Bind(1, id); },
      MlflowError::ResourceDoesNotExist("No Experiment with id=", experiment_id, " exists"));
}

Result<Experiment> TrackingStore::GetExperimentByName(std::string_view name) {
  static const std::string sql =
      StrCat("SELECT ", kExperimentColumns, " FROM mlflow_experiments WHERE name = ?");
  LAKEML_ASSIGN_OR_RETURN(auto conn, readers_->Acquire());
  return ReadOneExperiment(
      *conn, sql, [&](metastore::SqliteStatement& stmt) { return stmt.Bind(1, name); },
      MlflowError::ResourceDoesNotExist("Could not find experiment with name '", name, "'"));
}

Status TrackingStore::RenameExperiment(std::string_view experiment_id, std::string_view new_name) {
  LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateExperimentName(new_name));
  LAKEML_ASSIGN_OR_RETURN(int64_t id, RunRow::ParseExperimentId(experiment_id));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(std::string stage, RunRow::ExperimentLifecycle(conn, id));
    if (stage != kLifecycleActive) {
      return MlflowError::InvalidState("Cannot rename a non-active experiment.");
    }
    LAKEML_ASSIGN_OR_RETURN(std::optional<int64_t> existing,
                            FindExperimentIdByName(conn, new_name));
    if (existing.has_value() && *existing != id) return ExperimentNameTaken(new_name);
    LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get("UPDATE mlflow_experiments SET name = ?, "
                                                "last_update_time = ? WHERE experiment_id = ?"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, new_name));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, NowMillis()));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(3, id));
    return stmt->Run();
  });
}

Status TrackingStore::DeleteExperiment(std::string_view experiment_id) {
  return committer_->Write([&](TrackingConnection& conn) {
    return SetExperimentLifecycle(conn, experiment_id, kLifecycleActive, kLifecycleDeleted);
  });
}

Status TrackingStore::RestoreExperiment(std::string_view experiment_id) {
  return committer_->Write([&](TrackingConnection& conn) {
    return SetExperimentLifecycle(conn, experiment_id, kLifecycleDeleted, kLifecycleActive);
  });
}

Status TrackingStore::SetExperimentTag(std::string_view experiment_id, const Tag& tag) {
  LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateExperimentTag(tag));
  LAKEML_ASSIGN_OR_RETURN(int64_t id, RunRow::ParseExperimentId(experiment_id));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_RETURN_IF_ERROR(CheckExperimentActive(conn, id));
    return UpsertExperimentTag(conn, id, tag);
  });
}

Status TrackingStore::DeleteExperimentTag(std::string_view experiment_id, std::string_view key) {
  LAKEML_ASSIGN_OR_RETURN(int64_t id, RunRow::ParseExperimentId(experiment_id));
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_RETURN_IF_ERROR(CheckExperimentActive(conn, id));
    LAKEML_ASSIGN_OR_RETURN(
        auto stmt,
        conn.Get("DELETE FROM mlflow_experiment_tags WHERE experiment_id = ? AND key = ?"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, id));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, key));
    LAKEML_RETURN_IF_ERROR(stmt->Run());
    if (stmt->Changes() == 0) {
      return MlflowError::ResourceDoesNotExist("No tag with name: ", key, " in experiment with id ",
                                               experiment_id);
    }
    return Status::OK();
  });
}

Result<SearchExperimentsPage> TrackingStore::SearchExperiments(
    const SearchExperimentsRequest& request) {
  LAKEML_RETURN_IF_ERROR(
      TrackingLimits::ValidateMaxResults(request.max_results, TrackingLimits::kMaxSearchResults));
  LAKEML_ASSIGN_OR_RETURN(std::vector<FilterClause> clauses,
                          SearchFilter::Parse(request.filter, SearchFilter::Target::kExperiments));
  LAKEML_ASSIGN_OR_RETURN(int64_t offset, PageToken::Decode(request.page_token));
  SqlBuilder q;
  q.Append(
      "SELECT e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, "
      "e.creation_time, e.last_update_time FROM mlflow_experiments e WHERE ");
  q.Append(request.view_type == ViewType::kAll           ? "1 = 1"
           : request.view_type == ViewType::kDeletedOnly ? "e.lifecycle_stage = 'deleted'"
                                                         : "e.lifecycle_stage = 'active'");
  for (const FilterClause& c : clauses) {
    q.Append(" AND ");
    if (c.entity == FilterEntity::kAttribute) {
      q.Comparison(StrCat("e.", c.key), c);
      continue;
    }
    // Tags.
    if (c.op == FilterOp::kIsNull || c.op == FilterOp::kIsNotNull) {
      q.Append(c.op == FilterOp::kIsNull ? "NOT " : "")
          .Append(
              "EXISTS (SELECT 1 FROM mlflow_experiment_tags t WHERE t.experiment_id = "
              "e.experiment_id AND t.key = ")
          .Bind(c.key)
          .Append(")");
      continue;
    }
    q.Append(
         "EXISTS (SELECT 1 FROM mlflow_experiment_tags t WHERE t.experiment_id = "
         "e.experiment_id AND t.key = ")
        .Bind(c.key)
        .Append(" AND ");
    q.Comparison("t.value", c);
    q.Append(")");
  }
  q.Append(" ORDER BY ");
  for (const std::string& text : request.order_by) {
    LAKEML_ASSIGN_OR_RETURN(OrderByClause o,
                            SearchFilter::ParseOrderBy(text, SearchFilter::Target::kExperiments));
    if (o.entity != FilterEntity::kAttribute) {
      return MlflowError::InvalidParameterValue("Invalid order_by entity: ", text);
    }
    q.Append("e.").Append(o.key).Append(o.ascending ? " ASC, " : " DESC, ");
  }
  if (request.order_by.empty()) q.Append("e.creation_time DESC, ");
  q.Append("e.experiment_id ASC");
  q.Append(" LIMIT ").Bind(request.max_results + 1).Append(" OFFSET ").Bind(offset);

  SearchExperimentsPage page;
  LAKEML_ASSIGN_OR_RETURN(auto conn, readers_->Acquire());
  LAKEML_RETURN_IF_ERROR(conn->db->ReadTransaction([&]() -> Status {
    // Generated text: prepared per call, so that clients cannot grow the statement cache.
    LAKEML_ASSIGN_OR_RETURN(metastore::SqliteStatement stmt, conn->db->Prepare(q.sql()));
    LAKEML_RETURN_IF_ERROR(q.BindAll(stmt));
    while (true) {
      LAKEML_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      page.experiments.push_back(ReadExperiment(stmt));
    }
    if (static_cast<int64_t>(page.experiments.size()) > request.max_results) {
      page.experiments.pop_back();
      page.next_page_token = PageToken::Encode(offset + request.max_results);
    }
    for (Experiment& e : page.experiments) LAKEML_RETURN_IF_ERROR(LoadExperimentTags(*conn, &e));
    return Status::OK();
  }));
  return page;
}

}  // namespace lakeml::ml
