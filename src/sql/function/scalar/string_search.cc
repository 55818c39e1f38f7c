// String functions that search or combine strings: instr, locate/position, startswith,
// endswith, contains, concat, concat_ws, like and ilike (the functions behind LIKE / ILIKE).
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/array_reshape.h"
#include "sql/function/scalar/like_matcher.h"
#include "sql/function/scalar/row_kernels.h"
#include "sql/function/scalar/utf8_text.h"

namespace lakeml::sql {
namespace {

using columnar::Vector;
using columnar::VectorPtr;

// 1-based character position of `sub` in `s` at or after character `from` (0-based), or 0.
int32_t FindChars(std::string_view s, std::string_view sub, int64_t from) {
  if (sub.empty()) return 1;  // Spark's UTF8String.indexOf finds "" at 0 from any start.
  const size_t start = Utf8Text::ByteOffset(s, from);
  if (start >= s.size() && !(sub.empty() && start == s.size())) return 0;
  const size_t hit = s.find(sub, start);
  if (hit == std::string_view::npos) return 0;
  return static_cast<int32_t>(Utf8Text::NumChars(s.substr(0, hit)) + 1);
}

Status InstrRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  *out = FindChars(a[0]->GetView(i), a[1]->GetView(i), 0);
  return Status::OK();
}

// locate(substr, str[, pos]) and position(substr, str[, pos]): 0 when pos < 1.
Status LocateRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  const int64_t pos = a.size() > 2 ? a[2]->values_as<int32_t>()[i] : 1;
  *out = pos < 1 ? 0 : FindChars(a[1]->GetView(i), a[0]->GetView(i), pos - 1);
  return Status::OK();
}

Status StartsWithRow(const KernelContext&, const RowArgs& a, int64_t i, bool* out, bool*) {
  *out = a[0]->GetView(i).substr(0, a[1]->GetView(i).size()) == a[1]->GetView(i);
  return Status::OK();
}

Status EndsWithRow(const KernelContext&, const RowArgs& a, int64_t i, bool* out, bool*) {
  std::string_view s = a[0]->GetView(i), suffix = a[1]->GetView(i);
  *out = s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
  return Status::OK();
}

Status ContainsRow(const KernelContext&, const RowArgs& a, int64_t i, bool* out, bool*) {
  *out = a[0]->GetView(i).find(a[1]->GetView(i)) != std::string_view::npos;
  return Status::OK();
}

Status ConcatRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  for (const Vector* v : a) out->append(v->GetView(i));
  return Status::OK();
}

// concat_ws(sep, ...): null separator gives null; null arguments are skipped.
Status ConcatWsKernel(const KernelContext& ctx, const RowArgs& a, int64_t n, VectorPtr* out) {
  StringVectorBuilder b(ctx.function->return_type, n);
  std::string s;
  for (int64_t i = 0; i < n; ++i) {
    if (a[0]->IsNull(i)) {
      b.AppendNull();
      continue;
    }
    s.clear();
    bool first = true;
    for (size_t k = 1; k < a.size(); ++k) {
      if (a[k]->IsNull(i)) continue;
      if (!first) s.append(a[0]->GetView(i));
      s.append(a[k]->GetView(i));
      first = false;
    }
    b.Append(s);
  }
  *out = b.Finish();
  return Status::OK();
}

Result<char> LikeEscape(std::string_view escape) {
  if (escape.size() != 1) {
    return SqlError::Make(
        "INVALID_ESCAPE_CHAR", "42000",
        StrCat("The escape character must be a single character, but is '", escape, "'."));
  }
  return escape[0];
}

// like(str, pattern[, escape]) / ilike: the pattern is compiled once per distinct pattern
// (once per batch for the usual constant pattern).
template <bool kIgnoreCase>
Status LikeKernel(const KernelContext& ctx, const RowArgs& a, int64_t n, VectorPtr* out) {
  VectorPtr v = KernelOutput::MakePropagatingNulls(ctx.function->return_type, a, n);
  uint8_t* bits = v->mutable_values()->mutable_data();
  std::optional<LikeMatcher> matcher;
  std::string pattern;
  std::string escape;
  // A constant pattern and escape (the usual case) are compiled once and never compared again.
  const uint64_t constant_pattern = a.size() > 2 ? 0b110 : 0b010;
  const bool fixed = (ctx.constant_args & constant_pattern) == constant_pattern;
  for (int64_t i = 0; i < n; ++i) {
    if (BindingFactory::AnyNull(a, i)) continue;
    if (fixed && matcher) {
      bit_util::SetBitTo(bits, i, matcher->Matches(a[0]->GetView(i)));
      continue;
    }
    std::string_view esc = a.size() > 2 ? a[2]->GetView(i) : std::string_view("\\");
    if (!matcher || a[1]->GetView(i) != pattern || esc != escape) {
      pattern = a[1]->GetView(i);
      escape = esc;
      LAKEML_ASSIGN_OR_RETURN(char e, LikeEscape(escape));
      LAKEML_ASSIGN_OR_RETURN(LikeMatcher m, LikeMatcher::Compile(pattern, e, kIgnoreCase));
      matcher = std::move(m);
    }
    bit_util::SetBitTo(bits, i, matcher->Matches(a[0]->GetView(i)));
  }
  *out = std::move(v);
  return Status::OK();
}

constexpr BindingFactory::Signature kStringSearch[] = {
    {"instr", 2, "SS", 'I', RowKernels::Fixed<int32_t, InstrRow>, false},
    {"locate", 2, "SSI", 'I', RowKernels::Fixed<int32_t, LocateRow>, false},
    {"position", 2, "SSI", 'I', RowKernels::Fixed<int32_t, LocateRow>, false},
    {"startswith", 2, "SS", 'B', RowKernels::Bool<StartsWithRow>, false},
    {"endswith", 2, "SS", 'B', RowKernels::Bool<EndsWithRow>, false},
    {"contains", 2, "SS", 'B', RowKernels::Bool<ContainsRow>, false},
    {"like", 2, "SSS", 'B', LikeKernel<false>, true},
    {"ilike", 2, "SSS", 'B', LikeKernel<true>, true},
};

Result<BindingFactory::Ptr> ResolveStringSearch(std::string_view name,
                                                const std::vector<TypePtr>& in) {
  return BindingFactory::FromTable(kStringSearch, std::size(kStringSearch), name, in);
}

Result<BindingFactory::Ptr> ResolveConcat(std::string_view name, const std::vector<TypePtr>& in) {
  if (name == "concat" && !in.empty() && in[0]->id() == TypeId::kList) {
    return ArrayReshape::ResolveConcat(in);  // sql-nested
  }
  std::vector<TypePtr> args(in.size(), SqlType::String());
  if (name == "concat") {
    return BindingFactory::Make(name, std::move(args), SqlType::String(),
                                RowKernels::String<ConcatRow>);
  }
  LAKEML_ASSIGN_OR_RETURN(
      BindingFactory::Ptr p,
      BindingFactory::Make(name, std::move(args), SqlType::String(), ConcatWsKernel));
  return BindingFactory::SeesNulls(p);
}

}  // namespace

void BuiltinFunctions::RegisterStringSearch(FunctionRegistry* registry) {
  BindingFactory::AddTable(registry, kStringSearch, std::size(kStringSearch), ResolveStringSearch);
  registry->AddScalar({"concat", 0, -1, ResolveConcat});
  registry->AddScalar({"concat_ws", 1, -1, ResolveConcat});
}

}  // namespace lakeml::sql
