#include "delta/log/action_json_writer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "delta/log/action_json_parser.h"

namespace lakeml::delta {
namespace {

std::string Line(const Action& action) {
  std::string out;
  AppendActionJson(action, &out);
  return out;
}

Action Reparse(const std::string& line) {
  ActionJsonParser parser;
  std::vector<Action> actions;
  const Status status = parser.ParseCommit(line, "test.json", &actions);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << line;
  EXPECT_EQ(actions.size(), 1u) << line;
  return actions.empty() ? Action{} : actions[0];
}

AddFile FullAdd() {
  AddFile add;
  add.path = "a=1/part-0.parquet";
  add.partition_values = {{"a", "1"}, {"b", std::nullopt}};
  add.size = 841454;
  add.modification_time = 1512909768000;
  add.data_change = true;
  add.stats = R"({"numRecords":1,"minValues":{"s":"x\"y"}})";
  add.tags = StringMap{{"INSERTION_TIME", "1700000000000000"}};
  add.deletion_vector = DeletionVectorDescriptor{'u', "ab^-aqEH.-t@S}K{vb[*k^", 4, 40, 6, 99};
  add.base_row_id = 4071;
  add.default_row_commit_version = 41;
  add.clustering_provider = "liquid";
  return add;
}

TEST(ActionJsonWriterTest, AddInSparkFieldOrder) {
  EXPECT_EQ(Line(FullAdd()),
            R"({"add":{"path":"a=1/part-0.parquet","partitionValues":{"a":"1","b":null},)"
            R"("size":841454,"modificationTime":1512909768000,"dataChange":true,)"
            R"("stats":"{\"numRecords\":1,\"minValues\":{\"s\":\"x\\\"y\"}}",)"
            R"("tags":{"INSERTION_TIME":"1700000000000000"},)"
            R"("deletionVector":{"storageType":"u","pathOrInlineDv":"ab^-aqEH.-t@S}K{vb[*k^",)"
            R"("offset":4,"sizeInBytes":40,"cardinality":6,"maxRowIndex":99},)"
            R"("baseRowId":4071,"defaultRowCommitVersion":41,"clusteringProvider":"liquid"}})");
}

TEST(ActionJsonWriterTest, OptionalFieldsAreLeftOut) {
  AddFile add;
  add.path = "p";
  add.size = 1;
  add.modification_time = 2;
  EXPECT_EQ(Line(add), R"({"add":{"path":"p","partitionValues":{},"size":1,"modificationTime":2,)"
                       R"("dataChange":true}})");
  RemoveFile remove;
  remove.path = "p";
  remove.data_change = false;
  EXPECT_EQ(Line(remove), R"({"remove":{"path":"p","dataChange":false}})");
  EXPECT_EQ(Line(Protocol{}), R"({"protocol":{"minReaderVersion":1,"minWriterVersion":2}})");
  EXPECT_EQ(Line(SetTransaction{"app", 3, std::nullopt}), R"({"txn":{"appId":"app","version":3}})");
  EXPECT_EQ(Line(CheckpointMetadata{5, std::nullopt}), R"({"checkpointMetadata":{"version":5}})");
}

TEST(ActionJsonWriterTest, OtherActions) {
  Protocol protocol{3, 7, std::vector<std::string>{"deletionVectors"},
                    std::vector<std::string>{"deletionVectors", "appendOnly"}};
  EXPECT_EQ(Line(protocol), R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,)"
                            R"("readerFeatures":["deletionVectors"],)"
                            R"("writerFeatures":["deletionVectors","appendOnly"]}})");

  Metadata metadata;
  metadata.id = "af23c9d7";
  metadata.description = "d";
  metadata.schema_string = R"({"type":"struct","fields":[]})";
  metadata.partition_columns = {"a", "b"};
  metadata.configuration = {{"delta.appendOnly", "true"}};
  metadata.created_time = 1;
  EXPECT_EQ(Line(metadata),
            R"({"metaData":{"id":"af23c9d7","description":"d",)"
            R"("format":{"provider":"parquet","options":{}},)"
            R"("schemaString":"{\"type\":\"struct\",\"fields\":[]}","partitionColumns":["a","b"],)"
            R"("configuration":{"delta.appendOnly":"true"},"createdTime":1}})");

  RemoveFile remove;
  remove.path = "p";
  remove.deletion_timestamp = 9;
  remove.extended_file_metadata = true;
  remove.partition_values = PartitionValues{{"a", std::nullopt}};
  remove.size = 3;
  remove.stats = "{}";
  remove.tags = StringMap{};
  remove.deletion_vector = DeletionVectorDescriptor{'i', "wi5b", std::nullopt, 40, 6, {}};
  EXPECT_EQ(Line(remove),
            R"({"remove":{"path":"p","deletionTimestamp":9,"dataChange":true,)"
            R"("extendedFileMetadata":true,"partitionValues":{"a":null},"size":3,"tags":{},)"
            R"("deletionVector":{"storageType":"i","pathOrInlineDv":"wi5b","sizeInBytes":40,)"
            R"("cardinality":6},"stats":"{}"}})");

  AddCdcFile cdc{"_change_data/c", {{"a", "1"}}, 12, false, StringMap{{"x", "y"}}};
  EXPECT_EQ(Line(cdc), R"({"cdc":{"path":"_change_data/c","partitionValues":{"a":"1"},"size":12,)"
                       R"("tags":{"x":"y"},"dataChange":false}})");
  EXPECT_EQ(Line(DomainMetadata{"delta.rowTracking", R"({"rowIdHighWaterMark":3})", true}),
            R"({"domainMetadata":{"domain":"delta.rowTracking",)"
            R"("configuration":"{\"rowIdHighWaterMark\":3}","removed":true}})");
  EXPECT_EQ(Line(Sidecar{"s.parquet", 10, 20, StringMap{}}),
            R"({"sidecar":{"path":"s.parquet","sizeInBytes":10,"modificationTime":20,"tags":{}}})");
}

