#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "ml/registry/model_registry_store.h"
#include "ml/registry/registry_filter.h"
#include "ml/tracking/page_token.h"
#include "model_registry_test_store.h"

namespace lakeml::ml {
namespace {

std::vector<std::string> ModelNames(ModelRegistryStore& store,
                                    const SearchRegisteredModelsRequest& request) {
  auto page = store.SearchRegisteredModels(request);
  EXPECT_TRUE(page.ok()) << page.status().ToString();
  std::vector<std::string> names;
  if (page.ok()) {
    for (const RegisteredModel& m : page->registered_models) names.push_back(m.name);
  }
  return names;
}

std::vector<std::string> ModelNames(ModelRegistryStore& store, const std::string& filter) {
  SearchRegisteredModelsRequest request;
  request.filter = filter;
  return ModelNames(store, request);
}

// "name/version" of each match.
std::vector<std::string> VersionIds(ModelRegistryStore& store,
                                    const SearchModelVersionsRequest& request) {
  auto page = store.SearchModelVersions(request);
  EXPECT_TRUE(page.ok()) << page.status().ToString();
  std::vector<std::string> ids;
  if (page.ok()) {
    for (const ModelVersion& v : page->model_versions) ids.push_back(v.name + "/" + v.version);
  }
  return ids;
}

std::vector<std::string> VersionIds(ModelRegistryStore& store, const std::string& filter) {
  SearchModelVersionsRequest request;
  request.filter = filter;
  request.order_by = {"name", "version_number"};
  return VersionIds(store, request);
}

using Names = std::vector<std::string>;

class ModelRegistrySearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_->CreateRegisteredModel("alpha", {{"team", "vision"}}, "").ok());
    ASSERT_TRUE(
        store_->CreateRegisteredModel("Beta", {{"team", "nlp"}, {"tier", "gold"}}, "").ok());
    ASSERT_TRUE(store_->CreateRegisteredModel("gamma-model", {}, "").ok());
    // Versions: alpha 1..3 (runs r1, r2, r3), Beta 1..2 (runs r1, r4), gamma none.
    AddVersion(*store_, "alpha", "s3://a/1", "r1");
    AddVersion(*store_, "alpha", "s3://a/2", "r2");
    AddVersion(*store_, "alpha", "file:///x/3", "r3");
    AddVersion(*store_, "Beta", "s3://b/1", "r1");
    AddVersion(*store_, "Beta", "s3://b/2", "r4");
    ASSERT_TRUE(store_->SetModelVersionTag("alpha", "2", {"validated", "yes"}).ok());
    ASSERT_TRUE(store_->SetModelVersionTag("Beta", "2", {"validated", "no"}).ok());
  }
  RegistryTestStore store_;
};

TEST_F(ModelRegistrySearchTest, RegisteredModelFilters) {
  EXPECT_EQ(ModelNames(*store_, ""), (Names{"Beta", "alpha", "gamma-model"}));
  EXPECT_EQ(ModelNames(*store_, "name = 'alpha'"), (Names{"alpha"}));
  EXPECT_EQ(ModelNames(*store_, "name != 'alpha'"), (Names{"Beta", "gamma-model"}));
  EXPECT_EQ(ModelNames(*store_, "name LIKE '%a'"), (Names{"Beta", "alpha"}));
  // LIKE is case-sensitive, ILIKE is not.
  EXPECT_EQ(ModelNames(*store_, "name LIKE 'b%'"), (Names{}));
  EXPECT_EQ(ModelNames(*store_, "name ILIKE 'b%'"), (Names{"Beta"}));
  EXPECT_EQ(ModelNames(*store_, "attribute.name = 'Beta'"), (Names{"Beta"}));
  EXPECT_EQ(ModelNames(*store_, "tags.team = 'nlp'"), (Names{"Beta"}));
  EXPECT_EQ(ModelNames(*store_, "tag.team != 'nlp'"), (Names{"alpha"}));
  EXPECT_EQ(ModelNames(*store_, "tags.`team` LIKE '%i%' AND name ILIKE 'A%'"), (Names{"alpha"}));
  EXPECT_EQ(ModelNames(*store_, "tags.team ILIKE 'NLP' AND tags.tier = 'gold'"), (Names{"Beta"}));
  EXPECT_EQ(ModelNames(*store_, "tags.tier = 'silver'"), (Names{}));
}

