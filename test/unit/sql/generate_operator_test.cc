// GenerateOperator: one input row whose array holds more than two chunks' worth of elements
// comes out in chunks of at most Chunk::kMaxRows rows, in order, with the row repeated; an outer
// generator keeps an empty row once.
#include "sql/execution/operators/generate_operator.h"

#include <gtest/gtest.h>

#include "sql/common/sql_type.h"
#include "sql/function/scalar/element_gather.h"

namespace lakeml::sql {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::Vector;
using columnar::VectorPtr;

VectorPtr IntVector(const std::vector<int32_t>& values) {
  VectorPtr v = Vector::Make(SqlType::Int(), static_cast<int64_t>(values.size()));
  auto* out = reinterpret_cast<int32_t*>(v->mutable_values()->mutable_data());
  for (size_t i = 0; i < values.size(); ++i) out[i] = values[i];
  return v;
}

struct GenerateRun {
  std::vector<Chunk> chunks;
};

// Runs explode[_outer] over rows (id, array) where row r's array holds lengths[r] elements.
GenerateRun RunGenerate(const std::vector<int64_t>& lengths, bool outer) {
  const TypePtr list = DataType::List(Field{"element", SqlType::Int(), true});
  std::vector<int32_t> ids, elements;
  std::vector<int64_t> offsets{0};
  for (size_t r = 0; r < lengths.size(); ++r) {
    ids.push_back(static_cast<int32_t>(r));
    for (int64_t k = 0; k < lengths[r]; ++k) elements.push_back(static_cast<int32_t>(k));
    offsets.push_back(static_cast<int64_t>(elements.size()));
  }
  Chunk input;
  input.size = static_cast<int64_t>(lengths.size());
  input.columns = {IntVector(ids),
                   ElementGather::MakeList(list, offsets, {IntVector(elements)}, {})};
  GenerateOperator op({SqlType::Int(), list, SqlType::Int()},
                      BoundExpression::Reference(1, list, "a"), "explode", outer);
  ExecutionContext ctx;
  op.sink_state = op.MakeGlobalSinkState();
  auto local = op.MakeLocalSinkState();
  EXPECT_TRUE(op.Sink(ctx, input, *op.sink_state, *local).ok());
  EXPECT_TRUE(op.Combine(*op.sink_state, *local).ok());
  EXPECT_TRUE(op.Finalize(*op.sink_state).ok());
  auto global = op.MakeGlobalSourceState(ctx);
  EXPECT_TRUE(global.ok());
  auto source_local = op.MakeLocalSourceState();
  GenerateRun run;
  while (true) {
    Chunk out;
    Result<bool> more = op.GetData(ctx, **global, *source_local, &out);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    run.chunks.push_back(std::move(out));
  }
  return run;
}

TEST(GenerateOperatorTest, LongArrayComesOutInBoundedChunks) {
  GenerateRun run = RunGenerate({5000, 3}, /*outer=*/false);
  ASSERT_EQ(run.chunks.size(), 3u);
  EXPECT_EQ(run.chunks[0].size, Chunk::kMaxRows);
  EXPECT_EQ(run.chunks[1].size, Chunk::kMaxRows);
  EXPECT_EQ(run.chunks[2].size, 5003 - 2 * Chunk::kMaxRows);
  int64_t seen = 0;
  for (const Chunk& c : run.chunks) {
    ASSERT_EQ(c.columns.size(), 3u);
    const int32_t* id = c.columns[0]->values_as<int32_t>();
    const int32_t* col = c.columns[2]->values_as<int32_t>();
    for (int64_t i = 0; i < c.size; ++i, ++seen) {
      const bool first_row = seen < 5000;
      EXPECT_EQ(id[i], first_row ? 0 : 1);
      EXPECT_EQ(col[i], first_row ? seen : seen - 5000);
    }
  }
  EXPECT_EQ(seen, 5003);
}

TEST(GenerateOperatorTest, OuterKeepsEmptyRowsOnce) {
  GenerateRun run = RunGenerate({0, 2, 0}, /*outer=*/true);
  ASSERT_EQ(run.chunks.size(), 1u);
  const Chunk& c = run.chunks[0];
  ASSERT_EQ(c.size, 4);
  EXPECT_TRUE(c.columns[2]->IsNull(0));
  EXPECT_EQ(c.columns[2]->values_as<int32_t>()[1], 0);
  EXPECT_EQ(c.columns[2]->values_as<int32_t>()[2], 1);
  EXPECT_TRUE(c.columns[2]->IsNull(3));
  EXPECT_EQ(c.columns[0]->values_as<int32_t>()[3], 2);
}

TEST(GenerateOperatorTest, NonOuterDropsEmptyRows) {
  GenerateRun run = RunGenerate({0, 0}, /*outer=*/false);
  EXPECT_TRUE(run.chunks.empty());
}

}  // namespace
}  // namespace lakeml::sql
