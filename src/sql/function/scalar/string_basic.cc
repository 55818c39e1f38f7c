// String functions that transform one string: length, case, substring, padding, trimming,
// replace, reverse, repeat, translate, initcap, ascii, chr. Lengths and positions count
// characters (UTF-8 code points) as Spark's UTF8String does; positions are 1-based.
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/binding_factory.h"
#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/array_reshape.h"
#include "sql/function/scalar/row_kernels.h"
#include "sql/function/scalar/utf8_text.h"

namespace lakeml::sql {
namespace {

// Results past this size are refused rather than allocated (repeat, lpad).
constexpr int64_t kMaxStringResultBytes = int64_t{1} << 28;

std::string_view StrArg(const RowArgs& a, size_t k, int64_t i) { return a[k]->GetView(i); }
int32_t IntArg(const RowArgs& a, size_t k, int64_t i) { return a[k]->values_as<int32_t>()[i]; }

Status StringTooLong(int64_t bytes) {
  return SqlError::Make("INVALID_PARAMETER_VALUE.LENGTH", "22023",
                        StrCat("The result of ", bytes, " bytes exceeds the limit of ",
                               kMaxStringResultBytes, " bytes."));
}

Status CharLengthRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  *out = static_cast<int32_t>(Utf8Text::NumChars(StrArg(a, 0, i)));
  return Status::OK();
}

Status OctetLengthRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  *out = static_cast<int32_t>(StrArg(a, 0, i).size());
  return Status::OK();
}

Status UpperRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  *out = Utf8Text::MapChars(StrArg(a, 0, i), Utf8Text::ToUpper);
  // Java's toUpperCase maps the sharp s to two letters: "straße" -> "STRASSE".
  if (out->find("\xC3\x9F") != std::string::npos) {
    std::string expanded;
    for (size_t p = 0; p < out->size(); ++p) {
      if ((*out)[p] == '\xC3' && p + 1 < out->size() && (*out)[p + 1] == '\x9F') {
        expanded += "SS";
        ++p;
      } else {
        expanded += (*out)[p];
      }
    }
    *out = std::move(expanded);
  }
  return Status::OK();
}

Status LowerRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  *out = Utf8Text::MapChars(StrArg(a, 0, i), Utf8Text::ToLower);
  return Status::OK();
}

// Spark's UTF8String.substringSQL(pos, length).
std::string_view SubstringSql(std::string_view s, int64_t pos, int64_t length) {
  const int64_t len = Utf8Text::NumChars(s);
  int64_t start = pos > 0 ? pos - 1 : (pos < 0 ? len + pos : 0);
  const int64_t end = start + length;
  start = std::max<int64_t>(start, 0);
  if (start >= end) return {};
  return Utf8Text::Sub(s, start, end);
}

Status SubstringRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  const int64_t length = a.size() > 2 ? IntArg(a, 2, i) : INT32_MAX;
  *out = SubstringSql(StrArg(a, 0, i), IntArg(a, 1, i), length);
  return Status::OK();
}

Status LeftRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  const int32_t len = IntArg(a, 1, i);
  if (len > 0) *out = SubstringSql(StrArg(a, 0, i), 1, len);
  return Status::OK();
}

Status RightRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  const int32_t len = IntArg(a, 1, i);
  if (len > 0) *out = SubstringSql(StrArg(a, 0, i), -static_cast<int64_t>(len), INT32_MAX);
  return Status::OK();
}

// lpad / rpad (UTF8String.lpad/rpad): pads with `pad` to `len` characters, or truncates.
template <bool kLeft>
Status PadRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  std::string_view s = StrArg(a, 0, i);
  const int64_t len = IntArg(a, 1, i);
  std::string_view pad = a.size() > 2 ? StrArg(a, 2, i) : std::string_view(" ");
  const int64_t have = Utf8Text::NumChars(s);
  const int64_t spaces = len - have;
  const int64_t pad_chars = Utf8Text::NumChars(pad);
  if (spaces <= 0 || pad_chars == 0) {
    *out = Utf8Text::Sub(s, 0, len);
    return Status::OK();
  }
  const int64_t bytes = static_cast<int64_t>(s.size()) + (spaces / pad_chars + 1) * pad.size();
  if (bytes > kMaxStringResultBytes) return StringTooLong(bytes);
  std::string fill;
  for (int64_t k = 0; k < spaces / pad_chars; ++k) fill.append(pad);
  fill.append(Utf8Text::Sub(pad, 0, spaces % pad_chars));
  *out = kLeft ? StrCat(fill, s) : StrCat(s, fill);
  return Status::OK();
}

