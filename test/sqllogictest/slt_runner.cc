#include "sqllogictest/slt_runner.h"

#include <stdlib.h>

#include <filesystem>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "base/str_cat.h"
#include "sqllogictest/slt_parser.h"
#include "sqllogictest/slt_result_comparator.h"

namespace lakeml::slt {
namespace {

void ReplaceAllSlt(std::string* text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  size_t pos = 0;
  while ((pos = text->find(from, pos)) != std::string::npos) {
    text->replace(pos, from.size(), to);
    pos += to.size();
  }
}

std::string FirstSltLine(const std::string& sql) { return sql.substr(0, sql.find('\n')); }

// A fresh directory for __TEST_DIR__, removed (with its contents) on destruction.
class SltTempDir {
 public:
  static Result<std::unique_ptr<SltTempDir>> Create() {
    std::error_code ec;
    std::filesystem::path base = std::filesystem::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / "lakeml-slt-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return Status::IOError("Cannot create the test directory under ", base.string());
    }
    return std::unique_ptr<SltTempDir>(new SltTempDir(std::move(pattern)));
  }
  ~SltTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);  // best effort
  }
  const std::string& path() const { return path_; }

 private:
  explicit SltTempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Runs the records of one file against one database.
class SltFileExecution {
 public:
  SltFileExecution(const SltFile& file, const SltRunnerOptions& options, SltDatabase* db,
                   std::string test_dir, std::string working_dir, SltFileResult* result)
      : file_(file),
        options_(options),
        db_(db),
        test_dir_(std::move(test_dir)),
        working_dir_(std::move(working_dir)),
        result_(result) {}

  void Run() { RunRange(0, file_.records.size()); }

 private:
  // Runs records [begin, end); stops early after halt, require or the record limit.
  void RunRange(size_t begin, size_t end) {
    for (size_t i = begin; i < end && !stopped_; ++i) {
      const SltRecord& record = file_.records[i];
      switch (record.kind) {
        case SltRecordKind::kLoop:
        case SltRecordKind::kForeach:
          RunLoop(i);
          i = record.end_index;
          break;
        case SltRecordKind::kEndLoop:
          break;
        case SltRecordKind::kHalt:
          stopped_ = true;
          break;
        case SltRecordKind::kModeSkip:
          skip_mode_ = true;
          break;
        case SltRecordKind::kModeUnskip:
          skip_mode_ = false;
          break;
        case SltRecordKind::kHashThreshold:
          break;  // Expected results say themselves whether they are a hash.
        case SltRecordKind::kRequire:
          if (!db_->Supports(record.argument)) {
            result_->outcome = SltOutcome::kSkipped;
            result_->skip_reason = StrCat("require ", record.argument);
            stopped_ = true;
          }
          break;
        case SltRecordKind::kStatementOk:
        case SltRecordKind::kStatementError:
        case SltRecordKind::kQuery:
          if (skip_mode_ || !ConditionsAllow(record)) {
            ++result_->records_skipped;
            break;
          }
          if (result_->records_run >= options_.max_executed_records) {
            Fail(record,
                 StrCat("more than ", options_.max_executed_records,
                        " statements and queries ran (a runaway loop?); file stopped"),
                 "", "", "");
            stopped_ = true;
            break;
          }
          ++result_->records_run;
          if (record.kind == SltRecordKind::kQuery) {
            RunQuery(record);
          } else {
            RunStatement(record);
          }
          break;
      }
    }
  }

  void RunLoop(size_t index) {
    const SltRecord& loop = file_.records[index];
    const int64_t count = loop.kind == SltRecordKind::kLoop
                              ? (loop.loop_end > loop.number ? loop.loop_end - loop.number : 0)
                              : static_cast<int64_t>(loop.foreach_values.size());
    for (int64_t k = 0; k < count && !stopped_; ++k) {
      // Iterations count against the record limit too, so skipped bodies cannot spin.
      if (++iterations_ > options_.max_executed_records) {
        Fail(loop,
             StrCat("more than ", options_.max_executed_records,
                    " loop iterations (a runaway loop?); file stopped"),
             "", "", "");
        stopped_ = true;
        break;
      }
      Bind(loop.argument, loop.kind == SltRecordKind::kLoop ? std::to_string(loop.number + k)
                                                            : loop.foreach_values[k]);
      RunRange(index + 1, loop.end_index);
    }
    Unbind(loop.argument);
  }

