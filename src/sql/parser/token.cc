#include "sql/parser/token.h"

namespace lakeml::sql {

bool Token::IsKeyword(std::string_view keyword) const {
  if (type != TokenType::kIdentifier || text.size() != keyword.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != keyword[i]) return false;
  }
  return true;
}

}  // namespace lakeml::sql
