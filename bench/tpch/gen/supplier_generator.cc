#include "tpch/gen/supplier_generator.h"

#include <cstring>
#include <memory>
#include <string>

#include "tpch/gen/column_builder.h"
#include "tpch/gen/distributions.h"
#include "tpch/gen/text_pool.h"
#include "tpch/gen/tpch_values.h"

namespace lakeml::tpch {
namespace {

constexpr int64_t kBbbBlock = 1'000;  // SF * 10,000 suppliers: SF * 10 blocks.

}  // namespace

SupplierGenerator::SupplierGenerator(const TpchScale& scale)
    : scale_(scale),
      schema_(std::make_shared<columnar::Schema>(std::vector<columnar::Field>{
          BigInt("s_suppkey"), Text("s_name"), Text("s_address"), BigInt("s_nationkey"),
          Text("s_phone"), Decimal("s_acctbal"), Text("s_comment")})) {}

int64_t SupplierGenerator::num_units() const { return scale_.suppliers; }

columnar::BatchPtr SupplierGenerator::Generate(int64_t first, int64_t count) const {
  std::vector<ColumnBuilder> cols;
  for (const columnar::Field& f : schema_->fields()) cols.emplace_back(f.type, count);
  RandomStream address(301), nation(302), phone(303), acctbal(304), comment(305), press(306);
  std::string text;
  for (int64_t i = first; i < first + count; ++i) {
    for (RandomStream* r : {&address, &nation, &phone, &acctbal, &comment}) r->Seek(i);
    const int64_t key = i + 1;
    cols[0].AppendInt64(key);
    TpchValues::KeyName("Supplier", key, &text);
    cols[1].AppendString(text);
    TpchValues::VString(address, 10, 40, &text);
    cols[2].AppendString(text);
    const int nationkey = static_cast<int>(nation.Uniform(0, Distributions::kNumNations - 1));
    cols[3].AppendInt64(nationkey);
    TpchValues::Phone(phone, nationkey, &text);
    cols[4].AppendString(text);
    cols[5].AppendDecimal(acctbal.Uniform(-99'999, 999'999));
    text.assign(TextPool::Get().Comment(comment, 25, 100));
    // Exactly SF * 5 suppliers get "Customer...Complaints" and SF * 5 others
    // "Customer...Recommends" (Q16): one random row in each block of 1,000, complaints in
    // even blocks, recommendations in odd ones, at a random place with random text between.
    const int64_t block = i / kBbbBlock;
    press.Seek(block);
    if (block < scale_.suppliers / kBbbBlock &&
        i == block * kBbbBlock + press.Uniform(0, kBbbBlock - 1)) {
      static constexpr std::string_view kCustomer = "Customer ";
      const std::string_view verdict = block % 2 == 0 ? "Complaints" : "Recommends";
      const int64_t fixed = kCustomer.size() + verdict.size();
      const int64_t gap = press.Uniform(0, static_cast<int64_t>(text.size()) - fixed);
      const int64_t at = press.Uniform(0, static_cast<int64_t>(text.size()) - fixed - gap);
      text.replace(at, kCustomer.size(), kCustomer);
      text.replace(at + kCustomer.size() + gap, verdict.size(), verdict);
    }
    cols[6].AppendString(text);
  }
  std::vector<columnar::VectorPtr> vectors;
  for (ColumnBuilder& c : cols) vectors.push_back(c.Finish());
  return std::make_shared<columnar::Batch>(schema_, std::move(vectors), count);
}

}  // namespace lakeml::tpch
