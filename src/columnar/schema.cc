#include "columnar/schema.h"

#include <strings.h>

namespace lakeml::columnar {

int Schema::FieldIndex(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return static_cast<int>(i);
  }
  for (size_t i = 0; i < fields_.size(); ++i) {
    const std::string& f = fields_[i].name;
    if (f.size() == name.size() && strncasecmp(f.data(), name.data(), f.size()) == 0) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::string Schema::ToString() const {
  std::string out;
  for (const Field& f : fields_) {
    out += f.name;
    out += ": ";
    out += f.type->ToString();
    if (!f.nullable) out += " not null";
    out += "\n";
  }
  return out;
}

}  // namespace lakeml::columnar
