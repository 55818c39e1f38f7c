#include "format/parquet/writer/column_chunk_writer.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "base/bit_util.h"
#include "base/crc32.h"
#include "format/compression/codec.h"

namespace lakeml::parquet {

namespace {

// Byte arrays longer than this have their statistics truncated (min: prefix; max: prefix
// incremented), as other writers do, so that footers and page indexes stay small.
constexpr size_t kStatisticsTruncateBytes = 64;
// Levels per batch at most: large enough to amortize per-batch dispatch, small enough to
// keep the gathered values in cache and to cut pages close to page_bytes.
constexpr int64_t kMaxBatchLevels = 4096;
// Dictionary encoding is abandoned early when, after this many values of a chunk, more than
// kMaxDistinctRatio of them were distinct: such a dictionary saves little and would most likely
// outgrow dictionary_page_bytes anyway, after hashing many more values.
constexpr int64_t kDictionaryProbeValues = 64 * 1024;
constexpr double kMaxDistinctRatio = 0.9;

void AppendLE32(std::string* out, uint32_t v) { out->append(reinterpret_cast<char*>(&v), 4); }

void PatchLE32(std::string* out, size_t at, uint32_t v) { std::memcpy(out->data() + at, &v, 4); }

int DictionaryBitWidth(int64_t size) {
  return std::max(1, bit_util::BitWidth(static_cast<uint64_t>(std::max<int64_t>(size, 1) - 1)));
}

}  // namespace

Result<std::unique_ptr<ColumnChunkWriter>> ColumnChunkWriter::Make(const WriterLeaf* leaf,
                                                                   const WriterOptions* options) {
  LAKEML_ASSIGN_OR_RETURN(
      auto plain, MakeValueEncoder(Encoding::kPlain, leaf->physical_type, leaf->type_length));
  return std::unique_ptr<ColumnChunkWriter>(new ColumnChunkWriter(leaf, options, std::move(plain)));
}

ColumnChunkWriter::ColumnChunkWriter(const WriterLeaf* leaf, const WriterOptions* options,
                                     std::unique_ptr<ValueEncoder> plain)
    : leaf_(leaf),
      options_(options),
      collect_stats_(options->statistics || options->page_index),
      plain_(std::move(plain)),
      gatherer_(leaf),
      def_encoder_(bit_util::BitWidth(leaf->max_def)),
      rep_encoder_(bit_util::BitWidth(leaf->max_rep)),
      dictionary_enabled_(options->dictionary && leaf->physical_type != Type::kBoolean),
      dictionary_active_(dictionary_enabled_),
      stats_from_dictionary_(collect_stats_ && (leaf->stats_order == StatsOrder::kBytes ||
                                                leaf->stats_order == StatsOrder::kDecimalBytes)),
      page_stats_(leaf->stats_order, leaf->physical_type, leaf->type_length),
      chunk_stats_(leaf->stats_order, leaf->physical_type, leaf->type_length) {}

void ColumnChunkWriter::Reset() {
  dictionary_active_ = dictionary_enabled_;
  dict32_.Clear();
  dict64_.Clear();
  dict_bytes_.Clear();
  indices_.clear();
  dictionary_values_ = 0;
  seen_.clear();
  page_entries_.clear();
  def_encoder_.Clear();
  rep_encoder_.Clear();
  page_levels_ = page_values_ = page_rows_ = 0;
  page_uses_dictionary_ = false;
  page_stats_.Reset();
  chunk_levels_ = chunk_rows_ = 0;
  uncompressed_bytes_ = compressed_bytes_ = 0;
  plain_pages_ = dictionary_pages_ = 0;
  chunk_stats_.Reset();
  column_index_ = ColumnIndex();
  column_index_valid_ = true;
  chunk_.dictionary_page.clear();
  chunk_.data_pages.clear();
  chunk_.meta_data = ColumnMetaData();
  chunk_.column_index.reset();
  chunk_.offset_index = OffsetIndex();
}

Status ColumnChunkWriter::Write(const ShreddedLeaf& s) {
  const int16_t* def = s.def_levels;
  const int16_t* rep = s.rep_levels;
  const int16_t max_def = leaf_->max_def;
  int64_t value_index = 0;
  int64_t e = 0;
  while (e < s.num_levels) {
    // Size the batch to land near the page target.
    int64_t len = kMaxBatchLevels;
    if (bytes_per_level_ > 0) {
      const double room = static_cast<double>(options_->page_bytes - EstimatedPageBytes());
      len = std::clamp<int64_t>(static_cast<int64_t>(room / bytes_per_level_) + 1, 1,
                                kMaxBatchLevels);
    }
    int64_t end = std::min(s.num_levels, e + len);
    if (rep != nullptr) {
      while (end < s.num_levels && rep[end] != 0) ++end;  // Pages hold whole records.
    }
    int64_t n = end - e;
    if (def != nullptr) {
      n = 0;
      for (int64_t i = e; i < end; ++i) n += def[i] == max_def;
    }
    LAKEML_RETURN_IF_ERROR(WriteBatch(s, e, end, value_index, n));
    value_index += n;
    e = end;
  }
  return Status::OK();
}

Status ColumnChunkWriter::WriteBatch(const ShreddedLeaf& s, int64_t begin, int64_t end,
                                     int64_t value_index, int64_t n) {
  const int64_t len = end - begin;
  if (s.def_levels != nullptr) def_encoder_.PutBatch(s.def_levels + begin, len);
  int64_t rows = len;
  if (s.rep_levels != nullptr) {
    rep_encoder_.PutBatch(s.rep_levels + begin, len);
    rows = 0;
    for (int64_t i = begin; i < end; ++i) rows += s.rep_levels[i] == 0;
  }

  ValueSelection sel;
  sel.count = n;
  if (s.positions != nullptr) {
    sel.positions = s.positions + value_index;
  } else {
    sel.row_begin = s.first_row + begin;
    sel.row_count = len;
  }
  PhysicalValues values;
  LAKEML_RETURN_IF_ERROR(gatherer_.Gather(*s.values, sel, &values));
  if (collect_stats_) {
    if (!(dictionary_active_ && stats_from_dictionary_)) page_stats_.Update(values);
    page_stats_.AddNulls(len - n);
  }
  if (dictionary_active_) {
    const size_t first = indices_.size();
    DictionaryInsert(values);
    if (stats_from_dictionary_) MarkSeen(indices_.data() + first, n);
    if (n > 0) page_uses_dictionary_ = true;
    dictionary_values_ += n;
  } else if (n > 0) {
    switch (leaf_->physical_type) {
      case Type::kBoolean: plain_->PutBooleans(values.bits, values.bit_offset, n); break;
      case Type::kByteArray: plain_->PutByteArrays(values.offsets, values.data, n); break;
      default: plain_->PutFixed(values.fixed, n); break;
    }
  }
  page_levels_ += len;
  page_values_ += n;
  page_rows_ += rows;
  const int64_t page_bytes = EstimatedPageBytes();
  bytes_per_level_ = static_cast<double>(page_bytes) / static_cast<double>(page_levels_);
  if (dictionary_active_ &&
      (DictionaryPlainBytes() > options_->dictionary_page_bytes ||
       (dictionary_values_ >= kDictionaryProbeValues &&
        static_cast<double>(DictionarySize()) >
            kMaxDistinctRatio * static_cast<double>(dictionary_values_)))) {
    // Fall back to PLAIN: this page keeps its dictionary indices, later ones do not.
    LAKEML_RETURN_IF_ERROR(FlushPage());
    dictionary_active_ = false;
    bytes_per_level_ = 0;
    return Status::OK();
  }
  if (page_bytes >= options_->page_bytes) return FlushPage();
  return Status::OK();
}

void ColumnChunkWriter::DictionaryInsert(const PhysicalValues& v) {
  const size_t old = indices_.size();
  indices_.resize(old + v.count);
  uint32_t* out = indices_.data() + old;
  switch (leaf_->physical_type) {
    case Type::kInt32:
    case Type::kFloat: dict32_.Insert(v.fixed, v.count, out); break;
    case Type::kInt64:
    case Type::kDouble: dict64_.Insert(v.fixed, v.count, out); break;
    case Type::kByteArray: dict_bytes_.InsertByteArrays(v.offsets, v.data, v.count, out); break;
    default: dict_bytes_.InsertFixed(v.fixed, leaf_->type_length, v.count, out); break;
  }
}

void ColumnChunkWriter::MarkSeen(const uint32_t* indices, int64_t n) {
  if (seen_.size() < static_cast<size_t>(DictionarySize())) {
    seen_.resize(std::max<size_t>(DictionarySize(), seen_.size() * 2), 0);
  }
  for (int64_t i = 0; i < n; ++i) {
    const uint32_t k = indices[i];
    if (seen_[k] == 0) {
      seen_[k] = 1;
      page_entries_.push_back(k);
    }
  }
}

void ColumnChunkWriter::StatisticsFromDictionary() {
  const int64_t* offsets = dict_bytes_.offsets();
  const char* data = reinterpret_cast<const char*>(dict_bytes_.data());
  for (uint32_t k : page_entries_) {
    page_stats_.UpdateValue(std::string_view(data + offsets[k], offsets[k + 1] - offsets[k]));
    seen_[k] = 0;
  }
  page_entries_.clear();
}

int64_t ColumnChunkWriter::DictionarySize() const {
  switch (leaf_->physical_type) {
    case Type::kInt32:
    case Type::kFloat: return dict32_.size();
    case Type::kInt64:
    case Type::kDouble: return dict64_.size();
    default: return dict_bytes_.size();
  }
}

int64_t ColumnChunkWriter::DictionaryPlainBytes() const {
  switch (leaf_->physical_type) {
    case Type::kInt32:
    case Type::kFloat: return dict32_.plain_bytes();
    case Type::kInt64:
    case Type::kDouble: return dict64_.plain_bytes();
    case Type::kByteArray: return dict_bytes_.plain_bytes();
    default: return dict_bytes_.data_bytes();
  }
}

int64_t ColumnChunkWriter::EstimatedPageBytes() const {
  int64_t bytes = def_encoder_.EstimatedSize() + rep_encoder_.EstimatedSize();
  if (dictionary_active_) {
    const int width = DictionaryBitWidth(DictionarySize());
    bytes += 1 + (static_cast<int64_t>(indices_.size()) * width + 7) / 8;
  } else {
    bytes += plain_->EstimatedSize();
  }
  return bytes;
}

Status ColumnChunkWriter::Compress(const std::string& src, const std::string** out) {
  if (options_->compression == CompressionCodec::kUncompressed) {
    *out = &src;
    return Status::OK();
  }
  compressed_.clear();
  LAKEML_RETURN_IF_ERROR(compression::Compress(
      options_->compression, reinterpret_cast<const uint8_t*>(src.data()),
      static_cast<int64_t>(src.size()), &compressed_, options_->compression_level));
  *out = &compressed_;
  return Status::OK();
}

std::optional<Statistics> ColumnChunkWriter::PageStatistics(
    const StatisticsAccumulator& stats) const {
  Statistics s;
  s.null_count = stats.null_count();
  if (!stats.has_min_max()) return s;
  if (leaf_->physical_type != Type::kByteArray) {
    s.min_value = stats.min();
    s.max_value = stats.max();
    return s;
  }
  std::string min;
  const bool min_truncated =
      StatisticsAccumulator::TruncateMin(stats.min(), kStatisticsTruncateBytes, &min);
  std::optional<std::string> max =
      StatisticsAccumulator::TruncateMax(stats.max(), kStatisticsTruncateBytes);
  if (!max) return s;  // No short upper bound: write neither bound.
  s.is_min_value_exact = !min_truncated;
  s.is_max_value_exact = max->size() == stats.max().size();
  s.min_value = std::move(min);
  s.max_value = std::move(max);
  return s;
}

Status ColumnChunkWriter::FlushPage() {
  if (page_levels_ == 0) return Status::OK();
  if (page_levels_ > std::numeric_limits<int32_t>::max()) {
    return Status::InvalidArgument("Record too large for one Parquet page: column ",
                                   leaf_->dotted_path, ", levels ", page_levels_);
  }
  const bool v2 = options_->data_page_version == 2;
  const bool dictionary = page_uses_dictionary_;
  if (!page_entries_.empty()) StatisticsFromDictionary();
  body_.clear();
  values_.clear();

  // Levels. v1: each with a 4-byte length prefix, compressed with the values;
  // v2: repetition then definition levels, uncompressed, lengths in the header.
  int32_t rep_bytes = 0;
  int32_t def_bytes = 0;
  auto put_levels = [&](RleBitPackedEncoder* enc, int16_t max_level, int32_t* bytes) {
    if (max_level == 0) return;
    const size_t at = body_.size();
    if (!v2) AppendLE32(&body_, 0);
    const size_t start = body_.size();
    enc->FinishTo(&body_);
    *bytes = static_cast<int32_t>(body_.size() - start);
    if (!v2) PatchLE32(&body_, at, static_cast<uint32_t>(*bytes));
  };
  put_levels(&rep_encoder_, leaf_->max_rep, &rep_bytes);
  put_levels(&def_encoder_, leaf_->max_def, &def_bytes);

  // Values: v1 appends them to the levels; v2 keeps them apart to compress them alone.
  std::string* values = v2 ? &values_ : &body_;
  const size_t values_start = values->size();
  Encoding encoding = Encoding::kPlain;
  if (dictionary) {
    encoding = Encoding::kRleDictionary;
    const int width = DictionaryBitWidth(DictionarySize());
    values->push_back(static_cast<char>(width));
    std::unique_ptr<RleBitPackedEncoder>& indices = index_encoders_[width];
    if (indices == nullptr) indices = std::make_unique<RleBitPackedEncoder>(width);
    indices->PutBatch(indices_.data(), static_cast<int64_t>(indices_.size()));
    indices->FinishTo(values);
  } else {
    plain_->FinishTo(values);
  }
  indices_.clear();
  const int64_t values_bytes = static_cast<int64_t>(values->size() - values_start);

  PageHeader header;
  const std::string* stored = nullptr;
  uint32_t crc = 0;
  int64_t uncompressed = 0;
  int64_t compressed = 0;
  if (v2) {
    LAKEML_RETURN_IF_ERROR(Compress(values_, &stored));
    uncompressed = static_cast<int64_t>(body_.size()) + values_bytes;
    compressed = static_cast<int64_t>(body_.size() + stored->size());
    if (options_->page_checksums) {
      crc = Crc32(Crc32(0, body_.data(), body_.size()), stored->data(), stored->size());
    }
    header.type = PageType::kDataPageV2;
    DataPageHeaderV2 h;
    h.num_values = static_cast<int32_t>(page_levels_);
    h.num_nulls = static_cast<int32_t>(page_levels_ - page_values_);
    h.num_rows = static_cast<int32_t>(page_rows_);
    h.encoding = encoding;
    h.definition_levels_byte_length = def_bytes;
    h.repetition_levels_byte_length = rep_bytes;
    h.is_compressed = options_->compression != CompressionCodec::kUncompressed;
    if (options_->statistics) h.statistics = PageStatistics(page_stats_);
    header.data_page_header_v2 = std::move(h);
  } else {
    LAKEML_RETURN_IF_ERROR(Compress(body_, &stored));
    uncompressed = static_cast<int64_t>(body_.size());
    compressed = static_cast<int64_t>(stored->size());
    if (options_->page_checksums) crc = Crc32(0, stored->data(), stored->size());
    header.type = PageType::kDataPage;
    DataPageHeader h;
    h.num_values = static_cast<int32_t>(page_levels_);
    h.encoding = encoding;
    if (options_->statistics) h.statistics = PageStatistics(page_stats_);
    header.data_page_header = std::move(h);
  }
  if (uncompressed > std::numeric_limits<int32_t>::max() ||
      compressed > std::numeric_limits<int32_t>::max()) {
    return Status::InvalidArgument("Parquet page exceeds 2 GiB: column ", leaf_->dotted_path,
                                   ", bytes ", uncompressed);
  }
  header.uncompressed_page_size = static_cast<int32_t>(uncompressed);
  header.compressed_page_size = static_cast<int32_t>(compressed);
  if (options_->page_checksums) header.crc = static_cast<int32_t>(crc);
  header_.clear();
  SerializePageHeader(header, &header_);

  const int64_t page_offset = static_cast<int64_t>(chunk_.data_pages.size());
  chunk_.data_pages += header_;
  if (v2) chunk_.data_pages += body_;
  chunk_.data_pages += *stored;
  const int64_t page_size = static_cast<int64_t>(chunk_.data_pages.size()) - page_offset;
  uncompressed_bytes_ += static_cast<int64_t>(header_.size()) + uncompressed;
  compressed_bytes_ += page_size;
  (dictionary ? dictionary_pages_ : plain_pages_) += 1;

  if (options_->page_index) {
    // Offsets are relative to the data pages here; Finish() rebases them on the chunk.
    chunk_.offset_index.page_locations.push_back(
        PageLocation{page_offset, static_cast<int32_t>(page_size), chunk_rows_});
    const bool null_page = page_values_ == 0;
    std::string min, max;
    if (!null_page) {
      std::optional<Statistics> st = PageStatistics(page_stats_);
      if (st && st->min_value && st->max_value) {
        min = *st->min_value;
        max = *st->max_value;
      } else {
        column_index_valid_ = false;  // A non-null page without bounds.
      }
    }
    column_index_.null_pages.push_back(null_page);
    column_index_.min_values.push_back(std::move(min));
    column_index_.max_values.push_back(std::move(max));
    if (!column_index_.null_counts) column_index_.null_counts.emplace();
    column_index_.null_counts->push_back(page_levels_ - page_values_);
  }
  chunk_stats_.Merge(page_stats_);
  page_stats_.Reset();
  chunk_levels_ += page_levels_;
  chunk_rows_ += page_rows_;
  page_levels_ = page_values_ = page_rows_ = 0;
  page_uses_dictionary_ = false;
  return Status::OK();
}

Status ColumnChunkWriter::WriteDictionaryPage() {
  const int64_t n = DictionarySize();
  values_.clear();
  switch (leaf_->physical_type) {
    case Type::kInt32:
    case Type::kFloat: plain_->PutFixed(dict32_.entries(), n); break;
    case Type::kInt64:
    case Type::kDouble: plain_->PutFixed(dict64_.entries(), n); break;
    case Type::kByteArray:
      plain_->PutByteArrays(dict_bytes_.offsets(), dict_bytes_.data(), n);
      break;
    default: plain_->PutFixed(dict_bytes_.data(), n); break;
  }
  plain_->FinishTo(&values_);
  const std::string* stored = nullptr;
  LAKEML_RETURN_IF_ERROR(Compress(values_, &stored));
  if (values_.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max()) ||
      stored->size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return Status::InvalidArgument("Parquet dictionary page exceeds 2 GiB: column ",
                                   leaf_->dotted_path);
  }
  PageHeader header;
  header.type = PageType::kDictionaryPage;
  header.uncompressed_page_size = static_cast<int32_t>(values_.size());
  header.compressed_page_size = static_cast<int32_t>(stored->size());
  if (options_->page_checksums) {
    header.crc = static_cast<int32_t>(Crc32(0, stored->data(), stored->size()));
  }
  DictionaryPageHeader d;
  d.num_values = static_cast<int32_t>(n);
  d.encoding = Encoding::kPlain;
  d.is_sorted = false;
  header.dictionary_page_header = d;
  SerializePageHeader(header, &chunk_.dictionary_page);
  const size_t header_bytes = chunk_.dictionary_page.size();
  chunk_.dictionary_page += *stored;
  uncompressed_bytes_ += static_cast<int64_t>(header_bytes + values_.size());
  compressed_bytes_ += static_cast<int64_t>(chunk_.dictionary_page.size());
  return Status::OK();
}

