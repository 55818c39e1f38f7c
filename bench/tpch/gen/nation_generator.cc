#include "tpch/gen/nation_generator.h"

#include <memory>

#include "tpch/gen/column_builder.h"
#include "tpch/gen/distributions.h"
#include "tpch/gen/text_pool.h"

namespace lakeml::tpch {

NationGenerator::NationGenerator(const TpchScale& scale)
    : scale_(scale),
      schema_(std::make_shared<columnar::Schema>(std::vector<columnar::Field>{
          BigInt("n_nationkey"), Text("n_name"), BigInt("n_regionkey"), Text("n_comment")})) {}

int64_t NationGenerator::num_units() const { return Distributions::kNumNations; }

columnar::BatchPtr NationGenerator::Generate(int64_t first, int64_t count) const {
  ColumnBuilder key(schema_->field(0).type, count), name(schema_->field(1).type, count),
      region(schema_->field(2).type, count), comment(schema_->field(3).type, count);
  RandomStream comments(201);
  for (int64_t i = first; i < first + count; ++i) {
    comments.Seek(i);
    key.AppendInt64(i);
    name.AppendString(Distributions::kNations[i].name);
    region.AppendInt64(Distributions::kNations[i].region);
    comment.AppendString(TextPool::Get().Comment(comments, 31, 114));
  }
  return std::make_shared<columnar::Batch>(
      schema_,
      std::vector<columnar::VectorPtr>{key.Finish(), name.Finish(), region.Finish(),
                                       comment.Finish()},
      count);
}

}  // namespace lakeml::tpch
