#include "ml/tracking/search_filter.h"

#include <gtest/gtest.h>

#include "ml/tracking/mlflow_error.h"
#include "ml/tracking/page_token.h"

namespace lakeml::ml {
namespace {

using Target = SearchFilter::Target;

std::string ErrorOf(std::string_view filter, Target target = Target::kRuns) {
  auto r = SearchFilter::Parse(filter, target);
  if (r.ok()) return "OK";
  EXPECT_EQ(MlflowError::CodeNameOf(r.status()), "INVALID_PARAMETER_VALUE") << filter;
  return std::string(MlflowError::Parse(r.status()).message);
}

TEST(SearchFilterTest, ParsesMlflowGrammar) {
  auto r = SearchFilter::Parse(
      "metrics.acc > 0.9 and params.`max depth` = '5' AND tags.\"team\" LIKE 'ml%' AND "
      "attributes.status IN ('FINISHED', 'RUNNING') AND run.start_time >= 10 AND "
      "status != 'FAILED' AND tags.x IS NOT NULL AND params.p ILIKE '%A%' AND "
      "datasets.name = 'train' AND attribute.run_id NOT IN ('a')",
      Target::kRuns);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 10u);
  EXPECT_EQ((*r)[0].entity, FilterEntity::kMetric);
  EXPECT_EQ((*r)[0].op, FilterOp::kGt);
  EXPECT_DOUBLE_EQ((*r)[0].number, 0.9);
  EXPECT_EQ((*r)[1].key, "max depth");
  EXPECT_EQ((*r)[1].text, "5");
  EXPECT_EQ((*r)[2].key, "team");
  EXPECT_EQ((*r)[3].list, (std::vector<std::string>{"FINISHED", "RUNNING"}));
  EXPECT_TRUE((*r)[4].numeric);
  EXPECT_EQ((*r)[5].entity, FilterEntity::kAttribute);
  EXPECT_EQ((*r)[6].op, FilterOp::kIsNotNull);
  EXPECT_EQ((*r)[7].op, FilterOp::kILike);
  EXPECT_EQ((*r)[8].entity, FilterEntity::kDataset);
  EXPECT_EQ((*r)[9].op, FilterOp::kNotIn);
  EXPECT_TRUE(SearchFilter::Parse("", Target::kRuns)->empty());
  EXPECT_EQ(SearchFilter::Parse("attributes.created > 1", Target::kRuns).value()[0].key,
            "start_time");
  EXPECT_EQ(SearchFilter::Parse("metrics.m <= -1.5e3", Target::kRuns).value()[0].number, -1500);
  EXPECT_EQ(SearchFilter::Parse("tags.a = 'it''s'", Target::kRuns).value()[0].text, "it's");
}

TEST(SearchFilterTest, RefusesWithMlflowMessages) {
  EXPECT_EQ(ErrorOf("metrics.acc > '0.9'"), "Expected numeric value type for metric. Found 0.9");
  EXPECT_EQ(ErrorOf("params.p = 5"),
            "Expected a quoted string value for param (e.g. 'my-value'). Got value 5");
  EXPECT_EQ(ErrorOf("metrics.m LIKE 1"),
            "Invalid comparator 'LIKE' not one of '{'>', '>=', '!=', '=', '<', '<='}'");
  EXPECT_EQ(ErrorOf("params.p > 'a'"),
            "Invalid comparator '>' not one of '{'!=', '=', 'LIKE', 'ILIKE'}'");
  EXPECT_EQ(ErrorOf("foo.bar = 'x'"),
            "Invalid entity type 'foo'. Valid values are ['metric', 'parameter', 'tag', "
            "'attribute', 'dataset']");
  EXPECT_NE(ErrorOf("attributes.nope = 'x'").find("Invalid attribute key 'nope' specified"),
            std::string::npos);
  EXPECT_NE(ErrorOf("metrics.a > 1 OR metrics.b > 2").find("OR"), std::string::npos);
  EXPECT_NE(ErrorOf("start_time > 'x'").find("Expected numeric value type for numeric attribute"),
            std::string::npos);
  for (std::string_view bad :
       {"metrics.a >", "metrics.a > 1 AND", "= 1", "metrics.a 1", "tags.a = 'open",
        "metrics.a > 1 metrics.b > 2", "params.p IN 'a'", "run_id IN ('a',)", "metrics.", "(",
        "metrics.a == 1", "tags.a = 'x' AND AND tags.b = 'y'", "\x01"}) {
    EXPECT_NE(ErrorOf(bad), "OK") << bad;
  }
  // Experiments: attributes and tags only.
  EXPECT_EQ(ErrorOf("name = 'x' AND tags.t != 'y' AND creation_time > 5", Target::kExperiments),
            "OK");
  EXPECT_NE(ErrorOf("metrics.m > 1", Target::kExperiments), "OK");
  EXPECT_NE(ErrorOf("name IN ('a')", Target::kExperiments), "OK");
}

TEST(SearchFilterTest, OrderBy) {
  auto o = SearchFilter::ParseOrderBy("metrics.`my metric` DESC", Target::kRuns);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->key, "my metric");
  EXPECT_FALSE(o->ascending);
  o = SearchFilter::ParseOrderBy("start_time", Target::kRuns);
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->ascending);
  EXPECT_EQ(o->entity, FilterEntity::kAttribute);
  EXPECT_FALSE(SearchFilter::ParseOrderBy("metrics.m UP", Target::kRuns).ok());
  EXPECT_FALSE(SearchFilter::ParseOrderBy("attributes.bogus", Target::kRuns).ok());
  EXPECT_FALSE(SearchFilter::ParseOrderBy("", Target::kRuns).ok());
  EXPECT_TRUE(SearchFilter::ParseOrderBy("experiment_id DESC", Target::kExperiments).ok());
}

