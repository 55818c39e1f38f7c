#include "tpch/gen/part_supp_generator.h"

#include <memory>

#include "tpch/gen/column_builder.h"
#include "tpch/gen/text_pool.h"

namespace lakeml::tpch {

PartSuppGenerator::PartSuppGenerator(const TpchScale& scale)
    : scale_(scale),
      schema_(std::make_shared<columnar::Schema>(std::vector<columnar::Field>{
          BigInt("ps_partkey"), BigInt("ps_suppkey"), Int("ps_availqty"), Decimal("ps_supplycost"),
          Text("ps_comment")})) {}

int64_t PartSuppGenerator::num_units() const { return scale_.parts; }

columnar::BatchPtr PartSuppGenerator::Generate(int64_t first, int64_t count) const {
  const int64_t rows = count * 4;
  std::vector<ColumnBuilder> cols;
  for (const columnar::Field& f : schema_->fields()) cols.emplace_back(f.type, rows);
  RandomStream qty(601), cost(602), comment(603);
  for (int64_t i = first; i < first + count; ++i) {
    for (RandomStream* r : {&qty, &cost, &comment}) r->Seek(i);
    const int64_t partkey = i + 1;
    for (int s = 0; s < 4; ++s) {
      cols[0].AppendInt64(partkey);
      cols[1].AppendInt64(scale_.PartSuppKey(partkey, s));
      cols[2].AppendInt32(static_cast<int32_t>(qty.Uniform(1, 9'999)));
      cols[3].AppendDecimal(cost.Uniform(100, 100'000));
      cols[4].AppendString(TextPool::Get().Comment(comment, 49, 198));
    }
  }
  std::vector<columnar::VectorPtr> vectors;
  for (ColumnBuilder& c : cols) vectors.push_back(c.Finish());
  return std::make_shared<columnar::Batch>(schema_, std::move(vectors), rows);
}

}  // namespace lakeml::tpch
