#include "delta/log/action_json_parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace lakeml::delta {
namespace {

constexpr std::string_view kFile = "00000000000000000003.json";

std::vector<Action> ParseOk(std::string_view content) {
  ActionJsonParser parser;
  std::vector<Action> actions;
  const Status status = parser.ParseCommit(content, kFile, &actions);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return actions;
}

// The error message of parsing `content`, or "" if it parsed.
std::string ParseError(std::string_view content) {
  ActionJsonParser parser;
  std::vector<Action> actions;
  const Status status = parser.ParseCommit(content, kFile, &actions);
  if (status.ok()) return "";
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_TRUE(actions.empty());
  return status.message();
}

constexpr std::string_view kAddLine =
    R"({"add":{"path":"a=1/part-0.parquet","partitionValues":{"a":"1"},"size":10,)"
    R"("modificationTime":1700000000000,"dataChange":true}})";

TEST(ActionJsonParserTest, ParsesEveryActionKind) {
  const std::vector<Action> actions = ParseOk(
      R"({"commitInfo":{"inCommitTimestamp":7,"timestamp":1700000000001,"operation":"WRITE","operationParameters":{"mode":"Append"},"isBlindAppend":true}}
{"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["deletionVectors"],"writerFeatures":["deletionVectors","appendOnly"]}}
{"metaData":{"id":"abc","name":"t","description":null,"format":{"provider":"parquet","options":{"k":"v"}},"schemaString":"{\"type\":\"struct\",\"fields\":[]}","partitionColumns":["a"],"configuration":{"delta.appendOnly":"true"},"createdTime":123}}
{"add":{"path":"p","partitionValues":{"a":"1","b":null},"size":10,"modificationTime":20,"dataChange":false,"stats":"{\"numRecords\":3}","tags":{"INSERTION_TIME":"1"},"deletionVector":{"storageType":"u","pathOrInlineDv":"ab^-aqEH.-t@S}K{vb[*k^","offset":4,"sizeInBytes":40,"cardinality":6,"maxRowIndex":99},"baseRowId":5,"defaultRowCommitVersion":2,"clusteringProvider":"liquid"}}
{"remove":{"path":"q","deletionTimestamp":30,"dataChange":true,"extendedFileMetadata":true,"partitionValues":{},"size":11,"stats":"{}","tags":{},"deletionVector":{"storageType":"i","pathOrInlineDv":"wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L","sizeInBytes":40,"cardinality":6},"baseRowId":1,"defaultRowCommitVersion":0}}
{"cdc":{"path":"_change_data/c","partitionValues":{"a":null},"size":12,"dataChange":false,"tags":{"x":"y"}}}
{"txn":{"appId":"app","version":364475,"lastUpdated":40}}
{"domainMetadata":{"domain":"delta.clustering","configuration":"{\"clusteringColumns\":[]}","removed":false}}
{"checkpointMetadata":{"version":9,"tags":{"t":"u"}}}
{"sidecar":{"path":"s.parquet","sizeInBytes":2304522,"modificationTime":1512909768000,"tags":{}}}
)");
  ASSERT_EQ(actions.size(), 10u);

  const auto& info = std::get<CommitInfo>(actions[0]);
  EXPECT_EQ(info.in_commit_timestamp, 7);
  EXPECT_EQ(info.timestamp, 1700000000001);
  EXPECT_EQ(info.operation, "WRITE");
  EXPECT_EQ(info.json, R"({"inCommitTimestamp":7,"timestamp":1700000000001,"operation":"WRITE",)"
                       R"("operationParameters":{"mode":"Append"},"isBlindAppend":true})");

  Protocol protocol;
  protocol.min_reader_version = 3;
  protocol.min_writer_version = 7;
  protocol.reader_features = std::vector<std::string>{"deletionVectors"};
  protocol.writer_features = std::vector<std::string>{"deletionVectors", "appendOnly"};
  EXPECT_EQ(std::get<Protocol>(actions[1]), protocol);

  Metadata metadata;
  metadata.id = "abc";
  metadata.name = "t";
  metadata.format.options = {{"k", "v"}};
  metadata.schema_string = R"({"type":"struct","fields":[]})";
  metadata.partition_columns = {"a"};
  metadata.configuration = {{"delta.appendOnly", "true"}};
  metadata.created_time = 123;
  EXPECT_EQ(std::get<Metadata>(actions[2]), metadata);

  AddFile add;
  add.path = "p";
  add.partition_values = {{"a", "1"}, {"b", std::nullopt}};
  add.size = 10;
  add.modification_time = 20;
  add.data_change = false;
  add.stats = R"({"numRecords":3})";
  add.tags = StringMap{{"INSERTION_TIME", "1"}};
  add.deletion_vector = DeletionVectorDescriptor{'u', "ab^-aqEH.-t@S}K{vb[*k^", 4, 40, 6, 99};
  add.base_row_id = 5;
  add.default_row_commit_version = 2;
  add.clustering_provider = "liquid";
  EXPECT_EQ(std::get<AddFile>(actions[3]), add);

  RemoveFile remove;
  remove.path = "q";
  remove.deletion_timestamp = 30;
  remove.extended_file_metadata = true;
  remove.partition_values = PartitionValues{};
  remove.size = 11;
  remove.stats = "{}";
  remove.tags = StringMap{};
  remove.deletion_vector = DeletionVectorDescriptor{
      'i', "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", std::nullopt, 40, 6, {}};
  remove.base_row_id = 1;
  remove.default_row_commit_version = 0;
  EXPECT_EQ(std::get<RemoveFile>(actions[4]), remove);
  EXPECT_EQ(remove.deletion_vector->UniqueId(),
            "iwi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L");

  AddCdcFile cdc;
  cdc.path = "_change_data/c";
  cdc.partition_values = {{"a", std::nullopt}};
  cdc.size = 12;
  cdc.tags = StringMap{{"x", "y"}};
  EXPECT_EQ(std::get<AddCdcFile>(actions[5]), cdc);

  EXPECT_EQ(std::get<SetTransaction>(actions[6]), (SetTransaction{"app", 364475, 40}));
  EXPECT_EQ(std::get<DomainMetadata>(actions[7]),
            (DomainMetadata{"delta.clustering", R"({"clusteringColumns":[]})", false}));
  EXPECT_EQ(std::get<CheckpointMetadata>(actions[8]),
            (CheckpointMetadata{9, StringMap{{"t", "u"}}}));
  EXPECT_EQ(std::get<Sidecar>(actions[9]),
            (Sidecar{"s.parquet", 2304522, 1512909768000, StringMap{}}));
}

TEST(ActionJsonParserTest, OptionalFieldsAbsentOrNull) {
  const std::vector<Action> actions = ParseOk(
      R"({"add":{"path":"p","partitionValues":{},"size":1,"modificationTime":2,"dataChange":true,"stats":null,"tags":null,"deletionVector":null,"baseRowId":null,"defaultRowCommitVersion":null,"clusteringProvider":null}}
{"remove":{"path":"q","dataChange":false}}
{"metaData":{"id":"x","format":{"provider":"parquet"},"partitionColumns":[],"configuration":{}}}
{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}
{"commitInfo":{}}
)");
  ASSERT_EQ(actions.size(), 5u);
  AddFile add;
  add.path = "p";
  add.size = 1;
  add.modification_time = 2;
  EXPECT_EQ(std::get<AddFile>(actions[0]), add);
  RemoveFile remove;
  remove.path = "q";
  remove.data_change = false;
  EXPECT_EQ(std::get<RemoveFile>(actions[1]), remove);
  // A missing schemaString reads as "" (hand-made upstream tables omit it).
  Metadata metadata;
  metadata.id = "x";
  EXPECT_EQ(std::get<Metadata>(actions[2]), metadata);
  EXPECT_EQ(std::get<Protocol>(actions[3]), Protocol{});
  EXPECT_EQ(std::get<CommitInfo>(actions[4]), CommitInfo{"{}"});
}

TEST(ActionJsonParserTest, LineEndsAndBlankLines) {
  const std::string one = std::string(kAddLine);
  EXPECT_EQ(ParseOk(one).size(), 1u);                                 // No final newline.
  EXPECT_EQ(ParseOk(one + "\n").size(), 1u);                          // Final newline.
  EXPECT_EQ(ParseOk(one + "\r\n" + one + "\r\n").size(), 2u);         // CRLF.
  EXPECT_EQ(ParseOk("\n\n" + one + "\n \t\r\n\n" + one).size(), 2u);  // Blank lines.
  EXPECT_EQ(ParseOk("").size(), 0u);
  EXPECT_EQ(ParseOk("\n\r\n").size(), 0u);
  EXPECT_EQ(ParseOk("  " + one + "  \r").size(), 1u);  // Whitespace around the object.
}

TEST(ActionJsonParserTest, UnknownActionsAndFieldsAreIgnored) {
  const std::vector<Action> actions = ParseOk(
      R"({"someNewAction":{"a":1}}
{"add":{"path":"p","futureField":[1,{"x":null}],"partitionValues":{},"size":1,"modificationTime":2,"dataChange":true,"stats_parsed":{"numRecords":1}}}
{"future":{},"txn":{"appId":"a","version":1,"extra":"x"}}
{"add":null,"remove":{"path":"r","dataChange":true}}
{}
)");
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(std::get<AddFile>(actions[0]).path, "p");
  EXPECT_EQ(std::get<SetTransaction>(actions[1]).app_id, "a");
  EXPECT_EQ(std::get<RemoveFile>(actions[2]).path, "r");
}

TEST(ActionJsonParserTest, SeveralActionsOnOneLineAreKeptInOrder) {
  const std::vector<Action> actions =
      ParseOk(R"({"txn":{"appId":"a","version":1},"remove":{"path":"r","dataChange":true}})");
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<SetTransaction>(actions[0]));
  EXPECT_TRUE(std::holds_alternative<RemoveFile>(actions[1]));
}

TEST(ActionJsonParserTest, PartitionValuesAreVerbatim) {
  const std::vector<Action> actions = ParseOk(
      R"({"add":{"path":"x=%252F/p","partitionValues":{"x":"/%20%f","e":"","n":null,"s":"null","d":"2020-01-01 08:09:10.001"},"size":1,"modificationTime":2,"dataChange":true}})");
  const PartitionValues expected = {{"x", "/%20%f"},
                                    {"e", ""},
                                    {"n", std::nullopt},
                                    {"s", "null"},
                                    {"d", "2020-01-01 08:09:10.001"}};
  EXPECT_EQ(std::get<AddFile>(actions.at(0)).partition_values, expected);
  EXPECT_EQ(std::get<AddFile>(actions.at(0)).path, "x=%252F/p");
}

TEST(ActionJsonParserTest, DeletionVectorStorageTypes) {
  const std::vector<Action> actions = ParseOk(
      R"({"add":{"path":"a","partitionValues":{},"size":1,"modificationTime":2,"dataChange":true,"deletionVector":{"storageType":"p","pathOrInlineDv":"s3://t/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin","offset":4,"sizeInBytes":40,"cardinality":6}}}
{"add":{"path":"b","partitionValues":{},"size":1,"modificationTime":2,"dataChange":true,"deletionVector":{"storageType":"u","pathOrInlineDv":"vBn[lx{q8@P<9BNH/isA","offset":1,"sizeInBytes":36,"cardinality":2,"maxRowIndex":9}}}
{"add":{"path":"c","partitionValues":{},"size":1,"modificationTime":2,"dataChange":true,"deletionVector":{"storageType":"u","pathOrInlineDv":"vBn[lx{q8@P<9BNH/isA","offset":null,"sizeInBytes":36,"cardinality":2}}}
)");
  ASSERT_EQ(actions.size(), 3u);
  const auto& p = *std::get<AddFile>(actions[0]).deletion_vector;
  EXPECT_EQ(p.storage_type, DeletionVectorDescriptor::kAbsolute);
  EXPECT_EQ(p.offset, 4);
  EXPECT_EQ(p.UniqueId(), "ps3://t/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin@4");
  const auto& u = *std::get<AddFile>(actions[1]).deletion_vector;
  EXPECT_EQ(u.storage_type, DeletionVectorDescriptor::kUuid);
  EXPECT_EQ(u.size_in_bytes, 36);
  EXPECT_EQ(u.cardinality, 2);
  EXPECT_EQ(u.max_row_index, 9);
  EXPECT_EQ(std::get<AddFile>(actions[2]).deletion_vector->offset, std::nullopt);
}

TEST(ActionJsonParserTest, NonAsciiAndEscapedStrings) {
  const std::vector<Action> actions = ParseOk(
      "{\"add\":{\"path\":\"d\\u00e9j\\u00E0/\xF0\x9F\x98\x80/\\\"q\\\"\\\\b\\/"
      "\\t\",\"partitionValues\":"
      "{\"\xC3\xA9t\xC3\xA9\":\"\\ud83d\\ude00\"},\"size\":1,\"modificationTime\":2,"
      "\"dataChange\":true,\"stats\":\"{\\\"minValues\\\":{\\\"s\\\":\\\"a\\\\\\\"b\\\\n\\\"}}\","
      "\"tags\":{\"k\\u0000\":\"\\b\\f\\n\\r\"}}}");
  ASSERT_EQ(actions.size(), 1u);
  const auto& add = std::get<AddFile>(actions[0]);
  EXPECT_EQ(add.path, "d\xC3\xA9j\xC3\xA0/\xF0\x9F\x98\x80/\"q\"\\b/\t");
  EXPECT_EQ(add.partition_values.at("\xC3\xA9t\xC3\xA9"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(add.stats, R"({"minValues":{"s":"a\"b\n"}})");
  EXPECT_EQ(add.tags->at(std::string("k\0", 2)), "\b\f\n\r");
}

TEST(ActionJsonParserTest, ErrorNamesFileLineAndField) {
  EXPECT_EQ(ParseError(std::string(kAddLine) + "\n" +
                       R"({"add":{"path":"p","partitionValues":{},"size":"10",)"
                       R"("modificationTime":1,"dataChange":true}})"),
            "Invalid add action: field 'size' must be an integer in "
            "00000000000000000003.json line 2");
}

TEST(ActionJsonParserTest, LineNumbersCountBlankAndCrlfLines) {
  EXPECT_EQ(ParseError("\r\n\n" + std::string(kAddLine) + "\r\n\r\n{\"txn\":{\"appId\":1}}\r\n"),
            "Invalid txn action: field 'appId' must be a string in "
            "00000000000000000003.json line 5");
}

TEST(ActionJsonParserTest, MissingRequiredFields) {
  EXPECT_EQ(
      ParseError(
          R"({"add":{"partitionValues":{},"size":1,"modificationTime":2,"dataChange":true}})"),
      "Invalid add action: missing field 'path' in 00000000000000000003.json line 1");
  EXPECT_EQ(ParseError(R"({"add":{"path":"p","size":1,"modificationTime":2,"dataChange":true}})"),
            "Invalid add action: missing field 'partitionValues' in 00000000000000000003.json "
            "line 1");
  EXPECT_EQ(ParseError(R"({"remove":{"path":"p"}})"),
            "Invalid remove action: missing field 'dataChange' in 00000000000000000003.json "
            "line 1");
  EXPECT_EQ(ParseError(R"({"protocol":{"minReaderVersion":1}})"),
            "Invalid protocol action: missing field 'minWriterVersion' in "
            "00000000000000000003.json line 1");
  EXPECT_EQ(
      ParseError(R"({"metaData":{"id":"x","format":{},"partitionColumns":[],"configuration":{}}})"),
      "Invalid metaData action: missing field 'format.provider' in "
      "00000000000000000003.json line 1");
  EXPECT_EQ(ParseError(
                R"({"metaData":{"id":"x","format":{"provider":"parquet"},"partitionColumns":[]}})"),
            "Invalid metaData action: missing field 'configuration' in "
            "00000000000000000003.json line 1");
  EXPECT_EQ(ParseError(R"({"cdc":{"path":"c","partitionValues":{},"size":1}})"),
            "Invalid cdc action: missing field 'dataChange' in 00000000000000000003.json line 1");
  EXPECT_EQ(ParseError(R"({"txn":{"appId":"a"}})"),
            "Invalid txn action: missing field 'version' in 00000000000000000003.json line 1");
  EXPECT_EQ(ParseError(R"({"domainMetadata":{"domain":"d","configuration":"{}"}})"),
            "Invalid domainMetadata action: missing field 'removed' in "
            "00000000000000000003.json line 1");
  EXPECT_EQ(ParseError(R"({"checkpointMetadata":{}})"),
            "Invalid checkpointMetadata action: missing field 'version' in "
            "00000000000000000003.json line 1");
  EXPECT_EQ(ParseError(R"({"sidecar":{"path":"s","sizeInBytes":1}})"),
            "Invalid sidecar action: missing field 'modificationTime' in "
            "00000000000000000003.json line 1");
  EXPECT_EQ(
      ParseError(R"({"add":{"path":"p","partitionValues":{},"size":1,"modificationTime":2,)"
                 R"("dataChange":true,"deletionVector":{"storageType":"u","pathOrInlineDv":"x",)"
                 R"("sizeInBytes":1}}})"),
      "Invalid add action: missing field 'deletionVector.cardinality' in "
      "00000000000000000003.json line 1");
}

TEST(ActionJsonParserTest, WrongJsonTypes) {
  const std::string head = R"({"add":{"path":"p","partitionValues":{},"modificationTime":2,)"
                           R"("dataChange":true,)";
  auto add_with = [&](std::string_view field) {
    return ParseError(head + std::string(field) + R"(,"size":1}})");
  };
  EXPECT_EQ(add_with(R"("size":1.5)"),
            "Invalid add action: field 'size' must be an integer in 00000000000000000003.json "
            "line 1");
  EXPECT_EQ(add_with(R"("size":9223372036854775808)"),
            "Invalid add action: field 'size' must be an integer in 00000000000000000003.json "
            "line 1");
  EXPECT_EQ(add_with(R"("dataChange":"true")"),
            "Invalid add action: field 'dataChange' must be a boolean in "
            "00000000000000000003.json line 1");
  EXPECT_EQ(add_with(R"("path":null)"),
            "Invalid add action: field 'path' must be a string in 00000000000000000003.json "
            "line 1");
  EXPECT_EQ(add_with(R"("stats":{"numRecords":1})"),
            "Invalid add action: field 'stats' must be a string in 00000000000000000003.json "
            "line 1");
  EXPECT_EQ(add_with(R"("partitionValues":{"a":1})"),
            "Invalid add action: field 'partitionValues' must be an object of strings or nulls "
            "in 00000000000000000003.json line 1");
  EXPECT_EQ(add_with(R"("partitionValues":[])"),
            "Invalid add action: field 'partitionValues' must be an object in "
            "00000000000000000003.json line 1");
  EXPECT_EQ(add_with(R"("tags":{"a":null})"),
            "Invalid add action: field 'tags' must be an object of strings in "
            "00000000000000000003.json line 1");
  EXPECT_EQ(add_with(R"("deletionVector":{"storageType":"uu"})"),
            "Invalid add action: field 'deletionVector.storageType' must be a one-character "
            "string in 00000000000000000003.json line 1");
  EXPECT_EQ(add_with(R"("deletionVector":{"storageType":"u","pathOrInlineDv":"x",)"
                     R"("sizeInBytes":2147483648,"cardinality":1})"),
            "Invalid add action: field 'deletionVector.sizeInBytes' must be a 32-bit integer in "
            "00000000000000000003.json line 1");
  EXPECT_EQ(add_with(R"("deletionVector":"u")"),
            "Invalid add action: field 'deletionVector' must be an object in "
            "00000000000000000003.json line 1");
  EXPECT_EQ(
      ParseError(
          R"({"protocol":{"minReaderVersion":1,"minWriterVersion":2,"writerFeatures":["a",1]}})"),
      "Invalid protocol action: field 'writerFeatures' must be an array of strings in "
      "00000000000000000003.json line 1");
  EXPECT_EQ(ParseError(R"({"protocol":{"minReaderVersion":4294967297,"minWriterVersion":2}})"),
            "Invalid protocol action: field 'minReaderVersion' must be a 32-bit integer in "
            "00000000000000000003.json line 1");
  EXPECT_EQ(ParseError(R"({"commitInfo":{"inCommitTimestamp":"1"}})"),
            "Invalid commitInfo action: field 'inCommitTimestamp' must be an integer in "
            "00000000000000000003.json line 1");
  EXPECT_EQ(
      ParseError(R"({"metaData":{"id":"x","format":{"provider":"parquet","options":{"a":true}},)"
                 R"("partitionColumns":[],"configuration":{}}})"),
      "Invalid metaData action: field 'format.options' must be an object of strings in "
      "00000000000000000003.json line 1");
  EXPECT_EQ(ParseError(R"({"add":[]})"),
            "Invalid add action: expected a JSON object in 00000000000000000003.json line 1");
}

TEST(ActionJsonParserTest, MalformedAndTruncatedJson) {
  const std::string add(kAddLine);
  for (const std::string& bad :
       {add + "\n" + add.substr(0, add.size() - 7),         // Truncated last line.
        add + "\n" + add.substr(0, add.size() - 1) + "\n",  // Missing brace.
        add + "\n" + add + add,                             // Two objects on one line.
        add + "\n{\"add\":{\"path\":\"p\",}}",              // Trailing comma.
        add + "\n{\"x\":tru}",                              // Bad literal in an unknown action.
        add + "\n{\"x\":\"\xC3\"}",                         // Invalid UTF-8.
        add + "\n{\"x\":\"a\nb\"}"}) {                      // Newline inside a string.
    const std::string error = ParseError(bad);
    EXPECT_TRUE(error.starts_with("Invalid JSON (")) << error;
    EXPECT_TRUE(error.ends_with(" in 00000000000000000003.json line 2")) << error;
  }
  EXPECT_EQ(ParseError("[1]"),
            "Invalid action line: expected a JSON object in 00000000000000000003.json line 1");
  EXPECT_EQ(ParseError("\"add\""),
            "Invalid action line: expected a JSON object in 00000000000000000003.json line 1");
}

TEST(ActionJsonParserTest, ErrorKeepsPreviousActions) {
  ActionJsonParser parser;
  std::vector<Action> actions;
  ASSERT_TRUE(parser.ParseCommit(kAddLine, kFile, &actions).ok());
  ASSERT_EQ(actions.size(), 1u);
  const std::string bad = std::string(kAddLine) + "\n{\"txn\":{}}";
  EXPECT_FALSE(parser.ParseCommit(bad, kFile, &actions).ok());
  EXPECT_EQ(actions.size(), 1u);
  // The parser stays usable after an error.
  ASSERT_TRUE(
      parser.ParseCommit(std::string(kAddLine) + "\n" + std::string(kAddLine), kFile, &actions)
          .ok());
  EXPECT_EQ(actions.size(), 3u);
}

TEST(ActionJsonParserTest, ReusedAcrossInputsOfDifferentSizes) {
  ActionJsonParser parser;
  std::string big;
  for (int i = 0; i < 500; ++i) big += std::string(kAddLine) + "\n";
  for (const std::string& content : {std::string(kAddLine), big, std::string(kAddLine)}) {
    std::vector<Action> actions;
    ASSERT_TRUE(parser.ParseCommit(content, kFile, &actions).ok());
    EXPECT_EQ(actions.size(), content == big ? 500u : 1u);
  }
}

TEST(ActionJsonParserTest, ParseCommitPaddedReadsInPlace) {
  ActionJsonParser parser;
  std::string buffer = std::string(kAddLine) + "\n" + std::string(kAddLine);
  const size_t size = buffer.size();
  buffer.append(ActionJsonParser::kPadding, '\0');
  std::vector<Action> actions;
  ASSERT_TRUE(
      parser.ParseCommitPadded(std::string_view(buffer.data(), size), kFile, &actions).ok());
  EXPECT_EQ(actions.size(), 2u);
}

// The fuzzer's hand-written seeds (test/fuzz/delta_commit_seeds/) cover what the conformance
// corpus lacks: CRLF line ends, every action kind in one file, a truncated last line.
TEST(ActionJsonParserTest, FuzzSeeds) {
  const std::filesystem::path dir =
      std::filesystem::path(LAKEML_SOURCE_DIR) / "test/fuzz/delta_commit_seeds";
  auto read = [&](const char* name) {
    std::ifstream in(dir / name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  const std::vector<Action> actions = ParseOk(read("crlf_every_action.json"));
  ASSERT_EQ(actions.size(), 10u);
  std::set<size_t> kinds;
  for (const Action& a : actions) kinds.insert(a.index());
  EXPECT_EQ(kinds.size(), std::variant_size_v<Action>);
  EXPECT_EQ(std::get<AddFile>(actions[3]).partition_values.at("p"), "\xF0\x9F\x98\x88");
  const std::string error = ParseError(read("truncated_last_line.json"));
  EXPECT_TRUE(error.ends_with(" in 00000000000000000003.json line 2")) << error;
}

}  // namespace
}  // namespace lakeml::delta
