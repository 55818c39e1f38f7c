#include "ml/tracking/tracking_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <set>
#include <thread>

#include "ml/tracking/group_committer.h"
#include "ml/tracking/tracking_limits.h"
#include "tracking_test_store.h"

namespace lakeml::ml {
namespace {

TEST(TrackingStoreTest, DefaultExperimentExists) {
  TrackingTestStore store;
  auto e = store->GetExperiment("0");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->name, "Default");
  EXPECT_EQ(e->lifecycle_stage, "active");
  EXPECT_EQ(e->artifact_location, "mlflow-artifacts:/0");
  // Reopening (migrations already applied) keeps one default experiment.
  store.Reopen();
  EXPECT_TRUE(store->GetExperimentByName("Default").ok());
}

TEST(TrackingStoreTest, ExperimentLifecycle) {
  TrackingTestStore store;
  auto id = store->CreateExperiment("exp", "", {{"team", "ml"}});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(*id, "1");
  auto e = store->GetExperiment(*id);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->artifact_location, "mlflow-artifacts:/1");
  ASSERT_EQ(e->tags.size(), 1u);
  EXPECT_EQ(e->tags[0].value, "ml");

  EXPECT_EQ(ErrorCodeOf(store->CreateExperiment("exp", "", {}).status()),
            "RESOURCE_ALREADY_EXISTS");
  EXPECT_EQ(ErrorCodeOf(store->CreateExperiment("", "", {}).status()), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCodeOf(store->CreateExperiment(std::string(501, 'x'), "", {}).status()),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCodeOf(store->GetExperiment("42").status()), "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(ErrorCodeOf(store->GetExperiment("abc").status()), "RESOURCE_DOES_NOT_EXIST");
  auto missing = store->GetExperimentByName("nope");
  EXPECT_EQ(MlflowError::Parse(missing.status()).message,
            "Could not find experiment with name 'nope'");
  EXPECT_EQ(MlflowError::HttpStatus(MlflowError::Parse(missing.status()).code), 404);

  ASSERT_TRUE(store->RenameExperiment(*id, "exp2").ok());
  EXPECT_EQ(store->GetExperiment(*id)->name, "exp2");
  ASSERT_TRUE(store->CreateExperiment("other", "/tmp/x", {}).ok());
  EXPECT_EQ(store->GetExperimentByName("other")->artifact_location, "/tmp/x");
  EXPECT_EQ(ErrorCodeOf(store->RenameExperiment(*id, "other")), "RESOURCE_ALREADY_EXISTS");

  ASSERT_TRUE(store->SetExperimentTag(*id, {"a", "b"}).ok());
  ASSERT_TRUE(store->DeleteExperimentTag(*id, "a").ok());
  EXPECT_EQ(ErrorCodeOf(store->DeleteExperimentTag(*id, "a")), "RESOURCE_DOES_NOT_EXIST");

  // A run of the experiment is deleted and restored with it.
  CreateRunRequest req;
  req.experiment_id = *id;
  auto run = store->CreateRun(req);
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(store->DeleteExperiment(*id).ok());
  EXPECT_EQ(store->GetExperiment(*id)->lifecycle_stage, "deleted");
  EXPECT_EQ(store->GetRun(run->info.run_id)->info.lifecycle_stage, "deleted");
  EXPECT_EQ(ErrorCodeOf(store->CreateRun(req).status()), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCodeOf(store->RenameExperiment(*id, "x")), "INVALID_STATE");
  EXPECT_EQ(ErrorCodeOf(store->SetExperimentTag(*id, {"a", "b"})), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCodeOf(store->DeleteExperiment(*id)), "RESOURCE_DOES_NOT_EXIST");
  ASSERT_TRUE(store->RestoreExperiment(*id).ok());
  EXPECT_EQ(store->GetRun(run->info.run_id)->info.lifecycle_stage, "active");
}

TEST(TrackingStoreTest, SearchExperiments) {
  TrackingTestStore store;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store->CreateExperiment(StrCat("exp-", i), "", {{"i", StrCat(i)}}).ok());
  }
  ASSERT_TRUE(store->DeleteExperiment("3").ok());
  SearchExperimentsRequest req;
  req.order_by = {"name ASC"};
  req.max_results = 2;
  auto page = store->SearchExperiments(req);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->experiments.size(), 2u);
  EXPECT_EQ(page->experiments[0].name, "Default");
  EXPECT_EQ(page->experiments[1].name, "exp-0");
  req.page_token = page->next_page_token;
  page = store->SearchExperiments(req);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->experiments[0].name, "exp-1");
  EXPECT_EQ(page->experiments[1].name, "exp-3");  // "exp-2" is deleted (id 3).
  req = {};
  req.filter = "name LIKE 'exp-%' AND tags.i != '1'";
  page = store->SearchExperiments(req);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->experiments.size(), 3u);
  req.view_type = ViewType::kDeletedOnly;
  req.filter = "";
  page = store->SearchExperiments(req);
  ASSERT_EQ(page->experiments.size(), 1u);
  EXPECT_EQ(page->experiments[0].name, "exp-2");
  req.filter = "metrics.x > 1";
  EXPECT_EQ(ErrorCodeOf(store->SearchExperiments(req).status()), "INVALID_PARAMETER_VALUE");
  req.filter = "";
  req.max_results = 50001;
  EXPECT_EQ(ErrorCodeOf(store->SearchExperiments(req).status()), "INVALID_PARAMETER_VALUE");
}

