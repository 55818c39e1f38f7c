#include "format/value_text/json_lines_batch_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "columnar/batch.h"

namespace lakeml::format {
namespace {

using columnar::Batch;
using columnar::DataType;
using columnar::Field;
using columnar::Schema;
using columnar::TypeId;
using columnar::Vector;
using columnar::VectorPtr;

TEST(JsonLinesBatchWriterTest, OneObjectPerRowTyped) {
  auto ids = Vector::Make(DataType::Primitive(TypeId::kInt64), 3);
  const int64_t idv[3] = {1, -2, 3};
  std::memcpy(ids->mutable_values()->mutable_data(), idv, sizeof(idv));
  auto names = Vector::Make(DataType::String(), 3);
  const std::string data = "abtab\x01";
  const int64_t off[4] = {0, 1, 6, 6};
  std::memcpy(names->mutable_values()->mutable_data(), off, sizeof(off));
  names->mutable_data()->Append(data.data(), data.size());
  auto* valid = names->EnsureValidity();
  bit_util::ClearBit(valid->mutable_data(), 2);
  names->FinishValidity();
  auto schema = std::make_shared<Schema>(
      std::vector<Field>{Field{"id", ids->type()}, Field{"na\"me", names->type()}});
  std::ostringstream os;
  JsonLinesBatchWriter w(&os);
  ASSERT_TRUE(w.Write(Batch(schema, {ids, names}, 3)).ok());
  ASSERT_TRUE(w.Finish().ok());
  EXPECT_EQ(os.str(),
            "{\"id\":1,\"na\\\"me\":\"a\"}\n"
            "{\"id\":-2,\"na\\\"me\":\"btab\\u0001\"}\n"
            "{\"id\":3,\"na\\\"me\":null}\n");
  std::istringstream in(os.str());
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_TRUE(j.is_object());
    EXPECT_TRUE(j["id"].is_number_integer());
    ++n;
  }
  EXPECT_EQ(n, 3);
}

TEST(JsonLinesBatchWriterTest, NoColumns) {
  std::ostringstream os;
  JsonLinesBatchWriter w(&os);
  ASSERT_TRUE(w.Write(Batch(std::make_shared<Schema>(), {}, 2)).ok());
  ASSERT_TRUE(w.Finish().ok());
  EXPECT_EQ(os.str(), "{}\n{}\n");
}

}  // namespace
}  // namespace lakeml::format
