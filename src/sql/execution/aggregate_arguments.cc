#include "sql/execution/aggregate_arguments.h"

#include "base/str_cat.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {

columnar::TypePtr AggregateArguments::PackedType(const std::vector<columnar::TypePtr>& types) {
  std::vector<columnar::Field> fields;
  for (size_t i = 0; i < types.size(); ++i) {
    columnar::Field f;
    f.name = StrCat("a", i);
    f.type = types[i];
    fields.push_back(std::move(f));
  }
  return columnar::DataType::Struct(std::move(fields));
}

columnar::VectorPtr AggregateArguments::Pack(const columnar::TypePtr& packed,
                                             std::vector<columnar::VectorPtr> args, int64_t n) {
  auto v = std::make_shared<columnar::Vector>(packed, n);
  for (int64_t i = 0; i < n; ++i) {
    for (const auto& a : args) {
      if (a->type()->id() == columnar::TypeId::kNull || a->IsNull(i)) {
        KernelOutput::SetNull(v.get(), i);
        break;
      }
    }
  }
  v->FinishValidity();
  v->mutable_children() = std::move(args);
  return v;
}

std::vector<const columnar::Vector*> AggregateArguments::Unpack(const columnar::Vector* arg,
                                                                size_t arity) {
  if (arity <= 1) return {arg};
  std::vector<const columnar::Vector*> out;
  for (const auto& c : arg->children()) out.push_back(c.get());
  return out;
}

}  // namespace lakeml::sql
