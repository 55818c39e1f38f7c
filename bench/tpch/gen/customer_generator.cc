#include "tpch/gen/customer_generator.h"

#include <memory>
#include <string>

#include "tpch/gen/column_builder.h"
#include "tpch/gen/distributions.h"
#include "tpch/gen/text_pool.h"
#include "tpch/gen/tpch_values.h"

namespace lakeml::tpch {

CustomerGenerator::CustomerGenerator(const TpchScale& scale)
    : scale_(scale),
      schema_(std::make_shared<columnar::Schema>(std::vector<columnar::Field>{
          BigInt("c_custkey"), Text("c_name"), Text("c_address"), BigInt("c_nationkey"),
          Text("c_phone"), Decimal("c_acctbal"), Text("c_mktsegment"), Text("c_comment")})) {}

int64_t CustomerGenerator::num_units() const { return scale_.customers; }

columnar::BatchPtr CustomerGenerator::Generate(int64_t first, int64_t count) const {
  std::vector<ColumnBuilder> cols;
  for (const columnar::Field& f : schema_->fields()) cols.emplace_back(f.type, count);
  RandomStream address(401), nation(402), phone(403), acctbal(404), segment(405), comment(406);
  const Distributions& d = Distributions::Get();
  std::string text;
  for (int64_t i = first; i < first + count; ++i) {
    for (RandomStream* r : {&address, &nation, &phone, &acctbal, &segment, &comment}) r->Seek(i);
    const int64_t key = i + 1;
    cols[0].AppendInt64(key);
    TpchValues::KeyName("Customer", key, &text);
    cols[1].AppendString(text);
    TpchValues::VString(address, 10, 40, &text);
    cols[2].AppendString(text);
    const int nationkey = static_cast<int>(nation.Uniform(0, Distributions::kNumNations - 1));
    cols[3].AppendInt64(nationkey);
    TpchValues::Phone(phone, nationkey, &text);
    cols[4].AppendString(text);
    cols[5].AppendDecimal(acctbal.Uniform(-99'999, 999'999));
    cols[6].AppendString(d.segments.Pick(segment));
    cols[7].AppendString(TextPool::Get().Comment(comment, 29, 116));
  }
  std::vector<columnar::VectorPtr> vectors;
  for (ColumnBuilder& c : cols) vectors.push_back(c.Finish());
  return std::make_shared<columnar::Batch>(schema_, std::move(vectors), count);
}

}  // namespace lakeml::tpch
