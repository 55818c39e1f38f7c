// `lakeml server`: the HTTP server for every lakeml API (MLflow tracking, later SQL statements
// and model serving) plus /health, /version and /metrics. See docs/server.md.
//
// Prints "lakeml server listening on http://HOST:PORT" on stdout once it accepts connections
// (with the chosen port when --port 0), shuts down gracefully on SIGTERM or SIGINT and exits 0.
#pragma once

#include <CLI/CLI.hpp>

namespace lakeml::app {

void RegisterServerCommand(CLI::App* app, int* exit_code);

}  // namespace lakeml::app
