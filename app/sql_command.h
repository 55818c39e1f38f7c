// `lakeml sql`: runs Databricks SQL against the warehouse and Delta tables.
//   lakeml sql -c "SELECT ..."      run statements, print each result
//   lakeml sql -f file.sql          run a file
//   lakeml sql                      read statements from stdin (the REPL, app/sql_repl.h, when
//                                   it is a terminal)
// Options: --warehouse DIR, --format table|csv|json, --threads N, --timing.
// Errors go to stderr as "lakeml: [ERROR_CLASS] ..." with exit status 1.
#pragma once

#include <CLI/CLI.hpp>

namespace lakeml::app {

void RegisterSqlCommand(CLI::App* app, int* exit_code);

}  // namespace lakeml::app
