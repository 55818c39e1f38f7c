#include "sql/parser/parser.h"

#include <algorithm>
#include <cctype>

#include "sql/parser/keyword_table.h"
#include "sql/parser/lexer.h"
#include "sql/parser/parse_error.h"

namespace lakeml::sql {

Status Parser::DepthScope::Push() {
  ++count_;
  if (++parser_->depth_ > kMaxDepth) return ParseError::TooDeep(parser_->Peek(), kMaxDepth);
  return Status::OK();
}

Result<std::vector<std::unique_ptr<Statement>>> Parser::Parse(std::string_view sql) {
  LAKEML_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lexer::Tokenize(sql));
  Parser parser(sql, std::move(tokens));
  std::vector<std::unique_ptr<Statement>> statements;
  while (true) {
    while (parser.AcceptOp(";")) {
    }
    if (parser.Peek().type == TokenType::kEof) break;
    LAKEML_ASSIGN_OR_RETURN(AstPtr statement, parser.ParseStatement());
    statements.push_back(std::move(statement));
    if (!parser.IsOp(";") && parser.Peek().type != TokenType::kEof) return parser.Error();
  }
  if (statements.empty()) return ParseError::EmptyStatement();
  return statements;
}

Result<AstPtr> Parser::ParseExpression(std::string_view sql) {
  LAKEML_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lexer::Tokenize(sql));
  Parser parser(sql, std::move(tokens));
  if (parser.Peek().type == TokenType::kEof) return ParseError::EmptyStatement();
  LAKEML_ASSIGN_OR_RETURN(AstPtr expr, parser.ParseExpr());
  if (parser.Peek().type != TokenType::kEof) return parser.Error();
  return expr;
}

