// SltFile: a parsed sqllogictest file: its header tags and its records in file order.
//
// A plain value type; thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "sqllogictest/slt_record.h"

namespace lakeml::slt {

struct SltFile {
  std::string path;  // as given to the parser; prefixes every error and failure
  // `# group: [select] [slow]` tags without brackets; "slow" lets LAKEML_SLT_SKIP_SLOW skip it.
  std::vector<std::string> groups;
  std::string description;  // `# description: ...`
  std::vector<SltRecord> records;

  bool HasGroup(const std::string& group) const {
    for (const std::string& g : groups) {
      if (g == group) return true;
    }
    return false;
  }
};

}  // namespace lakeml::slt