TEST_F(ModelRegistrySearchTest, RegisteredModelFilterErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"name > 'a'", "Invalid comparator for attribute: >"},
      {"creation_timestamp > 1",
       "Invalid attribute key 'creation_timestamp' specified. Valid "
       "keys are '{'name'}'"},
      {"params.x = 'a'",
       "Invalid entity type 'params'. Valid entity types are ('attribute', "
       "'tag', 'tags')"},
      {"tags.x > 'a'", "Invalid comparator for tag: >"},
      {"tags.x = 5", "Expected a quoted string value for tag (e.g. 'my-value'). Got value 5"},
      {"name = 'a' OR name = 'b'",
       "Invalid clause(s) in filter string: 'name = 'a' OR name = "
       "'b''. Search filter contained OR, which is not supported. "
       "Try using AND instead."},
      {"tags.x IS NULL", "Invalid comparator for tag: IS NULL"},
      {"name IS NOT NULL", "Invalid comparator for attribute: IS NOT NULL"},
      {"name IN ('a')",
       "Only the 'run_id' attribute supports comparison with a list of quoted "
       "string values."},
      {"name =", "Invalid clause(s) in filter string: 'name ='"},
      {"name = 'a' AND", "Invalid clause(s) in filter string: 'name = 'a' AND'"},
  };
  for (const auto& [filter, message] : cases) {
    SearchRegisteredModelsRequest request;
    request.filter = filter;
    auto page = store_->SearchRegisteredModels(request);
    EXPECT_EQ(RegistryErrorCode(page.status()), "INVALID_PARAMETER_VALUE") << filter;
    EXPECT_EQ(RegistryErrorMessage(page.status()), message) << filter;
  }
}

TEST_F(ModelRegistrySearchTest, RegisteredModelOrderAndPages) {
  SearchRegisteredModelsRequest request;
  request.order_by = {"name DESC"};
  EXPECT_EQ(ModelNames(*store_, request), (Names{"gamma-model", "alpha", "Beta"}));
  // Touch alpha last (a new version), then order by update time.
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  AddVersion(*store_, "alpha", "s3://a/4");
  request.order_by = {"last_updated_timestamp DESC"};
  EXPECT_EQ(ModelNames(*store_, request).front(), "alpha");
  request.order_by = {"timestamp ASC"};
  EXPECT_EQ(ModelNames(*store_, request).back(), "alpha");
  request.order_by = {"creation_timestamp ASC", "name DESC"};
  EXPECT_EQ(ModelNames(*store_, request).size(), 3u);

  request.order_by = {"name ASC", "name DESC"};
  auto dup = store_->SearchRegisteredModels(request);
  EXPECT_EQ(RegistryErrorMessage(dup.status()),
            "`order_by` contains duplicate fields: ['name ASC', 'name DESC']");
  request.order_by = {"version_number"};
  EXPECT_EQ(RegistryErrorMessage(store_->SearchRegisteredModels(request).status()),
            "Invalid order by key 'version_number' specified. Valid keys are ['name', "
            "'creation_timestamp', 'last_updated_timestamp']");
  request.order_by = {"name sideways"};
  EXPECT_EQ(RegistryErrorCode(store_->SearchRegisteredModels(request).status()),
            "INVALID_PARAMETER_VALUE");

  // Pages of two; the token is MLflow's {"offset": N}.
  request.order_by = {};
  request.max_results = 2;
  auto first = store_->SearchRegisteredModels(request);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->registered_models.size(), 2u);
  EXPECT_EQ(first->next_page_token, PageToken::Encode(2));
  request.page_token = first->next_page_token;
  auto second = store_->SearchRegisteredModels(request);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->registered_models.size(), 1u);
  EXPECT_EQ(second->registered_models[0].name, "gamma-model");
  EXPECT_EQ(second->next_page_token, "");
  // Exactly a full last page has no token.
  request.page_token = "";
  request.max_results = 3;
  EXPECT_EQ(store_->SearchRegisteredModels(request)->next_page_token, "");

  request.max_results = 1001;
  auto too_many = store_->SearchRegisteredModels(request);
  EXPECT_EQ(RegistryErrorMessage(too_many.status()),
            "Invalid value for request parameter max_results. It must be at most 1000, but got "
            "value 1001");
  request.max_results = 0;
  EXPECT_EQ(RegistryErrorCode(store_->SearchRegisteredModels(request).status()),
            "INVALID_PARAMETER_VALUE");
  request.max_results = 10;
  request.page_token = "not a token";
  EXPECT_EQ(RegistryErrorCode(store_->SearchRegisteredModels(request).status()),
            "INVALID_PARAMETER_VALUE");
}

