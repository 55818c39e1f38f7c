#include "delta/transaction.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "delta/table_features.h"
#include "io/memory_file_system.h"
#include "unit/delta/transaction/table_fixture.h"

namespace lakeml::delta {
namespace {

using txn_testing::ActionKey;
using txn_testing::Append;
using txn_testing::CommitLines;
using txn_testing::CreateTable;
using txn_testing::FilePaths;
using txn_testing::LegacyProtocol;
using txn_testing::MakeAdd;
using txn_testing::MakeMetadata;
using txn_testing::MakeRemove;

constexpr char kRoot[] = "/tables/t";

nlohmann::json CommitInfoOf(io::FileSystem* fs, const std::string& root, int64_t version) {
  std::vector<std::string> lines = CommitLines(fs, root, version);
  EXPECT_FALSE(lines.empty());
  if (lines.empty()) return {};
  nlohmann::json j = nlohmann::json::parse(lines[0]);
  EXPECT_TRUE(j.contains("commitInfo")) << lines[0];
  return j["commitInfo"];
}

class TransactionTest : public ::testing::Test {
 protected:
  io::MemoryFileSystem fs_;
};

TEST_F(TransactionTest, CreatesAppendsAndReloads) {
  SnapshotPtr v0 = CreateTable(&fs_, kRoot, /*partitioned=*/true);
  ASSERT_NE(v0, nullptr);
  EXPECT_EQ(v0->version(), 0);
  EXPECT_TRUE(v0->files().empty());
  EXPECT_EQ(v0->partition_columns(), std::vector<std::string>{"date"});

  Result<CommitResult> r = Append(v0, {MakeAdd("date=2024-01-01/a.parquet", "2024-01-01"),
                                       MakeAdd("date=2024-01-02/b.parquet", "2024-01-02")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(r->attempts, 1);
  EXPECT_FALSE(r->checkpointed);
  EXPECT_EQ(r->txn_id.size(), 36u);

  Result<SnapshotPtr> v1 = r->LoadSnapshot();
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ((*v1)->version(), 1);
  EXPECT_EQ(FilePaths(**v1),
            (std::set<std::string>{"date=2024-01-01/a.parquet", "date=2024-01-02/b.parquet"}));

  // Remove one, add one.
  auto txn = Transaction::Begin(*v1);
  txn->SetOperation("DELETE", R"({"predicate":"[\"(id = 1)\"]"})");
  txn->ReadFiles({MakeAdd("date=2024-01-01/a.parquet", "2024-01-01")});
  txn->RemoveFile(MakeRemove(MakeAdd("date=2024-01-01/a.parquet", "2024-01-01")));
  txn->AddFile(MakeAdd("date=2024-01-01/c.parquet", "2024-01-01", 9));
  r = txn->Commit();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 2);
  Result<SnapshotPtr> v2 = Snapshot::Load(&fs_, kRoot);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(FilePaths(**v2),
            (std::set<std::string>{"date=2024-01-01/c.parquet", "date=2024-01-02/b.parquet"}));
}

TEST_F(TransactionTest, WorksOnTheLocalFileSystem) {
  txn_testing::ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string root = dir.path() + "/table";
  SnapshotPtr v0 = CreateTable(io::LocalFs(), root, /*partitioned=*/false);
  ASSERT_NE(v0, nullptr);
  ASSERT_TRUE(Append(v0, {MakeAdd("a.parquet")}).ok());
  Result<SnapshotPtr> v1 = Snapshot::Load(io::LocalFs(), root);
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ((*v1)->version(), 1);
  EXPECT_EQ(FilePaths(**v1), std::set<std::string>{"a.parquet"});
  // No temporary files are left behind.
  Result<std::vector<io::FileInfo>> listing = io::LocalFs()->List(root + "/_delta_log");
  ASSERT_TRUE(listing.ok());
  EXPECT_EQ(listing->size(), 2u);
}

TEST_F(TransactionTest, WritesActionsInSparkOrder) {
  SnapshotPtr v0 = CreateTable(&fs_, kRoot, true);
  std::vector<std::string> lines = CommitLines(&fs_, kRoot, 0);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(ActionKey(lines[0]), "commitInfo");
  EXPECT_EQ(ActionKey(lines[1]), "protocol");
  EXPECT_EQ(ActionKey(lines[2]), "metaData");

  AddFile old = MakeAdd("date=2024-01-01/old.parquet", "2024-01-01");
  ASSERT_TRUE(Append(v0, {old}).ok());
  auto txn = Transaction::Begin(*Snapshot::Load(&fs_, kRoot));
  Metadata m = MakeMetadata(true, {{"delta.enableChangeDataFeed", "true"}});
  txn->AddCdcFile(
      AddCdcFile{"_change_data/cdc.parquet", {{"date", "2024-01-01"}}, 5, false, std::nullopt});
  txn->AddFile(MakeAdd("date=2024-01-01/new.parquet", "2024-01-01"));
  txn->RemoveFile(MakeRemove(old));
  txn->SetDomainMetadata(DomainMetadata{"lakeml.test", R"({"k":1})", false});
  txn->SetAppTransaction("app-1", 7);
  txn->UpdateMetadata(m);
  Result<CommitResult> r = txn->Commit();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  lines = CommitLines(&fs_, kRoot, 2);
  std::vector<std::string> keys;
  for (const std::string& l : lines) keys.push_back(ActionKey(l));
  EXPECT_EQ(keys, (std::vector<std::string>{"commitInfo", "protocol", "metaData", "txn",
                                            "domainMetadata", "remove", "add", "cdc"}));
}

TEST_F(TransactionTest, WritesCommitInfoAsSparkDoes) {
  SnapshotPtr v0 = CreateTable(&fs_, kRoot, true);
  nlohmann::json create = CommitInfoOf(&fs_, kRoot, 0);
  EXPECT_EQ(create["operation"], "CREATE TABLE");
  EXPECT_FALSE(create.contains("readVersion"));
  EXPECT_FALSE(create.contains("inCommitTimestamp"));

  ASSERT_TRUE(Append(v0, {MakeAdd("date=2024-01-01/a.parquet", "2024-01-01", 10),
                          MakeAdd("date=2024-01-01/b.parquet", "2024-01-01", 5)})
                  .ok());
  nlohmann::json info = CommitInfoOf(&fs_, kRoot, 1);
  EXPECT_TRUE(info["timestamp"].is_number_integer());
  EXPECT_EQ(info["operation"], "WRITE");
  EXPECT_EQ(info["operationParameters"], nlohmann::json::parse(R"({"mode":"Append"})"));
  EXPECT_EQ(info["readVersion"], 0);
  EXPECT_EQ(info["isolationLevel"], "WriteSerializable");
  EXPECT_EQ(info["isBlindAppend"], true);
  EXPECT_EQ(
      info["operationMetrics"],
      nlohmann::json::parse(R"({"numFiles":"2","numOutputRows":"15","numOutputBytes":"2000"})"));
  EXPECT_EQ(info["engineInfo"], "lakeml/0.1.0");
  EXPECT_EQ(info["txnId"].get<std::string>().size(), 36u);

  // A read-modify-write is not a blind append; Serializable comes from the table property.
  SnapshotPtr v1 = *Snapshot::Load(&fs_, kRoot);
  auto txn = Transaction::Begin(v1);
  txn->UpdateMetadata(MakeMetadata(true, {{"delta.isolationLevel", "Serializable"}}));
  txn->SetOperation("SET TBLPROPERTIES", "{\n  \"properties\": \"x\"\n}");
  ASSERT_TRUE(txn->Commit().ok());
  SnapshotPtr v2 = *Snapshot::Load(&fs_, kRoot);
  txn = Transaction::Begin(v2);
  txn->ReadWholeTable();
  txn->RemoveFile(MakeRemove(MakeAdd("date=2024-01-01/a.parquet", "2024-01-01")));
  ASSERT_TRUE(txn->Commit().ok());
  std::vector<std::string> lines = CommitLines(&fs_, kRoot, 2);
  // Pretty-printed parameters are compacted onto the one line.
  EXPECT_NE(lines[0].find(R"("operationParameters":{"properties":"x"})"), std::string::npos)
      << lines[0];
  info = CommitInfoOf(&fs_, kRoot, 3);
  EXPECT_EQ(info["isolationLevel"], "Serializable");
  EXPECT_EQ(info["isBlindAppend"], false);
  EXPECT_EQ(info["operationMetrics"]["numRemovedFiles"], "1");
  EXPECT_EQ(info["operationMetrics"]["numAddedFiles"], "0");
}

TEST_F(TransactionTest, RefusesParametersThatAreNotAJsonObject) {
  SnapshotPtr v0 = CreateTable(&fs_, kRoot, false);
  auto txn = Transaction::Begin(v0);
  txn->SetOperation("WRITE", "[1,2");
  txn->AddFile(MakeAdd("a.parquet"));
  Result<CommitResult> r = txn->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(fs_.Exists(txn_testing::CommitFile(kRoot, 1)).ValueOr(true));
}

TEST_F(TransactionTest, InCommitTimestampsIncreaseStrictly) {
  Protocol p{1, 7, std::nullopt, std::vector<std::string>{"inCommitTimestamp"}};
  SnapshotPtr s = CreateTable(&fs_, kRoot, false, {{"delta.enableInCommitTimestamps", "true"}}, p);
  ASSERT_NE(s, nullptr);
  int64_t previous = CommitInfoOf(&fs_, kRoot, 0)["inCommitTimestamp"].get<int64_t>();
  EXPECT_EQ(CommitLines(&fs_, kRoot, 0)[0].rfind(R"({"commitInfo":{"inCommitTimestamp":)", 0), 0u);
  for (int i = 1; i <= 20; ++i) {
    Result<CommitResult> r = Append(s, {MakeAdd(StrCat("f", i, ".parquet"))});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const int64_t ict = CommitInfoOf(&fs_, kRoot, r->version)["inCommitTimestamp"];
    EXPECT_GT(ict, previous) << "version " << r->version;
    EXPECT_EQ(r->timestamp_ms, ict);
    previous = ict;
    s = *Snapshot::Load(&fs_, kRoot);
    EXPECT_EQ(s->timestamp_ms(), ict);
  }
  // Even with a clock that runs backwards.
  auto txn = Transaction::Begin(s);
  txn->set_clock([] { return int64_t{1000}; });
  txn->AddFile(MakeAdd("late.parquet"));
  Result<CommitResult> r = txn->Commit();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->timestamp_ms, previous + 1);
}

TEST_F(TransactionTest, EnablingInCommitTimestampsRecordsTheEnablement) {
  SnapshotPtr v0 = CreateTable(&fs_, kRoot, false);
  ASSERT_TRUE(Append(v0, {MakeAdd("a.parquet")}).ok());
  SnapshotPtr v1 = *Snapshot::Load(&fs_, kRoot);
  auto txn = Transaction::Begin(v1);
  txn->UpdateMetadata(MakeMetadata(false, {{"delta.enableInCommitTimestamps", "true"}}));
  txn->SetOperation("SET TBLPROPERTIES");
  Result<CommitResult> r = txn->Commit();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  SnapshotPtr v2 = *Snapshot::Load(&fs_, kRoot);
  EXPECT_TRUE(TableFeatures::IsEnabled(v2->protocol(), kFeatureInCommitTimestamp));
  EXPECT_EQ(v2->Property("delta.inCommitTimestampEnablementVersion"), "2");
  const int64_t ict = CommitInfoOf(&fs_, kRoot, 2)["inCommitTimestamp"];
  EXPECT_EQ(v2->Property("delta.inCommitTimestampEnablementTimestamp"), StrCat(ict));
  EXPECT_GT(ict, v1->timestamp_ms());
  EXPECT_EQ(v2->timestamp_ms(), ict);
}

TEST_F(TransactionTest, AppendOnlyTablesRefuseDataRemoval) {
  SnapshotPtr v0 = CreateTable(&fs_, kRoot, false, {{"delta.appendOnly", "true"}});
  ASSERT_NE(v0, nullptr);
  ASSERT_TRUE(Append(v0, {MakeAdd("a.parquet")}).ok());
  SnapshotPtr v1 = *Snapshot::Load(&fs_, kRoot);

  auto txn = Transaction::Begin(v1);
  txn->RemoveFile(MakeRemove(MakeAdd("a.parquet")));
  Result<CommitResult> r = txn->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("append-only"), std::string::npos) << r.status().message();

