// JavaFloatingText: the text Spark gives a DOUBLE or FLOAT when casting it to STRING and when
// printing results (Java's Double.toString / Float.toString on the shortest round-trip digits):
// plain decimal with at least one fraction digit for 1e-3 <= |v| < 1e7 ("2.0", "-0.0",
// "0.001", "1234567.5"), otherwise computerized scientific notation ("1.0E10", "1.5E-5"),
// and "NaN", "Infinity", "-Infinity".
//
// One implementation for the SQL engine (CAST to STRING, result text, to_json) and the Delta
// log (statistics and partition values as Spark writes them).
//
// Stateless; thread-safe.
#pragma once

#include <string>

namespace lakeml::format {

class JavaFloatingText {
 public:
  static void AppendDouble(double v, std::string* out);
  static void AppendFloat(float v, std::string* out);
};

}  // namespace lakeml::format
