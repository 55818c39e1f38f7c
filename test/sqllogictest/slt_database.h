// SltDatabase: the interface between the sqllogictest runner and a SQL engine.
//
// One SltDatabase serves one .test file and is not shared between threads. The runner owns it
// (through the factory's unique_ptr) and destroys it before removing the file's __TEST_DIR__.
// Adapters render every value as text themselves (NULL as nullopt), so the runner never sees
// engine types; the query's type string (I, R, T) tells the comparator how to compare.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace lakeml::slt {

struct SltQueryResult {
  std::vector<std::string> column_names;
  // rows[r][c]: the value rendered as text by the adapter; nullopt = SQL NULL.
  std::vector<std::vector<std::optional<std::string>>> rows;
};

class SltDatabase {
 public:
  virtual ~SltDatabase() = default;

  // Runs `sql` (one statement, or several where the engine accepts that) and returns the
  // result of the last one; statements without a result return zero columns. An error
  // Status's message is the engine's error text, which `statement error` matches against.
  virtual Result<SltQueryResult> Execute(const std::string& sql) = 0;

  // The name `skipif <db>` and `onlyif <db>` compare against: "lakeml", "sqlite".
  virtual std::string name() const = 0;

  // Whether `require <feature>` may run the file; an unsupported feature skips the file.
  virtual bool Supports(std::string_view feature) const { return false; }
};

// Opens a fresh database for one .test file. `work_dir` is that file's __TEST_DIR__ (an
// empty temporary directory removed after the file), where a file-backed engine may live.
using SltDatabaseFactory =
    std::function<Result<std::unique_ptr<SltDatabase>>(const std::string& work_dir)>;

}  // namespace lakeml::slt