  // Rearranging data (dataChange=false) is allowed.
  txn = Transaction::Begin(v1);
  txn->SetOperation("OPTIMIZE");
  RemoveFile rm = MakeRemove(MakeAdd("a.parquet"));
  rm.data_change = false;
  AddFile add = MakeAdd("b.parquet");
  add.data_change = false;
  txn->RemoveFile(rm);
  txn->AddFile(add);
  EXPECT_TRUE(txn->Commit().ok());
}

TEST_F(TransactionTest, UpgradesTheProtocolToWhatTheMetadataNeeds) {
  SnapshotPtr v0 = CreateTable(&fs_, kRoot, false);
  EXPECT_EQ(v0->protocol(), LegacyProtocol());

  // Change data feed: legacy writer version 4.
  auto txn = Transaction::Begin(v0);
  txn->UpdateMetadata(MakeMetadata(false, {{"delta.enableChangeDataFeed", "true"}}));
  ASSERT_TRUE(txn->Commit().ok());
  SnapshotPtr v1 = *Snapshot::Load(&fs_, kRoot);
  EXPECT_EQ(v1->protocol().min_writer_version, 4);
  EXPECT_EQ(v1->protocol().min_reader_version, 1);

  // Deletion vectors: table features (3, 7), keeping what version 4 implied.
  txn = Transaction::Begin(v1);
  txn->UpdateMetadata(MakeMetadata(
      false, {{"delta.enableChangeDataFeed", "true"}, {"delta.enableDeletionVectors", "true"}}));
  ASSERT_TRUE(txn->Commit().ok());
  SnapshotPtr v2 = *Snapshot::Load(&fs_, kRoot);
  EXPECT_EQ(v2->protocol().min_reader_version, 3);
  EXPECT_EQ(v2->protocol().min_writer_version, 7);
  EXPECT_TRUE(TableFeatures::IsEnabled(v2->protocol(), kFeatureDeletionVectors));
  EXPECT_TRUE(TableFeatures::IsEnabled(v2->protocol(), kFeatureChangeDataFeed));
  EXPECT_TRUE(TableFeatures::IsEnabled(v2->protocol(), kFeatureAppendOnly));

  // Domain metadata adds its writer feature.
  txn = Transaction::Begin(v2);
  txn->SetDomainMetadata(DomainMetadata{"lakeml.test", "{}", false});
  ASSERT_TRUE(txn->Commit().ok());
  SnapshotPtr v3 = *Snapshot::Load(&fs_, kRoot);
  EXPECT_TRUE(TableFeatures::IsEnabled(v3->protocol(), kFeatureDomainMetadata));
  EXPECT_EQ(v3->domain_metadata().count("lakeml.test"), 1u);
  EXPECT_EQ(ActionKey(CommitLines(&fs_, kRoot, 3)[1]), "protocol");

  // An append does not repeat the protocol.
  ASSERT_TRUE(Append(v3, {MakeAdd("x.parquet")}).ok());
  EXPECT_EQ(CommitLines(&fs_, kRoot, 4).size(), 2u);
}

TEST_F(TransactionTest, RefusesProtocolDowngrades) {
  SnapshotPtr v0 = CreateTable(&fs_, kRoot, false, {}, Protocol{1, 4, std::nullopt, std::nullopt});
  auto txn = Transaction::Begin(v0);
  txn->UpdateProtocol(LegacyProtocol());
  Result<CommitResult> r = txn->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("never decrease"), std::string::npos);