  void Bind(const std::string& name, std::string value) {
    for (auto& [n, v] : vars_) {
      if (n == name) {
        v = std::move(value);
        return;
      }
    }
    vars_.emplace_back(name, std::move(value));
  }
  void Unbind(const std::string& name) {
    for (size_t i = vars_.size(); i-- > 0;) {
      if (vars_[i].first == name) {
        vars_.erase(vars_.begin() + static_cast<ptrdiff_t>(i));
        return;
      }
    }
  }

  bool ConditionsAllow(const SltRecord& record) const {
    const std::string name = db_->name();
    for (const SltCondition& c : record.conditions) {
      if (c.only_if != (c.database == name)) return false;
    }
    return true;
  }

  // Loop variables first (innermost binding wins, as vars_ holds one per name), then the
  // directories. Shared-dir placeholders without a shared dir are an error, not "".
  Result<std::string> Substitute(const std::string& text) const {
    std::string out = text;
    if (out.find("${") != std::string::npos) {
      for (const auto& [name, value] : vars_) ReplaceAllSlt(&out, StrCat("${", name, "}"), value);
    }
    ReplaceAllSlt(&out, "__TEST_DIR__", test_dir_);
    ReplaceAllSlt(&out, "__WORKING_DIRECTORY__", working_dir_);
    for (std::string_view token : {"{SHARED_DIR}", "${LAKEML_SHARED_DIR}"}) {
      if (out.find(token) == std::string::npos) continue;
      if (options_.shared_dir.empty()) {
        return Status::InvalidArgument("the record uses ", token,
                                       " but no shared data directory was given (--shared-dir)");
      }
      // "${...}" contains "{SHARED_DIR}"'s braces, so replace the longer form first.
      ReplaceAllSlt(&out, "${LAKEML_SHARED_DIR}", options_.shared_dir);
      ReplaceAllSlt(&out, "{SHARED_DIR}", options_.shared_dir);
    }
    return out;
  }

  std::string LoopContext() const {
    std::string out;
    for (const auto& [name, value] : vars_) {
      if (!out.empty()) out += ", ";
      out += StrCat(name, "=", value);
    }
    return out;
  }

  void Fail(const SltRecord& record, std::string summary, std::string sql, std::string engine_error,
            std::string details) {
    SltFailure f;
    f.file = file_.path;
    f.line = record.line;
    f.summary = std::move(summary);
    f.sql = std::move(sql);
    f.engine_error = std::move(engine_error);
    f.loop_context = LoopContext();
    f.details = std::move(details);
    result_->report.Add(std::move(f));
  }

  void Trace(const SltRecord& record) const {
    if (options_.trace) {
      options_.trace(StrCat(file_.path, ":", record.line, ": ", FirstSltLine(record.sql)));
    }
  }

  void RunStatement(const SltRecord& record) {
    Result<std::string> sql = Substitute(record.sql);
    if (!sql.ok()) return Fail(record, sql.status().message(), record.sql, "", "");
    Trace(record);
    Result<SltQueryResult> r = db_->Execute(*sql);
    if (record.kind == SltRecordKind::kStatementOk) {
      if (!r.ok()) Fail(record, "statement failed unexpectedly", *sql, r.status().message(), "");
      return;
    }
    std::string expected_error;
    if (record.expected_error.has_value()) {
      Result<std::string> e = Substitute(*record.expected_error);
      if (!e.ok()) return Fail(record, e.status().message(), *sql, "", "");
      expected_error = std::move(e).value();
    }
    if (r.ok()) {
      Fail(record, "statement succeeded, but an error was expected", *sql, "",
           expected_error.empty()
               ? ""
               : StrCat("  Expected an error containing:\n    ", expected_error, "\n"));
      return;
    }
    if (!expected_error.empty() && r.status().message().find(expected_error) == std::string::npos) {
      Fail(record, "statement failed with a different error than expected", *sql,
           r.status().message(),
           StrCat("  Expected an error containing:\n    ", expected_error, "\n"));
    }
  }

