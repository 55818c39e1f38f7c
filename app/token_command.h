// `lakeml token`: the API tokens a server bound to a non-loopback address requires.
//   lakeml token create [--name N]   prints a new token once (only its hash is stored)
//   lakeml token list                 id, name, created, revoked
//   lakeml token revoke ID_OR_NAME
// Each takes --warehouse DIR (tokens live in <warehouse>/lakeml.db).
#pragma once

#include <CLI/CLI.hpp>

namespace lakeml::app {

void RegisterTokenCommands(CLI::App* app, int* exit_code);

}  // namespace lakeml::app