  // Moving to table features must keep every legacy feature.
  txn = Transaction::Begin(v0);
  txn->UpdateProtocol(Protocol{1, 7, std::nullopt, std::vector<std::string>{"appendOnly"}});
  r = txn->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("dropped"), std::string::npos) << r.status().message();
}

TEST_F(TransactionTest, RefusesUnwritableProtocols) {
  auto txn = Transaction::BeginCreate(&fs_, kRoot);
  txn->UpdateMetadata(MakeMetadata(false));
  txn->UpdateProtocol(Protocol{3, 7, std::vector<std::string>{"fancyNewFeature"},
                               std::vector<std::string>{"fancyNewFeature"}});
  Result<CommitResult> r = txn->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotImplemented);
  EXPECT_NE(r.status().message().find("fancyNewFeature"), std::string::npos);
}

TEST_F(TransactionTest, CreationNeedsMetadataAndProtocolAndAFreshLocation) {
  auto txn = Transaction::BeginCreate(&fs_, kRoot);
  txn->UpdateMetadata(MakeMetadata(false));
  Result<CommitResult> r = txn->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);

  ASSERT_NE(CreateTable(&fs_, kRoot, false), nullptr);
  txn = Transaction::BeginCreate(&fs_, kRoot);
  txn->UpdateMetadata(MakeMetadata(false));
  txn->UpdateProtocol(LegacyProtocol());
  r = txn->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAlreadyExists);

  // A table whose version 0 was cleaned up still exists.
  ASSERT_TRUE(
      fs_.WriteWhole(std::string(kRoot) + "/_delta_log/" + LogFileName::ClassicCheckpoint(7), "x")
          .ok());
  ASSERT_TRUE(fs_.Delete(txn_testing::CommitFile(kRoot, 0)).ok());
  txn = Transaction::BeginCreate(&fs_, kRoot);
  txn->UpdateMetadata(MakeMetadata(false));
  txn->UpdateProtocol(LegacyProtocol());
  EXPECT_EQ(txn->Commit().status().code(), StatusCode::kAlreadyExists);
}

