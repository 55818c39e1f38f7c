// delta_conformance: runs lakeml's Delta reader over every table of
// $LAKEML_SHARED_DIR/conformance/delta (CTest: conformance.delta) and checks what the catalogue
// (table_case.h) expects of each: exact rows where expected results exist, a clear error where
// the table must be refused, a successful open (and scan) everywhere else.
//
// Prints one line per failing case with its first failed check, and pass counts per source.
// Exit status: 0 when every case passed, 1 when one failed, 2 on bad usage or a missing
// conformance directory.
//
// Each case runs in a child process, so a crash or a hang (--timeout) in one table is reported
// as that table's failure instead of ending the run; --no-fork runs in-process for debuggers.
// --self-test checks instead that deliberately broken copies of some tables are reported.
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "conformance/delta/case_runner.h"
#include "conformance/delta/runner_self_test.h"
#include "conformance/delta/table_case.h"

namespace lakeml::conformance {
namespace {

// --- Passing a CaseResult from the child to the parent: length-prefixed strings. ---

void PutU32(uint32_t v, std::string* out) { out->append(reinterpret_cast<const char*>(&v), 4); }

void PutStrings(const std::vector<std::string>& list, std::string* out) {
  PutU32(static_cast<uint32_t>(list.size()), out);
  for (const std::string& s : list) {
    PutU32(static_cast<uint32_t>(s.size()), out);
    out->append(s);
  }
}

std::string Encode(const CaseResult& r) {
  std::string out(1, static_cast<char>(r.outcome));
  PutStrings(r.failures, &out);
  PutStrings(r.notes, &out);
  return out;
}

bool GetU32(std::string_view* in, uint32_t* v) {
  if (in->size() < 4) return false;
  memcpy(v, in->data(), 4);
  in->remove_prefix(4);
  return true;
}

bool GetStrings(std::string_view* in, std::vector<std::string>* list) {
  uint32_t n = 0;
  if (!GetU32(in, &n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t len = 0;
    if (!GetU32(in, &len) || in->size() < len) return false;
    list->emplace_back(in->substr(0, len));
    in->remove_prefix(len);
  }
  return true;
}

bool Decode(std::string_view in, CaseResult* r) {
  if (in.empty() || static_cast<uint8_t>(in[0]) > static_cast<uint8_t>(Outcome::kFail)) {
    return false;
  }
  r->outcome = static_cast<Outcome>(in[0]);
  in.remove_prefix(1);
  return GetStrings(&in, &r->failures) && GetStrings(&in, &r->notes) && in.empty();
}

CaseResult Failed(std::string why) {
  CaseResult r;
  r.outcome = Outcome::kFail;
  r.failures.push_back(std::move(why));
  return r;
}

// Runs the case in a child process; a crash or a timeout becomes the case's failure.
CaseResult RunIsolated(const TableCase& c, const RunOptions& options, int timeout_s) {
  int fds[2];
  if (pipe(fds) != 0) return Failed(std::string("pipe() failed: ") + strerror(errno));
  fflush(stdout);
  fflush(stderr);
  const pid_t pid = fork();
  if (pid < 0) return Failed(std::string("fork() failed: ") + strerror(errno));
  if (pid == 0) {
    close(fds[0]);
    alarm(static_cast<unsigned>(timeout_s));
    const std::string bytes = Encode(CaseRunner::Run(c, options));
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = write(fds[1], bytes.data() + done, bytes.size() - done);
      if (n <= 0) _exit(3);
      done += static_cast<size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string bytes;
  char buf[65536];
  while (true) {
    const ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    bytes.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGALRM) return Failed("timed out after " + std::to_string(timeout_s) + " s");
    return Failed(std::string("crashed: signal ") + std::to_string(sig) + " (" + strsignal(sig) +
                  ")");
  }
  CaseResult result;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !Decode(bytes, &result)) {
    return Failed("the case's process ended without a result (exit status " +
                  std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  }
  return result;
}

const char* KindName(CaseKind kind) {
  switch (kind) {
    case CaseKind::kExpectedResults:
      return "expected results";
    case CaseKind::kExpectedFailure:
      return "expected failure";
    case CaseKind::kOpenOnly:
      return "open only";
  }
  return "?";
}

struct Tally {
  int passed = 0;
  int total = 0;
  std::string Text() const { return std::to_string(passed) + "/" + std::to_string(total); }
};

struct SourceTally {
  Tally by_kind[3];
};

// Indents continuation lines of a multi-line message.
std::string Indent(const std::string& text) {
  std::string out;
  for (char ch : text) {
    out.push_back(ch);
    if (ch == '\n') out += "  ";
  }
  return out;
}

int Main(int argc, char** argv) {
  CLI::App app{"Runs lakeml's Delta reader over the Delta conformance tables."};
#ifdef LAKEML_SHARED_DIR
  std::string root = std::string(LAKEML_SHARED_DIR) + "/conformance/delta";
#else
  std::string root;
#endif
  if (const char* env = getenv("LAKEML_SHARED_DIR"); env != nullptr && *env != '\0') {
    root = std::string(env) + "/conformance/delta";
  }
  std::vector<std::string> tables;
  bool verbose = false;
  bool no_fork = false;
  int timeout_s = 120;
  RunOptions run_options;
  bool self_test = false;
  app.add_option("--root", root, "The conformance/delta directory")->capture_default_str();
  app.add_option("--table", tables, "Run only this table (NAME or SOURCE/NAME); repeatable");
  app.add_flag("--verbose,-v", verbose, "Print every case with each check it made");
  app.add_flag("--no-fork", no_fork, "Run cases in this process (a crash ends the run)");
  app.add_option("--timeout", timeout_s, "Seconds per case before it counts as hung")
      ->capture_default_str();
  app.add_option("--show-rows", run_options.max_rows_shown,
                 "Rows listed per difference (missing / unexpected)")
      ->capture_default_str();
  app.add_flag("--self-test", self_test,
               "Check that the runner detects deliberately broken copies of a few tables");
  CLI11_PARSE(app, argc, argv);
  if (self_test) return RunnerSelfTest::Run(root, run_options) ? 0 : 1;

  Result<std::vector<TableCase>> discovered = TableCatalogue::Discover(root);
  if (!discovered.ok()) {
    fprintf(stderr, "delta_conformance: %s\n", discovered.status().ToString().c_str());
    return 2;
  }
  std::vector<TableCase> cases;
  for (TableCase& c : *discovered) {
    bool selected = tables.empty();
    for (const std::string& t : tables) selected |= (t == c.name || t == c.id());
    if (selected) cases.push_back(std::move(c));
  }
  if (cases.empty()) {
    fprintf(stderr, "delta_conformance: no table matches --table\n");
    return 2;
  }

  std::map<std::string, SourceTally> tallies;
  int failed = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const TableCase& c : cases) {
    const auto case_start = std::chrono::steady_clock::now();
    const CaseResult r =
        no_fork ? CaseRunner::Run(c, run_options) : RunIsolated(c, run_options, timeout_s);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - case_start).count();
    SourceTally& tally = tallies[c.source];
    Tally& kind_tally = tally.by_kind[static_cast<int>(c.kind)];
    ++kind_tally.total;
    switch (r.outcome) {
      case Outcome::kPass:
        ++kind_tally.passed;
        if (verbose) printf("PASS    %s [%s] (%.2f s)\n", c.id().c_str(), KindName(c.kind), secs);
        break;
      case Outcome::kFail:
        ++failed;
        printf("FAIL    %s [%s]: %s\n", c.id().c_str(), KindName(c.kind),
               Indent(r.failures.empty() ? std::string("?") : r.failures[0]).c_str());
        if (verbose) {
          for (size_t i = 1; i < r.failures.size(); ++i) {
            printf("  also: %s\n", Indent(r.failures[i]).c_str());
          }
        }
        break;
    }
    if (verbose) {
      if (!c.note.empty()) printf("  note: %s\n", c.note.c_str());
      for (const std::string& n : r.notes) printf("  ok: %s\n", Indent(n).c_str());
    }
  }
  const double total_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  printf("\nDelta conformance: passed/total per source\n");
  printf("%-16s %-17s %-17s %s\n", "source", "expected results", "expected failures", "open only");
  SourceTally all;
  for (const std::string& source : TableCatalogue::Sources()) {
    auto it = tallies.find(source);
    if (it == tallies.end()) continue;
    const SourceTally& t = it->second;
    printf("%-16s %-17s %-17s %s\n", source.c_str(), t.by_kind[0].Text().c_str(),
           t.by_kind[1].Text().c_str(), t.by_kind[2].Text().c_str());
    for (int k = 0; k < 3; ++k) {
      all.by_kind[k].passed += t.by_kind[k].passed;
      all.by_kind[k].total += t.by_kind[k].total;
    }
  }
  printf("%-16s %-17s %-17s %s\n", "all", all.by_kind[0].Text().c_str(),
         all.by_kind[1].Text().c_str(), all.by_kind[2].Text().c_str());
  printf("%zu tables, %d failed, %.1f s\n", cases.size(), failed, total_s);
  return failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace lakeml::conformance

int main(int argc, char** argv) { return lakeml::conformance::Main(argc, argv); }
