#include "app/token_command.h"

#include <cstdio>
#include <ctime>
#include <memory>
#include <string>

#include "app/warehouse_option.h"
#include "catalog/warehouse.h"
#include "metastore/sqlite_database.h"
#include "server/auth/token_store.h"

namespace lakeml::app {
namespace {

struct TokenArgs {
  std::string warehouse;
  std::string name;
  std::string id_or_name;
};

std::string FormatMillisUtc(int64_t ms) {
  if (ms == 0) return "-";
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Runs `body` with the warehouse's token store; prints its error and sets the exit code.
template <typename F>
void WithTokenStore(const TokenArgs& args, int* exit_code, F body) {
  Status st = [&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(catalog::Warehouse warehouse,
                            catalog::Warehouse::Open(ResolveWarehouseDir(args.warehouse)));
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<metastore::SqliteDatabase> db,
                            metastore::SqliteDatabase::Open(warehouse.database_path()));
    LAKEML_ASSIGN_OR_RETURN(server::TokenStore store, server::TokenStore::Open(db.get()));
    return body(store);
  }();
  if (!st.ok()) {
    std::fprintf(stderr, "lakeml: %s\n", st.message().c_str());
    *exit_code = 1;
  }
}

}  // namespace

void RegisterTokenCommands(CLI::App* app, int* exit_code) {
  auto args = std::make_shared<TokenArgs>();
  CLI::App* token = app->add_subcommand(
      "token",
      "Manage the API tokens `lakeml server` requires when bound to a non-loopback address");
  token->require_subcommand(1);

  CLI::App* create = token->add_subcommand(
      "create", "Create a token and print it once (only its SHA-256 hash is stored)");
  create->add_option("--warehouse", args->warehouse, kWarehouseOptionHelp);
  create->add_option("--name", args->name, "A label for the token, shown by `token list`");
  create->callback([args, exit_code]() {
    WithTokenStore(*args, exit_code, [&](server::TokenStore& store) -> Status {
      LAKEML_ASSIGN_OR_RETURN(server::CreatedToken created, store.Create(args->name));
      std::printf("%s\n", created.token.c_str());
      std::fprintf(stderr,
                   "lakeml: created token %s; it is shown only now. Clients send it as "
                   "Authorization: Bearer <token> (MLFLOW_TRACKING_TOKEN for MLflow clients).\n",
                   created.info.id.c_str());
      return Status::OK();
    });
  });

  CLI::App* list = token->add_subcommand("list", "List the tokens (never their secrets)");
  list->add_option("--warehouse", args->warehouse, kWarehouseOptionHelp);
  list->callback([args, exit_code]() {
    WithTokenStore(*args, exit_code, [&](server::TokenStore& store) -> Status {
      LAKEML_ASSIGN_OR_RETURN(std::vector<server::TokenInfo> tokens, store.List());
      std::printf("%-16s  %-20s  %-20s  %s\n", "ID", "CREATED", "REVOKED", "NAME");
      for (const server::TokenInfo& t : tokens) {
        std::printf("%-16s  %-20s  %-20s  %s\n", t.id.c_str(),
                    FormatMillisUtc(t.created_at_ms).c_str(),
                    FormatMillisUtc(t.revoked_at_ms).c_str(), t.name.c_str());
      }
      return Status::OK();
    });
  });

  CLI::App* revoke = token->add_subcommand(
      "revoke",
      "Revoke a token by id, or every active token with a name; running servers "
      "refuse it within a second");
  revoke->add_option("--warehouse", args->warehouse, kWarehouseOptionHelp);
  revoke->add_option("id_or_name", args->id_or_name, "The token's id or name")->required();
  revoke->callback([args, exit_code]() {
    WithTokenStore(*args, exit_code,
                   [&](server::TokenStore& store) { return store.Revoke(args->id_or_name); });
  });
}

}  // namespace lakeml::app
