#include "format/csv/csv_tokenizer.h"

#include <algorithm>
#include <cstring>

namespace lakeml::csv {
namespace {

// Field offsets are uint32 with a flag bit, so the buffer stays below 2 GiB.
constexpr size_t kMaxBufferSize = (size_t{1} << 31) - 1;

}  // namespace

CsvTokenizer::CsvTokenizer(io::RandomAccessFile* file, std::string display_name,
                           const CsvReadOptions& options)
    : file_(file), name_(std::move(display_name)), options_(options) {
  special_[static_cast<unsigned char>(options_.delimiter)] = true;
  special_[static_cast<unsigned char>('\n')] = true;
  special_[static_cast<unsigned char>('\r')] = true;
}

Status CsvTokenizer::ParseError(int64_t line, std::string_view what) const {
  return Status::InvalidArgument("CSV parse error in ", name_, " line ", line, ": ", what);
}

Status CsvTokenizer::Reset(int64_t offset, int64_t line) {
  LAKEML_ASSIGN_OR_RETURN(file_size_, file_->Size());
  if (!buf_) {
    // No bigger than the file needs: small files get small buffers.
    const int64_t want = std::min<int64_t>(options_.block_size, file_size_ - offset + 1);
    capacity_ = static_cast<size_t>(std::clamp<int64_t>(want, 16, 1 << 30));
    buf_ = std::make_unique_for_overwrite<char[]>(capacity_ + 1 + CsvTokenizer::kPadding);
  }
  buf_file_offset_ = offset;
  pos_ = end_ = 0;
  eof_ = offset >= file_size_;
  line_ = line;
  buf_[0] = '\n';  // Sentinel.
  return Status::OK();
}

Status CsvTokenizer::Refill() {
  const size_t tail = end_ - pos_;
  if (pos_ > 0) {
    std::memmove(buf_.get(), buf_.get() + pos_, tail);
    buf_file_offset_ += static_cast<int64_t>(pos_);
    pos_ = 0;
    end_ = tail;
  }
  if (end_ == capacity_) {
    // One row does not fit: grow.
    if (capacity_ >= kMaxBufferSize) {
      return ParseError(line_, StrCat("row longer than ", kMaxBufferSize, " bytes"));
    }
    const size_t new_capacity = std::min(capacity_ * 2, kMaxBufferSize);
    auto bigger = std::make_unique_for_overwrite<char[]>(new_capacity + 1 + kPadding);
    std::memcpy(bigger.get(), buf_.get(), end_);
    buf_ = std::move(bigger);
    capacity_ = new_capacity;
  }
  const int64_t file_offset = buf_file_offset_ + static_cast<int64_t>(end_);
  const int64_t want = std::min<int64_t>(static_cast<int64_t>(capacity_ - end_),
                                         std::max<int64_t>(0, file_size_ - file_offset));
  if (want > 0) {
    LAKEML_RETURN_IF_ERROR(
        file_->ReadAt(file_offset, want, reinterpret_cast<uint8_t*>(buf_.get() + end_)));
    end_ += static_cast<size_t>(want);
  }
  if (file_offset + want >= file_size_) eof_ = true;
  buf_[end_] = '\n';  // Sentinel: stops the unquoted-field scan at the end of the data.
  return Status::OK();
}

Status CsvTokenizer::SkipByteOrderMark() {
  while (end_ - pos_ < 3 && !eof_) LAKEML_RETURN_IF_ERROR(Refill());
  if (end_ - pos_ >= 3 && std::memcmp(buf_.get() + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  return Status::OK();
}

Result<CsvTokenizer::RowResult> CsvTokenizer::ParseRow(CsvField* out, int64_t capacity,
                                                       int64_t* num_fields) {
  char* const b = buf_.get();
  const size_t end = end_;
  const char delim = options_.delimiter;
  const char quote = options_.quote;
  const char esc = options_.escape;
  size_t p = pos_;
  int64_t n = 0;
  int64_t newlines = 0;  // Inside quoted fields.
  escaped_.clear();

  // Consumes the line end at b[p] (LF, CRLF or CR); false when more data is needed to decide.
  auto consume_newline = [&](size_t* at) {
    if (b[*at] == '\n') {
      *at += 1;
      return true;
    }
    if (*at + 1 < end) {
      *at += b[*at + 1] == '\n' ? 2 : 1;
      return true;
    }
    if (!eof_) return false;
    *at += 1;
    return true;
  };
  auto store = [&](size_t start, size_t len, bool quoted) {
    if (n < capacity) {
      out[n].offset = static_cast<uint32_t>(start);
      out[n].length_and_flags = static_cast<uint32_t>(len) | (quoted ? CsvField::kQuotedBit : 0);
    }
    ++n;
  };

  if (p < end && (b[p] == '\n' || b[p] == '\r')) {
    if (!consume_newline(&p)) return RowResult::kNeedMore;
    pos_ = p;
    ++line_;
    return RowResult::kBlankLine;
  }
  while (true) {
    if (p < end && b[p] == quote) {
      const size_t content = p + 1;
      size_t q = content;
      bool has_escape = false;
      if (esc == quote) {
        while (true) {
          const void* hit = q < end ? std::memchr(b + q, quote, end - q) : nullptr;
          if (hit == nullptr) {
            if (!eof_) return RowResult::kNeedMore;
            return ParseError(line_, "unterminated quoted field");
          }
          q = static_cast<size_t>(static_cast<const char*>(hit) - b);
          if (q + 1 < end && b[q + 1] == quote) {
            has_escape = true;
            q += 2;
            continue;
          }
          break;
        }
      } else {
        while (true) {
          if (q >= end) {
            if (!eof_) return RowResult::kNeedMore;
            return ParseError(line_, "unterminated quoted field");
          }
          const char c = b[q];
          if (c == esc) {
            if (q + 1 >= end) {
              if (!eof_) return RowResult::kNeedMore;
              return ParseError(line_, "unterminated quoted field");
            }
            has_escape = true;
            q += 2;
            continue;
          }
          if (c == quote) break;
          ++q;
        }
      }
      // b[q] is the closing quote; we need the byte after it to know what follows.
      if (q + 1 >= end && !eof_) return RowResult::kNeedMore;
      newlines += std::count(b + content, b + q, '\n');
      if (has_escape && n < capacity) escaped_.push_back(static_cast<uint32_t>(n));
      store(content, q - content, true);
      p = q + 1;
      if (p >= end) break;  // End of file.
      const char c = b[p];
      if (c == delim) {
        ++p;
        continue;
      }
      if (c == '\n' || c == '\r') {
        if (!consume_newline(&p)) return RowResult::kNeedMore;
        break;
      }
      return ParseError(
          line_ + newlines,
          StrCat("unexpected character '", std::string_view(&b[p], 1), "' after a closing quote"));
    }
    const size_t start = p;
    while (!special_[static_cast<unsigned char>(b[p])]) ++p;
    if (p >= end) {
      if (!eof_) return RowResult::kNeedMore;
      p = end;
      store(start, end - start, false);
      break;
    }
    store(start, p - start, false);
    if (b[p] == delim) {
      ++p;
      continue;
    }
    if (!consume_newline(&p)) return RowResult::kNeedMore;
    break;
  }

  // The row is complete: remove escapes in place (fields only shrink). A row with more fields
  // than `capacity` is an error or parsed again, so its bytes must stay untouched.
  if (n > capacity) escaped_.clear();
  for (uint32_t idx : escaped_) {
    CsvField& f = out[idx];
    char* s = b + f.offset;
    const uint32_t len = f.length();
    uint32_t w = 0;
    for (uint32_t r = 0; r < len; ++r) {
      if (s[r] == esc && r + 1 < len) ++r;  // Doubled quote or escape: keep the next byte.
      s[w++] = s[r];
    }
    f.length_and_flags = w | CsvField::kQuotedBit;
  }
  pos_ = p;
  line_ += 1 + newlines;
  *num_fields = n;
  return RowResult::kRow;
}

Result<bool> CsvTokenizer::ReadRowStrings(std::vector<std::string>* fields) {
  std::vector<CsvField> tmp(64);
  while (true) {
    if (pos_ >= end_) {
      if (eof_) return false;
      LAKEML_RETURN_IF_ERROR(Refill());
      continue;
    }
    const size_t saved_pos = pos_;
    const int64_t saved_line = line_;
    int64_t n = 0;
    LAKEML_ASSIGN_OR_RETURN(RowResult r,
                            ParseRow(tmp.data(), static_cast<int64_t>(tmp.size()), &n));
    if (r == RowResult::kNeedMore) {
      LAKEML_RETURN_IF_ERROR(Refill());
      continue;
    }
    if (r == RowResult::kBlankLine) continue;
    if (n > static_cast<int64_t>(tmp.size())) {
      // More fields than room (the row was left unescaped): parse it again with enough.
      pos_ = saved_pos;
      line_ = saved_line;
      tmp.resize(static_cast<size_t>(n));
      continue;
    }
    fields->clear();
    for (int64_t i = 0; i < n; ++i)
      fields->emplace_back(buf_.get() + tmp[i].offset, tmp[i].length());
    return true;
  }
}

Result<int64_t> CsvTokenizer::NextRows(int64_t max_rows, int num_columns) {
  if (max_rows <= 0) return 0;
  int64_t rows = 0;
  while (rows < max_rows) {
    // Grow the tables with the rows actually present (fields are indexes, so growing is safe).
    if (row_lines_.size() <= static_cast<size_t>(rows) ||
        fields_.size() < static_cast<size_t>(rows + 1) * num_columns) {
      const size_t n = std::min<size_t>(std::max<size_t>(1024, row_lines_.size() * 2), max_rows);
      row_lines_.resize(n);
      fields_.resize(n * static_cast<size_t>(num_columns));
    }
    if (pos_ >= end_) {
      if (eof_ || rows > 0) break;  // Refilling would move the rows already returned.
      LAKEML_RETURN_IF_ERROR(Refill());
      continue;
    }
    const int64_t row_line = line_;
    int64_t n = 0;
    LAKEML_ASSIGN_OR_RETURN(RowResult r, ParseRow(&fields_[rows * num_columns], num_columns, &n));
    if (r == RowResult::kNeedMore) {
      if (rows > 0) break;
      LAKEML_RETURN_IF_ERROR(Refill());
      continue;
    }
    if (r == RowResult::kBlankLine) {
      if (num_columns != 1) continue;
      fields_[rows] = CsvField{0, 0};  // An empty, unquoted field: null.
      n = 1;
    }
    if (n != num_columns) {
      return ParseError(row_line, StrCat("expected ", num_columns, " fields, found ", n));
    }
    row_lines_[rows] = row_line;
    ++rows;
  }
  return rows;
}

}  // namespace lakeml::csv
