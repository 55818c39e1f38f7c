#include "ml/tracking/filter_tokenizer.h"

#include <array>
#include <cctype>

#include "ml/tracking/mlflow_error.h"

namespace lakeml::ml {
namespace {

constexpr std::array<std::string_view, 9> kFilterKeywords = {"AND", "OR", "LIKE", "ILIKE", "IN",
                                                             "NOT", "IS", "NULL", "ASC"};

bool IsBareKeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == ':' ||
         c == '/' || c == '-';
}

bool IsIdentifierStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}

std::string UpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Reads a quoted run starting at input[*pos] (the quote); doubled quotes and backslashes escape.
bool ReadQuoted(std::string_view input, size_t* pos, std::string* out) {
  const char quote = input[*pos];
  size_t i = *pos + 1;
  while (i < input.size()) {
    const char c = input[i];
    if (c == '\\' && i + 1 < input.size()) {
      out->push_back(input[i + 1]);
      i += 2;
      continue;
    }
    if (c == quote) {
      if (i + 1 < input.size() && input[i + 1] == quote) {
        out->push_back(quote);
        i += 2;
        continue;
      }
      *pos = i + 1;
      return true;
    }
    out->push_back(c);
    ++i;
  }
  return false;
}

}  // namespace

Result<std::vector<FilterToken>> FilterTokenizer::Tokenize(std::string_view input,
                                                           std::string_view what) {
  auto invalid = [&]() {
    return MlflowError::InvalidParameterValue("Invalid ", what, " '", input,
                                              "'. Could not be parsed.");
  };
  std::vector<FilterToken> tokens;
  size_t i = 0;
  while (i < input.size()) {
    const char c = input[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
      continue;
    }
    FilterToken token;
    if (c == '(' || c == ')' || c == ',') {
      token.kind = c == '('   ? FilterToken::Kind::kLeftParen
                   : c == ')' ? FilterToken::Kind::kRightParen
                              : FilterToken::Kind::kComma;
      token.text = std::string(1, c);
      ++i;
    } else if (c == '\'' || c == '"') {
      token.kind = FilterToken::Kind::kString;
      if (!ReadQuoted(input, &i, &token.text)) return invalid();
    } else if (c == '=' || c == '!' || c == '<' || c == '>') {
      token.kind = FilterToken::Kind::kOperator;
      size_t len = 1;
      if (i + 1 < input.size() && (input[i + 1] == '=' || (c == '<' && input[i + 1] == '>'))) {
        len = 2;
      }
      token.text = std::string(input.substr(i, len));
      if (token.text == "!" || token.text == "==") return invalid();
      if (token.text == "<>") token.text = "!=";
      i += len;
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '+' ||
               c == '.') {
      token.kind = FilterToken::Kind::kNumber;
      size_t j = i + 1;
      while (
          j < input.size() &&
          (std::isalnum(static_cast<unsigned char>(input[j])) != 0 || input[j] == '.' ||
           ((input[j] == '-' || input[j] == '+') && (input[j - 1] == 'e' || input[j - 1] == 'E'))))
        ++j;
      token.text = std::string(input.substr(i, j - i));
      i = j;
    } else if (c == '`') {
      // A bare quoted key: an attribute with a quoted name.
      token.kind = FilterToken::Kind::kIdentifier;
      token.quoted_key = true;
      if (!ReadQuoted(input, &i, &token.text)) return invalid();
    } else if (IsIdentifierStart(c)) {
      size_t j = i;
      while (j < input.size() &&
             (std::isalnum(static_cast<unsigned char>(input[j])) != 0 || input[j] == '_'))
        ++j;
      std::string_view word = input.substr(i, j - i);
      if (j < input.size() && input[j] == '.') {
        token.kind = FilterToken::Kind::kIdentifier;
        token.entity = std::string(word);
        i = j + 1;
        if (i < input.size() && (input[i] == '`' || input[i] == '"')) {
          token.quoted_key = true;
          if (!ReadQuoted(input, &i, &token.text)) return invalid();
        } else {
          size_t k = i;
          while (k < input.size() && IsBareKeyChar(input[k])) ++k;
          if (k == i) return invalid();
          token.text = std::string(input.substr(i, k - i));
          i = k;
        }
      } else {
        const std::string upper = UpperAscii(word);
        bool keyword = upper == "DESC";
        for (std::string_view k : kFilterKeywords) keyword = keyword || upper == k;
        token.kind = keyword ? FilterToken::Kind::kOperator : FilterToken::Kind::kIdentifier;
        token.text = keyword ? upper : std::string(word);
        i = j;
      }
    } else {
      return invalid();
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace lakeml::ml
