#include "sql/binder/bind_scope.h"

#include <strings.h>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"

namespace lakeml::sql {
namespace {

bool SameName(const std::string& a, const std::string& b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Whether `qualifier` ends with the given parts (t matches main.default.t).
bool QualifierMatches(const std::vector<std::string>& qualifier,
                      const std::vector<std::string>& parts, size_t count) {
  if (count > qualifier.size()) return false;
  const size_t base = qualifier.size() - count;
  for (size_t i = 0; i < count; ++i) {
    if (!SameName(qualifier[base + i], parts[i])) return false;
  }
  return true;
}

}  // namespace

Status BindScope::Find(const std::vector<std::string>& parts, SourcePosition pos, int* index,
                       size_t* parts_used) const {
  *index = -1;
  // Try the longest qualifier first: a.b.c may be table a.b column c or column a field b.c.
  for (size_t q = std::min<size_t>(parts.size() - 1, 3);; --q) {
    int found = -1;
    int matches = 0;
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (!SameName(columns_[i].name, parts[q])) continue;
      if (q == 0 && columns_[i].hidden) continue;
      if (!QualifierMatches(columns_[i].qualifier, parts, q)) continue;
      if (found < 0) found = static_cast<int>(i);
      ++matches;
    }
    if (matches > 1) {
      std::string name;
      for (size_t i = 0; i <= q; ++i) name += (i ? "." : "") + StrCat("`", parts[i], "`");
      return SqlError::At(pos, "AMBIGUOUS_REFERENCE", "42704",
                          StrCat(
                              "Reference ", name, " is ambiguous, could be: [",
                              [&] {
                                std::string list;
                                for (const auto& c : columns_) {
                                  if (!SameName(c.name, parts[q])) continue;
                                  if (!list.empty()) list += ", ";
                                  for (const auto& p : c.qualifier) list += StrCat("`", p, "`.");
                                  list += StrCat("`", c.name, "`");
                                }
                                return list;
                              }(),
                              "]."));
    }
    if (found >= 0) {
      *index = found;
      *parts_used = q + 1;
      return Status::OK();
    }
    if (q == 0) break;
  }
  return Status::OK();
}

std::vector<std::string> BindScope::SuggestionNames() const {
  std::vector<std::string> out;
  for (const auto& c : columns_) {
    std::string n = c.qualifier.empty() ? "" : StrCat("`", c.qualifier.back(), "`.");
    out.push_back(StrCat(n, "`", c.name, "`"));
  }
  return out;
}

}  // namespace lakeml::sql
