// Concurrent writers on the model registry: every acknowledged write reads back, version
// numbers stay unique and dense per model, with group commit and with a second store (and a
// tracking store) writing to the same lakeml.db.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "ml/registry/model_registry_store.h"
#include "ml/tracking/group_committer.h"
#include "ml/tracking/tracking_store.h"
#include "model_registry_test_store.h"

namespace lakeml::ml {
namespace {

constexpr int kThreads = 8;
constexpr int kOpsPerThread = 40;

struct Acknowledged {
  std::mutex mu;
  std::set<std::string> shared_versions;  // Versions of "shared" acknowledged to writers.
  std::vector<std::pair<std::string, std::string>> tags;  // (model, key) set on own models.
};

// Writer `t`: creates versions of "shared" and tags its own model; records what was
// acknowledged. Returns the number of failed writes.
int RunWriter(ModelRegistryStore& store, int t, Acknowledged* ack) {
  int failures = 0;
  const std::string own = "own-" + std::to_string(t);
  if (!store.CreateRegisteredModel(own, {}, "").ok()) ++failures;
  for (int i = 0; i < kOpsPerThread; ++i) {
    CreateModelVersionRequest request;
    request.name = "shared";
    request.source = "s3://bucket/" + std::to_string(t) + "/" + std::to_string(i);
    request.run_id = "run" + std::to_string(t);
    auto v = store.CreateModelVersion(request);
    if (!v.ok()) {
      ++failures;
      continue;
    }
    const std::string key = "k" + std::to_string(i);
    const bool tagged = store.SetRegisteredModelTag(own, {key, v->version}).ok();
    std::lock_guard<std::mutex> lock(ack->mu);
    ack->shared_versions.insert(v->version + "=" + request.source);
    if (tagged) {
      ack->tags.emplace_back(own, key);
    } else {
      ++failures;
    }
  }
  return failures;
}

void CheckEverythingReadsBack(ModelRegistryStore& store, const Acknowledged& ack,
                              int expected_versions) {
  ASSERT_EQ(static_cast<int>(ack.shared_versions.size()), expected_versions);
  std::set<int> numbers;
  for (const std::string& entry : ack.shared_versions) {
    const std::string version = entry.substr(0, entry.find('='));
    const std::string source = entry.substr(entry.find('=') + 1);
    auto v = store.GetModelVersion("shared", version);
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_EQ(v->source, source);
    numbers.insert(std::stoi(version));
  }
  // Unique and dense: 1..N.
  ASSERT_EQ(static_cast<int>(numbers.size()), expected_versions);
  EXPECT_EQ(*numbers.begin(), 1);
  EXPECT_EQ(*numbers.rbegin(), expected_versions);
  for (const auto& [model, key] : ack.tags) {
    auto m = store.GetRegisteredModel(model);
    ASSERT_TRUE(m.ok());
    bool found = false;
    for (const RegisteredModelTag& tag : m->tags) found = found || tag.key == key;
    EXPECT_TRUE(found) << model << " " << key;
  }
  SearchModelVersionsRequest all;
  all.filter = "name = 'shared'";
  EXPECT_EQ(static_cast<int>(store.SearchModelVersions(all)->model_versions.size()),
            expected_versions);
}

TEST(ModelRegistryConcurrencyTest, ConcurrentWritersEveryAcknowledgedWriteReadsBack) {
  RegistryTestStore store;
  ASSERT_TRUE(store->CreateRegisteredModel("shared", {}, "").ok());
  const int64_t transactions_before = store->committer().transactions();
  const int64_t operations_before = store->committer().operations();
  Acknowledged ack;
  std::atomic<int> failures{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] { failures += RunWriter(*store, t, &ack); });
  }
  // A reader runs meanwhile; it never sees a version number twice.
  std::atomic<int> reader_errors{0};
  std::thread reader([&] {
    while (!stop.load()) {
      SearchModelVersionsRequest request;
      request.filter = "name = 'shared'";
      auto page = store->SearchModelVersions(request);
      if (!page.ok()) {
        ++reader_errors;
        continue;
      }
      std::set<std::string> seen;
      for (const ModelVersion& v : page->model_versions) {
        if (!seen.insert(v.version).second) ++reader_errors;
      }
    }
  });
  for (auto& th : threads) th.join();
  stop = true;
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(reader_errors.load(), 0);
  CheckEverythingReadsBack(*store, ack, kThreads * kOpsPerThread);
  // Every operation went through the group committer (one create-model and 2 * 40 writes per
  // thread), in at most as many transactions.
  const int64_t operations = store->committer().operations() - operations_before;
  const int64_t transactions = store->committer().transactions() - transactions_before;
  EXPECT_EQ(operations, kThreads + 2 * kThreads * kOpsPerThread);
  EXPECT_GT(transactions, 0);
  EXPECT_LE(transactions, operations);
  RecordProperty("transactions", static_cast<int>(transactions));
  // Persisted: a reopened store reads the same.
  store.Reopen();
  CheckEverythingReadsBack(*store, ack, kThreads * kOpsPerThread);
}

TEST(ModelRegistryConcurrencyTest, TwoStoresAndTrackingWritingOneFile) {
  RegistryTestStore store;
  auto second = store.OpenAnother();
  ASSERT_NE(second, nullptr);
  TrackingStoreOptions tracking_options;
  tracking_options.db_path = store.db_path();
  auto tracking = TrackingStore::Open(tracking_options);
  ASSERT_TRUE(tracking.ok()) << tracking.status().ToString();
  ASSERT_TRUE(store->CreateRegisteredModel("shared", {}, "").ok());

  Acknowledged ack;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    ModelRegistryStore* target = t % 2 == 0 ? &*store : second.get();
    threads.emplace_back([&, t, target] { failures += RunWriter(*target, t, &ack); });
  }
  std::atomic<int> tracking_failures{0};
  threads.emplace_back([&] {
    for (int i = 0; i < 40; ++i) {
      if (!(*tracking)->CreateExperiment("exp" + std::to_string(i), "", {}).ok()) {
        ++tracking_failures;
      }
    }
  });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(tracking_failures.load(), 0);
  CheckEverythingReadsBack(*store, ack, 4 * kOpsPerThread);
  CheckEverythingReadsBack(*second, ack, 4 * kOpsPerThread);
  EXPECT_TRUE((*tracking)->GetExperimentByName("exp39").ok());
}

}  // namespace
}  // namespace lakeml::ml
