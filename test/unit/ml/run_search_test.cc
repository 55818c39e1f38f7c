// search-runs against a brute-force evaluation of the same filter and order over generated runs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <random>

#include "ml/tracking/tracking_enums.h"
#include "ml/tracking/tracking_store.h"
#include "tracking_test_store.h"

namespace lakeml::ml {
namespace {

struct ModelRun {
  std::string id;
  std::string experiment_id;
  std::string status;
  int64_t start_time;
  bool deleted = false;
  std::map<std::string, double> metrics;  // Latest values; NaN possible.
  std::map<std::string, std::string> params;
  std::map<std::string, std::string> tags;
};

bool Like(std::string_view s, std::string_view p) {
  if (p.empty()) return s.empty();
  if (p[0] == '%') {
    for (size_t i = 0; i <= s.size(); ++i) {
      if (Like(s.substr(i), p.substr(1))) return true;
    }
    return false;
  }
  if (s.empty()) return false;
  return (p[0] == '_' || p[0] == s[0]) && Like(s.substr(1), p.substr(1));
}

class RunSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_->CreateExperiment("second", "", {}).ok());
    std::mt19937 rng(7);
    const char* statuses[] = {"RUNNING", "FINISHED", "FAILED"};
    for (int i = 0; i < 300; ++i) {
      ModelRun m;
      m.experiment_id = i % 3 == 0 ? "1" : "0";
      CreateRunRequest req;
      req.experiment_id = m.experiment_id;
      m.start_time = static_cast<int64_t>(rng() % 50);  // Many ties: run id breaks them.
      req.start_time = m.start_time;
      req.run_name = StrCat("run-", i);
      auto run = store_->CreateRun(req);
      ASSERT_TRUE(run.ok());
      m.id = run->info.run_id;
      m.tags["mlflow.runName"] = req.run_name;
      std::vector<Metric> metrics;
      std::vector<Param> params;
      std::vector<Tag> tags;
      for (int k = 0; k < 2; ++k) {
        if (rng() % 5 == 0) continue;
        double v = static_cast<double>(rng() % 20) / 4;
        if (rng() % 15 == 0) v = std::numeric_limits<double>::quiet_NaN();
        metrics.push_back({StrCat("m", k), v, 1, 0});
        m.metrics[StrCat("m", k)] = v;
      }
      if (rng() % 6 != 0) {
        const std::string v(1, static_cast<char>("abcdA"[rng() % 5]));
        params.push_back({"p0", v});
        m.params["p0"] = v;
      }
      if (rng() % 2 == 0) {
        const std::string v = StrCat("team-", rng() % 3);
        tags.push_back({"t0", v});
        m.tags["t0"] = v;
      }
      ASSERT_TRUE(store_->LogBatch(m.id, metrics, params, tags).ok());
      m.status = statuses[rng() % 3];
      UpdateRunRequest update;
      update.run_id = m.id;
      update.status = *TrackingEnums::ParseRunStatus(m.status);
      ASSERT_TRUE(store_->UpdateRun(update).ok());
      if (rng() % 10 == 0) {
        ASSERT_TRUE(store_->DeleteRun(m.id).ok());
        m.deleted = true;
      }
      model_.push_back(std::move(m));
    }
  }

  // All pages of a search, in order.
  std::vector<std::string> Search(SearchRunsRequest req) {
    std::vector<std::string> ids;
    req.max_results = 37;
    do {
      auto page = store_->SearchRuns(req);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) return ids;
      for (const ml::Run& r : page->runs) ids.push_back(r.info.run_id);
      req.page_token = page->next_page_token;
    } while (!req.page_token.empty());
    return ids;
  }

  using Pred = std::function<bool(const ModelRun&)>;
  // Sort key: a rank (0 value, 1 NaN, 2 missing) and a value per order_by term.
  using Key = std::function<std::pair<int, double>(const ModelRun&)>;

  std::vector<std::string> Expect(const std::vector<std::string>& experiments, ViewType view,
                                  const Pred& pred, const Key& key = nullptr,
                                  bool ascending = true) {
    std::vector<const ModelRun*> hits;
    for (const ModelRun& m : model_) {
      if (std::find(experiments.begin(), experiments.end(), m.experiment_id) == experiments.end())
        continue;
      if (view == ViewType::kActiveOnly && m.deleted) continue;
      if (view == ViewType::kDeletedOnly && !m.deleted) continue;
      if (pred(m)) hits.push_back(&m);
    }
    std::sort(hits.begin(), hits.end(), [&](const ModelRun* a, const ModelRun* b) {
      if (key) {
        auto ka = key(*a), kb = key(*b);
        if (ka.first != kb.first) return ka.first < kb.first;
        if (ka.first == 0 && ka.second != kb.second) {
          return ascending ? ka.second < kb.second : ka.second > kb.second;
        }
      }
      if (a->start_time != b->start_time) return a->start_time > b->start_time;
      return a->id < b->id;
    });
    std::vector<std::string> ids;
    for (const ModelRun* m : hits) ids.push_back(m->id);
    return ids;
  }

  static Key MetricKey(const std::string& k) {
    return [k](const ModelRun& m) -> std::pair<int, double> {
      auto it = m.metrics.find(k);
      if (it == m.metrics.end()) return {2, 0};
      if (std::isnan(it->second)) return {1, 0};
      return {0, it->second};
    };
  }

  TrackingTestStore store_;
  std::vector<ModelRun> model_;
};

