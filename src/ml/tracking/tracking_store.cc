#include "ml/tracking/tracking_store.h"

#include <cmath>
#include <limits>
#include <unordered_map>

#include "base/clock.h"
#include "metastore/migrations.h"
#include "ml/tracking/connection_pool.h"
#include "ml/tracking/group_committer.h"
#include "ml/tracking/run_row.h"
#include "ml/tracking/tracking_migrations.h"

namespace lakeml::ml {
namespace {

// Runs per IN (...) list when loading run data; a fixed size keeps one cached statement.
constexpr size_t kLoadChunk = 100;

std::string InListSql(std::string_view head, std::string_view tail) {
  std::string sql(head);
  sql += " IN (";
  for (size_t i = 0; i < kLoadChunk; ++i) sql += i ? ",?" : "?";
  sql += ")";
  sql += tail;
  return sql;
}

}  // namespace

TrackingStore::TrackingStore(TrackingStoreOptions options,
                             std::unique_ptr<GroupCommitter> committer,
                             std::unique_ptr<ConnectionPool> readers)
    : options_(std::move(options)),
      committer_(std::move(committer)),
      readers_(std::move(readers)) {}

TrackingStore::~TrackingStore() = default;

Result<std::unique_ptr<TrackingStore>> TrackingStore::Open(const TrackingStoreOptions& options) {
  LAKEML_ASSIGN_OR_RETURN(auto writer,
                          TrackingConnection::Open(options.db_path, options.power_loss_durable));
  LAKEML_RETURN_IF_ERROR(metastore::Migrations::Apply(
      writer->db.get(), TrackingMigrations::kComponent, TrackingMigrations::Steps()));
  auto committer = std::make_unique<GroupCommitter>(std::move(writer));
  auto readers =
      std::make_unique<ConnectionPool>(options.db_path, std::max<size_t>(1, options.max_readers));
  std::unique_ptr<TrackingStore> store(
      new TrackingStore(options, std::move(committer), std::move(readers)));
  LAKEML_RETURN_IF_ERROR(store->EnsureDefaultExperiment());
  return store;
}

std::string TrackingStore::ExperimentArtifactLocation(int64_t experiment_id) const {
  const std::string& root = options_.default_artifact_root;
  if (!root.empty() && root.back() == '/') return StrCat(root, experiment_id);
  return StrCat(root, "/", experiment_id);
}

Status TrackingStore::EnsureDefaultExperiment() {
  const std::string location = ExperimentArtifactLocation(0);
  return committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(
        auto stmt,
        conn.Get("INSERT INTO mlflow_experiments (experiment_id, name, artifact_location, "
                 "lifecycle_stage, creation_time, last_update_time) VALUES (0, ?, ?, 'active', "
                 "?, ?) ON CONFLICT DO NOTHING"));
    const int64_t now = NowMillis();
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, kDefaultExperimentName));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, location));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(3, now));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(4, now));
    return stmt->Run();
  });
}

