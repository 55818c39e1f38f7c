#include "sql/function/scalar/array_reshape.h"

#include "base/str_cat.h"
#include "columnar/vector_concat.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/scalar/element_gather.h"

namespace lakeml::sql {
namespace {

using columnar::Vector;
using columnar::VectorPtr;

Status ArrayConcatKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                         int64_t n, VectorPtr* out) {
  std::vector<VectorPtr> parts;
  std::vector<int64_t> shift;
  int64_t total = 0;
  for (const Vector* a : args) {
    parts.push_back(a->child(0));
    shift.push_back(total);
    total += a->child(0)->length();
  }
  VectorPtr all = parts.empty() ? nullptr : parts[0];
  if (parts.size() > 1) {
    LAKEML_ASSIGN_OR_RETURN(all, columnar::ConcatVectors(parts));
  }
  ElementGather::Rows rows = ElementGather::ConcatenatedRows(args, n, shift);
  LAKEML_ASSIGN_OR_RETURN(*out,
                          ElementGather::Finish(ctx.function->return_type, all, std::move(rows)));
  return Status::OK();
}

Status ArrayReverseKernel(const KernelContext& ctx, const std::vector<const Vector*>& args,
                          int64_t n, VectorPtr* out) {
  const int64_t* o = args[0]->offsets();
  ElementGather::Rows rows;
  for (int64_t i = 0; i < n; ++i) {
    if (args[0]->IsNull(i)) {
      rows.NullRow();
      continue;
    }
    for (int64_t j = o[i + 1] - 1; j >= o[i]; --j) rows.take.push_back(j);
    rows.EndRow();
  }
  LAKEML_ASSIGN_OR_RETURN(
      *out, ElementGather::Finish(ctx.function->return_type, args[0]->child(0), std::move(rows)));
  return Status::OK();
}

}  // namespace

Result<ArrayReshape::Ptr> ArrayReshape::ResolveConcat(const std::vector<TypePtr>& in) {
  TypePtr common = in[0];
  for (const TypePtr& t : in) {
    common = common == nullptr ? nullptr : SqlType::CommonType(common, t);
  }
  if (common == nullptr || common->id() != TypeId::kList) {
    return Status::InvalidArgument("the arguments of concat must all be ARRAYs of one type");
  }
  LAKEML_ASSIGN_OR_RETURN(
      Ptr p, BindingFactory::Make("concat", std::vector<TypePtr>(in.size(), common), common,
                                  ArrayConcatKernel));
  return BindingFactory::SeesNulls(p);
}

Result<ArrayReshape::Ptr> ArrayReshape::ResolveReverse(const std::vector<TypePtr>& in) {
  LAKEML_ASSIGN_OR_RETURN(Ptr p, BindingFactory::Make("reverse", in, in[0], ArrayReverseKernel));
  return BindingFactory::SeesNulls(p);
}

}  // namespace lakeml::sql
