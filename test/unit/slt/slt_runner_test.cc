#include "sqllogictest/slt_runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sqllogictest/sqlite_slt_database.h"

namespace lakeml::slt {
namespace {

// SQLite under another name and feature set, to test skipif/onlyif/require from both sides.
class RenamedSqlite final : public SltDatabase {
 public:
  RenamedSqlite(std::unique_ptr<SltDatabase> inner, std::string name)
      : inner_(std::move(inner)), name_(std::move(name)) {}
  Result<SltQueryResult> Execute(const std::string& sql) override { return inner_->Execute(sql); }
  std::string name() const override { return name_; }
  bool Supports(std::string_view feature) const override { return feature == "delta"; }

 private:
  std::unique_ptr<SltDatabase> inner_;
  std::string name_;
};

SltDatabaseFactory RenamedFactory(std::string name) {
  return [name](const std::string&) -> Result<std::unique_ptr<SltDatabase>> {
    LAKEML_ASSIGN_OR_RETURN(auto db, SqliteSltDatabase::Open());
    return std::unique_ptr<SltDatabase>(new RenamedSqlite(std::move(db), name));
  };
}

SltFileResult RunSqlite(std::string_view text, SltRunnerOptions options = {}) {
  return SltRunner(SqliteSltDatabase::Factory(), std::move(options)).RunText(text, "x.test");
}

std::string Failures(const SltFileResult& r) { return r.report.ToString(); }

TEST(SltRunnerTest, PassingFile) {
  SltFileResult r = RunSqlite(
      "statement ok\nCREATE TABLE t (i INTEGER, s TEXT)\n\n"
      "statement ok\nINSERT INTO t VALUES (1, 'a'), (2, NULL)\n\n"
      "query IT\nSELECT * FROM t ORDER BY i\n----\n1\ta\n2\tNULL\n\n"
      "statement error\nSELECT nope FROM t\n----\nno such column: nope\n");
  EXPECT_EQ(r.outcome, SltOutcome::kOk) << Failures(r);
  EXPECT_EQ(r.records_run, 4);
  EXPECT_EQ(r.report.failure_count(), 0u);
}

TEST(SltRunnerTest, WrongResultFails) {
  SltFileResult r = RunSqlite("\nquery I\nSELECT 1\n----\n2\n");
  ASSERT_EQ(r.outcome, SltOutcome::kFailed);
  EXPECT_EQ(Failures(r),
            "x.test:2: query returned wrong results: first difference at row 1\n"
            "  SQL:\n"
            "    SELECT 1\n"
            "  Expected result at line 5 (- expected, + actual):\n"
            "   -2\n"
            "   +1\n");
}

TEST(SltRunnerTest, EachKindOfFailureIsDetected) {
  struct Case {
    const char* text;
    const char* summary;
  };
  const Case cases[] = {
      {"query II\nSELECT 1\n----\n1\t1\n", "query returned wrong results: expected 2 columns"},
      {"query I\nSELECT 1 UNION ALL SELECT 2\n----\n1\n", "expected 1 rows, got 2"},
      {"query I\nSELECT nope\n----\n1\n", "query failed"},
      {"query R\nSELECT 0.5\n----\n0.5001\n", "first difference at row 1"},
      {"query I\nSELECT 1\n----\n1 values hashing to 00000000000000000000000000000000\n",
       "got 1 values hashing to b026324c6904b2a9cb4b88d6d61c81d1"},
      {"statement ok\nSELECT nope\n", "statement failed unexpectedly"},
      {"statement error\nSELECT 1\n", "statement succeeded, but an error was expected"},
      {"statement error\nSELECT nope\n----\nsomething else\n",
       "statement failed with a different error than expected"},
      {"query I lbl\nSELECT 1\n----\n1\n\nquery I lbl\nSELECT 2\n----\n2\n",
       "query result differs from the earlier query with label 'lbl' at line 1"},
      {"statement ok\nSELECT '{SHARED_DIR}'\n", "no shared data directory was given"},
  };
  for (const Case& c : cases) {
    SltFileResult r = RunSqlite(c.text);
    EXPECT_EQ(r.outcome, SltOutcome::kFailed) << c.text;
    EXPECT_NE(Failures(r).find(c.summary), std::string::npos) << c.text << "\n" << Failures(r);
  }
}

TEST(SltRunnerTest, FailedStatementShowsTheEngineError) {
  SltFileResult r = RunSqlite("statement ok\nSELECT * FROM missing\n");
  EXPECT_EQ(Failures(r),
            "x.test:1: statement failed unexpectedly\n"
            "  SQL:\n"
            "    SELECT * FROM missing\n"
            "  Error:\n"
            "    no such table: missing\n");
}

TEST(SltRunnerTest, KeepsRunningAfterAFailure) {
  SltFileResult r = RunSqlite(
      "statement ok\nSELECT nope\n\nstatement ok\nCREATE TABLE t (i INT)\n\n"
      "query I\nSELECT count(*) FROM t\n----\n0\n");
  EXPECT_EQ(r.outcome, SltOutcome::kFailed);
  EXPECT_EQ(r.report.failure_count(), 1u);
  EXPECT_EQ(r.records_run, 3);
}

TEST(SltRunnerTest, MalformedFileFailsWithFileAndLine) {
  SltFileResult r = RunSqlite("statement ok\nSELECT 1\n\nbogus record\n");
  EXPECT_EQ(r.outcome, SltOutcome::kFailed);
  EXPECT_EQ(Failures(r),
            "x.test:4: unknown record 'bogus' (expected statement, query, halt, skipif, onlyif, "
            "mode, require, loop, foreach, endloop or hash-threshold) (malformed test file)\n");
}

TEST(SltRunnerTest, LoopsAndForeachSubstitute) {
  SltFileResult r = RunSqlite(
      "statement ok\nCREATE TABLE t (i INTEGER, s TEXT)\n\n"
      "loop i 0 3\n\n"
      "foreach s x y\n\n"
      "statement ok\nINSERT INTO t VALUES (${i}, '${s}${i}')\n\n"
      "endloop\n\nendloop\n\n"
      "query IT\nSELECT count(*), group_concat(s, ',') FROM (SELECT s FROM t ORDER BY i, s)\n"
      "----\n6\tx0,y0,x1,y1,x2,y2\n\n"
      "loop i 5 2\n\nstatement ok\nTHIS NEVER RUNS\n\nendloop\n");
  EXPECT_EQ(r.outcome, SltOutcome::kOk) << Failures(r);
  EXPECT_EQ(r.records_run, 8);
}

TEST(SltRunnerTest, FailureInsideALoopNamesTheIteration) {
  SltFileResult r = RunSqlite("loop i 0 3\n\nquery I\nSELECT ${i} * 2\n----\n${i}\n\nendloop\n");
  ASSERT_EQ(r.report.failure_count(), 2u);  // i=0 passes
  EXPECT_EQ(r.report.failures()[0].loop_context, "i=1");
  EXPECT_EQ(r.report.failures()[0].sql, "SELECT 1 * 2");
  EXPECT_EQ(r.report.failures()[1].loop_context, "i=2");
}

TEST(SltRunnerTest, RunawayLoopsStop) {
  SltRunnerOptions options;
  options.max_executed_records = 50;
  SltFileResult r =
      RunSqlite("loop i 0 1000000000000\n\nstatement ok\nSELECT ${i}\n\nendloop\n", options);
  EXPECT_EQ(r.outcome, SltOutcome::kFailed);
  EXPECT_EQ(r.records_run, 50);
  // A body that only skips must stop too.
  r = RunSqlite("mode skip\n\nloop i 0 1000000000000\n\nstatement ok\nSELECT 1\n\nendloop\n",
                options);
  EXPECT_EQ(r.outcome, SltOutcome::kFailed);
  EXPECT_NE(Failures(r).find("loop iterations"), std::string::npos);
}

TEST(SltRunnerTest, SkipifOnlyifFollowTheDatabaseName) {
  const char* text =
      "skipif sqlite\nstatement ok\nNOT SQL\n\n"
      "onlyif lakeml\nstatement ok\nNOT SQL EITHER\n\n"
      "onlyif sqlite\nquery I\nSELECT 1\n----\n1\n";
  SltFileResult r = RunSqlite(text);
  EXPECT_EQ(r.outcome, SltOutcome::kOk) << Failures(r);
  EXPECT_EQ(r.records_run, 1);
  EXPECT_EQ(r.records_skipped, 2);
  // The same file on an engine named lakeml runs the other two records, which fail.
  r = SltRunner(RenamedFactory("lakeml"), {}).RunText(text, "x.test");
  EXPECT_EQ(r.outcome, SltOutcome::kFailed);
  EXPECT_EQ(r.records_run, 2);
  EXPECT_EQ(r.records_skipped, 1);
  ASSERT_EQ(r.report.failure_count(), 2u);
  EXPECT_EQ(r.report.failures()[0].line, 2);
  EXPECT_EQ(r.report.failures()[1].line, 6);
}

TEST(SltRunnerTest, ModeSkipAndHalt) {
  SltFileResult r = RunSqlite(
      "mode skip\n\nstatement ok\nNOT SQL\n\nmode unskip\n\n"
      "statement ok\nSELECT 1\n\nhalt\n\nstatement ok\nNOT SQL AFTER HALT\n");
  EXPECT_EQ(r.outcome, SltOutcome::kOk) << Failures(r);
  EXPECT_EQ(r.records_run, 1);
  EXPECT_EQ(r.records_skipped, 1);
}

TEST(SltRunnerTest, RequireSkipsTheFileUnlessSupported) {
  const char* text = "require delta\n\nstatement ok\nSELECT 1\n";
  SltFileResult r = RunSqlite(text);
  EXPECT_EQ(r.outcome, SltOutcome::kSkipped);
  EXPECT_EQ(r.skip_reason, "require delta");
  EXPECT_EQ(r.records_run, 0);
  r = SltRunner(RenamedFactory("lakeml"), {}).RunText(text, "x.test");
  EXPECT_EQ(r.outcome, SltOutcome::kOk);
  EXPECT_EQ(r.records_run, 1);
}

TEST(SltRunnerTest, SlowGroupIsSkippedOnRequest) {
  const char* text = "# group: [select] [slow]\nstatement ok\nSELECT 1\n";
  EXPECT_EQ(RunSqlite(text).outcome, SltOutcome::kOk);
  SltRunnerOptions options;
  options.skip_slow = true;
  SltFileResult r = RunSqlite(text, options);
  EXPECT_EQ(r.outcome, SltOutcome::kSkipped);
  EXPECT_EQ(r.skip_reason, "slow (LAKEML_SLT_SKIP_SLOW)");
  EXPECT_EQ(RunSqlite("# group: [select]\nstatement ok\nSELECT 1\n", options).outcome,
            SltOutcome::kOk);
}

TEST(SltRunnerTest, DirectoryVariables) {
  std::string seen_dir;
  SltDatabaseFactory factory = [&](const std::string& work_dir) {
    seen_dir = work_dir;
    return SqliteSltDatabase::Open();
  };
  SltRunnerOptions options;
  options.shared_dir = "/data/shared";
  options.working_dir = "/work/here";
  SltFileResult r = SltRunner(factory, options)
                        .RunText(
                            "statement ok\nATTACH '__TEST_DIR__/a.db' AS a\n\n"
                            "statement ok\nCREATE TABLE a.t AS SELECT 1 AS x\n\n"
                            "query TTT\nSELECT '{SHARED_DIR}/x', '${LAKEML_SHARED_DIR}', "
                            "'__WORKING_DIRECTORY__'\n"
                            "----\n{SHARED_DIR}/x\t/data/shared\t__WORKING_DIRECTORY__\n\n"
                            "query T\nSELECT '__TEST_DIR__' LIKE '%lakeml-slt-%'\n----\n1\n",
                            "x.test");
  EXPECT_EQ(r.outcome, SltOutcome::kOk) << Failures(r);
  ASSERT_FALSE(seen_dir.empty());
  EXPECT_NE(seen_dir.find("lakeml-slt-"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(seen_dir));  // removed with its a.db
}

TEST(SltRunnerTest, FactoryErrorFailsTheFile) {
  SltDatabaseFactory factory = [](const std::string&) -> Result<std::unique_ptr<SltDatabase>> {
    return Status::IOError("disk on fire");
  };
  SltFileResult r = SltRunner(factory, {}).RunText("statement ok\nSELECT 1\n", "x.test");
  EXPECT_EQ(r.outcome, SltOutcome::kFailed);
  EXPECT_EQ(Failures(r), "x.test: cannot open the database: disk on fire\n");
}

TEST(SltRunnerTest, TraceSeesEachRecord) {
  std::vector<std::string> lines;
  SltRunnerOptions options;
  options.trace = [&](std::string_view l) { lines.emplace_back(l); };
  SltFileResult r =
      RunSqlite("statement ok\nSELECT 1\nFROM (SELECT 1)\n\nquery I\nSELECT 2\n----\n2\n", options);
  EXPECT_EQ(r.outcome, SltOutcome::kOk);
  EXPECT_EQ(lines, (std::vector<std::string>{"x.test:1: SELECT 1", "x.test:5: SELECT 2"}));
}

TEST(SltRunnerTest, RunFileReadsFromDisk) {
  std::filesystem::path p = std::filesystem::temp_directory_path() / "slt_runner_test_file.test";
  {
    std::ofstream out(p);
    out << "query I\nSELECT 40 + 2\n----\n42\n";
  }
  SltFileResult r = SltRunner(SqliteSltDatabase::Factory(), {}).RunFile(p.string());
  EXPECT_EQ(r.outcome, SltOutcome::kOk) << Failures(r);
  std::filesystem::remove(p);
  r = SltRunner(SqliteSltDatabase::Factory(), {}).RunFile(p.string());
  EXPECT_EQ(r.outcome, SltOutcome::kFailed);
  EXPECT_NE(Failures(r).find("Cannot open sqllogictest file"), std::string::npos);
}

TEST(SltRunnerTest, MutatedFilesNeverCrash) {
  // Bytes flipped, deleted or duplicated in a valid file: every outcome is allowed except a
  // crash or a hang (ASan makes "no crash" mean no bad memory access).
  const std::string valid =
      "# group: [x]\nstatement ok\nCREATE TABLE t (i INTEGER)\n\nloop i 0 3\n\n"
      "statement ok\nINSERT INTO t VALUES (${i})\n\nendloop\n\nskipif lakeml\n"
      "query IT rowsort lbl\nSELECT i, 'x' FROM t\n----\n0\tx\n1\tx\n2\tx\n\n"
      "statement error\nSELECT nope\n----\nno such column\n\nmode skip\nhalt\n";
  SltRunnerOptions options;
  options.max_executed_records = 200;
  SltRunner runner(SqliteSltDatabase::Factory(), options);
  uint64_t seed = 42;
  auto next = [&]() {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(seed >> 33);
  };
  const char kAlphabet[] = "\n\t -#${}0123456789IRTqueryloopendstatementokerror";
  for (int iteration = 0; iteration < 150; ++iteration) {
    std::string text = valid;
    for (int edits = 1 + next() % 4; edits > 0 && !text.empty(); --edits) {
      size_t pos = next() % text.size();
      switch (next() % 3) {
        case 0:
          text[pos] = kAlphabet[next() % (sizeof(kAlphabet) - 1)];
          break;
        case 1:
          text.erase(pos, 1 + next() % 8);
          break;
        default:
          text.insert(pos, text.substr(pos, 1 + next() % 16));
          break;
      }
    }
    SltFileResult r = runner.RunText(text, "m.test");
    if (r.outcome == SltOutcome::kFailed) {
      EXPECT_GT(r.report.failure_count(), 0u) << text;
    }
    EXPECT_LE(r.records_run, 200) << text;
  }
}

}  // namespace
}  // namespace lakeml::slt
