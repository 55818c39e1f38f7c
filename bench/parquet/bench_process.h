// BenchProcess: what the Parquet benchmark programs share: `--name value` flags, wall-clock
// and CPU timing, the median of repeated runs, the process's resident memory, and JSON output.
// Header-only because bench/CMakeLists.txt turns every .cc here into its own executable.
// Not thread-safe; used from main() only.
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lakeml::bench {

class BenchProcess {
 public:
  // Positional arguments are kept in order; `--name value` pairs by name.
  BenchProcess(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
      if (std::strncmp(argv[i], "--", 2) == 0 && i + 1 < argc) {
        flags_[argv[i] + 2] = argv[i + 1];
        ++i;
      } else {
        positional_.push_back(argv[i]);
      }
    }
    rss_at_start_kib_ = CurrentRssKiB();
  }

  const std::vector<std::string>& positional() const { return positional_; }
  std::string Flag(const std::string& name, const std::string& fallback) const {
    auto it = flags_.find(name);
    return it == flags_.end() ? fallback : it->second;
  }
  int IntFlag(const std::string& name, int fallback) const {
    auto it = flags_.find(name);
    return it == flags_.end() ? fallback : std::atoi(it->second.c_str());
  }
  int64_t rss_at_start_kib() const { return rss_at_start_kib_; }

  static double NowSeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  // CPU time (user + system) of every thread of this process so far. Unlike wall time it does
  // not grow while other processes hold the CPU, so it is the steadier figure on a busy machine.
  static double CpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
  }

  static double Median(std::vector<double> xs) {
    if (xs.empty()) return 0;
    std::sort(xs.begin(), xs.end());
    const size_t m = xs.size() / 2;
    return xs.size() % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
  }

  // Peak resident set of this process so far (Linux reports ru_maxrss in KiB).
  static int64_t PeakRssKiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
  }

  // Current resident set, from /proc/self/status (0 if unreadable).
  static int64_t CurrentRssKiB() {
    FILE* f = std::fopen("/proc/self/status", "r");
    if (f == nullptr) return 0;
    char line[256];
    int64_t kib = 0;
    while (std::fgets(line, sizeof(line), f) != nullptr) {
      if (std::strncmp(line, "VmRSS:", 6) == 0) {
        kib = std::atoll(line + 6);
        break;
      }
    }
    std::fclose(f);
    return kib;
  }

  static std::string JsonString(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\u%04x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
    return out + "\"";
  }

  static std::string JsonNumbers(const std::vector<double>& xs) {
    std::string out = "[";
    for (size_t i = 0; i < xs.size(); ++i) {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "%s%.6f", i ? "," : "", xs[i]);
      out += buf;
    }
    return out + "]";
  }

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> flags_;
  int64_t rss_at_start_kib_ = 0;
};

}  // namespace lakeml::bench
