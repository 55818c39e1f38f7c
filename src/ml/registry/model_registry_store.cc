#include "ml/registry/model_registry_store.h"

#include <algorithm>

#include "metastore/migrations.h"
#include "ml/registry/registry_migrations.h"
#include "ml/tracking/connection_pool.h"
#include "ml/tracking/group_committer.h"

namespace lakeml::ml {

ModelRegistryStore::ModelRegistryStore(std::unique_ptr<GroupCommitter> committer,
                                       std::unique_ptr<ConnectionPool> readers)
    : committer_(std::move(committer)), readers_(std::move(readers)) {}

ModelRegistryStore::~ModelRegistryStore() = default;

Result<std::unique_ptr<ModelRegistryStore>> ModelRegistryStore::Open(
    const ModelRegistryStoreOptions& options) {
  LAKEML_ASSIGN_OR_RETURN(auto writer,
                          TrackingConnection::Open(options.db_path, options.power_loss_durable));
  LAKEML_RETURN_IF_ERROR(metastore::Migrations::Apply(
      writer->db.get(), RegistryMigrations::kComponent, RegistryMigrations::Steps()));
  auto committer = std::make_unique<GroupCommitter>(std::move(writer));
  auto readers =
      std::make_unique<ConnectionPool>(options.db_path, std::max<size_t>(1, options.max_readers));
  return std::unique_ptr<ModelRegistryStore>(
      new ModelRegistryStore(std::move(committer), std::move(readers)));
}

}  // namespace lakeml::ml
