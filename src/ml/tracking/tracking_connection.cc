#include "ml/tracking/tracking_connection.h"

namespace lakeml::ml {

Result<std::unique_ptr<TrackingConnection>> TrackingConnection::Open(const std::string& path,
                                                                     bool full_sync) {
  auto conn = std::make_unique<TrackingConnection>();
  LAKEML_ASSIGN_OR_RETURN(conn->db, metastore::SqliteDatabase::Open(path));
  // MLflow's LIKE is case-sensitive (ILIKE is not); 64 MiB of page cache per connection keeps
  // the run and metric indexes of a large store in memory; temp b-trees (sorts) stay in memory.
  LAKEML_RETURN_IF_ERROR(conn->db->Exec(
      StrCat("PRAGMA case_sensitive_like=ON; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; "
             "PRAGMA synchronous=",
             full_sync ? "FULL" : "NORMAL")));
  conn->cache = std::make_unique<metastore::StatementCache>(conn->db.get());
  return conn;
}

}  // namespace lakeml::ml
