#include "metastore/statement_cache.h"

namespace lakeml::metastore {

Result<CachedStatement> StatementCache::Get(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    LAKEML_ASSIGN_OR_RETURN(SqliteStatement stmt, db_->Prepare(sql));
    it = statements_.emplace(std::string(sql), std::make_unique<SqliteStatement>(std::move(stmt)))
             .first;
  }
  return CachedStatement(it->second.get());
}

}  // namespace lakeml::metastore
