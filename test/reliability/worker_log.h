// WorkerLog: what a delta_append_worker process reported on stdout — "started", then one
// "committed version=V worker=W seq=S rows=R" line per commit whose Write returned OK.
// A last line without its '\n' (the process was killed while writing it) is ignored; any other
// line that does not parse is counted as malformed. Plain value.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace lakeml::reliability {

struct LoggedCommit {
  int64_t version = -1;
  int64_t worker = -1;
  int64_t seq = -1;
  int64_t rows = -1;
};

struct WorkerLog {
  bool started = false;
  std::vector<LoggedCommit> commits;
  int malformed_lines = 0;

  static WorkerLog Parse(const std::string& text) {
    WorkerLog log;
    size_t start = 0;
    while (start < text.size()) {
      const size_t end = text.find('\n', start);
      if (end == std::string::npos) break;  // Torn last line.
      const std::string line = text.substr(start, end - start);
      start = end + 1;
      if (line == "started") {
        log.started = true;
        continue;
      }
      LoggedCommit c;
      long long v, w, s, r;
      int consumed = 0;
      if (std::sscanf(line.c_str(), "committed version=%lld worker=%lld seq=%lld rows=%lld%n", &v,
                      &w, &s, &r, &consumed) == 4 &&
          consumed == static_cast<int>(line.size())) {
        c.version = v;
        c.worker = w;
        c.seq = s;
        c.rows = r;
        log.commits.push_back(c);
      } else {
        ++log.malformed_lines;
      }
    }
    return log;
  }
};

}  // namespace lakeml::reliability
