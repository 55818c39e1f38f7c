// ArtifactRoot: one directory that holds artifacts (the server's --artifacts-destination, or a
// run's local artifact directory), and the only way lakeml maps a client's relative artifact
// path ("model/MLmodel") to a file in it.
//
// Every path goes through Resolve, which refuses (kInvalidArgument "Invalid path: ...", MLflow's
// INVALID_PARAMETER_VALUE) anything that could leave the root: ".." and "." segments, absolute
// paths, backslashes, NUL, drive letters, empty segments, escapes left over after the HTTP layer
// decoded the path once (%2e, %2f, %5c, %00, %25: double encoding), the multipart staging
// directory, and symlinks (in any segment) whose target lies outside the root.
//
// Not guarded: a local user who swaps a directory for a symlink between Resolve and the open
// (the root is the server's own directory; other local writers are trusted).
//
// Thread-safe (immutable; the file system is shared with whoever else writes the directory).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"

namespace lakeml::ml {

// DO NOT CHANGE: on-disk name of the multipart upload staging directory under the root; hidden
// from listings and refused as a client path.
inline constexpr std::string_view kMultipartStagingDir = ".lakeml-multipart";

// One entry of a directory listing, as MLflow's FileInfo (path is filled in by the caller,
// which knows what the path is relative to).
struct ArtifactFileInfo {
  std::string name;  // The entry's file name.
  bool is_dir = false;
  std::optional<int64_t> file_size;  // Files only.
};

class ArtifactRoot {
 public:
  // Opens `dir` (creating it when missing and `create`; else kNotFound); the root is its
  // canonical (symlink-free) path.
  static Result<ArtifactRoot> Open(const std::string& dir, bool create = true);

  // Checks `relative_path` without touching the file system (the lexical rules above).
  // An empty path is the root itself.
  static Status ValidateRelativePath(std::string_view relative_path);

  // The file or directory `relative_path` names, whether or not it exists; its existing part
  // has symlinks resolved and lies inside the root.
  Result<std::filesystem::path> Resolve(std::string_view relative_path) const;

  // Resolve for a new file: creates the parent directories. kInvalidArgument for the root
  // itself or a path whose parent is a file.
  Result<std::filesystem::path> ResolveForWrite(std::string_view relative_path) const;

  // The regular file `relative_path` names; kNotFound when missing or not a file.
  Result<std::filesystem::path> ResolveFile(std::string_view relative_path) const;

  // The entries of directory `relative_path`, sorted by name; empty when it is missing or a
  // file (as MLflow). The staging directory is left out.
  Result<std::vector<ArtifactFileInfo>> List(std::string_view relative_path) const;

  // Removes the file or directory tree `relative_path` (a symlink itself, not its target);
  // a missing path is not an error (as MLflow). kInvalidArgument for the root itself.
  Status Delete(std::string_view relative_path) const;

  // The directory for multipart upload staging (created on demand by its user).
  std::filesystem::path staging_dir() const { return dir_ / kMultipartStagingDir; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  explicit ArtifactRoot(std::filesystem::path dir) : dir_(std::move(dir)) {}

  bool Contains(const std::filesystem::path& canonical) const;

  std::filesystem::path dir_;  // Canonical.
};

}  // namespace lakeml::ml
