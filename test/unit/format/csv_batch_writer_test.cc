#include "format/value_text/csv_batch_writer.h"

#include <gtest/gtest.h>

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

VectorPtr StringColumn(const std::vector<std::optional<std::string>>& values) {
  auto v = Vector::Make(DataType::String(), values.size());
  int64_t* o = v->mutable_values()->mutable_as<int64_t>();
  o[0] = 0;
  bool any_null = false;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i]) v->mutable_data()->Append(values[i]->data(), values[i]->size());
    o[i + 1] = v->data()->size();
    any_null |= !values[i];
  }
  if (any_null) {
    auto* b = v->EnsureValidity();
    for (size_t i = 0; i < values.size(); ++i) {
      bit_util::SetBitTo(b->mutable_data(), i, values[i].has_value());
    }
    v->FinishValidity();
  }
  return v;
}

VectorPtr Int64Column(const std::vector<int64_t>& values) {
  auto v = Vector::Make(DataType::Primitive(TypeId::kInt64), values.size());
  std::memcpy(v->mutable_values()->mutable_data(), values.data(), values.size() * 8);
  return v;
}

Batch MakeBatch(std::vector<std::string> names, std::vector<VectorPtr> cols) {
  std::vector<Field> fields;
  for (size_t i = 0; i < names.size(); ++i) fields.push_back(Field{names[i], cols[i]->type()});
  const int64_t rows = cols.empty() ? 0 : cols[0]->length();
  return Batch(std::make_shared<Schema>(fields), std::move(cols), rows);
}

TEST(CsvBatchWriterTest, HeaderOnceNullsAndQuoting) {
  std::ostringstream os;
  CsvBatchWriter w(&os);
  Batch b1 = MakeBatch({"id", "name, full"}, {Int64Column({1, 2, 3}),
                                              StringColumn({"plain", "with,comma", std::nullopt})});
  Batch b2 = MakeBatch({"id", "name, full"},
                       {Int64Column({4, 5, 6}), StringColumn({"say \"hi\"", "two\nlines", ""})});
  ASSERT_TRUE(w.Write(b1).ok());
  ASSERT_TRUE(w.Write(b2).ok());
  ASSERT_TRUE(w.Finish().ok());
  EXPECT_EQ(os.str(),
            "id,\"name, full\"\n"
            "1,plain\n"
            "2,\"with,comma\"\n"
            "3,\n"
            "4,\"say \"\"hi\"\"\"\n"
            "5,\"two\nlines\"\n"
            "6,\"\"\n");
}

TEST(CsvBatchWriterTest, OptionsAndEmptyResult) {
  std::ostringstream os;
  CsvBatchWriter w(&os, CsvBatchWriterOptions{';', true, "NULL"});
  Schema schema({Field{"a", DataType::String()}, Field{"b", DataType::String()}});
  ASSERT_TRUE(w.Begin(schema).ok());
  ASSERT_TRUE(
      w.Write(MakeBatch({"a", "b"}, {StringColumn({"x;y"}), StringColumn({std::nullopt})})).ok());
  ASSERT_TRUE(w.Finish().ok());
  EXPECT_EQ(os.str(), "a;b\n\"x;y\";NULL\n");

  std::ostringstream os2;
  CsvBatchWriter w2(&os2);
  ASSERT_TRUE(w2.Begin(schema).ok());
  ASSERT_TRUE(w2.Finish().ok());
  EXPECT_EQ(os2.str(), "a,b\n");
}

TEST(CsvBatchWriterTest, LargeOutputFlushesInChunksAndToFile) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  CsvBatchWriter w(f, CsvBatchWriterOptions{',', false, ""});
  std::vector<int64_t> ids(200000);
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int64_t>(i) * 1000003;
  ASSERT_TRUE(w.Write(MakeBatch({"id"}, {Int64Column(ids)})).ok());
  ASSERT_TRUE(w.Finish().ok());
  std::rewind(f);
  std::string all;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) all.append(buf, n);
  std::fclose(f);
  std::istringstream in(all);
  std::string line;
  size_t i = 0;
  while (std::getline(in, line)) {
    ASSERT_EQ(line, std::to_string(ids[i])) << i;
    ++i;
  }
  EXPECT_EQ(i, ids.size());
}

TEST(CsvBatchWriterTest, MismatchedBatchIsAnError) {
  std::ostringstream os;
  CsvBatchWriter w(&os);
  ASSERT_TRUE(w.Write(MakeBatch({"a"}, {Int64Column({1})})).ok());
  EXPECT_FALSE(w.Write(MakeBatch({"a", "b"}, {Int64Column({1}), Int64Column({2})})).ok());
}

}  // namespace
}  // namespace lakeml::format
