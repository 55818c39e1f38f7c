#include "delta/stats/stats_options.h"

#include <cctype>

#include "delta/stats/stats_value_text.h"

namespace lakeml::delta {

Result<std::vector<ColumnPath>> StatsOptions::ParseColumnList(std::string_view text) {
  std::vector<ColumnPath> out;
  size_t pos = 0;
  auto skip_space = [&] {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  };
  auto error = [&](std::string_view what) {
    return Status::InvalidArgument("Invalid column list at offset ", pos, ": ", what, ": ",
                                   text);
  };
  skip_space();
  if (pos == text.size()) return out;  // An empty list is allowed.
  while (true) {
    ColumnPath path;
    while (true) {
      skip_space();
      std::string name;
      if (pos < text.size() && text[pos] == '`') {
        ++pos;
        while (true) {
          if (pos >= text.size()) return error("unterminated `name`");
          if (text[pos] == '`') {
            if (pos + 1 < text.size() && text[pos + 1] == '`') {
              name.push_back('`');
              pos += 2;
              continue;
            }
            ++pos;
            break;
          }
          name.push_back(text[pos++]);
        }
      } else {
        while (pos < text.size() && (std::isalnum(static_cast<unsigned char>(text[pos])) ||
                                     text[pos] == '_')) {
          name.push_back(text[pos++]);
        }
        if (name.empty()) return error("expected a column name");
      }
      path.push_back(std::move(name));
      skip_space();
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        continue;
      }
      break;
    }
    out.push_back(std::move(path));
    if (pos == text.size()) return out;
    if (text[pos] != ',') return error("expected ',' or '.'");
    ++pos;
  }
}

Result<StatsOptions> StatsOptions::FromConfiguration(const StringMap& configuration) {
  StatsOptions options;
  if (auto it = configuration.find(kDataSkippingNumIndexedColsKey); it != configuration.end()) {
    int64_t n;
    std::string_view v = it->second;
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
    if (!ParseInt64Text(v, &n) || n < -1 || n > INT32_MAX) {
      return Status::InvalidArgument("Invalid ", kDataSkippingNumIndexedColsKey,
                                     ": must be an integer >= -1: ", it->second);
    }
    options.num_indexed_cols = static_cast<int>(n);
  }
  if (auto it = configuration.find(kDataSkippingStatsColumnsKey); it != configuration.end()) {
    Result<std::vector<ColumnPath>> cols = ParseColumnList(it->second);
    if (!cols.ok()) {
      return cols.status().WithContext("Invalid ", kDataSkippingStatsColumnsKey);
    }
    options.stats_columns = std::move(cols).value();
  }
  return options;
}

}  // namespace lakeml::delta