TEST_F(ModelRegistrySearchTest, SearchResultsCarryLatestVersionsTagsAndAliases) {
  ASSERT_TRUE(store_->SetRegisteredModelAlias("alpha", "champ", "2").ok());
  SearchRegisteredModelsRequest request;
  request.filter = "name = 'alpha'";
  auto page = store_->SearchRegisteredModels(request);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->registered_models.size(), 1u);
  const RegisteredModel& m = page->registered_models[0];
  ASSERT_EQ(m.latest_versions.size(), 1u);
  EXPECT_EQ(m.latest_versions[0].version, "3");
  ASSERT_EQ(m.tags.size(), 1u);
  ASSERT_EQ(m.aliases.size(), 1u);
  EXPECT_EQ(m.aliases[0].version, "2");
}

TEST_F(ModelRegistrySearchTest, PromptsAreLeftOutUnlessAskedFor) {
  ASSERT_TRUE(
      store_->CreateRegisteredModel("my-prompt", {{"mlflow.prompt.is_prompt", "true"}}, "").ok());
  EXPECT_EQ(ModelNames(*store_, ""), (Names{"Beta", "alpha", "gamma-model"}));
  EXPECT_EQ(ModelNames(*store_, "tags.`mlflow.prompt.is_prompt` = 'true'"), (Names{"my-prompt"}));
  EXPECT_EQ(ModelNames(*store_, "tags.`mlflow.prompt.is_prompt` = 'false'"),
            (Names{"Beta", "alpha", "gamma-model"}));
}

TEST_F(ModelRegistrySearchTest, ModelVersionFilters) {
  EXPECT_EQ(VersionIds(*store_, ""), (Names{"Beta/1", "Beta/2", "alpha/1", "alpha/2", "alpha/3"}));
  EXPECT_EQ(VersionIds(*store_, "name = 'alpha'"), (Names{"alpha/1", "alpha/2", "alpha/3"}));
  EXPECT_EQ(VersionIds(*store_, "name ILIKE 'BETA'"), (Names{"Beta/1", "Beta/2"}));
  EXPECT_EQ(VersionIds(*store_, "run_id = 'r1'"), (Names{"Beta/1", "alpha/1"}));
  EXPECT_EQ(VersionIds(*store_, "run_id IN ('r2', 'r4')"), (Names{"Beta/2", "alpha/2"}));
  EXPECT_EQ(VersionIds(*store_, "run_id != 'r1' AND name = 'alpha'"),
            (Names{"alpha/2", "alpha/3"}));
  EXPECT_EQ(VersionIds(*store_, "source_path LIKE 's3://%'"),
            (Names{"Beta/1", "Beta/2", "alpha/1", "alpha/2"}));
  EXPECT_EQ(VersionIds(*store_, "version_number >= 2"), (Names{"Beta/2", "alpha/2", "alpha/3"}));
  EXPECT_EQ(VersionIds(*store_, "version_number = 1 AND name = 'Beta'"), (Names{"Beta/1"}));
  EXPECT_EQ(VersionIds(*store_, "version_number < '2'"), (Names{"Beta/1", "alpha/1"}));
  EXPECT_EQ(VersionIds(*store_, "tags.validated = 'yes'"), (Names{"alpha/2"}));
  EXPECT_EQ(VersionIds(*store_, "tags.validated LIKE '%'"), (Names{"Beta/2", "alpha/2"}));
  // Deleted versions never match.
  ASSERT_TRUE(store_->DeleteModelVersion("alpha", "2").ok());
  EXPECT_EQ(VersionIds(*store_, "name = 'alpha'"), (Names{"alpha/1", "alpha/3"}));
  EXPECT_EQ(VersionIds(*store_, "run_id = 'REDACTED-RUN-ID'"), (Names{}));
}

TEST_F(ModelRegistrySearchTest, ModelVersionFilterErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"name IN ('a')",
       "Only the 'run_id' attribute supports comparison with a list of quoted "
       "string values."},
      {"run_id NOT IN ('a')", "Invalid comparator for attribute: NOT IN"},
      {"run_id > 'a'", "Invalid comparator for attribute: >"},
      {"version_number LIKE '1'", "Invalid comparator for attribute version_number: LIKE"},
      {"version_number = 'one'",
       "Expected numeric value type for numeric attribute: version_number. Found one"},
      {"source_path = 3",
       "Expected a quoted string value or a list of quoted string values for "
       "attributes. Got value 3"},
      {"status = 'READY'",
       "Invalid attribute key 'status' specified. Valid keys are '{'name', "
       "'version_number', 'run_id', 'source_path'}'"},
      {"metrics.acc > 1",
       "Invalid entity type 'metrics'. Valid entity types are ('attribute', "
       "'tag', 'tags')"},
      {"run_id IN ()",
       "While parsing a list in the query, expected string value, punctuation, "
       "or whitespace, but got different type in list. Filter: 'run_id IN ()'"},
      {"run_id IN ('a' 'b')", "Invalid clause(s) in filter string: 'run_id IN ('a' 'b')'"},
      {"tags.k IN ('a')", "Expected a quoted string value for tag (e.g. 'my-value'). Got value ("},
      {"name = 'unterminated", ""},
  };
  for (const auto& [filter, message] : cases) {
    SearchModelVersionsRequest request;
    request.filter = filter;
    auto page = store_->SearchModelVersions(request);
    EXPECT_EQ(RegistryErrorCode(page.status()), "INVALID_PARAMETER_VALUE") << filter;
    if (!message.empty()) {
      EXPECT_EQ(RegistryErrorMessage(page.status()), message) << filter;
    }
  }
}