TEST_F(RunSearchTest, DefaultOrderAndViewTypes) {
  SearchRunsRequest req;
  req.experiment_ids = {"0", "1"};
  EXPECT_EQ(Search(req), Expect({"0", "1"}, ViewType::kActiveOnly, [](auto&) { return true; }));
  req.run_view_type = ViewType::kDeletedOnly;
  EXPECT_EQ(Search(req), Expect({"0", "1"}, ViewType::kDeletedOnly, [](auto&) { return true; }));
  req.run_view_type = ViewType::kAll;
  req.experiment_ids = {"1"};
  EXPECT_EQ(Search(req), Expect({"1"}, ViewType::kAll, [](auto&) { return true; }));
}

TEST_F(RunSearchTest, FiltersMatchBruteForce) {
  struct Case {
    std::string filter;
    Pred pred;
  };
  auto metric = [](const ModelRun& m, const std::string& k, double* v) {
    auto it = m.metrics.find(k);
    if (it == m.metrics.end()) return false;
    *v = it->second;
    return true;
  };
  std::vector<Case> cases = {
      {"metrics.m0 > 2.5",
       [&](const ModelRun& m) {
         double v;
         return metric(m, "m0", &v) && v > 2.5;
       }},
      {"metrics.m0 != 1",
       [&](const ModelRun& m) {
         double v;
         return metric(m, "m0", &v) && !(v == 1);
       }},
      {"metrics.m0 >= 1 AND metrics.m1 < 3 AND params.p0 = 'a'",
       [&](const ModelRun& m) {
         double a, b;
         return metric(m, "m0", &a) && a >= 1 && metric(m, "m1", &b) && b < 3 &&
                m.params.count("p0") && m.params.at("p0") == "a";
       }},
      {"params.p0 LIKE 'a%'",
       [](const ModelRun& m) { return m.params.count("p0") && Like(m.params.at("p0"), "a%"); }},
      {"params.p0 ILIKE 'a'",
       [](const ModelRun& m) {
         return m.params.count("p0") && (m.params.at("p0") == "a" || m.params.at("p0") == "A");
       }},
      {"params.p0 != 'b'",
       [](const ModelRun& m) { return m.params.count("p0") && m.params.at("p0") != "b"; }},
      {"tags.t0 = 'team-1' AND status = 'FINISHED'",
       [](const ModelRun& m) {
         return m.tags.count("t0") && m.tags.at("t0") == "team-1" && m.status == "FINISHED";
       }},
      {"tags.t0 IS NULL", [](const ModelRun& m) { return m.tags.count("t0") == 0; }},
      {"attributes.status IN ('FAILED', 'RUNNING') AND attributes.start_time < 20",
       [](const ModelRun& m) { return m.status != "FINISHED" && m.start_time < 20; }},
      {"attributes.run_name LIKE 'run-1%'",
       [](const ModelRun& m) { return Like(m.tags.at("mlflow.runName"), "run-1%"); }},
  };
  for (const Case& c : cases) {
    SearchRunsRequest req;
    req.experiment_ids = {"0", "1"};
    req.filter = c.filter;
    const auto expected = Expect({"0", "1"}, ViewType::kActiveOnly, c.pred);
    EXPECT_FALSE(expected.empty()) << c.filter;
    EXPECT_EQ(Search(req), expected) << c.filter;
  }
}

