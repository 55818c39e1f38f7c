#include "reliability/lakeml_server_process.h"

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "base/str_cat.h"

namespace lakeml::reliability {

namespace {

// DO NOT CHANGE without app/server_command.cc: the line `lakeml server` prints once it listens.
constexpr std::string_view kListening = "lakeml server listening on http://";

// The port of the listening line in `out`, or 0 while it is not complete.
int ParsePort(const std::string& out) {
  const size_t at = out.find(kListening);
  if (at == std::string::npos) return 0;
  const size_t end = out.find('\n', at);
  if (end == std::string::npos) return 0;
  const size_t colon = out.rfind(':', end);
  if (colon == std::string::npos || colon < at + kListening.size()) return 0;
  return std::atoi(out.c_str() + colon + 1);
}

}  // namespace

Result<std::unique_ptr<LakemlServerProcess>> LakemlServerProcess::Start(
    const std::string& binary, const std::string& warehouse, const std::string& log_prefix,
    int start_timeout_s) {
  const std::string out = log_prefix + ".out";
  const std::string err = log_prefix + ".err";
  LAKEML_ASSIGN_OR_RETURN(ChildProcess child,
                          ChildProcess::Spawn({binary, "server", "--port", "0", "--warehouse",
                                               warehouse, "--log-level", "warn"},
                                              out, err));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(start_timeout_s);
  int port = 0;
  while ((port = ParsePort(ReadTextFile(out))) == 0) {
    // A server that exited (bad store, bad flags) never prints the line: fail now, not later.
    // WNOWAIT leaves it to ChildProcess to reap.
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(child.pid()), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == child.pid()) {
      return Status::IOError("lakeml server exited before listening (status ", info.si_status,
                             "): ", ReadTextFile(err));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return Status::IOError("lakeml server did not print its listening line within ",
                             start_timeout_s, " s: ", ReadTextFile(err));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return std::unique_ptr<LakemlServerProcess>(
      new LakemlServerProcess(std::move(child), log_prefix, port));
}

Status LakemlServerProcess::Kill() {
  LAKEML_RETURN_IF_ERROR(child_.Kill(SIGKILL));
  LAKEML_ASSIGN_OR_RETURN(ExitInfo exit, child_.Wait());
  if (exit.exited || exit.signal != SIGKILL) {
    return Status::IOError("lakeml server ended before the kill: ", exit.ToString(), ": ",
                           Stderr());
  }
  return Status::OK();
}

Status LakemlServerProcess::Stop() {
  LAKEML_RETURN_IF_ERROR(child_.Kill(SIGTERM));
  LAKEML_ASSIGN_OR_RETURN(ExitInfo exit, child_.Wait());
  if (!exit.exited || exit.exit_code != 0) {
    return Status::IOError("lakeml server did not stop cleanly: ", exit.ToString(), ": ", Stderr());
  }
  return Status::OK();
}

std::string LakemlServerProcess::Stderr() const { return ReadTextFile(log_prefix_ + ".err"); }

}  // namespace lakeml::reliability
