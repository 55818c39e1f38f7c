#include "sqllogictest/slt_parser.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

namespace lakeml::slt {
namespace {

// .test files are small; this bounds what a wrong path (a huge data file) can make us read.
constexpr size_t kMaxSltFileBytes = 64 << 20;

std::vector<std::string_view> SplitSltLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == text.size()) break;
    start = end + 1;
  }
  // A trailing newline does not start another line.
  if (!lines.empty() && lines.back().empty() && !text.empty() && text.back() == '\n') {
    lines.pop_back();
  }
  return lines;
}

bool IsBlankSltLine(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

std::vector<std::string> SplitSltTokens(std::string_view line) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) tokens.emplace_back(line.substr(start, i - start));
  }
  return tokens;
}

std::string_view TrimSltText(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

bool ParseSltInt(const std::string& s, int64_t* out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Walks the lines of one file; every error names path:line.
class SltParseState {
 public:
  SltParseState(std::string_view text, const std::string& path)
      : lines_(SplitSltLines(text)), path_(path) {}

  Result<SltFile> Run() {
    SltFile file;
    file.path = path_;
    std::vector<SltCondition> pending;  // skipif/onlyif waiting for their record
    int pending_line = 0;
    std::vector<size_t> open_loops;  // indexes of loop/foreach records without endloop
    while (pos_ < lines_.size()) {
      std::string_view line = lines_[pos_];
      int line_no = static_cast<int>(pos_) + 1;
      if (IsBlankSltLine(line)) {
        ++pos_;
        continue;
      }
      if (line.front() == '#') {
        ReadHeaderComment(line, &file);
        ++pos_;
        continue;
      }
      std::vector<std::string> tokens = SplitSltTokens(line);
      const std::string& word = tokens[0];
      if (word == "skipif" || word == "onlyif") {
        if (tokens.size() != 2) return Error(line_no, word, " needs exactly one database name");
        pending.push_back({word == "onlyif", tokens[1]});
        pending_line = line_no;
        ++pos_;
        continue;
      }
      SltRecord record;
      record.line = line_no;
      ++pos_;
      if (word == "statement") {
        LAKEML_RETURN_IF_ERROR(ReadStatement(tokens, &record));
      } else if (word == "query") {
        LAKEML_RETURN_IF_ERROR(ReadQuery(tokens, &record));
      } else {
        if (!pending.empty()) {
          return Error(pending_line, "skipif/onlyif must be followed by a statement or query, ",
                       "found '", word, "' on line ", line_no);
        }
        LAKEML_RETURN_IF_ERROR(ReadControl(tokens, &record));
        if (record.kind == SltRecordKind::kLoop || record.kind == SltRecordKind::kForeach) {
          open_loops.push_back(file.records.size());
        } else if (record.kind == SltRecordKind::kEndLoop) {
          if (open_loops.empty()) return Error(line_no, "endloop without a loop or foreach");
          file.records[open_loops.back()].end_index = file.records.size();
          open_loops.pop_back();
        }
      }
      record.conditions = std::move(pending);
      pending.clear();
      file.records.push_back(std::move(record));
    }
    if (!pending.empty()) {
      return Error(pending_line, "skipif/onlyif at the end of the file, without a record");
    }
    if (!open_loops.empty()) {
      return Error(file.records[open_loops.back()].line, "loop without endloop");
    }
    return file;
  }

 private:
  template <typename... Args>
  Status Error(int line, const Args&... args) const {
    return Status::InvalidArgument(path_, ":", line, ": ", args...);
  }

  static void ReadHeaderComment(std::string_view line, SltFile* file) {
    std::string_view body = TrimSltText(line.substr(1));
    if (body.starts_with("group:")) {
      for (std::string& tag : SplitSltTokens(body.substr(6))) {
        if (tag.size() >= 2 && tag.front() == '[' && tag.back() == ']') {
          tag = tag.substr(1, tag.size() - 2);
        }
        if (!tag.empty()) file->groups.push_back(std::move(tag));
      }
    } else if (body.starts_with("description:") && file->description.empty()) {
      file->description = std::string(TrimSltText(body.substr(12)));
    }
  }

  // Reads lines up to a blank line or ----; returns them joined with '\n'.
  std::string ReadSqlBlock() {
    std::string sql;
    while (pos_ < lines_.size() && !IsBlankSltLine(lines_[pos_]) && lines_[pos_] != "----") {
      if (!sql.empty()) sql += '\n';
      sql += lines_[pos_];
      ++pos_;
    }
    return sql;
  }

  // After ----: lines up to a blank line or the end of the file.
  std::vector<std::string> ReadResultBlock() {
    std::vector<std::string> out;
    while (pos_ < lines_.size() && !IsBlankSltLine(lines_[pos_])) {
      out.emplace_back(lines_[pos_]);
      ++pos_;
    }
    return out;
  }

  Status ReadStatement(const std::vector<std::string>& tokens, SltRecord* record) {
    if (tokens.size() != 2 || (tokens[1] != "ok" && tokens[1] != "error")) {
      return Error(record->line, "expected 'statement ok' or 'statement error'");
    }
    record->kind = tokens[1] == "ok" ? SltRecordKind::kStatementOk : SltRecordKind::kStatementError;
    record->sql = ReadSqlBlock();
    if (record->sql.empty()) return Error(record->line, "statement without SQL");
    if (pos_ < lines_.size() && lines_[pos_] == "----") {
      if (record->kind == SltRecordKind::kStatementOk) {
        return Error(static_cast<int>(pos_) + 1, "'statement ok' takes no ---- result");
      }
      ++pos_;
      std::vector<std::string> expected = ReadResultBlock();
      if (expected.empty()) {
        return Error(static_cast<int>(pos_), "---- after statement error needs the error text");
      }
      std::string joined;
      for (const std::string& l : expected) {
        if (!joined.empty()) joined += '\n';
        joined += l;
      }
      record->expected_error = std::move(joined);
    }
    return Status::OK();
  }

  Status ReadQuery(const std::vector<std::string>& tokens, SltRecord* record) {
    record->kind = SltRecordKind::kQuery;
    if (tokens.size() < 2) return Error(record->line, "query needs a type string such as III");
    if (tokens.size() > 4) {
      return Error(record->line, "query takes <types> [nosort|rowsort|valuesort] [label], got '",
                   tokens[4], "' too");
    }
    for (char c : tokens[1]) {
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return Error(record->line, "bad query type string '", tokens[1],
                     "': one letter per column (I integer, R real, T text)");
      }
    }
    record->column_types = tokens[1];
    for (size_t i = 2; i < tokens.size(); ++i) {
      const std::string& t = tokens[i];
      if (i == 2 && (t == "nosort" || t == "rowsort" || t == "valuesort" || t == "sort")) {
        record->sort_mode = t == "valuesort" ? SltSortMode::kValueSort
                            : t == "nosort"  ? SltSortMode::kNoSort
                                             : SltSortMode::kRowSort;
      } else if (record->label.empty() && (i == 3 || tokens.size() == 3)) {
        record->label = t;
      } else {
        return Error(record->line, "unexpected '", t,
                     "' in query header (expected query <types> [nosort|rowsort|valuesort] "
                     "[label])");
      }
    }
    record->sql = ReadSqlBlock();
    if (record->sql.empty()) return Error(record->line, "query without SQL");
    if (pos_ >= lines_.size() || lines_[pos_] != "----") {
      return Error(record->line, "query without ---- and expected result (a blank line ended it",
                   pos_ < lines_.size() ? StrCat(" at line ", pos_ + 1) : std::string(), ")");
    }
    ++pos_;
    record->expected_line = static_cast<int>(pos_) + 1;
    record->expected_lines = ReadResultBlock();
    return Status::OK();
  }

  Status ReadControl(const std::vector<std::string>& tokens, SltRecord* record) {
    const std::string& word = tokens[0];
    const int line = record->line;
    if (word == "halt" || word == "endloop") {
      if (tokens.size() != 1) return Error(line, word, " takes no arguments");
      record->kind = word == "halt" ? SltRecordKind::kHalt : SltRecordKind::kEndLoop;
    } else if (word == "hash-threshold") {
      if (tokens.size() != 2 || !ParseSltInt(tokens[1], &record->number) || record->number < 0) {
        return Error(line, "hash-threshold needs one non-negative integer");
      }
      record->kind = SltRecordKind::kHashThreshold;
    } else if (word == "mode") {
      if (tokens.size() != 2 || (tokens[1] != "skip" && tokens[1] != "unskip")) {
        return Error(line, "supported modes are 'mode skip' and 'mode unskip'");
      }
      record->kind = tokens[1] == "skip" ? SltRecordKind::kModeSkip : SltRecordKind::kModeUnskip;
    } else if (word == "require") {
      if (tokens.size() != 2) return Error(line, "require needs exactly one feature name");
      record->kind = SltRecordKind::kRequire;
      record->argument = tokens[1];
    } else if (word == "loop" || word == "concurrentloop") {
      if (tokens.size() != 4 || !ParseSltInt(tokens[2], &record->number) ||
          !ParseSltInt(tokens[3], &record->loop_end)) {
        return Error(line, "expected 'loop <var> <begin> <end>' with integer bounds");
      }
      record->kind = SltRecordKind::kLoop;
      record->argument = tokens[1];
    } else if (word == "foreach") {
      if (tokens.size() < 3) return Error(line, "expected 'foreach <var> <value>...'");
      record->kind = SltRecordKind::kForeach;
      record->argument = tokens[1];
      record->foreach_values.assign(tokens.begin() + 2, tokens.end());
    } else if (word == "----") {
      return Error(line, "---- without a preceding query or statement error");
    } else {
      return Error(line, "unknown record '", word,
                   "' (expected statement, query, halt, skipif, onlyif, mode, require, loop, "
                   "foreach, endloop or hash-threshold)");
    }
    return Status::OK();
  }

  std::vector<std::string_view> lines_;
  const std::string& path_;
  size_t pos_ = 0;
};

}  // namespace

Result<SltFile> SltParser::Parse(std::string_view text, const std::string& path) {
  return SltParseState(text, path).Run();
}

Result<SltFile> SltParser::ParseFile(const std::string& path) {
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return Status::IOError("Cannot open sqllogictest file: ", path, ": ", ec.message());
  if (size > kMaxSltFileBytes) {
    return Status::InvalidArgument("sqllogictest file too large (", size, " bytes): ", path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("Cannot open sqllogictest file: ", path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::IOError("Cannot read sqllogictest file: ", path);
  return Parse(buffer.str(), path);
}

}  // namespace lakeml::slt
