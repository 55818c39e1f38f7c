// A ModelRegistryStore on a fresh lakeml.db in a scratch directory, for the ml unit tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "ml/registry/model_registry_store.h"
#include "ml/tracking/mlflow_error.h"
#include "reliability/scratch_dir.h"

namespace lakeml::ml {

class RegistryTestStore {
 public:
  RegistryTestStore() { Reopen(); }
  void Reopen() {
    store_.reset();
    store_ = OpenAnother();
  }
  // A second store on the same file.
  std::unique_ptr<ModelRegistryStore> OpenAnother() const {
    ModelRegistryStoreOptions options;
    options.db_path = db_path();
    auto store = ModelRegistryStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
  ModelRegistryStore* operator->() { return store_.get(); }
  ModelRegistryStore& operator*() { return *store_; }
  std::string db_path() const { return dir_.path() + "/lakeml.db"; }

 private:
  reliability::ScratchDir dir_;
  std::unique_ptr<ModelRegistryStore> store_;
};

// The MLflow error code name of a failed status ("OK" for success).
inline std::string RegistryErrorCode(const Status& s) {
  return s.ok() ? "OK" : std::string(MlflowError::CodeNameOf(s));
}
// The MLflow error message of a failed status ("" for success).
inline std::string RegistryErrorMessage(const Status& s) {
  return s.ok() ? "" : std::string(MlflowError::Parse(s).message);
}

// Creates the next version of `name` with `source` and `run_id`; fails the test on error.
inline ModelVersion AddVersion(ModelRegistryStore& store, const std::string& name,
                               const std::string& source, const std::string& run_id = "") {
  CreateModelVersionRequest request;
  request.name = name;
  request.source = source;
  request.run_id = run_id;
  auto v = store.CreateModelVersion(request);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? *v : ModelVersion{};
}

}  // namespace lakeml::ml
