// sqllogictest: runs sqllogictest files (test/sql/**/*.test) against a database adapter.
// See test/sql/README.md for the format and `sqllogictest --help` for the options.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/str_cat.h"
#include "sqllogictest/slt_runner.h"
#include "sqllogictest/lakeml_slt_database.h"
#include "sqllogictest/sqlite_slt_database.h"

namespace lakeml::slt {
namespace {

constexpr char kUsage[] =
    "usage: sqllogictest [--db NAME] [--shared-dir DIR] [--filter SUBSTR] [--list] [--verbose]\n"
    "                    [--expect-fail] FILE_OR_DIR...\n"
    "\n"
    "Runs every *.test file under the given directories (sorted; files named directly run\n"
    "whatever their extension), each against a fresh database, and prints one line per file:\n"
    "ok, FAILED (followed by the failures) or skipped (reason), then a summary.\n"
    "\n"
    "  --db NAME          database adapter: lakeml or sqlite (default: sqlite)\n"
    "  --shared-dir DIR   read-only test data for {SHARED_DIR} (default: $LAKEML_SHARED_DIR)\n"
    "  --filter SUBSTR    only files whose path contains SUBSTR\n"
    "  --list             print the files that would run, and exit\n"
    "  --verbose          print each statement and query on stderr before it runs\n"
    "  --expect-fail      invert: every file must fail (tests the runner's failure detection)\n"
    "  --help             this text\n"
    "\n"
    "Environment: LAKEML_SLT_SKIP_SLOW=1 skips files tagged '# group: slow'.\n"
    "Exit status: 0 when every file passed or was skipped, 1 on any failure, 2 on bad usage.\n";

struct SltCliOptions {
  std::string db = "sqlite";
  std::string shared_dir;
  std::string filter;
  bool list = false;
  bool verbose = false;
  bool expect_fail = false;
  std::vector<std::string> paths;
};

// The adapters this binary knows. The lakeml adapter is added here.
std::map<std::string, SltDatabaseFactory> SltDatabases() {
  return {{"lakeml", LakemlSltDatabase::Factory()}, {"sqlite", SqliteSltDatabase::Factory()}};
}

int SltUsageError(const std::string& message) {
  std::fprintf(stderr, "sqllogictest: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

bool CollectSltFiles(const std::vector<std::string>& paths, std::vector<std::string>* files) {
  namespace fs = std::filesystem;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      files->push_back(p);
      continue;
    }
    if (!fs::is_directory(p, ec)) {
      std::fprintf(stderr, "sqllogictest: no such file or directory: %s\n", p.c_str());
      return false;
    }
    fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".test") {
        files->push_back(it->path().string());
      }
    }
    if (ec) {
      std::fprintf(stderr, "sqllogictest: cannot list %s: %s\n", p.c_str(), ec.message().c_str());
      return false;
    }
  }
  std::sort(files->begin(), files->end());
  files->erase(std::unique(files->begin(), files->end()), files->end());
  return true;
}

int RunSltMain(int argc, char** argv) {
  SltCliOptions opts;
  if (const char* shared = std::getenv("LAKEML_SHARED_DIR")) opts.shared_dir = shared;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--db") {
      if (!value(&opts.db)) return SltUsageError("--db needs a name");
    } else if (arg == "--shared-dir") {
      if (!value(&opts.shared_dir)) return SltUsageError("--shared-dir needs a directory");
    } else if (arg == "--filter") {
      if (!value(&opts.filter)) return SltUsageError("--filter needs a substring");
    } else if (arg == "--list") {
      opts.list = true;
    } else if (arg == "--verbose" || arg == "-v") {
      opts.verbose = true;
    } else if (arg == "--expect-fail") {
      opts.expect_fail = true;
    } else if (arg.starts_with("-") && arg != "-") {
      return SltUsageError(StrCat("unknown option ", arg));
    } else {
      opts.paths.push_back(arg);
    }
  }
  if (opts.paths.empty()) return SltUsageError("no test files or directories given");
  std::map<std::string, SltDatabaseFactory> databases = SltDatabases();
  auto db = databases.find(opts.db);
  if (db == databases.end()) return SltUsageError(StrCat("unknown database '", opts.db, "'"));

  std::vector<std::string> files;
  if (!CollectSltFiles(opts.paths, &files)) return 2;
  std::erase_if(files,
                [&](const std::string& f) { return f.find(opts.filter) == std::string::npos; });
  if (files.empty()) {
    std::fprintf(stderr, "sqllogictest: no .test files found\n");
    return 2;
  }
  if (opts.list) {
    for (const std::string& f : files) std::printf("%s\n", f.c_str());
    return 0;
  }

  SltRunnerOptions runner_options;
  runner_options.shared_dir = opts.shared_dir;
  const char* skip_slow = std::getenv("LAKEML_SLT_SKIP_SLOW");
  runner_options.skip_slow = skip_slow != nullptr && *skip_slow && std::string(skip_slow) != "0";
  if (opts.verbose) {
    runner_options.trace = [](std::string_view line) {
      std::fprintf(stderr, "  %.*s\n", static_cast<int>(line.size()), line.data());
    };
  }
  SltRunner runner(db->second, runner_options);
  const bool progress = isatty(STDERR_FILENO) && !opts.verbose;

  size_t ok = 0, failed = 0, skipped = 0;
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& f = files[i];
    if (progress) std::fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, files.size(), f.c_str());
    if (opts.verbose) std::fprintf(stderr, "[%zu/%zu] %s\n", i + 1, files.size(), f.c_str());
    SltFileResult result = runner.RunFile(f);
    if (progress) std::fprintf(stderr, "\r\033[K");
    std::string line;
    switch (result.outcome) {
      case SltOutcome::kOk:
        if (opts.expect_fail) {
          ++failed;
          line = StrCat("FAILED   ", f, " (passed, but --expect-fail wants a failure)\n");
        } else {
          ++ok;
          line = StrCat("ok       ", f, " (", result.records_run, " run, ", result.records_skipped,
                        " skipped)\n");
        }
        break;
      case SltOutcome::kFailed:
        if (opts.expect_fail) {
          ++ok;
          line = StrCat("ok       ", f, " (failed as expected with ", result.report.failure_count(),
                        " failures)\n", result.report.ToString());
        } else {
          ++failed;
          line = StrCat("FAILED   ", f, " (", result.report.failure_count(), " failures)\n",
                        result.report.ToString());
        }
        break;
      case SltOutcome::kSkipped:
        ++skipped;
        line = StrCat("skipped  ", f, " (", result.skip_reason, ")\n");
        break;
    }
    std::fputs(line.c_str(), stdout);
    std::fflush(stdout);
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("sqllogictest (%s): %zu files: %zu ok, %zu failed, %zu skipped (%.0f ms)\n",
              opts.db.c_str(), files.size(), ok, failed, skipped, ms);
  return failed > 0 ? 1 : 0;
}

}  // namespace
}  // namespace lakeml::slt

int main(int argc, char** argv) { return lakeml::slt::RunSltMain(argc, argv); }
