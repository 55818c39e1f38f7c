// TempTableCopy: a writable copy of a read-only conformance table in a fresh temporary
// directory, for the preparations the conformance README asks for (renaming Spark-test DV
// files, filling in a path template), or a temporary tree assembled from several copies (the
// runner's self-test). Everything is deleted when the object is destroyed.
// Owns its directory; not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace lakeml::conformance {

class TempTableCopy {
 public:
  // Copies the directory tree `source_dir` to <tmp>/lakeml-delta-conformance-XXXXXX/<name>,
  // where <name> is the last component of `source_dir`.
  static Result<std::unique_ptr<TempTableCopy>> Make(const std::string& source_dir);
  // An empty temporary directory; root() is the directory itself.
  static Result<std::unique_ptr<TempTableCopy>> MakeEmpty();
  ~TempTableCopy();

  TempTableCopy(const TempTableCopy&) = delete;
  TempTableCopy& operator=(const TempTableCopy&) = delete;

  // Absolute path of the copied directory.
  const std::string& root() const { return root_; }

  // Copies the tree `source_dir` to root()/`relative_path` (parents created).
  Status AddTree(const std::string& source_dir, const std::string& relative_path);

  // Renames every file under the copy whose name starts with `prefix` to the name without it.
  // Returns how many were renamed.
  Result<int> StripFileNamePrefix(std::string_view prefix);

  // Replaces every occurrence of `from` with `to` in the file at `relative_path` (under root()).
  // NotFound if `from` does not occur.
  Status ReplaceInFile(const std::string& relative_path, std::string_view from,
                       std::string_view to);

 private:
  TempTableCopy() = default;
  std::string base_;  // The temporary directory (removed by the destructor).
  std::string root_;
};

}  // namespace lakeml::conformance