const Token& Parser::Peek(size_t k) const {
  size_t i = pos_ + k;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

const Token& Parser::Next() {
  const Token& t = Peek();
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return t;
}

bool Parser::IsKws(std::initializer_list<std::string_view> kws) const {
  size_t k = 0;
  for (std::string_view kw : kws) {
    if (!IsKw(kw, k++)) return false;
  }
  return true;
}

bool Parser::AcceptKw(std::string_view kw) {
  if (!IsKw(kw)) return false;
  Next();
  return true;
}

bool Parser::AcceptKws(std::initializer_list<std::string_view> kws) {
  if (!IsKws(kws)) return false;
  for (size_t i = 0; i < kws.size(); ++i) Next();
  return true;
}

Status Parser::ExpectKw(std::string_view kw) {
  if (!AcceptKw(kw)) return Error();
  return Status::OK();
}

bool Parser::AcceptOp(std::string_view op) {
  if (!IsOp(op)) return false;
  Next();
  return true;
}

Status Parser::ExpectOp(std::string_view op) {
  if (!AcceptOp(op)) return Error();
  return Status::OK();
}

Status Parser::CloseAngle() {
  Token& t = tokens_[std::min(pos_, tokens_.size() - 1)];
  if (t.IsOperator(">")) {
    Next();
  } else if (t.IsOperator(">>") || t.IsOperator(">>>") || t.IsOperator(">=")) {
    t.text.erase(0, 1);
    ++t.pos.column;
    ++t.pos.offset;
  } else {
    return Error();
  }
  return Status::OK();
}

Status Parser::Error() const { return ParseError::SyntaxError(Peek()); }

AstPtr Parser::Node(NodeKind kind) const { return std::make_unique<AstNode>(kind, Peek().pos); }

bool Parser::IsIdentifier(size_t k) const {
  TokenType type = Peek(k).type;
  return type == TokenType::kIdentifier || type == TokenType::kQuotedIdentifier;
}

Result<std::string> Parser::ParseIdentifier() {
  if (!IsIdentifier()) return Error();
  return Next().text;
}

Result<std::vector<std::string>> Parser::ParseQualifiedName() {
  std::vector<std::string> parts;
  LAKEML_ASSIGN_OR_RETURN(std::string first, ParseIdentifier());
  parts.push_back(std::move(first));
  while (IsOp(".") && IsIdentifier(1)) {
    Next();
    parts.push_back(Next().text);
  }
  return parts;
}

Result<std::vector<std::string>> Parser::ParseIdentifierList() {
  LAKEML_RETURN_IF_ERROR(ExpectOp("("));
  std::vector<std::string> names;
  do {
    LAKEML_ASSIGN_OR_RETURN(std::vector<std::string> name, ParseQualifiedName());
    std::string joined;
    for (size_t i = 0; i < name.size(); ++i) joined += (i ? "." : "") + name[i];
    names.push_back(std::move(joined));
  } while (AcceptOp(","));
  LAKEML_RETURN_IF_ERROR(ExpectOp(")"));
  return names;
}

Result<std::string> Parser::ParseStringLiteral() {
  if (Peek().type != TokenType::kString) return Error();
  std::string value = Next().text;
  while (Peek().type == TokenType::kString) value += Next().text;
  return value;
}

Result<AstPtr> Parser::ParseStatement() {
  const Token& t = Peek();
  if (StartsQuery()) return ParseQuery();
  if (t.IsKeyword("EXPLAIN")) return ParseExplain();
  if (t.IsKeyword("USE")) return ParseUse();
  if (t.IsKeyword("SHOW")) return ParseShow();
  if (t.IsKeyword("DESCRIBE") || t.IsKeyword("DESC")) return ParseDescribe();
  if (t.IsKeyword("SET")) return ParseSetConfig();
  if (t.IsKeyword("RESET")) return ParseResetConfig();
  if (t.IsKeyword("CREATE")) return ParseCreate();
  if (t.IsKeyword("DROP")) return ParseDrop();
  if (t.IsKeyword("ALTER")) return ParseAlter();
  if (t.IsKeyword("INSERT")) return ParseInsert();
  if (t.IsKeyword("UPDATE")) return ParseUpdate();
  if (t.IsKeyword("DELETE")) return ParseDelete();
  if (t.IsKeyword("MERGE")) return ParseMerge();
  if (t.IsKeyword("COPY")) return ParseCopyInto();
  if (t.IsKeyword("OPTIMIZE")) return ParseOptimize();
  if (t.IsKeyword("VACUUM")) return ParseVacuum();
  if (t.IsKeyword("RESTORE")) return ParseRestore();
  if (t.IsKeyword("EXECUTE") && Peek(1).IsKeyword("IMMEDIATE")) return ParseExecuteImmediate();
  return Error();
}

Result<AstPtr> Parser::ParseExplain() {
  AstPtr node = Node(NodeKind::kExplain);
  Next();
  for (std::string_view mode : {"EXTENDED", "ANALYZE", "FORMATTED", "CODEGEN", "COST"}) {
    if (IsKw(mode) && !IsOp("(", 1) && !IsOp(",", 1)) {
      node->op = std::string(mode);
      Next();
      break;
    }
  }
  DepthScope depth(this);
  LAKEML_RETURN_IF_ERROR(depth.Push());
  LAKEML_ASSIGN_OR_RETURN(AstPtr statement, ParseStatement());
  node->Add(std::move(statement));
  return node;
}

Result<AstPtr> Parser::ParseUse() {
  AstPtr node = Node(NodeKind::kUse);
  Next();
  if (AcceptKw("CATALOG")) {
    node->op = "CATALOG";
  } else if (AcceptKw("SCHEMA") || AcceptKw("DATABASE")) {
    node->op = "SCHEMA";
  }
  LAKEML_ASSIGN_OR_RETURN(node->names, ParseQualifiedName());
  return node;
}

Result<AstPtr> Parser::ParseShow() {
  AstPtr node = Node(NodeKind::kShow);
  Next();
  if (AcceptKw("CATALOGS")) {
    node->op = "CATALOGS";
  } else if (AcceptKw("SCHEMAS") || AcceptKw("DATABASES")) {
    node->op = "SCHEMAS";
  } else if (AcceptKw("TABLES")) {
    node->op = "TABLES";
  } else if (AcceptKw("VIEWS")) {
    node->op = "VIEWS";
  } else if (AcceptKw("COLUMNS")) {
    node->op = "COLUMNS";
    if (!AcceptKw("IN") && !AcceptKw("FROM")) return Error();
    LAKEML_ASSIGN_OR_RETURN(node->names, ParseQualifiedName());
    return node;
  } else {
    return Error();
  }
  if (node->op != "CATALOGS" && (AcceptKw("IN") || AcceptKw("FROM"))) {
    LAKEML_ASSIGN_OR_RETURN(node->names, ParseQualifiedName());
  }
  bool like = AcceptKw("LIKE");
  if (like || Peek().type == TokenType::kString) {
    LAKEML_ASSIGN_OR_RETURN(node->text, ParseStringLiteral());
    node->flags |= AstNode::kFlagHasLike;
  }
  return node;
}

Result<AstPtr> Parser::ParseDescribe() {
  AstPtr node = Node(NodeKind::kDescribe);
  Next();
  node->op = "TABLE";
  if ((IsKw("DETAIL") || IsKw("HISTORY")) && IsIdentifier(1)) {
    node->op = Next().text;
    for (char& c : node->op) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  } else if (IsKw("QUERY") && StartsQuery(1)) {
    Next();
    node->op = "QUERY";
    LAKEML_ASSIGN_OR_RETURN(AstPtr query, ParseQuery());
    node->Add(std::move(query));
    return node;
  } else {
    if (AcceptKw("TABLE")) node->flags |= AstNode::kFlagTableKeyword;
    if ((IsKw("EXTENDED") || IsKw("FORMATTED")) && IsIdentifier(1)) {
      Next();
      node->flags |= AstNode::kFlagExtended;
    }
  }
  LAKEML_ASSIGN_OR_RETURN(node->names, ParseQualifiedName());
  return node;
}

std::string Parser::RawTextUntilEnd() {
  size_t begin = static_cast<size_t>(Peek().pos.offset);
  while (!IsOp(";") && Peek().type != TokenType::kEof) Next();
  size_t end =
      Peek().type == TokenType::kEof ? sql_.size() : static_cast<size_t>(Peek().pos.offset);
  std::string_view raw = sql_.substr(begin, end > begin ? end - begin : 0);
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.remove_suffix(1);
  return std::string(raw);
}

Result<AstPtr> Parser::ParseSetConfig() {
  AstPtr node = Node(NodeKind::kSetConfig);
  Next();
  if (AcceptKws({"TIME", "ZONE"})) {
    node->text = "TIME ZONE";
    node->op = RawTextUntilEnd();
    if (node->op.empty()) return Error();
    return node;
  }
  if (IsOp(";") || Peek().type == TokenType::kEof) return node;
  // The key runs to '=' (it may hold dots and other punctuation, e.g. spark.sql.ansi.enabled).
  // It is the tokens' source text, with one space where whitespace or a comment stood between
  // two tokens, so that printing it and parsing again gives the same key.
  std::string key;
  size_t last_end = 0;
  while (!IsOp("=") && !IsOp(";") && Peek().type != TokenType::kEof) {
    const size_t at = static_cast<size_t>(Peek().pos.offset);
    if (!key.empty() && at > last_end) key += ' ';
    key.append(sql_.substr(at, static_cast<size_t>(Peek().length)));
    last_end = at + static_cast<size_t>(Peek().length);
    Next();
  }
  node->text = std::move(key);
  if (node->text.empty()) return Error();  // "SET = x" has no key.
  if (AcceptOp("=")) {
    node->names.push_back("=");
    node->op = RawTextUntilEnd();
  }
  return node;
}

Result<AstPtr> Parser::ParseResetConfig() {
  AstPtr node = Node(NodeKind::kResetConfig);
  Next();
  node->text = RawTextUntilEnd();
  return node;
}

}  // namespace lakeml::sql