TEST_F(ModelRegistrySearchTest, ModelVersionOrderAndPages) {
  // Default order: last updated first, then name, then version descending.
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  ASSERT_TRUE(store_->UpdateModelVersion("alpha", "1", "touched").ok());
  SearchModelVersionsRequest request;
  auto ids = VersionIds(*store_, request);
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_EQ(ids[0], "alpha/1");

  request.order_by = {"version_number DESC", "name ASC"};
  EXPECT_EQ(VersionIds(*store_, request),
            (Names{"alpha/3", "Beta/2", "alpha/2", "Beta/1", "alpha/1"}));
  request.order_by = {"name DESC"};
  EXPECT_EQ(VersionIds(*store_, request),
            (Names{"alpha/3", "alpha/2", "alpha/1", "Beta/2", "Beta/1"}));
  request.order_by = {"creation_timestamp ASC", "name ASC", "version_number ASC"};
  EXPECT_EQ(VersionIds(*store_, request).size(), 5u);
  request.order_by = {"run_id"};
  EXPECT_EQ(RegistryErrorMessage(store_->SearchModelVersions(request).status()),
            "Invalid order by key 'run_id' specified. Valid keys are {'name', 'version_number', "
            "'creation_timestamp', 'last_updated_timestamp'}");

  // Pages of two walk every match exactly once.
  request.order_by = {"name", "version_number"};
  request.max_results = 2;
  std::vector<std::string> all;
  int pages = 0;
  while (true) {
    auto page = store_->SearchModelVersions(request);
    ASSERT_TRUE(page.ok());
    for (const ModelVersion& v : page->model_versions) all.push_back(v.name + "/" + v.version);
    ++pages;
    if (page->next_page_token.empty()) break;
    request.page_token = page->next_page_token;
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(all, (Names{"Beta/1", "Beta/2", "alpha/1", "alpha/2", "alpha/3"}));

  request.page_token = "";
  request.max_results = 0;
  EXPECT_EQ(RegistryErrorMessage(store_->SearchModelVersions(request).status()),
            "Invalid value for max_results. It must be a positive integer, but got 0");
  request.max_results = 200001;
  EXPECT_EQ(RegistryErrorMessage(store_->SearchModelVersions(request).status()),
            "Invalid value for request parameter max_results. It must be at most 200000, but got "
            "value 200001");
}

TEST(ModelRegistryFilterTest, ParsesIntoColumns) {
  auto clauses = RegistryFilter::Parse(
      "name = 'm' AND version_number > 3 AND source_path LIKE 's3%' AND run_id IN ('a','b') AND "
      "tags.`x.y` != 'z'",
      RegistryFilter::Target::kModelVersions);
  ASSERT_TRUE(clauses.ok()) << clauses.status().ToString();
  ASSERT_EQ(clauses->size(), 5u);
  EXPECT_EQ((*clauses)[0].key, "name");
  EXPECT_EQ((*clauses)[1].key, "version");
  EXPECT_TRUE((*clauses)[1].numeric);
  EXPECT_EQ((*clauses)[1].number, 3);
  EXPECT_EQ((*clauses)[2].key, "source");
  EXPECT_EQ((*clauses)[3].list, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((*clauses)[4].entity, FilterEntity::kTag);
  EXPECT_EQ((*clauses)[4].key, "x.y");
  auto order = RegistryFilter::ParseOrderBy("last_updated_timestamp DESC",
                                            RegistryFilter::Target::kRegisteredModels);
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(order->key, "last_updated_time");
  EXPECT_FALSE(order->ascending);
  EXPECT_FALSE(
      RegistryFilter::Parse("version_number > 3", RegistryFilter::Target::kRegisteredModels).ok());
}

}  // namespace
}  // namespace lakeml::ml
