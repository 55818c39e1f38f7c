// More string functions: substring_index, split_part, find_in_set, levenshtein, bit_length,
// soundex. Positions count characters; delimiters match bytewise (UTF-8 is self-synchronizing).
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/row_kernels.h"
#include "sql/function/scalar/utf8_text.h"

namespace lakeml::sql {
namespace {

// Inputs of levenshtein beyond this many characters are refused (the table is quadratic).
constexpr int64_t kMaxLevenshteinChars = 1 << 16;

// substring_index(str, delim, count): before the count-th delimiter from the left (count > 0)
// or after the count-th from the right (count < 0).
Status SubstringIndexRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out,
                         bool*) {
  std::string_view s = a[0]->GetView(i), delim = a[1]->GetView(i);
  const int32_t count = a[2]->values_as<int32_t>()[i];
  if (delim.empty() || count == 0) return Status::OK();
  if (count > 0) {
    size_t pos = 0;
    for (int32_t k = 0; k < count; ++k) {
      const size_t hit = s.find(delim, pos);
      if (hit == std::string_view::npos) {
        *out = s;
        return Status::OK();
      }
      pos = hit + (k + 1 < count ? delim.size() : 0);
      if (k + 1 == count) {
        *out = s.substr(0, hit);
        return Status::OK();
      }
    }
  }
  size_t end = s.size();
  for (int64_t k = 0; k < -static_cast<int64_t>(count); ++k) {
    if (end < delim.size()) {
      *out = s;
      return Status::OK();
    }
    const size_t hit = s.rfind(delim, end - delim.size());
    if (hit == std::string_view::npos) {
      *out = s;
      return Status::OK();
    }
    if (k + 1 == -static_cast<int64_t>(count)) {
      *out = s.substr(hit + delim.size());
      return Status::OK();
    }
    if (hit == 0) {
      *out = s;
      return Status::OK();
    }
    end = hit;
  }
  return Status::OK();
}

// split_part(str, delim, n): the n-th field (negative n counts from the end); '' past the end.
Status SplitPartRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  std::string_view s = a[0]->GetView(i), delim = a[1]->GetView(i);
  const int32_t n = a[2]->values_as<int32_t>()[i];
  if (n == 0) {
    return SqlError::Make("INVALID_INDEX_OF_ZERO", "22003",
                          "The index 0 is invalid. An index shall be either < 0 or > 0 (the first "
                          "element has index 1).");
  }
  std::vector<std::string_view> parts;
  if (delim.empty()) {
    parts.push_back(s);
  } else {
    size_t pos = 0;
    for (size_t hit; (hit = s.find(delim, pos)) != std::string_view::npos;) {
      parts.push_back(s.substr(pos, hit - pos));
      pos = hit + delim.size();
    }
    parts.push_back(s.substr(pos));
  }
  const int64_t k = n > 0 ? n - 1 : static_cast<int64_t>(parts.size()) + n;
  if (k >= 0 && k < static_cast<int64_t>(parts.size())) *out = parts[k];
  return Status::OK();
}

// find_in_set(str, list): 1-based index of str in the comma-separated list; 0 when absent or
// when str contains a comma.
Status FindInSetRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  std::string_view s = a[0]->GetView(i), list = a[1]->GetView(i);
  *out = 0;
  if (s.find(',') != std::string_view::npos) return Status::OK();
  int32_t index = 1;
  size_t pos = 0;
  while (true) {
    const size_t comma = list.find(',', pos);
    if (list.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos) ==
        s) {
      *out = index;
      return Status::OK();
    }
    if (comma == std::string_view::npos) return Status::OK();
    pos = comma + 1;
    ++index;
  }
}

std::vector<std::string_view> SplitChars(std::string_view s) {
  std::vector<std::string_view> chars;
  for (size_t p = 0; p < s.size(); p += Utf8Text::CharLen(s, p)) {
    chars.push_back(s.substr(p, Utf8Text::CharLen(s, p)));
  }
  return chars;
}

Status LevenshteinRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  const std::vector<std::string_view> x = SplitChars(a[0]->GetView(i));
  const std::vector<std::string_view> y = SplitChars(a[1]->GetView(i));
  if (static_cast<int64_t>(x.size()) > kMaxLevenshteinChars ||
      static_cast<int64_t>(y.size()) > kMaxLevenshteinChars) {
    return SqlError::Make(
        "INVALID_PARAMETER_VALUE.LENGTH", "22023",
        StrCat("levenshtein supports strings of up to ", kMaxLevenshteinChars, " characters."));
  }
  std::vector<int32_t> prev(y.size() + 1), cur(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) prev[j] = static_cast<int32_t>(j);
  for (size_t r = 1; r <= x.size(); ++r) {
    cur[0] = static_cast<int32_t>(r);
    for (size_t j = 1; j <= y.size(); ++j) {
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[r - 1] == y[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  *out = prev[y.size()];
  return Status::OK();
}

Status BitLengthRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  *out = static_cast<int32_t>(a[0]->GetView(i).size() * 8);
  return Status::OK();
}

// soundex as Spark's UTF8String.soundex: strings not starting with an ASCII letter are
// returned unchanged.
Status SoundexRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  std::string_view s = a[0]->GetView(i);
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0])) ||
      static_cast<unsigned char>(s[0]) >= 0x80) {
    *out = s;
    return Status::OK();
  }
  // Codes for A..Z; '0' vowels (separate equal codes), '7' H and W (do not separate).
  static constexpr char kCodes[] = "01230127022455012623017202";
  out->push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(s[0]))));
  char last = kCodes[out->back() - 'A'];
  for (size_t k = 1; k < s.size() && out->size() < 4; ++k) {
    const unsigned char c = static_cast<unsigned char>(s[k]);
    if (c >= 0x80 || !std::isalpha(c)) {
      last = '0';
      continue;
    }
    const char code = kCodes[std::toupper(c) - 'A'];
    if (code == '7') continue;
    if (code != '0' && code != last) out->push_back(code);
    last = code;
  }
  while (out->size() < 4) out->push_back('0');
  return Status::OK();
}

constexpr BindingFactory::Signature kStringExtra[] = {
    {"substring_index", 3, "SSI", 'S', RowKernels::String<SubstringIndexRow>, false},
    {"split_part", 3, "SSI", 'S', RowKernels::String<SplitPartRow>, true},
    {"find_in_set", 2, "SS", 'I', RowKernels::Fixed<int32_t, FindInSetRow>, false},
    {"levenshtein", 2, "SS", 'I', RowKernels::Fixed<int32_t, LevenshteinRow>, true},
    {"bit_length", 1, "S", 'I', RowKernels::Fixed<int32_t, BitLengthRow>, false},
    {"soundex", 1, "S", 'S', RowKernels::String<SoundexRow>, false},
};

Result<BindingFactory::Ptr> ResolveStringExtra(std::string_view name,
                                               const std::vector<TypePtr>& in) {
  return BindingFactory::FromTable(kStringExtra, std::size(kStringExtra), name, in);
}

}  // namespace

void BuiltinFunctions::RegisterStringExtra(FunctionRegistry* registry) {
  BindingFactory::AddTable(registry, kStringExtra, std::size(kStringExtra), ResolveStringExtra);
}

}  // namespace lakeml::sql
