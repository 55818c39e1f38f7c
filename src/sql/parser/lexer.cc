#include "sql/parser/lexer.h"

#include <string>

#include "sql/parser/parse_error.h"

namespace lakeml::sql {
namespace {

bool IsWordStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) { return IsWordStart(c) || IsDigit(c); }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
char UpperAscii(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Longest operators first, so that "<=>" wins over "<=".
constexpr std::string_view kOperators[] = {
    "<=>", ">>>", "<=", ">=", "<>", "!=", "==", "||", "::", "->", "=>", "<<", ">>",
    "(",   ")",   "[",  "]",  "{",  "}",  ",",  ";",  ".",  "+",  "-",  "*",  "/",
    "%",   "=",   "<",  ">",  "!",  "~",  "&",  "|",  "^",  ":",  "@"};

}  // namespace

Result<std::vector<Token>> Lexer::Tokenize(std::string_view sql) {
  Lexer lexer(sql);
  std::vector<Token> tokens;
  LAKEML_RETURN_IF_ERROR(lexer.Run(&tokens));
  return tokens;
}

void Lexer::Advance(size_t n) {
  for (size_t i = 0; i < n && pos_ < sql_.size(); ++i) {
    if (sql_[pos_] == '\n') {
      ++line_;
      line_start_ = pos_ + 1;
    }
    ++pos_;
  }
}

Status Lexer::Run(std::vector<Token>* out) {
  while (true) {
    LAKEML_RETURN_IF_ERROR(SkipSpaceAndComments());
    Token token;
    token.pos = Here();
    size_t start = pos_;
    char c = At(pos_);
    if (pos_ >= sql_.size()) {
      token.type = TokenType::kEof;
      out->push_back(std::move(token));
      return Status::OK();
    }
    if ((c == 'r' || c == 'R') && (At(pos_ + 1) == '\'' || At(pos_ + 1) == '"')) {
      Advance(1);
      LAKEML_RETURN_IF_ERROR(LexString(At(pos_), /*raw=*/true, &token));
    } else if ((c == 'x' || c == 'X') && At(pos_ + 1) == '\'') {
      Advance(2);
      size_t begin = pos_;
      while (pos_ < sql_.size() && IsHex(sql_[pos_])) Advance(1);
      if (At(pos_) != '\'') {
        token.type = TokenType::kOperator;
        token.text = std::string(sql_.substr(start, 2));
        return ParseError::SyntaxError(token);
      }
      token.type = TokenType::kBinary;
      token.text = std::string(sql_.substr(begin, pos_ - begin));
      Advance(1);
    } else if (c == '\'' || c == '"') {
      LAKEML_RETURN_IF_ERROR(LexString(c, /*raw=*/false, &token));
    } else if (c == '`') {
      Advance(1);
      token.type = TokenType::kQuotedIdentifier;
      while (true) {
        if (pos_ >= sql_.size()) {
          Token bad = token;
          bad.type = TokenType::kOperator;
          bad.text = "`";
          return ParseError::SyntaxError(bad);
        }
        if (sql_[pos_] == '`') {
          if (At(pos_ + 1) == '`') {
            token.text.push_back('`');
            Advance(2);
            continue;
          }
          Advance(1);
          break;
        }
        token.text.push_back(sql_[pos_]);
        Advance(1);
      }
    } else if (IsDigit(c) || (c == '.' && IsDigit(At(pos_ + 1)))) {
      LAKEML_RETURN_IF_ERROR(LexNumber(&token));
    } else if (IsWordStart(c)) {
      LexWord(&token);
    } else if (c == ':' && IsWordStart(At(pos_ + 1))) {
      Advance(1);
      LexWord(&token);
      token.type = TokenType::kNamedParameter;
    } else if (c == '?') {
      Advance(1);
      token.type = TokenType::kPositionalParameter;
      token.text = "?";
    } else {
      LAKEML_RETURN_IF_ERROR(LexOperator(&token));
    }
    token.length = static_cast<int>(pos_ - start);
    out->push_back(std::move(token));
  }
}

Status Lexer::SkipSpaceAndComments() {
  while (pos_ < sql_.size()) {
    char c = sql_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      Advance(1);
    } else if (c == '-' && At(pos_ + 1) == '-') {
      while (pos_ < sql_.size() && sql_[pos_] != '\n') Advance(1);
    } else if (c == '/' && At(pos_ + 1) == '*') {
      SourcePosition start = Here();
      int depth = 0;
      do {
        if (pos_ >= sql_.size()) return ParseError::UnclosedComment(start);
        if (sql_[pos_] == '/' && At(pos_ + 1) == '*') {
          ++depth;
          Advance(2);
        } else if (sql_[pos_] == '*' && At(pos_ + 1) == '/') {
          --depth;
          Advance(2);
        } else {
          Advance(1);
        }
      } while (depth > 0);
    } else {
      break;
    }
  }
  return Status::OK();
}

