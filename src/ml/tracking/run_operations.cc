// TrackingStore: run lifecycle operations (create, get, update, delete, restore).
#include <algorithm>
#include <random>

#include "base/clock.h"
#include "base/uuid.h"
#include "ml/tracking/connection_pool.h"
#include "ml/tracking/group_committer.h"
#include "ml/tracking/mlflow_error.h"
#include "ml/tracking/run_row.h"
#include "ml/tracking/tracking_enums.h"
#include "ml/tracking/tracking_limits.h"
#include "ml/tracking/tracking_store.h"

namespace lakeml::ml {
namespace {

// MLflow names unnamed runs "<adjective>-<noun>-<0..999>" (mlflow/utils/name_utils.py).
constexpr std::string_view kRunNameAdjectives[] = {
    "able",   "bold",  "brave", "bright", "calm", "clever", "crisp", "eager",  "fast",
    "gentle", "glad",  "grand", "honest", "keen", "kind",   "lucid", "merry",  "nimble",
    "polite", "proud", "quick", "quiet",  "rare", "sharp",  "shy",   "silent", "smart",
    "steady", "sunny", "swift", "tender", "tidy", "vast",   "warm",  "wise",   "zesty"};
constexpr std::string_view kRunNameNouns[] = {
    "ant",  "bass",  "bat",  "bear", "bee",  "carp",  "cat",   "colt",  "crab",
    "crow", "deer",  "doe",  "dove", "eel",  "elk",   "fawn",  "finch", "fly",
    "foal", "fox",   "frog", "goat", "gull", "hare",  "hawk",  "hen",   "jay",
    "lark", "mole",  "moth", "newt", "owl",  "ox",    "ram",   "seal",  "shrew",
    "sow",  "squid", "stag", "swan", "toad", "trout", "whale", "wolf",  "wren"};

std::string GenerateRunName() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  const auto pick = [](auto& list) { return list[rng() % (sizeof(list) / sizeof(list[0]))]; };
  return StrCat(pick(kRunNameAdjectives), "-", pick(kRunNameNouns), "-", rng() % 1000);
}

// A run id as MLflow makes them: a random UUID's 32 hex digits.
std::string NewRunId() {
  std::string id = NewUuid();
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  return id;
}

std::string AppendUriPath(std::string_view base, std::string_view a, std::string_view b) {
  std::string out(base);
  if (out.empty() || out.back() != '/') out += '/';
  return StrCat(out, a, "/", b);
}

Status UpsertRunTag(TrackingConnection& conn, int64_t run_key, const Tag& tag) {
  LAKEML_ASSIGN_OR_RETURN(
      auto stmt, conn.Get("INSERT INTO mlflow_tags (run_key, key, value) VALUES (?, ?, ?) ON "
                          "CONFLICT (run_key, key) DO UPDATE SET value = excluded.value"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, run_key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(2, tag.key));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(3, tag.value));
  return stmt->Run();
}

Status SetRunLifecycle(TrackingConnection& conn, std::string_view run_id, std::string_view to) {
  LAKEML_ASSIGN_OR_RETURN(RunRow row, RunRow::Find(conn, run_id));
  LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get("UPDATE mlflow_runs SET lifecycle_stage = ?, "
                                              "deleted_time = ? WHERE run_key = ?"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, to));
  if (to == kLifecycleDeleted) {
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, NowMillis()));
  } else {
    LAKEML_RETURN_IF_ERROR(stmt->Bind(2, nullptr));
  }
  LAKEML_RETURN_IF_ERROR(stmt->Bind(3, row.run_key));
  return stmt->Run();
}

}  // namespace

Status TrackingStore::RunTagUpsert(TrackingConnection& conn, int64_t run_key, const Tag& tag) {
  LAKEML_RETURN_IF_ERROR(UpsertRunTag(conn, run_key, tag));
  if (tag.key != kRunNameTag) return Status::OK();
  LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get("UPDATE mlflow_runs SET name = ? WHERE run_key = ?"));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(1, tag.value));
  LAKEML_RETURN_IF_ERROR(stmt->Bind(2, run_key));
  return stmt->Run();
}

