#include "tpch/gen/region_generator.h"

#include <memory>

#include "tpch/gen/column_builder.h"
#include "tpch/gen/distributions.h"
#include "tpch/gen/text_pool.h"

namespace lakeml::tpch {

RegionGenerator::RegionGenerator(const TpchScale& scale)
    : scale_(scale),
      schema_(std::make_shared<columnar::Schema>(std::vector<columnar::Field>{
          BigInt("r_regionkey"), Text("r_name"), Text("r_comment")})) {}

int64_t RegionGenerator::num_units() const { return Distributions::kNumRegions; }

columnar::BatchPtr RegionGenerator::Generate(int64_t first, int64_t count) const {
  ColumnBuilder key(schema_->field(0).type, count), name(schema_->field(1).type, count),
      comment(schema_->field(2).type, count);
  RandomStream comments(101);
  for (int64_t i = first; i < first + count; ++i) {
    comments.Seek(i);
    key.AppendInt64(i);
    name.AppendString(Distributions::kRegions[i]);
    comment.AppendString(TextPool::Get().Comment(comments, 31, 115));
  }
  return std::make_shared<columnar::Batch>(
      schema_, std::vector<columnar::VectorPtr>{key.Finish(), name.Finish(), comment.Finish()},
      count);
}

}  // namespace lakeml::tpch
