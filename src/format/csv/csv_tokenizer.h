// CsvTokenizer: splits a CSV file into rows and fields, reading it block by block through an
// io::RandomAccessFile (never the whole file at once).
//
// Handles RFC 4180 quoting (delimiters, quotes and newlines inside quoted fields; "" or a
// custom escape character), LF, CRLF and lone CR line ends, a UTF-8 byte order mark, and a
// missing final newline. Rows are tokenized in place: a field is an (offset, length) into the
// tokenizer's buffer, with escapes already removed, valid until the next call that tokenizes.
// Blank lines are skipped, except in single-column files where they are null values.
//
// Owns its buffer; does not own the file, which must outlive it. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "format/csv/csv_read_options.h"
#include "io/file_system.h"

namespace lakeml::csv {

// One field of a tokenized row: bytes [offset, offset + length()) of CsvTokenizer::data().
struct CsvField {
  static constexpr uint32_t kQuotedBit = 0x80000000u;
  uint32_t offset;
  uint32_t length_and_flags;
  uint32_t length() const { return length_and_flags & ~kQuotedBit; }
  bool quoted() const { return (length_and_flags & kQuotedBit) != 0; }
};

class CsvTokenizer {
 public:
  // data() stays readable this many bytes past any field (for word-sized copies).
  static constexpr size_t kPadding = 16;

  // `display_name` names the file in errors.
  CsvTokenizer(io::RandomAccessFile* file, std::string display_name, const CsvReadOptions& options);

  // Restarts at byte `offset` of the file; the row there is on line `line` (1-based).
  Status Reset(int64_t offset, int64_t line);
  // Skips a UTF-8 byte order mark at the current position, if any.
  Status SkipByteOrderMark();

  // Tokenizes the next row, whatever its number of fields, into `fields` (unescaped copies).
  // Returns false at end of file.
  Result<bool> ReadRowStrings(std::vector<std::string>* fields);

  // Tokenizes up to `max_rows` complete rows that must each have `num_columns` fields; returns
  // how many (0 only at end of file). Fields are at fields()[row * num_columns + column].
  // Previously returned fields become invalid.
  Result<int64_t> NextRows(int64_t max_rows, int num_columns);

  const char* data() const { return buf_.get(); }
  const CsvField* fields() const { return fields_.data(); }
  // Line (1-based) on which each returned row starts.
  const int64_t* row_lines() const { return row_lines_.data(); }
  // File offset and line of the next row not yet returned.
  int64_t next_row_offset() const { return buf_file_offset_ + static_cast<int64_t>(pos_); }
  int64_t next_row_line() const { return line_; }
  const std::string& display_name() const { return name_; }

 private:
  enum class RowResult { kRow, kBlankLine, kNeedMore };

  // Parses one row at pos_; stores up to `capacity` fields into out (counting all of them in
  // *num_fields). On kRow/kBlankLine advances pos_ and line_.
  Result<RowResult> ParseRow(CsvField* out, int64_t capacity, int64_t* num_fields);
  // Moves the unparsed tail to the front of the buffer and reads more; grows the buffer when
  // the tail fills it. Sets eof_ at end of file.
  Status Refill();
  Status ParseError(int64_t line, std::string_view what) const;

  io::RandomAccessFile* file_;
  std::string name_;
  CsvReadOptions options_;
  int64_t file_size_ = 0;

  std::unique_ptr<char[]> buf_;
  size_t capacity_ = 0;          // Usable bytes; buf_ has one more for a sentinel.
  size_t pos_ = 0;               // Next unparsed byte.
  size_t end_ = 0;               // End of valid bytes.
  int64_t buf_file_offset_ = 0;  // File offset of buf_[0].
  bool eof_ = false;
  int64_t line_ = 1;

  bool special_[256] = {};  // Delimiter, CR, LF: ends an unquoted field.
  std::vector<CsvField> fields_;
  std::vector<int64_t> row_lines_;
  std::vector<uint32_t> escaped_;  // Indexes of this row's fields that need unescaping.
};

}  // namespace lakeml::csv
