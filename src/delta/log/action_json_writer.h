// JSON text of Delta log actions, as written into commit files (PROTOCOL.md, "Delta Log
// Entries"): the inverse of ActionJsonParser.
//
// Each action becomes one compact JSON object `{"<key>":{...}}` with its fields in the order
// Spark writes them; optional fields that are nullopt are left out, null partition values
// are written as JSON null. CommitInfo is written from its `json` text verbatim; when that is
// empty, from its typed fields. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "delta/actions.h"

namespace lakeml::delta {

// Appends the JSON line of `action` to *out, without a line end.
// REQUIRES: a non-empty CommitInfo::json is one JSON object (it is copied unchecked).
void AppendActionJson(const Action& action, std::string* out);

// The content of a commit file: every action's JSON followed by '\n', as Spark writes it
// (delta-rs leaves out the last newline; readers take both).
std::string SerializeCommit(const std::vector<Action>& actions);

}  // namespace lakeml::delta
