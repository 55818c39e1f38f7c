// libFuzzer target for the SQL parser: arbitrary bytes as SQL text. Must never crash, hang or
// over-allocate; syntax errors are expected and ignored. Whatever parses must round-trip:
// AstPrinter's text parses again to an equal tree (checked with __builtin_trap, which the
// fuzzer reports).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sql/parser/ast_printer.h"
#include "sql/parser/parser.h"

namespace {

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view sql(reinterpret_cast<const char*>(data), size);
  auto parsed = lakeml::sql::Parser::Parse(sql);
  if (!parsed.ok()) {
    Check(!parsed.status().message().empty());
    return 0;
  }
  for (const auto& statement : *parsed) {
    std::string printed = lakeml::sql::AstPrinter::Print(*statement);
    auto again = lakeml::sql::Parser::Parse(printed);
    // The printed form may nest deeper than the input (parentheses), so a depth error on
    // re-parsing is not a round-trip failure.
    if (!again.ok() && again.status().message().find("nesting deeper") != std::string::npos) {
      continue;
    }
    Check(again.ok());
    Check(again->size() == 1);
    Check((*again)[0]->Equals(*statement));
  }
  auto expr = lakeml::sql::Parser::ParseExpression(sql);
  if (expr.ok()) {
    auto again = lakeml::sql::Parser::ParseExpression(lakeml::sql::AstPrinter::Print(**expr));
    Check(!again.ok() || (*again)->Equals(**expr));
  }
  return 0;
}