TEST(ActionJsonWriterTest, CommitInfoVerbatimOrFromFields) {
  CommitInfo verbatim;
  verbatim.json = R"({"timestamp":1,"operation":"WRITE","operationMetrics":{"numFiles":"1"}})";
  verbatim.timestamp = 1;
  verbatim.operation = "WRITE";
  EXPECT_EQ(Line(verbatim), "{\"commitInfo\":" + verbatim.json + "}");
  EXPECT_EQ(Reparse(Line(verbatim)), Action(verbatim));

  CommitInfo typed;
  typed.in_commit_timestamp = 5;
  typed.timestamp = 6;
  typed.operation = "CREATE TABLE";
  EXPECT_EQ(Line(typed),
            R"({"commitInfo":{"inCommitTimestamp":5,"timestamp":6,"operation":"CREATE TABLE"}})");
  typed.json = R"({"inCommitTimestamp":5,"timestamp":6,"operation":"CREATE TABLE"})";
  EXPECT_EQ(Reparse(Line(typed)), Action(typed));
  EXPECT_EQ(Line(CommitInfo{}), R"({"commitInfo":{}})");
}

TEST(ActionJsonWriterTest, EscapesStrings) {
  AddFile add;
  add.path = std::string("q\"b\\s/\x01\t\n\0z\xC3\xA9\xF0\x9F\x98\x80", 17);
  add.partition_values = {{"k\"", "\x7f"}};
  add.tags = StringMap{{"\xE2\x82\xAC", "\r"}};
  const std::string line = Line(add);
  EXPECT_EQ(line,
            "{\"add\":{\"path\":\"q\\\"b\\\\s/\\u0001\\t\\n\\u0000z\xC3\xA9\xF0\x9F\x98\x80\","
            "\"partitionValues\":{\"k\\\"\":\"\x7f\"},\"size\":0,\"modificationTime\":0,"
            "\"dataChange\":true,\"tags\":{\"\xE2\x82\xAC\":\"\\r\"}}}");
  EXPECT_EQ(Reparse(line), Action(add));
}

TEST(ActionJsonWriterTest, ExtremeIntegersRoundTrip) {
  AddFile add;
  add.path = "p";
  add.size = INT64_MAX;
  add.modification_time = INT64_MIN;
  add.deletion_vector = DeletionVectorDescriptor{'p', "/x", INT32_MIN, INT32_MAX, -1, INT64_MIN};
  EXPECT_EQ(Reparse(Line(add)), Action(add));
}

TEST(ActionJsonWriterTest, SerializeCommitEndsEveryLineWithNewline) {
  const std::vector<Action> actions = {CommitInfo{R"({"timestamp":1})", 1, {}, {}}, Protocol{},
                                       FullAdd()};
  const std::string content = SerializeCommit(actions);
  EXPECT_EQ(content, Line(actions[0]) + "\n" + Line(actions[1]) + "\n" + Line(actions[2]) + "\n");
  EXPECT_EQ(SerializeCommit({}), "");

  ActionJsonParser parser;
  std::vector<Action> reparsed;
  ASSERT_TRUE(parser.ParseCommit(content, "c.json", &reparsed).ok());
  EXPECT_EQ(reparsed, actions);
}

}  // namespace
}  // namespace lakeml::delta