TEST(TrackingStoreTest, RunLifecycleAndNames) {
  TrackingTestStore store;
  CreateRunRequest req;
  req.user_id = "alice";
  req.start_time = 1000;
  req.tags = {{"b", "2"}, {"a", "1"}};
  auto run = store->CreateRun(req);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->info.run_id.size(), 32u);
  EXPECT_EQ(run->info.experiment_id, "0");
  EXPECT_FALSE(run->info.run_name.empty());
  EXPECT_EQ(run->info.artifact_uri, "mlflow-artifacts:/0/" + run->info.run_id + "/artifacts");
  auto got = store->GetRun(run->info.run_id);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->tags.size(), 3u);
  EXPECT_EQ(got->tags[2].key, "mlflow.runName");
  EXPECT_EQ(got->tags[2].value, run->info.run_name);
  EXPECT_EQ(got->info.status, RunStatus::kRunning);
  EXPECT_EQ(*got->info.start_time, 1000);

  req.run_name = "x";
  req.tags = {{"mlflow.runName", "y"}};
  EXPECT_EQ(ErrorCodeOf(store->CreateRun(req).status()), "INVALID_PARAMETER_VALUE");
  req.experiment_id = "99";
  req.tags = {};
  EXPECT_EQ(ErrorCodeOf(store->CreateRun(req).status()), "RESOURCE_DOES_NOT_EXIST");

  UpdateRunRequest update;
  update.run_id = run->info.run_id;
  update.status = RunStatus::kFinished;
  update.end_time = 2000;
  update.run_name = "renamed";
  auto info = store->UpdateRun(update);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->status, RunStatus::kFinished);
  got = store->GetRun(run->info.run_id);
  EXPECT_EQ(got->info.run_name, "renamed");
  EXPECT_EQ(*got->info.end_time, 2000);
  EXPECT_EQ(got->tags[2].value, "renamed");
  // Setting mlflow.runName renames the run.
  ASSERT_TRUE(store->SetTag(run->info.run_id, {"mlflow.runName", "again"}).ok());
  EXPECT_EQ(store->GetRun(run->info.run_id)->info.run_name, "again");

  ASSERT_TRUE(store->DeleteRun(run->info.run_id).ok());
  EXPECT_EQ(store->GetRun(run->info.run_id)->info.lifecycle_stage, "deleted");
  const Status s = store->LogParam(run->info.run_id, {"p", "v"});
  EXPECT_EQ(ErrorCodeOf(s), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(
      MlflowError::Parse(s).message,
      "The run " + run->info.run_id + " must be in the 'active' state. Current state is deleted.");
  ASSERT_TRUE(store->RestoreRun(run->info.run_id).ok());
  EXPECT_TRUE(store->LogParam(run->info.run_id, {"p", "v"}).ok());
  EXPECT_EQ(ErrorCodeOf(store->GetRun("0123456789abcdef").status()), "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(MlflowError::Parse(store->DeleteRun("nope")).message, "Run with id=nope not found");
}

TEST(TrackingStoreTest, LoggingRulesAndLimits) {
  TrackingTestStore store;
  auto run = store->CreateRun({});
  ASSERT_TRUE(run.ok());
  const std::string id = run->info.run_id;
  ASSERT_TRUE(store->LogParam(id, {"lr", "0.1"}).ok());
  ASSERT_TRUE(store->LogParam(id, {"lr", "0.1"}).ok());  // Same value: fine.
  const Status changed = store->LogParam(id, {"lr", "0.2"});
  EXPECT_EQ(ErrorCodeOf(changed), "INVALID_PARAMETER_VALUE");
  EXPECT_NE(MlflowError::Parse(changed).message.find("Changing param values is not allowed"),
            std::string_view::npos);
  EXPECT_TRUE(store->LogParam(id, {"big", std::string(6000, 'v')}).ok());
  EXPECT_EQ(ErrorCodeOf(store->LogParam(id, {"big2", std::string(6001, 'v')})),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCodeOf(store->LogParam(id, {std::string(251, 'k'), "v"})),
            "INVALID_PARAMETER_VALUE");
  EXPECT_TRUE(store->SetTag(id, {"t", std::string(8000, 'v')}).ok());
  EXPECT_EQ(ErrorCodeOf(store->SetTag(id, {"t", std::string(8001, 'v')})),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCodeOf(store->LogMetric(id, {"bad name!", 1, 1, 0})), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCodeOf(store->LogMetric(id, {"../x", 1, 1, 0})), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCodeOf(store->LogMetric(id, {"m", 1, -1, 0})), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCodeOf(store->DeleteTag(id, "missing")), "RESOURCE_DOES_NOT_EXIST");
  ASSERT_TRUE(store->DeleteTag(id, "t").ok());

  // NaN and infinities, and the latest-metric rule (greatest step, then timestamp, then value).
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  ASSERT_TRUE(store->LogMetric(id, {"a", nan, 10, 0}).ok());
  ASSERT_TRUE(store->LogMetric(id, {"b", inf, 10, 0}).ok());
  ASSERT_TRUE(store->LogMetric(id, {"c", 5, 10, 2}).ok());
  ASSERT_TRUE(store->LogMetric(id, {"c", 9, 99, 1}).ok());  // Lower step: not the latest.
  auto got = store->GetRun(id);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->metrics.size(), 3u);
  EXPECT_TRUE(std::isnan(got->metrics[0].value));
  EXPECT_EQ(got->metrics[1].value, std::numeric_limits<double>::max());
  EXPECT_EQ(got->metrics[2].value, 5);

  // log-batch limits and duplicate params.
  std::vector<Metric> metrics(1001, Metric{"m", 1, 1, 0});
  EXPECT_EQ(ErrorCodeOf(store->LogBatch(id, metrics, {}, {})), "INVALID_PARAMETER_VALUE");
  std::vector<Param> params(101, Param{"p", "v"});
  EXPECT_EQ(ErrorCodeOf(store->LogBatch(id, {}, params, {})), "INVALID_PARAMETER_VALUE");
  metrics.resize(950);
  params.resize(60);
  for (size_t i = 0; i < params.size(); ++i) params[i].key = StrCat("p", i);
  EXPECT_EQ(ErrorCodeOf(store->LogBatch(id, metrics, params, {})), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCodeOf(store->LogBatch(id, {}, {{"x", "1"}, {"x", "2"}}, {})),
            "INVALID_PARAMETER_VALUE");
  // A conflicting param fails the whole batch: nothing of it is stored.
  EXPECT_EQ(ErrorCodeOf(store->LogBatch(id, {{"batch_m", 1, 1, 0}}, {{"lr", "0.3"}}, {})),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(store->GetMetricHistory(id, "batch_m", 0, "")->metrics.size(), 0u);
  std::vector<Metric> batch;
  for (int i = 0; i < 999; ++i) batch.push_back({"loss", 1.0 / (i + 1), 100 + i, i});
  ASSERT_TRUE(store->LogBatch(id, batch, {}, {{"k", "v"}}).ok());
  got = store->GetRun(id);
  bool found = false;
  for (const Metric& m : got->metrics) {
    if (m.key == "loss") {
      found = true;
      EXPECT_EQ(m.step, 998);
    }
  }
  EXPECT_TRUE(found);

  // Inputs: a dataset logged twice to one run is kept once.
  DatasetInput input;
  input.dataset = {"train", "abc123", "local", "{\"uri\": \"/x\"}", "", ""};
  input.tags = {{"mlflow.data.context", "training"}};
  ASSERT_TRUE(store->LogInputs(id, {input, input}).ok());
  got = store->GetRun(id);
  ASSERT_EQ(got->inputs.size(), 1u);
  EXPECT_EQ(got->inputs[0].dataset.digest, "abc123");
  ASSERT_EQ(got->inputs[0].tags.size(), 1u);
  input.dataset.digest = std::string(37, 'd');
  EXPECT_EQ(ErrorCodeOf(store->LogInputs(id, {input})), "INVALID_PARAMETER_VALUE");

  EXPECT_EQ(ErrorCodeOf(store->LogModel(id, "{bad")), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCodeOf(store->LogModel(id, "{\"run_id\": \"x\"}")), "INVALID_PARAMETER_VALUE");
  const std::string model =
      "{\"artifact_path\": \"model\", \"flavors\": {}, \"run_id\": \"x\", "
      "\"utc_time_created\": \"2024-01-01\"}";
  ASSERT_TRUE(store->LogModel(id, model).ok());
  ASSERT_TRUE(store->LogModel(id, model).ok());
  got = store->GetRun(id);
  for (const Tag& t : got->tags) {
    if (t.key == "mlflow.log-model.history") EXPECT_EQ(t.value.find("model", 0) != 0, true);
  }
}

TEST(TrackingStoreTest, MetricHistoryPaging) {
  TrackingTestStore store;
  auto run = store->CreateRun({});
  ASSERT_TRUE(run.ok());
  const std::string id = run->info.run_id;
  std::vector<Metric> batch;
  for (int i = 0; i < 250; ++i) batch.push_back({"m", static_cast<double>(i), 1000 + i, i});
  for (size_t off = 0; off < batch.size(); off += 100) {
    std::vector<Metric> part(batch.begin() + off,
                             batch.begin() + std::min(batch.size(), off + 100));
    ASSERT_TRUE(store->LogBatch(id, part, {}, {}).ok());
  }
  std::vector<Metric> all;
  std::string token;
  int pages = 0;
  do {
    auto page = store->GetMetricHistory(id, "m", 100, token);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    all.insert(all.end(), page->metrics.begin(), page->metrics.end());
    token = page->next_page_token;
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(all.size(), 250u);
  for (int i = 0; i < 250; ++i) EXPECT_EQ(all[i].step, i);
  EXPECT_EQ(ErrorCodeOf(store->GetMetricHistory("nope", "m", 0, "").status()),
            "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(ErrorCodeOf(store->GetMetricHistory(id, "m", 0, "!!").status()),
            "INVALID_PARAMETER_VALUE");
}

TEST(TrackingStoreTest, BulkIntervalSamplesStepsLikeMlflow) {
  TrackingTestStore store;
  auto a = store->CreateRun({});
  auto b = store->CreateRun({});
  ASSERT_TRUE(a.ok() && b.ok());
  std::vector<Metric> pa, pb;
  for (int i = 0; i < 100; ++i) pa.push_back({"m", 1.0 * i, 1, i});
  for (int i = 0; i < 50; i += 7) pb.push_back({"m", 2.0 * i, 1, i});
  pb.push_back({"m", 0, 1, 53});
  ASSERT_TRUE(store->LogBatch(a->info.run_id, pa, {}, {}).ok());
  ASSERT_TRUE(store->LogBatch(b->info.run_id, pb, {}, {}).ok());
  auto points = store->GetMetricHistoryBulkInterval({a->info.run_id, b->info.run_id}, "m",
                                                    std::nullopt, std::nullopt, 10);
  ASSERT_TRUE(points.ok()) << points.status().ToString();
  // MLflow: 10 evenly spaced steps of the 100 distinct ones (0, 10, ... 90), the last (99), and
  // each run's first and last step (0, 99; 0, 53).
  std::set<int64_t> steps_a, steps_b;
  for (const RunMetric& p : *points) {
    (p.run_id == a->info.run_id ? steps_a : steps_b).insert(p.metric.step);
  }
  EXPECT_EQ(steps_a, (std::set<int64_t>{0, 10, 20, 30, 40, 50, 53, 60, 70, 80, 90, 99}));
  EXPECT_EQ(steps_b, (std::set<int64_t>{0, 53}));
  points = store->GetMetricHistoryBulkInterval({a->info.run_id}, "m", 5, 8, 100);
  ASSERT_TRUE(points.ok());
  EXPECT_EQ(points->size(), 4u);
  EXPECT_EQ(
      ErrorCodeOf(
          store->GetMetricHistoryBulkInterval({a->info.run_id}, "m", 5, std::nullopt, 10).status()),
      "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(
      ErrorCodeOf(store->GetMetricHistoryBulkInterval({a->info.run_id}, "m", 9, 5, 10).status()),
      "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(ErrorCodeOf(store->GetMetricHistoryBulkInterval({}, "m", {}, {}, 10).status()),
            "INVALID_PARAMETER_VALUE");
}

TEST(TrackingStoreTest, GroupCommitBatchesFailuresAlone) {
  TrackingTestStore store;
  auto run = store->CreateRun({});
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(store->LogParam(run->info.run_id, {"fixed", "1"}).ok());
  // Concurrent writers, some failing: the failures must not undo the others.
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (i % 10 == 0) {
          if (!store->LogParam(run->info.run_id, {"fixed", StrCat(t, "-", i)}).ok()) ++failures;
        } else {
          EXPECT_TRUE(store->LogMetric(run->info.run_id, {StrCat("m", t), 1.0 * i, 1, i}).ok());
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 40);
  for (int t = 0; t < 8; ++t) {
    EXPECT_EQ(store->GetMetricHistory(run->info.run_id, StrCat("m", t), 0, "")->metrics.size(),
              45u);
  }
  EXPECT_LE(store->committer().transactions(), store->committer().operations());
}

}  // namespace
}  // namespace lakeml::ml
