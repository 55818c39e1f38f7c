#include "tpch/gen/part_generator.h"

#include <memory>
#include <string>

#include "tpch/gen/column_builder.h"
#include "tpch/gen/distributions.h"
#include "tpch/gen/text_pool.h"

namespace lakeml::tpch {

PartGenerator::PartGenerator(const TpchScale& scale)
    : scale_(scale),
      schema_(std::make_shared<columnar::Schema>(std::vector<columnar::Field>{
          BigInt("p_partkey"), Text("p_name"), Text("p_mfgr"), Text("p_brand"), Text("p_type"),
          Int("p_size"), Text("p_container"), Decimal("p_retailprice"), Text("p_comment")})) {}

int64_t PartGenerator::num_units() const { return scale_.parts; }

columnar::BatchPtr PartGenerator::Generate(int64_t first, int64_t count) const {
  std::vector<ColumnBuilder> cols;
  for (const columnar::Field& f : schema_->fields()) cols.emplace_back(f.type, count);
  RandomStream name(501), mfgr(502), brand(503), type(504), size(505), container(506), comment(507);
  const Distributions& d = Distributions::Get();
  std::string text;
  for (int64_t i = first; i < first + count; ++i) {
    for (RandomStream* r : {&name, &mfgr, &brand, &type, &size, &container, &comment}) {
      r->Seek(i);
    }
    const int64_t key = i + 1;
    cols[0].AppendInt64(key);
    // Five distinct colors.
    int picked[5];
    text.clear();
    for (int c = 0; c < 5; ++c) {
      bool again;
      do {
        picked[c] = d.colors.PickIndex(name);
        again = false;
        for (int k = 0; k < c; ++k) again |= picked[k] == picked[c];
      } while (again);
      if (c > 0) text.push_back(' ');
      text.append(d.colors.token(picked[c]));
    }
    cols[1].AppendString(text);
    const int m = static_cast<int>(mfgr.Uniform(1, 5));
    text.assign("Manufacturer#");
    text.push_back(static_cast<char>('0' + m));
    cols[2].AppendString(text);
    text.assign("Brand#");
    text.push_back(static_cast<char>('0' + m));
    text.push_back(static_cast<char>('0' + brand.Uniform(1, 5)));
    cols[3].AppendString(text);
    cols[4].AppendString(d.types.Pick(type));
    cols[5].AppendInt32(static_cast<int32_t>(size.Uniform(1, 50)));
    cols[6].AppendString(d.containers.Pick(container));
    cols[7].AppendDecimal(TpchScale::RetailPriceCents(key));
    cols[8].AppendString(TextPool::Get().Comment(comment, 5, 22));
  }
  std::vector<columnar::VectorPtr> vectors;
  for (ColumnBuilder& c : cols) vectors.push_back(c.Finish());
  return std::make_shared<columnar::Batch>(schema_, std::move(vectors), count);
}

}  // namespace lakeml::tpch
