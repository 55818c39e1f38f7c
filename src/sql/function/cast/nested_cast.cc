#include "sql/function/cast/nested_cast.h"

#include <string>

#include "sql/common/sql_type.h"
#include "sql/function/cast/cast_executor.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

// The child vector cast to `to` over its whole length.
Status CastNestedChild(const VectorPtr& child, const TypePtr& to, bool try_mode, VectorPtr* out) {
  return CastExecutor::Cast(*child, to, try_mode, child->length(), out);
}

void AppendNestedElementText(const Vector& text, int64_t i, std::string* out) {
  if (text.IsNull(i)) {
    out->append("null");
  } else {
    out->append(text.GetView(i));
  }
}

Status NestedToString(const Vector& in, const TypePtr& to, int64_t n, VectorPtr* out) {
  const TypePtr str = SqlType::String();
  std::vector<VectorPtr> parts;
  for (const VectorPtr& c : in.children()) {
    VectorPtr t;
    LAKEML_RETURN_IF_ERROR(CastNestedChild(c, str, /*try_mode=*/false, &t));
    parts.push_back(std::move(t));
  }
  StringVectorBuilder builder(to, n);
  std::string text;
  const TypeId id = in.type()->id();
  for (int64_t i = 0; i < n; ++i) {
    if (in.IsNull(i)) {
      builder.AppendNull();
      continue;
    }
    text.clear();
    if (id == TypeId::kStruct) {
      text.push_back('{');
      for (size_t f = 0; f < parts.size(); ++f) {
        if (f > 0) text.append(", ");
        AppendNestedElementText(*parts[f], i, &text);
      }
      text.push_back('}');
    } else {
      const int64_t* o = in.offsets();
      text.push_back(id == TypeId::kList ? '[' : '{');
      for (int64_t j = o[i]; j < o[i + 1]; ++j) {
        if (j > o[i]) text.append(", ");
        AppendNestedElementText(*parts[0], j, &text);
        if (id == TypeId::kMap) {
          text.append(" -> ");
          AppendNestedElementText(*parts[1], j, &text);
        }
      }
      text.push_back(id == TypeId::kList ? ']' : '}');
    }
    builder.Append(text);
  }
  *out = builder.Finish();
  return Status::OK();
}

}  // namespace

bool NestedCast::CanCast(const TypePtr& from, const TypePtr& to) {
  if (from->id() != to->id() || !from->is_nested()) return false;
  const auto& a = from->children();
  const auto& b = to->children();
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!CastExecutor::CanCast(a[i].type, b[i].type)) return false;
  }
  return true;
}

Status NestedCast::Cast(const Vector& in, const TypePtr& to, bool try_mode, int64_t n,
                        VectorPtr* out) {
  if (to->id() == TypeId::kString) return NestedToString(in, to, n, out);
  auto v = std::make_shared<Vector>(to, n);
  v->set_values(in.values());
  v->set_validity(in.validity());
  v->set_null_count(in.null_count());
  if (in.type()->id() == TypeId::kStruct && in.length() != n) {
    // Struct children have the parent's length; recount nulls over the first n rows only.
    v->set_null_count(0);
    if (in.validity()) {
      int64_t nulls = 0;
      for (int64_t i = 0; i < n; ++i) nulls += in.IsNull(i) ? 1 : 0;
      v->set_null_count(nulls);
    }
  }
  for (size_t c = 0; c < to->children().size(); ++c) {
    VectorPtr cast;
    LAKEML_RETURN_IF_ERROR(CastNestedChild(in.child(c), to->children()[c].type, try_mode, &cast));
    v->mutable_children().push_back(std::move(cast));
  }
  *out = std::move(v);
  return Status::OK();
}

}  // namespace lakeml::sql