TEST_F(TransactionTest, MetadataKeepsPartitionColumnsInTheSchema) {
  SnapshotPtr v0 = CreateTable(&fs_, kRoot, true);
  auto txn = Transaction::Begin(v0);
  Metadata m = MakeMetadata(true);
  m.partition_columns = {"region"};
  txn->UpdateMetadata(m);
  Result<CommitResult> r = txn->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("partition column not in the schema: region"),
            std::string::npos)
      << r.status().message();

  txn = Transaction::Begin(v0);
  m = MakeMetadata(true);
  m.id = "another-id";
  txn->UpdateMetadata(m);
  EXPECT_EQ(txn->Commit().status().code(), StatusCode::kInvalidArgument);
}

TEST_F(TransactionTest, AppTransactionsAreIdempotent) {
  SnapshotPtr s = CreateTable(&fs_, kRoot, false);
  auto txn = Transaction::Begin(s);
  txn->SetAppTransaction("stream-1", 5);
  txn->AddFile(MakeAdd("batch5.parquet"));
  ASSERT_TRUE(txn->Commit().ok());
  s = *Snapshot::Load(&fs_, kRoot);
  EXPECT_EQ(s->AppTransactionVersion("stream-1"), 5);
  ASSERT_TRUE(s->app_transactions().at("stream-1").last_updated.has_value());

  for (int64_t replay : {5, 4}) {
    txn = Transaction::Begin(s);
    txn->SetAppTransaction("stream-1", replay);
    txn->AddFile(MakeAdd(StrCat("replay", replay, ".parquet")));
    Result<CommitResult> r = txn->Commit();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kAlreadyExists);
    EXPECT_NE(r.status().message().find("stream-1"), std::string::npos);
  }
  txn = Transaction::Begin(s);
  txn->SetAppTransaction("stream-1", 6);
  txn->AddFile(MakeAdd("batch6.parquet"));
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ((*Snapshot::Load(&fs_, kRoot))->AppTransactionVersion("stream-1"), 6);
  EXPECT_EQ((*Snapshot::Load(&fs_, kRoot))->files().size(), 2u);
}

TEST_F(TransactionTest, RefusesDuplicateActionsAndASecondCommit) {
  SnapshotPtr s = CreateTable(&fs_, kRoot, false);
  auto txn = Transaction::Begin(s);
  txn->AddFile(MakeAdd("a.parquet"));
  txn->AddFile(MakeAdd("a.parquet"));
  EXPECT_EQ(txn->Commit().status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(txn->Commit().status().code(), StatusCode::kInvalidArgument);

  txn = Transaction::Begin(s);
  txn->SetAppTransaction("x", 1);
  txn->SetAppTransaction("x", 2);
  EXPECT_EQ(txn->Commit().status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lakeml::delta
