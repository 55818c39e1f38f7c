// ScratchDir: a fresh directory under the test temp dir, removed with its contents on
// destruction unless LAKEML_RELIABILITY_KEEP is set (then its path is printed, to inspect a
// failing trial). One owner.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace lakeml::reliability {

class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = ::testing::TempDir() + "lakeml_reliability_XXXXXX";
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~ScratchDir() {
    if (path_.empty()) return;
    if (std::getenv("LAKEML_RELIABILITY_KEEP") != nullptr) {
      std::printf("LAKEML_RELIABILITY_KEEP: kept %s\n", path_.c_str());
      return;
    }
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace lakeml::reliability
