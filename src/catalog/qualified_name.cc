#include "catalog/qualified_name.h"

namespace lakeml::catalog {

std::string QualifiedName::NormalizePart(std::string_view part) {
  std::string out(part);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string QualifiedName::Quote(std::string_view part) {
  std::string out = "`";
  for (char c : part) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

std::string QualifiedName::QuoteIfNeeded(std::string_view part) {
  bool plain = !part.empty();
  bool all_digits = true;
  for (char c : part) {
    const bool digit = c >= '0' && c <= '9';
    const bool word = digit || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    plain = plain && word;
    all_digits = all_digits && digit;
  }
  return plain && !all_digits ? std::string(part) : Quote(part);
}

std::string QualifiedName::ToString() const {
  return QuoteIfNeeded(catalog) + "." + QuoteIfNeeded(schema) + "." + QuoteIfNeeded(name);
}

std::string QualifiedName::ToQuotedString() const {
  return Quote(catalog) + "." + Quote(schema) + "." + Quote(name);
}

QualifiedName QualifiedName::Normalized() const {
  return QualifiedName{NormalizePart(catalog), NormalizePart(schema), NormalizePart(name)};
}

}  // namespace lakeml::catalog