// trim / ltrim / rtrim / btrim: removes the characters of the trim set (default: spaces).
template <bool kLeading, bool kTrailing>
Status TrimRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  std::string_view s = StrArg(a, 0, i);
  if (a.size() == 1) {
    size_t b = 0, e = s.size();
    if (kLeading) {
      while (b < e && s[b] == ' ') ++b;
    }
    if (kTrailing) {
      while (e > b && s[e - 1] == ' ') --e;
    }
    *out = s.substr(b, e - b);
    return Status::OK();
  }
  std::string_view set = StrArg(a, 1, i);
  auto in_set = [&](size_t pos, size_t len) {
    std::string_view c = s.substr(pos, len);
    for (size_t k = 0; k < set.size(); k += Utf8Text::CharLen(set, k)) {
      if (set.substr(k, Utf8Text::CharLen(set, k)) == c) return true;
    }
    return false;
  };
  size_t b = 0, e = s.size();
  if (kLeading) {
    while (b < e && in_set(b, Utf8Text::CharLen(s, b))) b += Utf8Text::CharLen(s, b);
  }
  if (kTrailing) {
    while (e > b) {
      size_t start = e - 1;
      while (start > b && !Utf8Text::IsLead(s[start])) --start;
      if (!in_set(start, e - start)) break;
      e = start;
    }
  }
  *out = s.substr(b, e - b);
  return Status::OK();
}

Status ReplaceRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  std::string_view s = StrArg(a, 0, i);
  std::string_view search = StrArg(a, 1, i);
  std::string_view repl = a.size() > 2 ? StrArg(a, 2, i) : std::string_view();
  if (search.empty()) {
    *out = s;
    return Status::OK();
  }
  size_t from = 0;
  for (size_t hit; (hit = s.find(search, from)) != std::string_view::npos;) {
    out->append(s.substr(from, hit - from)).append(repl);
    from = hit + search.size();
    if (static_cast<int64_t>(out->size()) > kMaxStringResultBytes) {
      return StringTooLong(static_cast<int64_t>(out->size()));
    }
  }
  out->append(s.substr(from));
  return Status::OK();
}

Status ReverseRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  std::string_view s = StrArg(a, 0, i);
  for (size_t e = s.size(); e > 0;) {
    size_t b = e - 1;
    while (b > 0 && !Utf8Text::IsLead(s[b])) --b;
    out->append(s.substr(b, e - b));
    e = b;
  }
  return Status::OK();
}

Status RepeatRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  std::string_view s = StrArg(a, 0, i);
  const int64_t times = IntArg(a, 1, i);
  if (times <= 0 || s.empty()) return Status::OK();
  const int64_t bytes = times * static_cast<int64_t>(s.size());
  if (bytes > kMaxStringResultBytes) return StringTooLong(bytes);
  out->reserve(bytes);
  for (int64_t k = 0; k < times; ++k) out->append(s);
  return Status::OK();
}

// translate(input, from, to): each character of `from` becomes the character of `to` at the
// same position, or is deleted when `to` is shorter; the first occurrence in `from` wins.
Status TranslateRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  std::string_view s = StrArg(a, 0, i);
  std::string_view from = StrArg(a, 1, i);
  std::string_view to = StrArg(a, 2, i);
  for (size_t p = 0; p < s.size();) {
    const size_t len = Utf8Text::CharLen(s, p);
    std::string_view c = s.substr(p, len);
    bool mapped = false;
    int64_t index = 0;
    for (size_t k = 0; k < from.size(); k += Utf8Text::CharLen(from, k), ++index) {
      if (from.substr(k, Utf8Text::CharLen(from, k)) != c) continue;
      out->append(Utf8Text::Sub(to, index, index + 1));
      mapped = true;
      break;
    }
    if (!mapped) out->append(c);
    p += len;
  }
  return Status::OK();
}

// initcap: lower case, then upper case the first letter of each space-separated word.
Status InitcapRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  std::string lower = Utf8Text::MapChars(StrArg(a, 0, i), Utf8Text::ToLower);
  bool start = true;
  for (size_t p = 0; p < lower.size();) {
    const size_t len = Utf8Text::CharLen(lower, p);
    if (start && len == 1) {
      out->push_back(static_cast<char>(Utf8Text::ToUpper(static_cast<uint8_t>(lower[p]))));
    } else if (start) {
      Utf8Text::Encode(Utf8Text::ToUpper(Utf8Text::Decode(lower, p)), out);
    } else {
      out->append(lower, p, len);
    }
    start = lower[p] == ' ';
    p += len;
  }
  return Status::OK();
}