void ColumnChunkWriter::FinishColumnIndex() {
  // Pages are ascending (descending) when both bounds never decrease (increase) from one
  // non-null page to the next.
  bool ascending = true, descending = true;
  int prev = -1;
  for (size_t i = 0; i < column_index_.null_pages.size(); ++i) {
    if (column_index_.null_pages[i]) continue;
    if (prev >= 0) {
      const std::string& pmin = column_index_.min_values[prev];
      const std::string& pmax = column_index_.max_values[prev];
      const std::string& cmin = column_index_.min_values[i];
      const std::string& cmax = column_index_.max_values[i];
      if (chunk_stats_.Less(cmin, pmin) || chunk_stats_.Less(cmax, pmax)) ascending = false;
      if (chunk_stats_.Less(pmin, cmin) || chunk_stats_.Less(pmax, cmax)) descending = false;
    }
    prev = static_cast<int>(i);
  }
  column_index_.boundary_order = ascending    ? BoundaryOrder::kAscending
                                 : descending ? BoundaryOrder::kDescending
                                              : BoundaryOrder::kUnordered;
  chunk_.column_index = std::move(column_index_);
}

Status ColumnChunkWriter::Finish() {
  LAKEML_RETURN_IF_ERROR(FlushPage());
  const bool has_dictionary = dictionary_pages_ > 0;
  if (has_dictionary) LAKEML_RETURN_IF_ERROR(WriteDictionaryPage());
  const int64_t data_start = static_cast<int64_t>(chunk_.dictionary_page.size());

  ColumnMetaData& m = chunk_.meta_data;
  m.type = leaf_->physical_type;
  m.path_in_schema = leaf_->path;
  m.codec = options_->compression;
  m.num_values = chunk_levels_;
  m.total_uncompressed_size = uncompressed_bytes_;
  m.total_compressed_size = compressed_bytes_;
  m.data_page_offset = data_start;
  if (has_dictionary) m.dictionary_page_offset = 0;
  m.encodings.clear();
  if (has_dictionary || plain_pages_ > 0) m.encodings.push_back(Encoding::kPlain);
  if (leaf_->max_def > 0 || leaf_->max_rep > 0) m.encodings.push_back(Encoding::kRle);
  if (dictionary_pages_ > 0) m.encodings.push_back(Encoding::kRleDictionary);
  const PageType data_type =
      options_->data_page_version == 2 ? PageType::kDataPageV2 : PageType::kDataPage;
  if (has_dictionary) {
    m.encoding_stats.push_back({PageType::kDictionaryPage, Encoding::kPlain, 1});
    m.encoding_stats.push_back({data_type, Encoding::kRleDictionary, dictionary_pages_});
  }
  if (plain_pages_ > 0) m.encoding_stats.push_back({data_type, Encoding::kPlain, plain_pages_});
  if (options_->statistics) m.statistics = PageStatistics(chunk_stats_);

  if (options_->page_index) {
    for (PageLocation& loc : chunk_.offset_index.page_locations) loc.offset += data_start;
    if (column_index_valid_ && leaf_->stats_order != StatsOrder::kNone) FinishColumnIndex();
  }
  return Status::OK();
}

}  // namespace lakeml::parquet