Result<Run> TrackingStore::CreateRun(const CreateRunRequest& request) {
  const std::string_view experiment_text =
      request.experiment_id.empty() ? kDefaultExperimentId : request.experiment_id;
  LAKEML_ASSIGN_OR_RETURN(int64_t experiment_id, RunRow::ParseExperimentId(experiment_text));
  std::vector<Tag> tags = request.tags;
  std::string run_name = request.run_name;
  const Tag* name_tag = nullptr;
  for (const Tag& tag : tags) {
    LAKEML_RETURN_IF_ERROR(TrackingLimits::ValidateTag(tag));
    if (tag.key == kRunNameTag) name_tag = &tag;
  }
  if (name_tag != nullptr && !run_name.empty() && name_tag->value != run_name) {
    return MlflowError::InvalidParameterValue(
        "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different "
        "values (run_name='",
        run_name, "', mlflow.runName='", name_tag->value, "').");
  }
  if (run_name.empty()) run_name = name_tag != nullptr ? name_tag->value : GenerateRunName();
  if (name_tag == nullptr) tags.push_back(Tag{std::string(kRunNameTag), run_name});
  // Later duplicates win, as MLflow's sequential inserts do; then the response lists by key.
  std::stable_sort(tags.begin(), tags.end(),
                   [](const Tag& a, const Tag& b) { return a.key < b.key; });
  std::vector<Tag> unique_tags;
  for (Tag& tag : tags) {
    if (!unique_tags.empty() && unique_tags.back().key == tag.key) {
      unique_tags.back() = std::move(tag);
    } else {
      unique_tags.push_back(std::move(tag));
    }
  }

  Run run;
  run.info.run_id = NewRunId();
  run.info.run_name = run_name;
  run.info.experiment_id = StrCat(experiment_id);
  run.info.user_id = request.user_id;
  run.info.status = RunStatus::kRunning;
  run.info.start_time = request.start_time.value_or(NowMillis());
  run.info.lifecycle_stage = std::string(kLifecycleActive);
  run.tags = std::move(unique_tags);

  LAKEML_RETURN_IF_ERROR(committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(auto exp, conn.Get("SELECT lifecycle_stage, artifact_location FROM "
                                               "mlflow_experiments WHERE experiment_id = ?"));
    LAKEML_RETURN_IF_ERROR(exp->Bind(1, experiment_id));
    LAKEML_ASSIGN_OR_RETURN(bool found, exp->Step());
    if (!found) {
      return MlflowError::ResourceDoesNotExist("No Experiment with id=", experiment_id, " exists");
    }
    if (exp->ColumnTextView(0) != kLifecycleActive) {
      return MlflowError::InvalidParameterValue("The experiment ", experiment_id,
                                                " must be in the 'active' state. Current state is ",
                                                exp->ColumnTextView(0), ".");
    }
    run.info.artifact_uri = AppendUriPath(exp->ColumnTextView(1), run.info.run_id, "artifacts");
    LAKEML_ASSIGN_OR_RETURN(
        auto insert,
        conn.Get("INSERT INTO mlflow_runs (run_uuid, name, experiment_id, user_id, status, "
                 "start_time, lifecycle_stage, artifact_uri) VALUES (?, ?, ?, ?, 'RUNNING', ?, "
                 "'active', ?) RETURNING run_key"));
    LAKEML_RETURN_IF_ERROR(insert->Bind(1, run.info.run_id));
    LAKEML_RETURN_IF_ERROR(insert->Bind(2, run.info.run_name));
    LAKEML_RETURN_IF_ERROR(insert->Bind(3, experiment_id));
    LAKEML_RETURN_IF_ERROR(insert->Bind(4, run.info.user_id));
    LAKEML_RETURN_IF_ERROR(insert->Bind(5, *run.info.start_time));
    LAKEML_RETURN_IF_ERROR(insert->Bind(6, run.info.artifact_uri));
    LAKEML_ASSIGN_OR_RETURN(bool row, insert->Step());
    if (!row) return Status::Internal("INSERT ... RETURNING returned no row");
    const int64_t run_key = insert->ColumnInt64(0);
    LAKEML_ASSIGN_OR_RETURN(bool more, insert->Step());
    (void)more;
    for (const Tag& tag : run.tags) LAKEML_RETURN_IF_ERROR(UpsertRunTag(conn, run_key, tag));
    return Status::OK();
  }));
  return run;
}

Result<Run> TrackingStore::GetRun(std::string_view run_id) {
  LAKEML_ASSIGN_OR_RETURN(auto conn, readers_->Acquire());
  std::vector<Run> runs;
  LAKEML_RETURN_IF_ERROR(conn->db->ReadTransaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(RunRow row, RunRow::Find(*conn, run_id));
    return LoadRunData(*conn, {row}, &runs);
  }));
  return std::move(runs[0]);
}

Result<RunInfo> TrackingStore::UpdateRun(const UpdateRunRequest& request) {
  if (request.run_name.has_value() && !request.run_name->empty()) {
    LAKEML_RETURN_IF_ERROR(
        TrackingLimits::ValidateTag(Tag{std::string(kRunNameTag), *request.run_name}));
  }
  RunInfo info;
  LAKEML_RETURN_IF_ERROR(committer_->Write([&](TrackingConnection& conn) -> Status {
    LAKEML_ASSIGN_OR_RETURN(RunRow row, RunRow::FindActive(conn, request.run_id));
    if (request.status.has_value()) row.info.status = *request.status;
    if (request.end_time.has_value()) row.info.end_time = request.end_time;
    const bool rename = request.run_name.has_value() && !request.run_name->empty();
    if (rename) row.info.run_name = *request.run_name;
    LAKEML_ASSIGN_OR_RETURN(auto stmt, conn.Get("UPDATE mlflow_runs SET status = ?, end_time = ?, "
                                                "name = ? WHERE run_key = ?"));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(1, TrackingEnums::RunStatusName(row.info.status)));
    if (row.info.end_time.has_value()) {
      LAKEML_RETURN_IF_ERROR(stmt->Bind(2, *row.info.end_time));
    } else {
      LAKEML_RETURN_IF_ERROR(stmt->Bind(2, nullptr));
    }
    LAKEML_RETURN_IF_ERROR(stmt->Bind(3, row.info.run_name));
    LAKEML_RETURN_IF_ERROR(stmt->Bind(4, row.run_key));
    LAKEML_RETURN_IF_ERROR(stmt->Run());
    if (rename) {
      LAKEML_RETURN_IF_ERROR(
          UpsertRunTag(conn, row.run_key, Tag{std::string(kRunNameTag), row.info.run_name}));
    }
    info = std::move(row.info);
    return Status::OK();
  }));
  return info;
}

Status TrackingStore::DeleteRun(std::string_view run_id) {
  return committer_->Write(
      [&](TrackingConnection& conn) { return SetRunLifecycle(conn, run_id, kLifecycleDeleted); });
}

Status TrackingStore::RestoreRun(std::string_view run_id) {
  return committer_->Write(
      [&](TrackingConnection& conn) { return SetRunLifecycle(conn, run_id, kLifecycleActive); });
}

}  // namespace lakeml::ml