Status AsciiRow(const KernelContext&, const RowArgs& a, int64_t i, int32_t* out, bool*) {
  std::string_view s = StrArg(a, 0, i);
  *out = s.empty() ? 0 : static_cast<int32_t>(Utf8Text::Decode(s, 0));
  return Status::OK();
}

// chr(n): the character n mod 256 (Latin-1); '' for negative n.
Status ChrRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  const int64_t v = a[0]->values_as<int64_t>()[i];
  if (v >= 0) Utf8Text::Encode(static_cast<uint32_t>(v & 0xFF), out);
  return Status::OK();
}

Status SpaceRow(const KernelContext&, const RowArgs& a, int64_t i, std::string* out, bool*) {
  const int64_t k = IntArg(a, 0, i);
  if (k > kMaxStringResultBytes) return StringTooLong(k);
  if (k > 0) out->assign(k, ' ');
  return Status::OK();
}

constexpr BindingFactory::Signature kStringBasic[] = {
    {"length", 1, "S", 'I', RowKernels::Fixed<int32_t, CharLengthRow>, false},
    {"char_length", 1, "S", 'I', RowKernels::Fixed<int32_t, CharLengthRow>, false},
    {"character_length", 1, "S", 'I', RowKernels::Fixed<int32_t, CharLengthRow>, false},
    {"len", 1, "S", 'I', RowKernels::Fixed<int32_t, CharLengthRow>, false},
    {"octet_length", 1, "S", 'I', RowKernels::Fixed<int32_t, OctetLengthRow>, false},
    {"upper", 1, "S", 'S', RowKernels::String<UpperRow>, false},
    {"ucase", 1, "S", 'S', RowKernels::String<UpperRow>, false},
    {"lower", 1, "S", 'S', RowKernels::String<LowerRow>, false},
    {"lcase", 1, "S", 'S', RowKernels::String<LowerRow>, false},
    {"substring", 2, "SII", 'S', RowKernels::String<SubstringRow>, false},
    {"substr", 2, "SII", 'S', RowKernels::String<SubstringRow>, false},
    {"left", 2, "SI", 'S', RowKernels::String<LeftRow>, false},
    {"right", 2, "SI", 'S', RowKernels::String<RightRow>, false},
    {"lpad", 2, "SIS", 'S', RowKernels::String<PadRow<true>>, true},
    {"rpad", 2, "SIS", 'S', RowKernels::String<PadRow<false>>, true},
    {"trim", 1, "SS", 'S', RowKernels::String<TrimRow<true, true>>, false},
    {"btrim", 1, "SS", 'S', RowKernels::String<TrimRow<true, true>>, false},
    {"ltrim", 1, "SS", 'S', RowKernels::String<TrimRow<true, false>>, false},
    {"rtrim", 1, "SS", 'S', RowKernels::String<TrimRow<false, true>>, false},
    {"replace", 2, "SSS", 'S', RowKernels::String<ReplaceRow>, true},
    {"reverse", 1, "S", 'S', RowKernels::String<ReverseRow>, false},
    {"repeat", 2, "SI", 'S', RowKernels::String<RepeatRow>, true},
    {"translate", 3, "SSS", 'S', RowKernels::String<TranslateRow>, false},
    {"initcap", 1, "S", 'S', RowKernels::String<InitcapRow>, false},
    {"ascii", 1, "S", 'I', RowKernels::Fixed<int32_t, AsciiRow>, false},
    {"chr", 1, "L", 'S', RowKernels::String<ChrRow>, false},
    {"char", 1, "L", 'S', RowKernels::String<ChrRow>, false},
    {"space", 1, "I", 'S', RowKernels::String<SpaceRow>, true},
};

Result<BindingFactory::Ptr> ResolveStringBasic(std::string_view name,
                                               const std::vector<TypePtr>& in) {
  if (name == "reverse" && in.size() == 1 && in[0]->id() == TypeId::kList) {
    return ArrayReshape::ResolveReverse(in);  // sql-nested
  }
  return BindingFactory::FromTable(kStringBasic, std::size(kStringBasic), name, in);
}

}  // namespace

void BuiltinFunctions::RegisterStringBasic(FunctionRegistry* registry) {
  BindingFactory::AddTable(registry, kStringBasic, std::size(kStringBasic), ResolveStringBasic);
}

}  // namespace lakeml::sql
