// `lakeml table ...`: read, write and maintain Delta tables.
//   show PATH        rows at the latest version, a version or a timestamp
//   history PATH     the commits, newest first
//   detail PATH      protocol, metadata, size and files, as JSON
//   changes PATH     the change data feed between two versions
//   write PATH IN    append or overwrite from CSV or Parquet (creates the table)
//   vacuum | optimize | checkpoint | restore PATH ...
//   rename-column PATH FROM TO, drop-column PATH COL
// Errors go to stderr as "lakeml: <message>" with exit status 1.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "base/result.h"

namespace lakeml::app {

// Adds the `table` subcommand to `app`. The chosen command's exit status goes to *exit_code.
void RegisterTableCommands(CLI::App* app, int* exit_code);
// The maintenance and write commands (table_write_command.cc).
void RegisterTableWriteCommands(CLI::App* table, int* exit_code);

// A --timestamp argument: "2024-01-31", "2024-01-31 10:00:00[.fff]", ISO-8601 with a zone
// (UTC when none), or milliseconds since the epoch. Returns milliseconds since the epoch.
Result<int64_t> ParseTimestampArg(const std::string& text);

}  // namespace lakeml::app
