// A TrackingStore on a fresh lakeml.db in a scratch directory, for the ml unit tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "ml/tracking/mlflow_error.h"
#include "ml/tracking/tracking_store.h"
#include "reliability/scratch_dir.h"

namespace lakeml::ml {

class TrackingTestStore {
 public:
  TrackingTestStore() { Reopen(); }
  void Reopen() {
    store_.reset();
    TrackingStoreOptions options;
    options.db_path = dir_.path() + "/lakeml.db";
    auto store = TrackingStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (store.ok()) store_ = std::move(store).value();
  }
  TrackingStore* operator->() { return store_.get(); }
  TrackingStore& operator*() { return *store_; }
  std::string db_path() const { return dir_.path() + "/lakeml.db"; }

 private:
  reliability::ScratchDir dir_;
  std::unique_ptr<TrackingStore> store_;
};

// The MLflow error code name of a failed status ("OK" for success).
inline std::string ErrorCodeOf(const Status& s) {
  return s.ok() ? "OK" : std::string(MlflowError::CodeNameOf(s));
}

}  // namespace lakeml::ml
