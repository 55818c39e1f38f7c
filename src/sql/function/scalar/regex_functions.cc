// Regular-expression functions (Java regex semantics through PCRE2): rlike / regexp /
// regexp_like, regexp_extract, regexp_replace, regexp_count, regexp_substr. Patterns come from
// RegexMatcher::ForThread, so a constant pattern compiles once per worker thread.
#include <cstring>
#include <string>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/regex_matcher.h"
#include "sql/function/scalar/row_kernels.h"
#include "sql/function/scalar/utf8_text.h"

namespace lakeml::sql {
namespace {

using columnar::Vector;
using columnar::VectorPtr;

// Results past this size are refused rather than allocated (regexp_replace).
constexpr size_t kMaxRegexResultBytes = size_t{1} << 28;

// Runs `row(i, &matcher, &null)` on the non-null rows, building the output with `emit`.
template <typename Row>
Status ForEachRegexRow(const KernelContext& ctx, const RowArgs& a, int64_t n, Vector* validity,
                       const Row& row) {
  for (int64_t i = 0; i < n; ++i) {
    bool null = BindingFactory::AnyNull(a, i);
    if (!null) {
      Result<RegexMatcher*> matcher = RegexMatcher::ForThread(a[1]->GetView(i), ctx.function->name);
      Status st = matcher.ok() ? row(i, *matcher, &null) : matcher.status();
      if (!st.ok()) {
        if (!ctx.null_on_error) return st;
        null = true;
      }
    }
    if (null) KernelOutput::SetNull(validity, i);
  }
  return Status::OK();
}

Status RlikeKernel(const KernelContext& ctx, const RowArgs& a, int64_t n, VectorPtr* out) {
  VectorPtr v = Vector::Make(ctx.function->return_type, n);
  uint8_t* bits = v->mutable_values()->mutable_data();
  LAKEML_RETURN_IF_ERROR(
      ForEachRegexRow(ctx, a, n, v.get(), [&](int64_t i, RegexMatcher* m, bool*) {
        LAKEML_ASSIGN_OR_RETURN(bool found, m->Find(a[0]->GetView(i), 0));
        bit_util::SetBitTo(bits, i, found);
        return Status::OK();
      }));
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

Status RegexpCountKernel(const KernelContext& ctx, const RowArgs& a, int64_t n, VectorPtr* out) {
  VectorPtr v = Vector::Make(ctx.function->return_type, n);
  int32_t* o = v->mutable_values()->mutable_as<int32_t>();
  LAKEML_RETURN_IF_ERROR(
      ForEachRegexRow(ctx, a, n, v.get(), [&](int64_t i, RegexMatcher* m, bool*) {
        std::string_view s = a[0]->GetView(i);
        int32_t count = 0;
        for (size_t pos = 0;;) {
          LAKEML_ASSIGN_OR_RETURN(bool found, m->Find(s, pos));
          if (!found) break;
          ++count;
          auto [b, e] = m->Group(0);
          pos = e > b ? e : e + (e < s.size() ? Utf8Text::CharLen(s, e) : 1);
        }
        o[i] = count;
        return Status::OK();
      }));
  v->FinishValidity();
  *out = std::move(v);
  return Status::OK();
}

// regexp_extract(str, regexp[, idx = 1]) and regexp_substr(str, regexp) (the whole match, null
// when none).
template <bool kSubstr>
Status RegexpExtractKernel(const KernelContext& ctx, const RowArgs& a, int64_t n, VectorPtr* out) {
  StringVectorBuilder b(ctx.function->return_type, n);
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(a, i)) {
      b.AppendNull();
      continue;
    }
    Result<RegexMatcher*> compiled = RegexMatcher::ForThread(a[1]->GetView(i), ctx.function->name);
    Status st = compiled.status();
    RegexMatcher* matcher = compiled.ok() ? *compiled : nullptr;
    std::string_view s = a[0]->GetView(i);
    const int64_t idx = kSubstr ? 0 : (a.size() > 2 ? a[2]->values_as<int32_t>()[i] : 1);
    if (st.ok() && (idx < 0 || idx > matcher->GroupCount())) {
      st = SqlError::Make("INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX", "22023",
                          StrCat("The value of parameter(s) `idx` in `", ctx.function->name,
                                 "` is invalid: Expects group index between 0 and ",
                                 matcher->GroupCount(), ", but got ", idx, "."));
    }
    Result<bool> found = st.ok() ? matcher->Find(s, 0) : Result<bool>(st);
    if (!found.ok()) {
      if (!ctx.null_on_error) return found.status();
      b.AppendNull();
      continue;
    }
    if (!*found) {
      if (kSubstr) {
        b.AppendNull();
      } else {
        b.Append("");
      }
      continue;
    }
    auto [gb, ge] = matcher->Group(static_cast<int>(idx));
    b.Append(gb == std::string::npos ? std::string_view("") : s.substr(gb, ge - gb));
  }
  *out = b.Finish();
  return Status::OK();
}

// Appends Java's Matcher.appendReplacement text: $n / ${n} group references, \x literal x.
Status AppendReplacement(std::string_view rep, std::string_view s, const RegexMatcher& m,
                         std::string* out) {
  for (size_t k = 0; k < rep.size(); ++k) {
    const char c = rep[k];
    if (c == '\\' && k + 1 < rep.size()) {
      out->push_back(rep[++k]);
    } else if (c == '$' && k + 1 < rep.size() && rep[k + 1] >= '0' && rep[k + 1] <= '9') {
      int group = rep[++k] - '0';
      // Java takes more digits while the number stays a valid group.
      while (k + 1 < rep.size() && rep[k + 1] >= '0' && rep[k + 1] <= '9' &&
             group * 10 + (rep[k + 1] - '0') <= m.GroupCount()) {
        group = group * 10 + (rep[++k] - '0');
      }
      if (group > m.GroupCount()) {
        return SqlError::Make("INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX", "22023",
                              StrCat("The replacement refers to group ", group,
                                     ", but the pattern has ", m.GroupCount(), " groups."));
      }
      auto [gb, ge] = m.Group(group);
      if (gb != std::string::npos) out->append(s.substr(gb, ge - gb));
    } else {
      out->push_back(c);
    }
  }
  return Status::OK();
}

// regexp_replace(str, regexp, rep[, position = 1]).
Status RegexpReplaceKernel(const KernelContext& ctx, const RowArgs& a, int64_t n, VectorPtr* out) {
  StringVectorBuilder b(ctx.function->return_type, n);
  std::string result;
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(a, i)) {
      b.AppendNull();
      continue;
    }
    std::string_view s = a[0]->GetView(i);
    std::string_view rep = a[2]->GetView(i);
    const int32_t position = a.size() > 3 ? a[3]->values_as<int32_t>()[i] : 1;
    if (position < 1) {
      return SqlError::Make("INVALID_PARAMETER_VALUE.REGEX_POSITION", "22023",
                            StrCat("The value of parameter(s) `position` in `regexp_replace` is "
                                   "invalid: expects a positive value, but got ",
                                   position, "."));
    }
    LAKEML_ASSIGN_OR_RETURN(RegexMatcher * matcher,
                            RegexMatcher::ForThread(a[1]->GetView(i), ctx.function->name));
    const size_t begin = Utf8Text::ByteOffset(s, position - 1);
    result.assign(s.substr(0, begin));
    size_t pos = begin, copied = begin;
    while (pos <= s.size()) {
      LAKEML_ASSIGN_OR_RETURN(bool found, matcher->Find(s, pos));
      if (!found) break;
      auto [mb, me] = matcher->Group(0);
      result.append(s.substr(copied, mb - copied));
      LAKEML_RETURN_IF_ERROR(AppendReplacement(rep, s, *matcher, &result));
      if (result.size() > kMaxRegexResultBytes) {
        return SqlError::Make("INVALID_PARAMETER_VALUE.LENGTH", "22023",
                              "The result of regexp_replace exceeds the size limit.");
      }
      copied = me;
      if (me > mb) {
        pos = me;
      } else {
        if (me >= s.size()) break;
        const size_t len = Utf8Text::CharLen(s, me);
        result.append(s.substr(me, len));
        copied = pos = me + len;
      }
    }
    if (copied < s.size()) result.append(s.substr(copied));
    b.Append(result);
  }
  *out = b.Finish();
  return Status::OK();
}

constexpr BindingFactory::Signature kRegex[] = {
    {"rlike", 2, "SS", 'B', RlikeKernel, true},
    {"regexp", 2, "SS", 'B', RlikeKernel, true},
    {"regexp_like", 2, "SS", 'B', RlikeKernel, true},
    {"regexp_count", 2, "SS", 'I', RegexpCountKernel, true},
    {"regexp_extract", 2, "SSI", 'S', RegexpExtractKernel<false>, true},
    {"regexp_substr", 2, "SS", 'S', RegexpExtractKernel<true>, true},
    {"regexp_replace", 3, "SSSI", 'S', RegexpReplaceKernel, true},
};

Result<BindingFactory::Ptr> ResolveRegex(std::string_view name, const std::vector<TypePtr>& in) {
  return BindingFactory::FromTable(kRegex, std::size(kRegex), name, in);
}

}  // namespace

void BuiltinFunctions::RegisterRegex(FunctionRegistry* registry) {
  BindingFactory::AddTable(registry, kRegex, std::size(kRegex), ResolveRegex);
}

}  // namespace lakeml::sql
