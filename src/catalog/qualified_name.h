// QualifiedName: the three parts of a catalog object's name, catalog.schema.name.
//
// Names are case-insensitive, as in Spark and Unity Catalog: the Catalog stores and compares them
// in lower case (ASCII letters only are folded; other bytes are kept as they are). A value type;
// thread-compatible.
#pragma once

#include <string>
#include <string_view>

namespace lakeml::catalog {

struct QualifiedName {
  std::string catalog;
  std::string schema;
  std::string name;

  // Spark's display form: each part bare when it is [A-Za-z0-9_]+ and not all digits, otherwise in
  // backticks with inner backticks doubled: main.default.t, `my-cat`.default.t
  std::string ToString() const;
  // Every part in backticks, as Spark's error messages print names: `main`.`default`.`t`
  std::string ToQuotedString() const;

  // The same name with every part folded to lower case.
  QualifiedName Normalized() const;

  // One part folded to lower case (ASCII letters only).
  static std::string NormalizePart(std::string_view part);
  // One part as ToString() prints it.
  static std::string QuoteIfNeeded(std::string_view part);
  // One part in backticks, inner backticks doubled.
  static std::string Quote(std::string_view part);

  friend bool operator==(const QualifiedName& a, const QualifiedName& b) = default;
};

}  // namespace lakeml::catalog
