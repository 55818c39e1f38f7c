// ChildProcess: a process started with posix_spawn, its stdout and stderr redirected to
// files, for the multi-process reliability tests. Kill() and Wait() by pid; the destructor
// kills (SIGKILL) and reaps a child that is still running, so a failing test leaves no
// process behind. One owner; not thread-safe.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"

namespace lakeml::reliability {

struct ExitInfo {
  bool exited = false;  // Normal exit (then exit_code is set).
  int exit_code = -1;
  int signal = 0;  // The signal that killed it, when !exited.
  std::string ToString() const;
};

class ChildProcess {
 public:
  // Starts argv[0] (a path) with `argv`; stdout and stderr go to the given files (created or
  // truncated).
  static Result<ChildProcess> Spawn(const std::vector<std::string>& argv,
                                    const std::string& stdout_path, const std::string& stderr_path);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // Sends `signal` to the child (no-op once reaped).
  Status Kill(int signal);
  // Waits for the child to end and reaps it.
  Result<ExitInfo> Wait();

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;  // -1 once reaped.
};

// The whole content of a file, or "" when it cannot be read.
std::string ReadTextFile(const std::string& path);

}  // namespace lakeml::reliability
