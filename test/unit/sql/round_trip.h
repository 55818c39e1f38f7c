// RoundTrip: test support that parses SQL, prints it canonically, parses the printed text
// again and checks that both trees are equal. Stateless; thread-safe.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "sql/parser/ast_printer.h"
#include "sql/parser/parser.h"

namespace lakeml::sql {

class RoundTrip {
 public:
  // The canonical text of the single statement in `sql`, after checking that it round-trips;
  // "ERROR: <message>" when `sql` does not parse.
  static std::string Canonical(std::string_view sql) {
    auto parsed = Parser::Parse(sql);
    if (!parsed.ok()) return "ERROR: " + parsed.status().message();
    if (parsed->size() != 1) return "ERROR: not one statement";
    std::string printed = AstPrinter::Print(*(*parsed)[0]);
    auto again = Parser::Parse(printed);
    if (!again.ok()) {
      ADD_FAILURE() << "printed text does not parse: " << printed << "\n"
                    << again.status().message();
      return printed;
    }
    if (again->size() != 1 || !(*again)[0]->Equals(*(*parsed)[0])) {
      ADD_FAILURE() << "round trip changed the tree: " << printed << "\nbefore:\n"
                    << (*parsed)[0]->DebugString() << "after:\n"
                    << (again->empty() ? "" : (*again)[0]->DebugString());
    }
    EXPECT_EQ(AstPrinter::Print(*(*again)[0]), printed);
    return printed;
  }

  // Canonical text of an expression (Parser::ParseExpression), checked the same way.
  static std::string Expression(std::string_view sql) {
    auto parsed = Parser::ParseExpression(sql);
    if (!parsed.ok()) return "ERROR: " + parsed.status().message();
    std::string printed = AstPrinter::Print(**parsed);
    auto again = Parser::ParseExpression(printed);
    if (!again.ok() || !(*again)->Equals(**parsed)) {
      ADD_FAILURE() << "expression round trip failed: " << printed;
    }
    return printed;
  }

  // The error message for `sql`, or "OK" when it parses.
  static std::string Error(std::string_view sql) {
    auto parsed = Parser::Parse(sql);
    return parsed.ok() ? "OK" : parsed.status().message();
  }
};

}  // namespace lakeml::sql
