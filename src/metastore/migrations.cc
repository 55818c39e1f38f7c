#include "metastore/migrations.h"

#include "base/clock.h"

namespace lakeml::metastore {
namespace {

// DO NOT CHANGE: stored in lakeml.db; add a migration instead.
constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS lakeml_migrations ("
    "  component TEXT NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  applied_at_ms INTEGER NOT NULL,"
    "  PRIMARY KEY (component, version))";

}  // namespace

Result<int64_t> Migrations::CurrentVersion(SqliteDatabase* db, std::string_view component) {
  int64_t version = 0;
  LAKEML_RETURN_IF_ERROR(db->ReadTransaction([&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(auto exists,
                            db->Prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                        "name = 'lakeml_migrations'"));
    LAKEML_ASSIGN_OR_RETURN(bool has_table, exists.Step());
    if (!has_table) return Status::OK();
    LAKEML_ASSIGN_OR_RETURN(
        auto max, db->Prepare("SELECT max(version) FROM lakeml_migrations WHERE component = ?"));
    LAKEML_RETURN_IF_ERROR(max.Bind(1, component));
    LAKEML_ASSIGN_OR_RETURN(bool row, max.Step());
    if (row && !max.ColumnIsNull(0)) version = max.ColumnInt64(0);
    return Status::OK();
  }));
  return version;
}

Status Migrations::Apply(SqliteDatabase* db, std::string_view component,
                         const std::vector<std::string_view>& steps) {
  if (component.empty()) return Status::InvalidArgument("Migrations need a component name");
  return db->Transaction([&]() -> Status {
    LAKEML_RETURN_IF_ERROR(db->Exec(kCreateMigrationsTable));
    LAKEML_ASSIGN_OR_RETURN(int64_t current, CurrentVersion(db, component));
    const int64_t known = static_cast<int64_t>(steps.size());
    if (current > known) {
      return Status::NotImplemented(
          "The metadata database was written by a newer lakeml: its schema version for "
          "component '",
          component, "' is ", current, ", this lakeml knows versions up to ", known,
          "; upgrade lakeml. Database: ", db->path());
    }
    LAKEML_ASSIGN_OR_RETURN(auto record,
                            db->Prepare("INSERT INTO lakeml_migrations (component, version, "
                                        "applied_at_ms) VALUES (?, ?, ?)"));
    for (int64_t version = current + 1; version <= known; ++version) {
      Status s = db->Exec(steps[version - 1]);
      if (!s.ok()) {
        return s.WithContext("Migration ", version, " of component '", component, "' failed");
      }
      record.Reset();
      LAKEML_RETURN_IF_ERROR(record.Bind(1, component));
      LAKEML_RETURN_IF_ERROR(record.Bind(2, version));
      LAKEML_RETURN_IF_ERROR(record.Bind(3, NowMillis()));
      LAKEML_RETURN_IF_ERROR(record.Run());
    }
    return Status::OK();
  });
}

}  // namespace lakeml::metastore
