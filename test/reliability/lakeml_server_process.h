// LakemlServerProcess: a real `lakeml server --port 0 --warehouse DIR` child process for the
// server reliability tests. Start() spawns it and waits until it prints its "listening on
// http://HOST:PORT" line, then knows its port; Kill() SIGKILLs it (a crash), Stop() SIGTERMs it
// (a graceful stop). stdout and stderr go to files next to the warehouse, kept for failure
// messages. The destructor SIGKILLs a server still running (via ChildProcess). One owner; not
// thread-safe.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "base/status.h"
#include "reliability/child_process.h"

namespace lakeml::reliability {

class LakemlServerProcess {
 public:
  // Starts `binary server --port 0 --warehouse warehouse --log-level warn` with its output in
  // `log_prefix`.out/.err and waits (up to `start_timeout_s`) for its listening line.
  static Result<std::unique_ptr<LakemlServerProcess>> Start(const std::string& binary,
                                                            const std::string& warehouse,
                                                            const std::string& log_prefix,
                                                            int start_timeout_s = 60);

  int port() const { return port_; }
  // SIGKILLs the server and reaps it; fails if it had already ended by itself.
  Status Kill();
  // SIGTERMs the server and waits; fails unless it exits with code 0.
  Status Stop();
  // The server's stderr so far (for failure messages).
  std::string Stderr() const;

 private:
  LakemlServerProcess(ChildProcess child, std::string log_prefix, int port)
      : child_(std::move(child)), log_prefix_(std::move(log_prefix)), port_(port) {}

  ChildProcess child_;
  std::string log_prefix_;
  int port_;
};

}  // namespace lakeml::reliability