Status TrackingStore::LoadRunData(TrackingConnection& conn, const std::vector<RunRow>& rows,
                                  std::vector<Run>* runs) {
  static const std::string metrics_sql = InListSql(
      "SELECT run_key, key, value, timestamp, step, is_nan FROM mlflow_latest_metrics WHERE "
      "run_key",
      " ORDER BY run_key, key");
  static const std::string params_sql = InListSql(
      "SELECT run_key, key, value FROM mlflow_params WHERE run_key", " ORDER BY run_key, key");
  static const std::string tags_sql = InListSql(
      "SELECT run_key, key, value FROM mlflow_tags WHERE run_key", " ORDER BY run_key, key");
  static const std::string inputs_sql = InListSql(
      "SELECT i.run_key, i.input_uuid, d.name, d.digest, d.source_type, d.source, d.schema, "
      "d.profile FROM mlflow_inputs i JOIN mlflow_datasets d ON d.dataset_uuid = i.dataset_uuid "
      "WHERE i.run_key",
      " ORDER BY i.run_key, d.name, d.digest");

  const size_t base = runs->size();
  std::unordered_map<int64_t, size_t> index;
  index.reserve(rows.size());
  for (const RunRow& row : rows) {
    index[row.run_key] = runs->size();
    runs->push_back(Run{row.info, {}, {}, {}, {}});
  }
  bool any_inputs = false;
  for (size_t start = 0; start < rows.size(); start += kLoadChunk) {
    const size_t end = std::min(rows.size(), start + kLoadChunk);
    auto bind_chunk = [&](metastore::SqliteStatement& stmt) -> Status {
      for (size_t i = 0; i < kLoadChunk; ++i) {
        if (start + i < end) {
          LAKEML_RETURN_IF_ERROR(stmt.Bind(static_cast<int>(i + 1), rows[start + i].run_key));
        } else {
          LAKEML_RETURN_IF_ERROR(stmt.Bind(static_cast<int>(i + 1), nullptr));
        }
      }
      return Status::OK();
    };
    {
      LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get(metrics_sql));
      LAKEML_RETURN_IF_ERROR(bind_chunk(*stmt));
      while (true) {
        LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
        if (!row) break;
        Run& run = (*runs)[index[stmt->ColumnInt64(0)]];
        Metric m;
        m.key = stmt->ColumnText(1);
        m.value = stmt->ColumnInt64(5) != 0 ? std::numeric_limits<double>::quiet_NaN()
                                            : stmt->ColumnDouble(2);
        m.timestamp = stmt->ColumnInt64(3);
        m.step = stmt->ColumnInt64(4);
        run.metrics.push_back(std::move(m));
      }
    }
    for (int which = 0; which < 2; ++which) {
      LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get(which == 0 ? params_sql : tags_sql));
      LAKEML_RETURN_IF_ERROR(bind_chunk(*stmt));
      while (true) {
        LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
        if (!row) break;
        Run& run = (*runs)[index[stmt->ColumnInt64(0)]];
        if (which == 0) {
          run.params.push_back(Param{stmt->ColumnText(1), stmt->ColumnText(2)});
        } else {
          run.tags.push_back(Tag{stmt->ColumnText(1), stmt->ColumnText(2)});
        }
      }
    }
    {
      LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get(inputs_sql));
      LAKEML_RETURN_IF_ERROR(bind_chunk(*stmt));
      while (true) {
        LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
        if (!row) break;
        any_inputs = true;
        Run& run = (*runs)[index[stmt->ColumnInt64(0)]];
        DatasetInput input;
        // The input uuid rides in the first tag slot until its tags are loaded below.
        input.tags.push_back(Tag{stmt->ColumnText(1), ""});
        input.dataset = Dataset{stmt->ColumnText(2), stmt->ColumnText(3), stmt->ColumnText(4),
                                stmt->ColumnText(5), stmt->ColumnText(6), stmt->ColumnText(7)};
        run.inputs.push_back(std::move(input));
      }
    }
  }
  if (!any_inputs) return Status::OK();
  for (size_t r = base; r < runs->size(); ++r) {
    for (DatasetInput& input : (*runs)[r].inputs) {
      const std::string input_uuid = std::move(input.tags[0].key);
      input.tags.clear();
      LAKEML_ASSIGN_OR_RETURN(
          auto stmt,
          conn.Get("SELECT name, value FROM mlflow_input_tags WHERE input_uuid = ? ORDER BY name"));
      LAKEML_RETURN_IF_ERROR(stmt->Bind(1, input_uuid));
      while (true) {
        LAKEML_ASSIGN_OR_RETURN(bool row, stmt->Step());
        if (!row) break;
        input.tags.push_back(Tag{stmt->ColumnText(0), stmt->ColumnText(1)});
      }
    }
  }
  return Status::OK();
}

}  // namespace lakeml::ml
