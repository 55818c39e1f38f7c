// Migrations: numbered, forward-only schema changes per component of the metadata database.
//
// Each component (e.g. "catalog", "tracking") owns a list of steps; step i (1-based) is SQL run
// exactly once per database, recorded as (component, i) in the table
// lakeml_migrations(component, version, applied_at_ms). Steps are only ever appended: a released
// step is never edited, since databases in the field have already run it.
//
// Thread-safety: Apply runs in one SqliteDatabase::Transaction, so concurrent Apply calls (threads
// or processes) are serialized and each step still runs once.
#pragma once

#include <string_view>
#include <vector>

#include "base/status.h"
#include "metastore/sqlite_database.h"

namespace lakeml::metastore {

class Migrations {
 public:
  // Runs the steps of `component` that the database has not recorded yet, all in one transaction
  // (all apply or none). Refuses with kNotImplemented a database whose recorded version for the
  // component is newer than steps.size() (written by a newer lakeml).
  static Status Apply(SqliteDatabase* db, std::string_view component,
                      const std::vector<std::string_view>& steps);

  // The highest applied step of `component`; 0 when none (or no lakeml_migrations table yet).
  static Result<int64_t> CurrentVersion(SqliteDatabase* db, std::string_view component);
};

}  // namespace lakeml::metastore
