#include "sqllogictest/sqlite_slt_database.h"

#include <sqlite3.h>

#include <charconv>
#include <utility>

#include "base/str_cat.h"

namespace lakeml::slt {
namespace {

std::string RenderSqliteReal(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  std::string s(buf, end);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // n: inf, nan
  return s;
}

}  // namespace

SqliteSltDatabase::~SqliteSltDatabase() { sqlite3_close_v2(db_); }

Result<std::unique_ptr<SltDatabase>> SqliteSltDatabase::Open() {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::IOError("Cannot open an in-memory SQLite database: ", message);
  }
  return std::unique_ptr<SltDatabase>(new SqliteSltDatabase(db));
}

SltDatabaseFactory SqliteSltDatabase::Factory() {
  return [](const std::string& /*work_dir*/) { return Open(); };
}

Result<SltQueryResult> SqliteSltDatabase::Execute(const std::string& sql) {
  SltQueryResult result;
  const char* tail = sql.c_str();
  const char* const end = sql.c_str() + sql.size();
  while (tail < end) {
    sqlite3_stmt* stmt = nullptr;
    const char* next = nullptr;
    int rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &stmt, &next);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return Status::InvalidArgument(sqlite3_errmsg(db_));
    }
    tail = next;
    if (stmt == nullptr) continue;  // whitespace or a comment
    SltQueryResult current;
    const int columns = sqlite3_column_count(stmt);
    for (int c = 0; c < columns; ++c)
      current.column_names.emplace_back(sqlite3_column_name(stmt, c));
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<std::optional<std::string>> row;
      row.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            row.emplace_back(std::nullopt);
            break;
          case SQLITE_INTEGER:
            row.emplace_back(StrCat(sqlite3_column_int64(stmt, c)));
            break;
          case SQLITE_FLOAT:
            row.emplace_back(RenderSqliteReal(sqlite3_column_double(stmt, c)));
            break;
          default: {
            const void* bytes = sqlite3_column_blob(stmt, c);
            int n = sqlite3_column_bytes(stmt, c);
            row.emplace_back(bytes ? std::string(static_cast<const char*>(bytes), n) : "");
            break;
          }
        }
      }
      current.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
      std::string message = sqlite3_errmsg(db_);
      sqlite3_finalize(stmt);
      return Status::InvalidArgument(message);
    }
    sqlite3_finalize(stmt);
    result = std::move(current);
  }
  return result;
}

}  // namespace lakeml::slt
