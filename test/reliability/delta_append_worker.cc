// delta_append_worker: appends commits to an existing Delta table, one TableWriter::Write
// (a blind append) per commit, for the multi-process reliability tests.
//
//   delta_append_worker --table DIR --worker W [--commits N] [--rows R] [--first-seq S]
//                       [--start-file PATH]
//
// Commit k (k = S, S+1, ...) holds R rows (W, k, 0..R-1, "wW-sk-rR") (see worker_rows.h).
// Before the first Write it writes "started" to stdout. After each Write returns OK, and only
// then, one line is written to stdout with a single write(2):
//   committed version=V worker=W seq=k rows=R
// so a SIGKILL leaves every logged commit durable and at most the last, unlogged one in
// doubt. --commits 0 appends until killed. --start-file: wait until PATH exists (a start
// barrier for concurrent workers). Exit status: 0 done, 1 usage, 2 a write failed (the error
// on stderr).
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "base/str_cat.h"
#include "delta/table_writer.h"
#include "io/file_system.h"
#include "reliability/worker_rows.h"

namespace {

using lakeml::StrCat;

void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

int Usage(const std::string& why) {
  WriteAll(2, StrCat("delta_append_worker: ", why,
                     "\nusage: delta_append_worker --table DIR --worker W [--commits N] "
                     "[--rows R] [--first-seq S] [--start-file PATH]\n"));
  return 1;
}

bool ParseInt(const char* text, int64_t* out) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0') return false;
  *out = v;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string table, start_file;
  int64_t worker = -1, commits = 1, rows = 1, first_seq = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return Usage(StrCat("missing value after ", arg));
    const char* value = argv[++i];
    bool ok = true;
    if (arg == "--table") {
      table = value;
    } else if (arg == "--start-file") {
      start_file = value;
    } else if (arg == "--worker") {
      ok = ParseInt(value, &worker);
    } else if (arg == "--commits") {
      ok = ParseInt(value, &commits);
    } else if (arg == "--rows") {
      ok = ParseInt(value, &rows);
    } else if (arg == "--first-seq") {
      ok = ParseInt(value, &first_seq);
    } else {
      return Usage(StrCat("unknown option ", arg));
    }
    if (!ok) return Usage(StrCat("not an integer: ", arg, " ", value));
  }
  if (table.empty() || worker < 0 || commits < 0 || rows < 1 || first_seq < 0) {
    return Usage("--table and --worker are required; counts must not be negative");
  }
  while (!start_file.empty() && ::access(start_file.c_str(), F_OK) != 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  WriteAll(1, "started\n");
  const lakeml::columnar::SchemaPtr& schema = lakeml::reliability::WorkerRows::Schema();
  lakeml::delta::WriteOptions options;
  options.num_threads = 1;
  for (int64_t seq = first_seq; commits == 0 || seq < first_seq + commits; ++seq) {
    bool given = false;
    auto source = [&]() -> lakeml::Result<lakeml::columnar::BatchPtr> {
      if (given) return lakeml::columnar::BatchPtr();
      given = true;
      return lakeml::reliability::WorkerRows::Make(worker, seq, rows);
    };
    lakeml::Result<lakeml::delta::WriteResult> written =
        lakeml::delta::TableWriter::Write(lakeml::io::LocalFs(), table, schema, source, options);
    if (!written.ok()) {
      WriteAll(2, StrCat("error worker=", worker, " seq=", seq, ": ", written.status().ToString(),
                         "\n"));
      return 2;
    }
    WriteAll(1, StrCat("committed version=", written->version, " worker=", worker, " seq=", seq,
                       " rows=", rows, "\n"));
  }
  return 0;
}
