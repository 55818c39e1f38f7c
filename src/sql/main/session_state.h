// SessionState: what one Connection remembers between statements: the current catalog and
// schema (USE) and the session's temporary views. Names are stored lower-case.
//
// Owned by the Connection; used by one thread at a time, like the Connection.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sql/parser/ast_node.h"

namespace lakeml::sql {

struct TempView {
  std::string text;                      // The query as AstPrinter prints it.
  std::shared_ptr<const AstNode> query;  // Parsed once, bound on every use.
  std::vector<std::string> columns;      // The view's output column names.
};

struct SessionState {
  std::string catalog = "main";
  std::string schema = "default";
  std::map<std::string, TempView> temp_views;  // Key: lower-case view name.
};

}  // namespace lakeml::sql
