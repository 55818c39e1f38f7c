// SessionTableResolver: the binder's TableResolver for one session. Resolves, in order:
// path tables (delta.`/path`), the session's temporary views (one-part names), then 1-, 2- and
// 3-part names through the warehouse's catalog against the current catalog and schema (Delta
// tables become DeltaTableSources; views come back as their parsed query, which the binder
// binds as a subquery).
//
// Borrows the Database and the SessionState (owned by the Connection, which outlives it).
// Used by one statement's binder at a time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/qualified_name.h"
#include "catalog/table_entry.h"
#include "sql/binder/table_resolver.h"
#include "sql/main/database.h"
#include "sql/main/session_state.h"

namespace lakeml::sql {

class SessionTableResolver final : public TableResolver {
 public:
  SessionTableResolver(Database* db, SessionState* session) : db_(db), session_(session) {}

  Result<ResolvedTable> ResolveTable(const std::vector<std::string>& parts, SourcePosition pos,
                                     const std::optional<TimeTravel>& travel) override;
  // Table-valued functions over files (sql-syntax; session_table_resolver_files.cc).
  Result<ResolvedTable> ResolveFiles(const FileScanRequest& request, SourcePosition pos) override;

  // The fully qualified, lower-case name of `parts` (1 to 3 parts) against the session's current
  // catalog and schema; REQUIRES_SINGLE_PART_NAMESPACE at `pos` for more than 3 parts.
  Result<catalog::QualifiedName> Qualify(const std::vector<std::string>& parts,
                                         SourcePosition pos) const;
  // The catalog entry of a table or view; TABLE_OR_VIEW_NOT_FOUND at `pos` when there is none
  // (or no warehouse).
  Result<catalog::TableEntry> LookupEntry(const std::vector<std::string>& parts,
                                          SourcePosition pos) const;
  // A Delta table's source (latest version, or the time-travel version).
  Result<ResolvedTable> OpenDelta(const std::string& location, const std::string& display,
                                  std::vector<std::string> qualifier, SourcePosition pos,
                                  const std::optional<TimeTravel>& travel) const;

 private:
  Result<ResolvedTable> ResolvePath(const std::vector<std::string>& parts, SourcePosition pos,
                                    const std::optional<TimeTravel>& travel) const;
  Result<ResolvedTable> OpenFiles(const FileScanRequest& request, SourcePosition pos) const;

  Database* db_;
  SessionState* session_;
};

}  // namespace lakeml::sql
