// libFuzzer target for MLflow search filters, order_by clauses and page tokens (the tracking
// store's user-controlled strings). Must never crash, hang or over-allocate; every refusal must
// be an MLflow INVALID_PARAMETER_VALUE (a 4xx), never another code.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ml/tracking/mlflow_error.h"
#include "ml/tracking/page_token.h"
#include "ml/tracking/search_filter.h"

namespace {

void CheckRefusal(const lakeml::Status& s) {
  if (s.ok()) return;
  if (lakeml::ml::MlflowError::Parse(s).code !=
      lakeml::ml::MlflowErrorCode::kInvalidParameterValue) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using lakeml::ml::SearchFilter;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckRefusal(SearchFilter::Parse(text, SearchFilter::Target::kRuns).status());
  CheckRefusal(SearchFilter::Parse(text, SearchFilter::Target::kExperiments).status());
  CheckRefusal(SearchFilter::ParseOrderBy(text, SearchFilter::Target::kRuns).status());
  CheckRefusal(lakeml::ml::PageToken::Decode(text).status());
  return 0;
}
