// ActionJsonParser: reads the actions of a Delta commit file (`_delta_log/<v>.json`), a log
// compaction file (`<x>.<y>.compacted.json`), a staged commit or a V2 JSON checkpoint into the
// action model of delta/actions.h.
//
// These files are newline-delimited JSON, one action per line (PROTOCOL.md, "Delta Log
// Entries"). The parser takes "\r\n" line ends, blank lines and a last line without a newline.
// It skips lines whose object holds no known action key and ignores unknown fields inside
// known actions, as the protocol demands. Every other defect (malformed or truncated JSON,
// a missing required field, a value of the wrong JSON type) is a Corruption status that names
// the file, the 1-based line and the field:
//   Invalid add action: field 'size' must be an integer in 00000000000000000003.json line 2
//
// An instance owns one simdjson parser and a scratch buffer, both reused from call to call so
// that replaying thousands of commits allocates nothing but the actions themselves. Not
// thread-safe: use one instance per thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "delta/actions.h"

namespace lakeml::delta {

class ActionJsonParser {
 public:
  // Bytes that must be readable after the end of the input of ParseCommitPadded (the
  // parser's SIMD loads may run past the end; their content does not matter).
  static const size_t kPadding;

  ActionJsonParser();
  ~ActionJsonParser();
  ActionJsonParser(const ActionJsonParser&) = delete;
  ActionJsonParser& operator=(const ActionJsonParser&) = delete;

  // Appends the actions of `content` to *out in file order. `file_name` only appears in
  // error messages. On error, *out is left as it was before the call.
  Status ParseCommit(std::string_view content, std::string_view file_name,
                     std::vector<Action>* out);

  // As ParseCommit, without copying `content` into the scratch buffer.
  // REQUIRES: kPadding readable bytes follow content.data() + content.size().
  Status ParseCommitPadded(std::string_view content, std::string_view file_name,
                           std::vector<Action>* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lakeml::delta
