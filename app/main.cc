// lakeml: the single binary. Subcommands register themselves on the CLI11 app; each prints
// its own --help. Any error exits non-zero with a message on stderr.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "app/parquet_command.h"
#include "app/server_command.h"
#include "app/sql_command.h"
#include "app/table_command.h"
#include "app/token_command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "lakeml: a lakehouse ML platform in one binary (Delta Lake, SQL, MLflow-compatible)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lakeml 0.1.0");
  int exit_code = 0;
  lakeml::app::RegisterParquetCommands(&app, &exit_code);
  lakeml::app::RegisterTableCommands(&app, &exit_code);
  lakeml::app::RegisterSqlCommand(&app, &exit_code);
  lakeml::app::RegisterServerCommand(&app, &exit_code);
  lakeml::app::RegisterTokenCommands(&app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lakeml: internal error: %s\n", e.what());
    return 1;
  }
  return exit_code;
}