Status Lexer::LexString(char quote, bool raw, Token* token) {
  token->type = TokenType::kString;
  Advance(1);  // Opening quote.
  while (true) {
    if (pos_ >= sql_.size()) {
      Token bad = *token;
      bad.type = TokenType::kOperator;
      bad.text = std::string(1, quote);
      return ParseError::SyntaxError(bad, "unclosed string literal");
    }
    char c = sql_[pos_];
    if (c == quote) {
      Advance(1);
      return Status::OK();
    }
    if (c != '\\' || pos_ + 1 >= sql_.size()) {
      token->text.push_back(c);
      Advance(1);
      continue;
    }
    char e = sql_[pos_ + 1];
    if (raw) {
      // Raw strings keep the backslash, but it still protects a quote from ending the string.
      token->text.push_back('\\');
      token->text.push_back(e);
      Advance(2);
      continue;
    }
    Advance(2);
    switch (e) {
      case 'b':
        token->text.push_back('\b');
        break;
      case 'n':
        token->text.push_back('\n');
        break;
      case 'r':
        token->text.push_back('\r');
        break;
      case 't':
        token->text.push_back('\t');
        break;
      case 'Z':
        token->text.push_back('\x1A');
        break;
      case '0':
        token->text.push_back('\0');
        break;
      case '%':
        token->text.append("\\%");
        break;  // Spark keeps these for LIKE patterns.
      case '_':
        token->text.append("\\_");
        break;
      case 'u': {
        uint32_t cp = 0;
        int n = 0;
        while (n < 4 && IsHex(At(pos_))) {
          char h = At(pos_);
          cp = cp * 16 + (IsDigit(h) ? h - '0' : UpperAscii(h) - 'A' + 10);
          ++n;
          Advance(1);
        }
        if (n == 4) {
          AppendUtf8(cp, &token->text);
        } else {
          token->text.push_back('u');
        }
        break;
      }
      default:
        token->text.push_back(e);
        break;
    }
  }
}

Status Lexer::LexNumber(Token* token) {
  size_t start = pos_;
  token->type = TokenType::kNumber;
  while (IsDigit(At(pos_))) Advance(1);
  if (At(pos_) == '.' && !(At(pos_ + 1) == '.')) {
    Advance(1);
    while (IsDigit(At(pos_))) Advance(1);
  }
  if ((At(pos_) == 'e' || At(pos_) == 'E') &&
      (IsDigit(At(pos_ + 1)) ||
       ((At(pos_ + 1) == '+' || At(pos_ + 1) == '-') && IsDigit(At(pos_ + 2))))) {
    Advance(2);
    while (IsDigit(At(pos_))) Advance(1);
  }
  token->text = std::string(sql_.substr(start, pos_ - start));
  // A suffix is recognized only when no other word character follows it; otherwise the
  // whole run is an identifier (Spark allows identifiers such as 1a or 2x_col).
  size_t word_end = pos_;
  while (IsWordChar(At(word_end))) ++word_end;
  if (word_end == pos_) return Status::OK();
  std::string rest;
  for (size_t i = pos_; i < word_end; ++i) rest.push_back(UpperAscii(sql_[i]));
  if (rest == "L" || rest == "S" || rest == "Y" || rest == "D" || rest == "F" || rest == "BD") {
    token->suffix = rest;
    Advance(word_end - pos_);
    return Status::OK();
  }
  bool all_digits_before = token->text.find_first_not_of("0123456789") == std::string::npos;
  if (all_digits_before) {
    Advance(word_end - pos_);
    token->type = TokenType::kIdentifier;
    token->text = std::string(sql_.substr(start, pos_ - start));
    return Status::OK();
  }
  Token bad = *token;
  bad.type = TokenType::kOperator;
  bad.text = std::string(sql_.substr(start, word_end - start));
  return ParseError::SyntaxError(bad);
}

void Lexer::LexWord(Token* token) {
  size_t start = pos_;
  while (IsWordChar(At(pos_))) Advance(1);
  token->type = TokenType::kIdentifier;
  token->text = std::string(sql_.substr(start, pos_ - start));
}

Status Lexer::LexOperator(Token* token) {
  for (std::string_view op : kOperators) {
    if (sql_.substr(pos_, op.size()) == op) {
      token->type = TokenType::kOperator;
      token->text = std::string(op);
      Advance(op.size());
      return Status::OK();
    }
  }
  token->type = TokenType::kOperator;
  token->text = std::string(1, sql_[pos_]);
  return ParseError::SyntaxError(*token);
}

}  // namespace lakeml::sql
