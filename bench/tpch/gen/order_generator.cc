#include "tpch/gen/order_generator.h"

#include <memory>
#include <string>

#include "tpch/gen/column_builder.h"
#include "tpch/gen/distributions.h"
#include "tpch/gen/text_pool.h"
#include "tpch/gen/tpch_values.h"

namespace lakeml::tpch {
namespace {

enum OrderColumn { kOKey, kOCust, kOStatus, kOPrice, kODate, kOPrio, kOClerk, kOShipPrio, kOCmt };
enum LineColumn {
  kLOrder,
  kLPart,
  kLSupp,
  kLNumber,
  kLQty,
  kLPrice,
  kLDiscount,
  kLTax,
  kLFlag,
  kLStatus,
  kLShip,
  kLCommit,
  kLReceipt,
  kLInstruct,
  kLMode,
  kLCmt
};

}  // namespace

OrderGenerator::OrderGenerator(const TpchScale& scale, Table table) : scale_(scale), table_(table) {
  std::vector<columnar::Field> fields;
  if (table == Table::kOrders) {
    fields = {BigInt("o_orderkey"),    BigInt("o_custkey"),   Text("o_orderstatus"),
              Decimal("o_totalprice"), Date("o_orderdate"),   Text("o_orderpriority"),
              Text("o_clerk"),         Int("o_shippriority"), Text("o_comment")};
  } else {
    fields = {BigInt("l_orderkey"),  BigInt("l_partkey"),    BigInt("l_suppkey"),
              Int("l_linenumber"),   Decimal("l_quantity"),  Decimal("l_extendedprice"),
              Decimal("l_discount"), Decimal("l_tax"),       Text("l_returnflag"),
              Text("l_linestatus"),  Date("l_shipdate"),     Date("l_commitdate"),
              Date("l_receiptdate"), Text("l_shipinstruct"), Text("l_shipmode"),
              Text("l_comment")};
  }
  schema_ = std::make_shared<columnar::Schema>(std::move(fields));
}

columnar::BatchPtr OrderGenerator::Generate(int64_t first, int64_t count) const {
  const bool orders = table_ == Table::kOrders;
  const int64_t expected_rows = orders ? count : count * 4;
  std::vector<ColumnBuilder> cols;
  for (const columnar::Field& f : schema_->fields()) cols.emplace_back(f.type, expected_rows);
  // Order streams.
  RandomStream cust(701), date(702), prio(703), clerk(704), ocomment(705), lines(706);
  // Line streams: one draw (or a fixed number) per line of the order, in line order.
  RandomStream part(801), supp(802), qty(803), discount(804), tax(805), ship(806), commit(807),
      receipt(808), flag(809), instruct(810), mode(811), lcomment(812);
  const Distributions& d = Distributions::Get();
  const TextPool& pool = TextPool::Get();
  std::string text;
  int64_t rows = 0;
  for (int64_t i = first; i < first + count; ++i) {
    for (RandomStream* r :
         {&cust, &date, &prio, &clerk, &ocomment, &lines, &part, &supp, &qty, &discount, &tax,
          &ship, &commit, &receipt, &flag, &instruct, &mode, &lcomment}) {
      r->Seek(i);
    }
    const int64_t orderkey = TpchScale::OrderKey(i + 1);
    const int32_t orderdate =
        static_cast<int32_t>(date.Uniform(TpchScale::kStartDate, TpchScale::kEndDate - 151));
    const int num_lines = static_cast<int>(lines.Uniform(1, 7));
    int64_t total_cents = 0;
    int shipped = 0;  // Lines with status F.
    for (int l = 0; l < num_lines; ++l) {
      const int64_t partkey = part.Uniform(1, scale_.parts);
      const int64_t suppkey = scale_.PartSuppKey(partkey, static_cast<int>(supp.Uniform(0, 3)));
      const int64_t quantity = qty.Uniform(1, 50);
      const int64_t disc = discount.Uniform(0, 10);  // Hundredths.
      const int64_t tx = tax.Uniform(0, 8);
      const int64_t extended = quantity * TpchScale::RetailPriceCents(partkey);
      const int32_t shipdate = orderdate + static_cast<int32_t>(ship.Uniform(1, 121));
      const int32_t commitdate = orderdate + static_cast<int32_t>(commit.Uniform(30, 90));
      const int32_t receiptdate = shipdate + static_cast<int32_t>(receipt.Uniform(1, 30));
      const bool returned_or_accepted = receiptdate <= TpchScale::kCurrentDate;
      const bool is_r = flag.Uniform(0, 1) == 0;
      const bool line_shipped = shipdate <= TpchScale::kCurrentDate;
      shipped += line_shipped;
      // O_TOTALPRICE = sum(L_EXTENDEDPRICE * (1 + L_TAX) * (1 - L_DISCOUNT)), in cents.
      total_cents += extended * (100 - disc) / 100 * (100 + tx) / 100;
      if (orders) continue;
      cols[kLOrder].AppendInt64(orderkey);
      cols[kLPart].AppendInt64(partkey);
      cols[kLSupp].AppendInt64(suppkey);
      cols[kLNumber].AppendInt32(l + 1);
      cols[kLQty].AppendDecimal(quantity * 100);
      cols[kLPrice].AppendDecimal(extended);
      cols[kLDiscount].AppendDecimal(disc);
      cols[kLTax].AppendDecimal(tx);
      cols[kLFlag].AppendString(returned_or_accepted ? (is_r ? "R" : "A") : "N");
      cols[kLStatus].AppendString(line_shipped ? "F" : "O");
      cols[kLShip].AppendDate(shipdate);
      cols[kLCommit].AppendDate(commitdate);
      cols[kLReceipt].AppendDate(receiptdate);
      cols[kLInstruct].AppendString(d.instructions.Pick(instruct));
      cols[kLMode].AppendString(d.ship_modes.Pick(mode));
      cols[kLCmt].AppendString(pool.Comment(lcomment, 10, 43));
      ++rows;
    }
    if (!orders) continue;
    // A third of the customers never order (custkey mod 3 = 0). As in dbgen, such a key moves
    // to its neighbour, so keys = 1 mod 3 get twice the orders of keys = 2 mod 3: the spread
    // of orders per customer that Q13's answer shows.
    int64_t custkey = cust.Uniform(1, scale_.customers);
    if (custkey % 3 == 0) custkey += custkey < scale_.customers ? 1 : -1;
    cols[kOKey].AppendInt64(orderkey);
    cols[kOCust].AppendInt64(custkey);
    cols[kOStatus].AppendString(shipped == num_lines ? "F" : shipped == 0 ? "O" : "P");
    cols[kOPrice].AppendDecimal(total_cents);
    cols[kODate].AppendDate(orderdate);
    cols[kOPrio].AppendString(d.priorities.Pick(prio));
    TpchValues::KeyName("Clerk", clerk.Uniform(1, scale_.clerks), &text);
    cols[kOClerk].AppendString(text);
    cols[kOShipPrio].AppendInt32(0);
    cols[kOCmt].AppendString(pool.Comment(ocomment, 19, 78));
    ++rows;
  }
  std::vector<columnar::VectorPtr> vectors;
  for (ColumnBuilder& c : cols) vectors.push_back(c.Finish());
  return std::make_shared<columnar::Batch>(schema_, std::move(vectors), rows);
}

}  // namespace lakeml::tpch