  void RunQuery(const SltRecord& record) {
    Result<std::string> sql = Substitute(record.sql);
    if (!sql.ok()) return Fail(record, sql.status().message(), record.sql, "", "");
    std::vector<std::string> expected;
    expected.reserve(record.expected_lines.size());
    for (const std::string& line : record.expected_lines) {
      Result<std::string> e = Substitute(line);
      if (!e.ok()) return Fail(record, e.status().message(), *sql, "", "");
      expected.push_back(std::move(e).value());
    }
    Trace(record);
    Result<SltQueryResult> r = db_->Execute(*sql);
    if (!r.ok()) return Fail(record, "query failed", *sql, r.status().message(), "");
    SltComparison cmp =
        SltResultComparator::Compare(record.column_types, record.sort_mode, expected, *r);
    if (!cmp.ok) {
      std::string details;
      if (r->column_names.size() != record.column_types.size()) {
        details += "  Actual columns:";
        for (const std::string& c : r->column_names) details += StrCat(" ", c);
        details += "\n";
      }
      details +=
          StrCat("  Expected result at line ", record.expected_line,
                 cmp.actual_hash.empty() ? " (- expected, + actual):\n" : "; actual rows:\n");
      details += SltReport::DiffRows(cmp.column_types, cmp.expected_rows, cmp.actual_rows);
      Fail(record, StrCat("query returned wrong results: ", cmp.message), *sql, "",
           std::move(details));
      return;
    }
    if (!record.label.empty()) {
      std::string hash = SltResultComparator::HashValues(cmp.actual_rows);
      auto [it, inserted] = labels_.emplace(record.label, std::make_pair(hash, record.line));
      if (!inserted && it->second.first != hash) {
        Fail(record,
             StrCat("query result differs from the earlier query with label '", record.label,
                    "' at line ", it->second.second),
             *sql, "", "");
      }
    }
  }

  const SltFile& file_;
  const SltRunnerOptions& options_;
  SltDatabase* db_;
  const std::string test_dir_;
  const std::string working_dir_;
  SltFileResult* result_;
  bool stopped_ = false;
  bool skip_mode_ = false;
  int64_t iterations_ = 0;
  std::vector<std::pair<std::string, std::string>> vars_;
  std::map<std::string, std::pair<std::string, int>> labels_;  // label -> (hash, line)
};

}  // namespace

SltRunner::SltRunner(SltDatabaseFactory factory, SltRunnerOptions options)
    : factory_(std::move(factory)), options_(std::move(options)) {}

SltFileResult SltRunner::RunFile(const std::string& path) const {
  return RunParsed(SltParser::ParseFile(path));
}

SltFileResult SltRunner::RunText(std::string_view text, const std::string& path) const {
  return RunParsed(SltParser::Parse(text, path));
}

SltFileResult SltRunner::RunParsed(const Result<SltFile>& file) const {
  if (file.ok()) return Run(*file);
  // The parser's message already starts with file:line.
  SltFileResult result;
  result.outcome = SltOutcome::kFailed;
  SltFailure f;
  f.summary = StrCat(file.status().message(), " (malformed test file)");
  result.report.Add(std::move(f));
  return result;
}

SltFileResult SltRunner::Run(const SltFile& file) const {
  SltFileResult result;
  if (options_.skip_slow && file.HasGroup("slow")) {
    result.outcome = SltOutcome::kSkipped;
    result.skip_reason = "slow (LAKEML_SLT_SKIP_SLOW)";
    return result;
  }
  auto fail_file = [&](std::string summary) {
    SltFailure f;
    f.file = file.path;
    f.summary = std::move(summary);
    result.report.Add(std::move(f));
    result.outcome = SltOutcome::kFailed;
  };
  Result<std::unique_ptr<SltTempDir>> dir = SltTempDir::Create();
  if (!dir.ok()) {
    fail_file(dir.status().message());
    return result;
  }
  std::string working_dir = options_.working_dir;
  if (working_dir.empty()) {
    std::error_code ec;
    working_dir = std::filesystem::current_path(ec).string();
  }
  {
    Result<std::unique_ptr<SltDatabase>> db = factory_((*dir)->path());
    if (!db.ok()) {
      fail_file(StrCat("cannot open the database: ", db.status().message()));
      return result;
    }
    SltFileExecution(file, options_, db->get(), (*dir)->path(), working_dir, &result).Run();
  }  // The database closes before its __TEST_DIR__ goes.
  if (result.report.failure_count() > 0) result.outcome = SltOutcome::kFailed;
  return result;
}

}  // namespace lakeml::slt
