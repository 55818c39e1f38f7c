#include "ml/registry/model_registry_store.h"

#include <gtest/gtest.h>

#include "ml/tracking/tracking_store.h"
#include "model_registry_test_store.h"

namespace lakeml::ml {
namespace {

TEST(ModelRegistryStoreTest, CreateAndGetRegisteredModel) {
  RegistryTestStore store;
  auto created = store->CreateRegisteredModel("churn", {{"team", "ml"}, {"a", "1"}}, "first");
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->name, "churn");
  EXPECT_EQ(created->description, "first");
  EXPECT_GT(created->creation_timestamp, 0);
  EXPECT_EQ(created->creation_timestamp, created->last_updated_timestamp);
  ASSERT_EQ(created->tags.size(), 2u);
  EXPECT_EQ(created->tags[0].key, "a");
  EXPECT_EQ(created->tags[1].value, "ml");
  EXPECT_TRUE(created->latest_versions.empty());

  auto got = store->GetRegisteredModel("churn");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->creation_timestamp, created->creation_timestamp);
  EXPECT_EQ(got->tags.size(), 2u);

  auto dup = store->CreateRegisteredModel("churn", {}, "");
  EXPECT_EQ(RegistryErrorCode(dup.status()), "RESOURCE_ALREADY_EXISTS");
  EXPECT_EQ(RegistryErrorMessage(dup.status()), "Registered Model (name=churn) already exists.");
  auto missing = store->GetRegisteredModel("nope");
  EXPECT_EQ(RegistryErrorCode(missing.status()), "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(RegistryErrorMessage(missing.status()), "Registered Model with name=nope not found");
  EXPECT_EQ(MlflowError::HttpStatus(MlflowError::Parse(missing.status()).code), 404);
  auto empty = store->CreateRegisteredModel("", {}, "");
  EXPECT_EQ(RegistryErrorMessage(empty.status()), "Missing value for required parameter 'name'.");
  EXPECT_EQ(RegistryErrorCode(store->CreateRegisteredModel("x", {{"bad\x01", "v"}}, "").status()),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(RegistryErrorCode(
                store->CreateRegisteredModel("x", {{"k", std::string(5001, 'v')}}, "").status()),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(RegistryErrorCode(store->GetRegisteredModel("x").status()), "RESOURCE_DOES_NOT_EXIST");
}

TEST(ModelRegistryStoreTest, UpdateRenameAndTags) {
  RegistryTestStore store;
  ASSERT_TRUE(store->CreateRegisteredModel("m", {}, "").ok());
  AddVersion(*store, "m", "s3://b/1");
  AddVersion(*store, "m", "s3://b/2");
  ASSERT_TRUE(store->SetRegisteredModelAlias("m", "champion", "2").ok());

  auto updated = store->UpdateRegisteredModel("m", "new description");
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->description, "new description");
  EXPECT_EQ(RegistryErrorCode(store->UpdateRegisteredModel("zz", "d").status()),
            "RESOURCE_DOES_NOT_EXIST");

  ASSERT_TRUE(store->CreateRegisteredModel("other", {}, "").ok());
  auto clash = store->RenameRegisteredModel("m", "other");
  EXPECT_EQ(RegistryErrorCode(clash.status()), "RESOURCE_ALREADY_EXISTS");
  EXPECT_EQ(RegistryErrorMessage(clash.status()), "Registered Model (name=other) already exists.");
  EXPECT_EQ(RegistryErrorMessage(store->RenameRegisteredModel("m", "").status()),
            "Missing value for required parameter 'new_name'.");
  auto renamed = store->RenameRegisteredModel("m", "m2");
  ASSERT_TRUE(renamed.ok()) << renamed.status().ToString();
  EXPECT_EQ(renamed->name, "m2");
  EXPECT_EQ(renamed->description, "new description");
  // Versions and aliases move with the model.
  ASSERT_EQ(renamed->latest_versions.size(), 1u);
  EXPECT_EQ(renamed->latest_versions[0].name, "m2");
  EXPECT_EQ(renamed->latest_versions[0].version, "2");
  ASSERT_EQ(renamed->aliases.size(), 1u);
  EXPECT_EQ(renamed->aliases[0].alias, "champion");
  EXPECT_EQ(store->GetModelVersion("m2", "1")->source, "s3://b/1");
  EXPECT_EQ(RegistryErrorCode(store->GetModelVersion("m", "1").status()),
            "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(store->GetModelVersionByAlias("m2", "champion")->version, "2");
  EXPECT_EQ(RegistryErrorCode(store->GetRegisteredModel("m").status()), "RESOURCE_DOES_NOT_EXIST");
  // The old name is free again.
  EXPECT_TRUE(store->CreateRegisteredModel("m", {}, "").ok());
  EXPECT_TRUE(store->GetModelVersion("m", "1").status().code() != StatusCode::kOk);

  ASSERT_TRUE(store->SetRegisteredModelTag("m2", {"k", "v1"}).ok());
  ASSERT_TRUE(store->SetRegisteredModelTag("m2", {"k", "v2"}).ok());
  auto tagged = store->GetRegisteredModel("m2");
  ASSERT_EQ(tagged->tags.size(), 1u);
  EXPECT_EQ(tagged->tags[0].value, "v2");
  ASSERT_TRUE(store->DeleteRegisteredModelTag("m2", "k").ok());
  ASSERT_TRUE(store->DeleteRegisteredModelTag("m2", "absent").ok());
  EXPECT_TRUE(store->GetRegisteredModel("m2")->tags.empty());
  EXPECT_EQ(RegistryErrorCode(store->SetRegisteredModelTag("zz", {"k", "v"})),
            "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(RegistryErrorCode(store->DeleteRegisteredModelTag("zz", "k")),
            "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(RegistryErrorCode(store->SetRegisteredModelTag("m2", {"../x", "v"})),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(RegistryErrorCode(store->SetRegisteredModelTag("m2", {std::string(251, 'k'), "v"})),
            "INVALID_PARAMETER_VALUE");
}

TEST(ModelRegistryStoreTest, ModelVersionsAndNumbering) {
  RegistryTestStore store;
  ASSERT_TRUE(store->CreateRegisteredModel("m", {}, "").ok());
  const int64_t model_created = store->GetRegisteredModel("m")->last_updated_timestamp;
  CreateModelVersionRequest request;
  request.name = "m";
  request.source = "mlflow-artifacts:/1/abc/artifacts/model";
  request.run_id = "abc";
  request.run_link = "http://x/run/abc";
  request.description = "v1";
  request.tags = {{"stage", "dev"}};
  auto v1 = store->CreateModelVersion(request);
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ(v1->name, "m");
  EXPECT_EQ(v1->version, "1");
  EXPECT_EQ(v1->current_stage, "None");
  EXPECT_EQ(v1->status, "READY");
  EXPECT_EQ(v1->run_id, "abc");
  EXPECT_EQ(v1->run_link, "http://x/run/abc");
  EXPECT_EQ(v1->description, "v1");
  ASSERT_EQ(v1->tags.size(), 1u);
  EXPECT_EQ(v1->tags[0].key, "stage");
  EXPECT_GE(store->GetRegisteredModel("m")->last_updated_timestamp, model_created);

  EXPECT_EQ(AddVersion(*store, "m", "s2").version, "2");
  EXPECT_EQ(AddVersion(*store, "m", "s3").version, "3");
  // Numbers are per model.
  ASSERT_TRUE(store->CreateRegisteredModel("n", {}, "").ok());
  EXPECT_EQ(AddVersion(*store, "n", "t1").version, "1");

  // A deleted version's number is never given out again, not even the highest one.
  ASSERT_TRUE(store->DeleteModelVersion("m", "3").ok());
  EXPECT_EQ(RegistryErrorCode(store->GetModelVersion("m", "3").status()),
            "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(RegistryErrorMessage(store->GetModelVersion("m", "3").status()),
            "Model Version (name=m, version=3) not found");
  EXPECT_EQ(RegistryErrorCode(store->DeleteModelVersion("m", "3")), "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(AddVersion(*store, "m", "s4").version, "4");
  ASSERT_TRUE(store->DeleteModelVersion("m", "1").ok());
  EXPECT_EQ(AddVersion(*store, "m", "s5").version, "5");
  store.Reopen();
  EXPECT_EQ(AddVersion(*store, "m", "s6").version, "6");

  auto updated = store->UpdateModelVersion("m", "2", "better");
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->description, "better");
  EXPECT_EQ(store->GetModelVersion("m", "2")->description, "better");

  EXPECT_EQ(RegistryErrorMessage(store->GetModelVersion("m", "x").status()),
            "Parameter 'version' must be an integer, got 'x'.");
  EXPECT_EQ(RegistryErrorCode(store->GetModelVersion("nope", "1").status()),
            "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(RegistryErrorCode(store->UpdateModelVersion("m", "99", "d").status()),
            "RESOURCE_DOES_NOT_EXIST");
  request.name = "nope";
  EXPECT_EQ(RegistryErrorMessage(store->CreateModelVersion(request).status()),
            "Registered Model with name=nope not found");
  request.name = "m";
  request.source = "";
  EXPECT_EQ(RegistryErrorCode(store->CreateModelVersion(request).status()),
            "INVALID_PARAMETER_VALUE");

  // Version tags.
  ASSERT_TRUE(store->SetModelVersionTag("m", "2", {"k", "v"}).ok());
  ASSERT_TRUE(store->SetModelVersionTag("m", "2", {"k", "w"}).ok());
  auto tagged = store->GetModelVersion("m", "2");
  ASSERT_EQ(tagged->tags.size(), 1u);
  EXPECT_EQ(tagged->tags[0].value, "w");
  ASSERT_TRUE(store->DeleteModelVersionTag("m", "2", "k").ok());
  ASSERT_TRUE(store->DeleteModelVersionTag("m", "2", "absent").ok());
  EXPECT_TRUE(store->GetModelVersion("m", "2")->tags.empty());
  EXPECT_EQ(RegistryErrorCode(store->SetModelVersionTag("m", "3", {"k", "v"})),
            "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(RegistryErrorCode(store->DeleteModelVersionTag("m", "99", "k")),
            "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(RegistryErrorCode(store->SetModelVersionTag("m", "2", {"", "v"})),
            "INVALID_PARAMETER_VALUE");
}

TEST(ModelRegistryStoreTest, DownloadUriAndModelsSource) {
  RegistryTestStore store;
  ASSERT_TRUE(store->CreateRegisteredModel("m", {}, "").ok());
  AddVersion(*store, "m", "s3://bucket/model");
  EXPECT_EQ(*store->GetModelVersionDownloadUri("m", "1"), "s3://bucket/model");
  ASSERT_TRUE(store->SetRegisteredModelAlias("m", "prod", "1").ok());
  ASSERT_TRUE(store->CreateRegisteredModel("copy", {}, "").ok());
  // A models:/ source resolves to the referenced version's location.
  EXPECT_EQ(AddVersion(*store, "copy", "models:/m/1").source, "models:/m/1");
  EXPECT_EQ(*store->GetModelVersionDownloadUri("copy", "1"), "s3://bucket/model");
  AddVersion(*store, "copy", "models:/m@prod");
  EXPECT_EQ(*store->GetModelVersionDownloadUri("copy", "2"), "s3://bucket/model");
  CreateModelVersionRequest bad;
  bad.name = "copy";
  bad.source = "models:/m/7";
  EXPECT_EQ(RegistryErrorCode(store->CreateModelVersion(bad).status()), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(RegistryErrorCode(store->GetModelVersionDownloadUri("m", "2").status()),
            "RESOURCE_DOES_NOT_EXIST");
}

TEST(ModelRegistryStoreTest, Aliases) {
  RegistryTestStore store;
  ASSERT_TRUE(store->CreateRegisteredModel("m", {}, "").ok());
  AddVersion(*store, "m", "s1");
  AddVersion(*store, "m", "s2");
  ASSERT_TRUE(store->SetRegisteredModelAlias("m", "champion", "1").ok());
  ASSERT_TRUE(store->SetRegisteredModelAlias("m", "challenger", "2").ok());
  auto by_alias = store->GetModelVersionByAlias("m", "champion");
  ASSERT_TRUE(by_alias.ok()) << by_alias.status().ToString();
  EXPECT_EQ(by_alias->version, "1");
  EXPECT_EQ(by_alias->aliases, std::vector<std::string>{"champion"});
  // Re-pointing an alias moves it.
  ASSERT_TRUE(store->SetRegisteredModelAlias("m", "champion", "2").ok());
  EXPECT_EQ(store->GetModelVersionByAlias("m", "champion")->version, "2");
  EXPECT_EQ(store->GetModelVersion("m", "2")->aliases,
            (std::vector<std::string>{"challenger", "champion"}));
  EXPECT_TRUE(store->GetModelVersion("m", "1")->aliases.empty());
  auto model = store->GetRegisteredModel("m");
  ASSERT_EQ(model->aliases.size(), 2u);
  EXPECT_EQ(model->aliases[0].alias, "challenger");
  EXPECT_EQ(model->aliases[1].version, "2");

  ASSERT_TRUE(store->DeleteRegisteredModelAlias("m", "challenger").ok());
  auto gone = store->GetModelVersionByAlias("m", "challenger");
  EXPECT_EQ(RegistryErrorCode(gone.status()), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(RegistryErrorMessage(gone.status()), "Registered model alias challenger not found.");
  EXPECT_EQ(RegistryErrorCode(store->DeleteRegisteredModelAlias("zz", "a")),
            "RESOURCE_DOES_NOT_EXIST");

  // Invalid names and versions.
  EXPECT_EQ(RegistryErrorMessage(store->SetRegisteredModelAlias("m", "latest", "1")),
            "'latest' alias name (case insensitive) is reserved.");
  EXPECT_EQ(RegistryErrorMessage(store->SetRegisteredModelAlias("m", "V12", "1")),
            "Version alias name 'V12' is reserved.");
  EXPECT_EQ(RegistryErrorMessage(store->SetRegisteredModelAlias("m", "", "1")),
            "Registered model alias name cannot be empty.");
  EXPECT_EQ(RegistryErrorCode(store->SetRegisteredModelAlias("m", "a.b", "1")),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(RegistryErrorCode(store->SetRegisteredModelAlias("m", std::string(256, 'a'), "1")),
            "INVALID_PARAMETER_VALUE");
  EXPECT_TRUE(store->SetRegisteredModelAlias("m", "v1x", "1").ok());
  EXPECT_EQ(RegistryErrorCode(store->SetRegisteredModelAlias("m", "a", "9")),
            "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(RegistryErrorCode(store->SetRegisteredModelAlias("m", "a", "one")),
            "INVALID_PARAMETER_VALUE");

  // Deleting a version removes its aliases.
  ASSERT_TRUE(store->DeleteModelVersion("m", "2").ok());
  EXPECT_EQ(RegistryErrorCode(store->GetModelVersionByAlias("m", "champion").status()),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(store->GetRegisteredModel("m")->aliases.size(), 1u);  // v1x -> 1
}

TEST(ModelRegistryStoreTest, StageTransitionsAndLatestVersions) {
  RegistryTestStore store;
  ASSERT_TRUE(store->CreateRegisteredModel("m", {}, "").ok());
  for (int i = 0; i < 5; ++i) AddVersion(*store, "m", "s");
  auto t = store->TransitionModelVersionStage("m", "1", "production", false);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->current_stage, "Production");
  ASSERT_TRUE(store->TransitionModelVersionStage("m", "2", "Production", false).ok());
  ASSERT_TRUE(store->TransitionModelVersionStage("m", "3", "STAGING", false).ok());
  ASSERT_TRUE(store->TransitionModelVersionStage("m", "4", "Archived", false).ok());

  auto latest = store->GetLatestVersions("m", {});
  ASSERT_TRUE(latest.ok());
  // One per stage, the highest: Production 2, Staging 3, Archived 4, None 5.
  ASSERT_EQ(latest->size(), 4u);
  EXPECT_EQ((*latest)[0].version, "2");
  EXPECT_EQ((*latest)[0].current_stage, "Production");
  EXPECT_EQ((*latest)[1].version, "3");
  EXPECT_EQ((*latest)[2].version, "4");
  EXPECT_EQ((*latest)[3].version, "5");
  auto prod = store->GetLatestVersions("m", {"production", "Staging"});
  ASSERT_TRUE(prod.ok());
  ASSERT_EQ(prod->size(), 2u);
  EXPECT_EQ((*prod)[0].version, "2");
  EXPECT_EQ((*prod)[1].version, "3");
  EXPECT_EQ(RegistryErrorCode(store->GetLatestVersions("m", {"Prod"}).status()),
            "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(RegistryErrorCode(store->GetLatestVersions("zz", {}).status()),
            "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(store->GetRegisteredModel("m")->latest_versions.size(), 4u);

  // archive_existing_versions moves the other Production versions to Archived.
  auto promoted = store->TransitionModelVersionStage("m", "5", "Production", true);
  ASSERT_TRUE(promoted.ok());
  EXPECT_EQ(store->GetModelVersion("m", "1")->current_stage, "Archived");
  EXPECT_EQ(store->GetModelVersion("m", "2")->current_stage, "Archived");
  EXPECT_EQ(store->GetModelVersion("m", "3")->current_stage, "Staging");
  EXPECT_EQ(store->GetModelVersion("m", "5")->current_stage, "Production");
  EXPECT_GE(store->GetModelVersion("m", "1")->last_updated_timestamp,
            store->GetModelVersion("m", "1")->creation_timestamp);

  auto bad_stage = store->TransitionModelVersionStage("m", "1", "Prod", false);
  EXPECT_EQ(RegistryErrorCode(bad_stage.status()), "INVALID_PARAMETER_VALUE");
  auto archive_none = store->TransitionModelVersionStage("m", "1", "None", true);
  EXPECT_EQ(RegistryErrorCode(archive_none.status()), "INVALID_PARAMETER_VALUE");
  EXPECT_NE(RegistryErrorMessage(archive_none.status()).find("is not an Active stage"),
            std::string::npos);
  EXPECT_EQ(RegistryErrorCode(store->TransitionModelVersionStage("m", "9", "None", false).status()),
            "RESOURCE_DOES_NOT_EXIST");
  // A deleted version drops out of latest_versions.
  ASSERT_TRUE(store->DeleteModelVersion("m", "5").ok());
  auto after_delete = store->GetLatestVersions("m", {});
  ASSERT_TRUE(after_delete.ok());
  for (const ModelVersion& v : *after_delete) EXPECT_NE(v.version, "5");
  EXPECT_TRUE(store->GetLatestVersions("m", {"Production"})->empty());
}

TEST(ModelRegistryStoreTest, DeleteRegisteredModelCascades) {
  RegistryTestStore store;
  ASSERT_TRUE(store->CreateRegisteredModel("m", {{"t", "1"}}, "").ok());
  AddVersion(*store, "m", "s1");
  AddVersion(*store, "m", "s2");
  ASSERT_TRUE(store->SetModelVersionTag("m", "1", {"k", "v"}).ok());
  ASSERT_TRUE(store->SetRegisteredModelAlias("m", "a", "1").ok());
  ASSERT_TRUE(store->DeleteModelVersion("m", "2").ok());
  ASSERT_TRUE(store->DeleteRegisteredModel("m").ok());
  EXPECT_EQ(RegistryErrorCode(store->GetRegisteredModel("m").status()), "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(RegistryErrorCode(store->DeleteRegisteredModel("m")), "RESOURCE_DOES_NOT_EXIST");
  // A new model of the same name starts from scratch: version 1, no tags, no aliases.
  ASSERT_TRUE(store->CreateRegisteredModel("m", {}, "").ok());
  auto v = AddVersion(*store, "m", "fresh");
  EXPECT_EQ(v.version, "1");
  EXPECT_TRUE(v.tags.empty());
  EXPECT_TRUE(v.aliases.empty());
  auto model = store->GetRegisteredModel("m");
  EXPECT_TRUE(model->tags.empty());
  EXPECT_TRUE(model->aliases.empty());
  SearchModelVersionsRequest all;
  auto versions = store->SearchModelVersions(all);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->model_versions.size(), 1u);
  EXPECT_EQ(versions->model_versions[0].source, "fresh");
}

TEST(ModelRegistryStoreTest, PersistsAcrossReopenAndSharesFileWithTracking) {
  RegistryTestStore store;
  ASSERT_TRUE(store->CreateRegisteredModel("m", {{"k", "v"}}, "d").ok());
  AddVersion(*store, "m", "s1", "run1");
  ASSERT_TRUE(store->SetRegisteredModelAlias("m", "a", "1").ok());
  ASSERT_TRUE(store->TransitionModelVersionStage("m", "1", "Staging", false).ok());

  // The tracking store opens the same file (its own migration component) and works beside it.
  TrackingStoreOptions tracking_options;
  tracking_options.db_path = store.db_path();
  auto tracking = TrackingStore::Open(tracking_options);
  ASSERT_TRUE(tracking.ok()) << tracking.status().ToString();
  auto exp = (*tracking)->CreateExperiment("exp", "", {});
  ASSERT_TRUE(exp.ok());

  store.Reopen();
  auto model = store->GetRegisteredModel("m");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->description, "d");
  ASSERT_EQ(model->tags.size(), 1u);
  ASSERT_EQ(model->latest_versions.size(), 1u);
  EXPECT_EQ(model->latest_versions[0].current_stage, "Staging");
  EXPECT_EQ(model->latest_versions[0].run_id, "run1");
  EXPECT_EQ(store->GetModelVersionByAlias("m", "a")->version, "1");
  EXPECT_EQ((*tracking)->GetExperiment(*exp)->name, "exp");
}

TEST(ModelRegistryStoreTest, TwoStoresOnOneFile) {
  RegistryTestStore store;
  auto second = store.OpenAnother();
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(store->CreateRegisteredModel("m", {}, "").ok());
  // The second store sees the first's commits and their numbering.
  EXPECT_EQ(AddVersion(*second, "m", "from-second").version, "1");
  EXPECT_EQ(AddVersion(*store, "m", "from-first").version, "2");
  EXPECT_EQ(second->GetModelVersion("m", "2")->source, "from-first");
  EXPECT_EQ(RegistryErrorCode(second->CreateRegisteredModel("m", {}, "").status()),
            "RESOURCE_ALREADY_EXISTS");
  ASSERT_TRUE(second->DeleteRegisteredModel("m").ok());
  EXPECT_EQ(RegistryErrorCode(store->GetRegisteredModel("m").status()), "RESOURCE_DOES_NOT_EXIST");
}

}  // namespace
}  // namespace lakeml::ml