TEST_F(RunSearchTest, OrderByMatchesBruteForce) {
  for (bool asc : {true, false}) {
    SearchRunsRequest req;
    req.experiment_ids = {"0", "1"};
    req.order_by = {asc ? "metrics.m1 ASC" : "metrics.m1 DESC"};
    EXPECT_EQ(Search(req), Expect(
                               {"0", "1"}, ViewType::kActiveOnly, [](auto&) { return true; },
                               MetricKey("m1"), asc));
    // Ordered by a metric that the filter also compares (the index-walk plan).
    req.filter = "metrics.m1 > 1 AND params.p0 != 'c'";
    EXPECT_EQ(Search(req), Expect(
                               {"0", "1"}, ViewType::kActiveOnly,
                               [](const ModelRun& m) {
                                 auto it = m.metrics.find("m1");
                                 return it != m.metrics.end() && it->second > 1 &&
                                        m.params.count("p0") && m.params.at("p0") != "c";
                               },
                               MetricKey("m1"), asc));
    req.filter = "";
    req.order_by = {asc ? "params.p0" : "params.p0 DESC"};
    EXPECT_EQ(Search(req), Expect(
                               {"0", "1"}, ViewType::kActiveOnly, [](auto&) { return true; },
                               [](const ModelRun& m) -> std::pair<int, double> {
                                 auto it = m.params.find("p0");
                                 if (it == m.params.end()) return {2, 0};
                                 return {0, static_cast<double>(it->second[0])};
                               },
                               asc));
    req.order_by = {asc ? "attributes.start_time ASC" : "start_time DESC"};
    EXPECT_EQ(Search(req), Expect(
                               {"0", "1"}, ViewType::kActiveOnly, [](auto&) { return true; },
                               [](const ModelRun& m) -> std::pair<int, double> {
                                 return {0, static_cast<double>(m.start_time)};
                               },
                               asc));
  }
}

TEST_F(RunSearchTest, PagesAndErrors) {
  SearchRunsRequest req;
  req.experiment_ids = {"0"};
  req.max_results = 1000;
  auto page = store_->SearchRuns(req);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->next_page_token.empty());
  ASSERT_FALSE(page->runs.empty());
  EXPECT_FALSE(page->runs[0].tags.empty());
  req.max_results = 50001;
  EXPECT_EQ(ErrorCodeOf(store_->SearchRuns(req).status()), "INVALID_PARAMETER_VALUE");
  req.max_results = 10;
  req.filter = "metrics.m0 > 'x'";
  EXPECT_EQ(ErrorCodeOf(store_->SearchRuns(req).status()), "INVALID_PARAMETER_VALUE");
  req.filter = "";
  req.order_by = {"metrics.m0 SIDEWAYS"};
  EXPECT_EQ(ErrorCodeOf(store_->SearchRuns(req).status()), "INVALID_PARAMETER_VALUE");
  req.order_by = {};
  req.page_token = "garbage";
  EXPECT_EQ(ErrorCodeOf(store_->SearchRuns(req).status()), "INVALID_PARAMETER_VALUE");
  // Values are bound, never spliced: a quote in a value is just data.
  req.page_token = "";
  req.filter = "params.p0 = 'a'' OR 1=1 --'";
  page = store_->SearchRuns(req);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->runs.empty());
}

}  // namespace
}  // namespace lakeml::ml
