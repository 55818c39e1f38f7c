// `lakeml parquet ...`: look inside Parquet files and convert CSV or Parquet to Parquet.
//   schema FILE    the schema as a tree, with physical, logical and columnar types
//   meta FILE      row groups, column chunks, encodings, codecs, sizes, statistics
//   cat FILE       rows as CSV or JSON Lines
//   convert IN OUT CSV or Parquet to Parquet
#pragma once

#include <CLI/CLI.hpp>

namespace lakeml::app {

// Adds the `parquet` subcommand to `app`. The chosen command's exit status goes to *exit_code.
void RegisterParquetCommands(CLI::App* app, int* exit_code);
// Adds `convert` to the `parquet` subcommand (parquet_convert_command.cc).
void RegisterParquetConvertCommand(CLI::App* parquet, int* exit_code);

}  // namespace lakeml::app
