// MultipartUploadStore: the server side of MLflow's multipart artifact uploads
// (POST mpu/create, one PUT per part, POST mpu/complete or mpu/abort) for a local artifact root.
//
// Each upload is a staging directory <root>/.lakeml-multipart/<upload_id>/ holding "target"
// (the final artifact path), "num_parts" and one file per uploaded part ("<part_number>",
// written through FileBodySink, so a broken part upload leaves nothing). Complete streams the
// parts in part_number order into a FileBodySink for the final path, so the artifact appears
// whole or not at all, then removes the staging directory. State is on disk: uploads survive a
// restart. Abandoned uploads are not collected (delete the staging directory by hand).
//
// The upload id is a random UUID and doubles as the capability for part uploads: MLflow's
// client PUTs parts to the credential URLs without its tracking credentials.
//
// Thread-safe for distinct uploads; concurrent Complete/Abort of one upload may fail one of them
// (never a partial artifact). Shares the root.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "ml/artifacts/artifact_root.h"
#include "server/http/file_body_sink.h"

namespace lakeml::server {

// Most parts of one upload (S3's limit, which MLflow's client is written against).
inline constexpr int64_t kMaxMultipartParts = 10000;

class MultipartUploadStore {
 public:
  explicit MultipartUploadStore(std::shared_ptr<const ml::ArtifactRoot> root)
      : root_(std::move(root)) {}

  // Starts an upload of `num_parts` parts (1..kMaxMultipartParts) to artifact `target_path`
  // (checked as ArtifactRoot::ResolveForWrite); returns its upload id.
  Result<std::string> Create(std::string_view target_path, int64_t num_parts) const;

  // The sink for part `part_number` (1-based) of `upload_id`; kNotFound for an unknown upload,
  // kInvalidArgument for a part number out of range. Commit() stores the part.
  Result<std::unique_ptr<FileBodySink>> OpenPart(std::string_view upload_id,
                                                 int64_t part_number) const;

  // Concatenates parts `part_numbers` (each uploaded, no repeats; sorted here) into the
  // artifact and ends the upload. `target_path` must be the one given to Create.
  Status Complete(std::string_view upload_id, std::string_view target_path,
                  std::vector<int64_t> part_numbers) const;

  // Ends the upload and removes its parts. `target_path` must be the one given to Create.
  Status Abort(std::string_view upload_id, std::string_view target_path) const;

 private:
  struct Upload {
    std::string dir;
    std::string target_path;
    int64_t num_parts = 0;
  };
  Result<Upload> Find(std::string_view upload_id) const;
  Result<Upload> FindFor(std::string_view upload_id, std::string_view target_path) const;

  std::shared_ptr<const ml::ArtifactRoot> root_;
};

}  // namespace lakeml::server