TEST(PageTokenTest, RoundTripsMlflowForm) {
  // base64 of {"offset": 1000}, as MLflow writes it.
  EXPECT_EQ(PageToken::Encode(1000), "eyJvZmZzZXQiOiAxMDAwfQ==");
  EXPECT_EQ(PageToken::Decode("eyJvZmZzZXQiOiAxMDAwfQ==").value(), 1000);
  EXPECT_EQ(PageToken::Decode("").value(), 0);
  for (int64_t n : {1, 2, 3, 77, 123456789}) EXPECT_EQ(*PageToken::Decode(PageToken::Encode(n)), n);
  EXPECT_EQ(MlflowError::Parse(PageToken::Decode("@@@@").status()).message,
            "Invalid page token, could not base64-decode");
  EXPECT_FALSE(PageToken::Decode("bm90IGpzb24=").ok());          // "not json"
  EXPECT_FALSE(PageToken::Decode("eyJhIjogMX0=").ok());          // {"a": 1}
  EXPECT_FALSE(PageToken::Decode("eyJvZmZzZXQiOiAtMX0=").ok());  // {"offset": -1}
}

TEST(MlflowErrorTest, ParsesCodesAndStatuses) {
  const Status s = MlflowError::ResourceDoesNotExist("Run with id=x not found");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  auto parsed = MlflowError::Parse(s);
  EXPECT_EQ(MlflowError::CodeName(parsed.code), "RESOURCE_DOES_NOT_EXIST");
  EXPECT_EQ(parsed.message, "Run with id=x not found");
  EXPECT_EQ(MlflowError::HttpStatus(parsed.code), 404);
  EXPECT_EQ(MlflowError::CodeNameOf(Status::IOError("disk")), "INTERNAL_ERROR");
  EXPECT_EQ(MlflowError::CodeNameOf(Status::Conflict("busy")), "TEMPORARILY_UNAVAILABLE");
  EXPECT_EQ(MlflowError::HttpStatus(MlflowErrorCode::kResourceAlreadyExists), 400);
}

}  // namespace
}  // namespace lakeml::ml
