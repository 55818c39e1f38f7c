#include "format/parquet/column_chunk_reader.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "base/bit_util.h"
#include "format/parquet/column_page_parser.h"
#include "format/parquet/encoding/physical_type_width.h"
#include "format/parquet/physical_converter.h"

namespace lakeml::parquet {

using columnar::Buffer;
using columnar::BufferPtr;
using columnar::Vector;
using columnar::VectorPtr;

namespace {

// Slices up to this many values reserve their buffer once instead of growing it page by page.
constexpr int64_t kSliceReserveValues = 1 << 16;

bool IsDictionaryEncoding(Encoding e) {
  return e == Encoding::kPlainDictionary || e == Encoding::kRleDictionary;
}

template <typename T>
void GatherFixed(const T* dict, const uint32_t* idx, int64_t n, T* out) {
  for (int64_t i = 0; i < n; ++i) out[i] = dict[idx[i]];
}

}  // namespace

// Raw (physical storage) values accumulated over the chunk's pages.
struct ColumnChunkReader::Output {
  int64_t count = 0;   // Non-null values so far.
  BufferPtr values;    // Fixed width: count * width bytes. Booleans: bits. Byte arrays: offsets.
  BufferPtr data;      // Byte arrays: value bytes.
  int64_t levels = 0;  // Level entries so far.
  BufferPtr def;
  BufferPtr rep;
};

Result<ValueDecoder*> ColumnChunkReader::DecoderFor(Encoding encoding) {
  for (auto& [e, d] : decoders_) {
    if (e == encoding) return d.get();
  }
  LAKEML_ASSIGN_OR_RETURN(auto decoder,
                          MakeValueDecoder(encoding, leaf_->physical_type, leaf_->type_length));
  decoders_.emplace_back(encoding, std::move(decoder));
  return decoders_.back().second.get();
}

Result<const uint8_t*> ColumnChunkReader::PlainBytes(const ColumnPage& page, int64_t* size) {
  LAKEML_ASSIGN_OR_RETURN(*size, ColumnPageParser::PlainSize(page, options_.max_page_bytes));
  if (!page.compressed) return page.stored;
  page_scratch_.Resize(*size);
  LAKEML_RETURN_IF_ERROR(
      ColumnPageParser::Decompress(meta_->codec, page, *size, page_scratch_.mutable_data()));
  return page_scratch_.data();
}

Status ColumnChunkReader::DecodeLevels(Encoding encoding, int16_t max_level, const uint8_t* data,
                                       int64_t size, int64_t n, int16_t* out) {
  const int width = bit_util::BitWidth(static_cast<uint64_t>(max_level));
  if (encoding == Encoding::kBitPacked) {
    // Deprecated: values packed from the most significant bit.
    if ((n * width + 7) / 8 > size) return Status::Corruption("BIT_PACKED levels are truncated");
    for (int64_t i = 0; i < n; ++i) {
      int v = 0;
      for (int b = 0; b < width; ++b) {
        const int64_t bit = i * width + b;
        v = (v << 1) | ((data[bit >> 3] >> (7 - (bit & 7))) & 1);
      }
      out[i] = static_cast<int16_t>(v);
    }
  } else if (encoding == Encoding::kRle) {
    rle_.Reset(data, size, width);
    LAKEML_RETURN_IF_ERROR(rle_.Decode(out, n));
  } else {
    return Status::Corruption("Invalid level encoding ", EncodingName(encoding));
  }
  for (int64_t i = 0; i < n; ++i) {
    if (static_cast<uint16_t>(out[i]) > static_cast<uint16_t>(max_level)) {
      return Status::Corruption("Level ", out[i], " exceeds the column's maximum ", max_level);
    }
  }
  return Status::OK();
}

Status ColumnChunkReader::ReadDictionaryPage(const ColumnPage& page) {
  if (dictionary_) return Status::Corruption("Column chunk has a second dictionary page");
  if (page.encoding != Encoding::kPlain && page.encoding != Encoding::kPlainDictionary) {
    return Status::Corruption("Dictionary page encoding ", EncodingName(page.encoding),
                              " is not PLAIN");
  }
  int64_t bytes_size = 0;
  LAKEML_ASSIGN_OR_RETURN(const uint8_t* bytes, PlainBytes(page, &bytes_size));
  const int64_t n = page.num_values;
  const Type type = leaf_->physical_type;
  // Each value needs at least one byte (a bit for booleans): check before allocating.
  if (n < 0 || (type == Type::kBoolean ? (n + 7) / 8 : n * std::max(width_, 1)) > bytes_size + 0 ||
      (type == Type::kByteArray && n * 4 > bytes_size)) {
    return Status::Corruption("Dictionary page claims ", n, " values in ", bytes_size, " bytes");
  }
  LAKEML_ASSIGN_OR_RETURN(ValueDecoder * decoder, DecoderFor(Encoding::kPlain));
  LAKEML_RETURN_IF_ERROR(decoder->Reset(bytes, bytes_size, n));
  auto dict = std::make_shared<Vector>(PhysicalConverter::StorageType(type, leaf_->type_length), n);
  if (type == Type::kByteArray) {
    auto offsets = Buffer::Allocate((n + 1) * 8);
    auto values = Buffer::Allocate(0);
    offsets->mutable_as<int64_t>()[0] = 0;
    LAKEML_RETURN_IF_ERROR(
        decoder->DecodeByteArrays(n, offsets->mutable_as<int64_t>(), values.get()));
    dict->set_values(std::move(offsets));
    dict->set_data(std::move(values));
  } else if (type == Type::kBoolean) {
    auto bits = Buffer::AllocateZeroed(bit_util::BytesForBits(n));
    LAKEML_RETURN_IF_ERROR(decoder->DecodeBooleans(n, bits->mutable_data(), 0));
    dict->set_values(std::move(bits));
  } else {
    auto values = Buffer::Allocate(n * width_);
    LAKEML_RETURN_IF_ERROR(decoder->DecodeFixed(n, values->mutable_data()));
    dict->set_values(std::move(values));
  }
  dictionary_ = std::move(dict);
  return Status::OK();
}

Status ColumnChunkReader::StartValues(Encoding encoding, const uint8_t* data, int64_t size,
                                      int64_t n) {
  page_values_left_ = n;
  page_dictionary_ = IsDictionaryEncoding(encoding);
  page_decoder_ = nullptr;
  if (page_dictionary_) {
    if (!dictionary_) return Status::Corruption("Dictionary-encoded page without a dictionary");
    if (n == 0) return Status::OK();
    if (size < 1) return Status::Corruption("Dictionary-encoded page has no bit width");
    const int bit_width = data[0];
    if (bit_width > 32) return Status::Corruption("Dictionary index bit width ", bit_width);
    rle_.Reset(data + 1, size - 1, bit_width);
    return Status::OK();
  }
  const Type type = leaf_->physical_type;
  // Plain data can hold at most size / width values: check before growing any buffer.
  if (encoding == Encoding::kPlain && type != Type::kByteArray && type != Type::kBoolean &&
      n * width_ > size) {
    return Status::Corruption("Page holds ", size, " bytes of values; ", n, " values of ", width_,
                              " bytes need ", n * width_);
  }
  LAKEML_ASSIGN_OR_RETURN(page_decoder_, DecoderFor(encoding));
  return page_decoder_->Reset(data, size, n);
}

void ColumnChunkReader::GatherDictionary(const uint32_t* idx, int64_t n, Output* out) {
  const Type type = leaf_->physical_type;
  const int64_t start = out->count;
  if (type == Type::kByteArray) {
    const int64_t* doff = dictionary_->offsets();
    const uint8_t* dbytes = dictionary_->data()->data();
    int64_t total = 0;
    for (int64_t i = 0; i < n; ++i) total += doff[idx[i] + 1] - doff[idx[i]];
    out->values->Resize((start + n + 1) * 8);
    int64_t* o = out->values->mutable_as<int64_t>() + start;
    int64_t pos = o[0];
    out->data->Resize(pos + total);
    uint8_t* dst = out->data->mutable_data();
    for (int64_t i = 0; i < n; ++i) {
      const int64_t b = doff[idx[i]];
      const int64_t len = doff[idx[i] + 1] - b;
      std::memcpy(dst + pos, dbytes + b, len);
      pos += len;
      o[i + 1] = pos;
    }
  } else if (type == Type::kBoolean) {
    out->values->Resize(bit_util::BytesForBits(start + n));
    uint8_t* bits = out->values->mutable_data();
    const uint8_t* dbits = dictionary_->values()->data();
    for (int64_t i = 0; i < n; ++i) {
      bit_util::SetBitTo(bits, start + i, bit_util::GetBit(dbits, idx[i]));
    }
  } else {
    out->values->Resize((start + n) * width_);
    uint8_t* dst = out->values->mutable_data() + start * width_;
    const uint8_t* dict = dictionary_->values()->data();
    if (width_ == 4) {
      GatherFixed(reinterpret_cast<const uint32_t*>(dict), idx, n,
                  reinterpret_cast<uint32_t*>(dst));
    } else if (width_ == 8) {
      GatherFixed(reinterpret_cast<const uint64_t*>(dict), idx, n,
                  reinterpret_cast<uint64_t*>(dst));
    } else {
      for (int64_t i = 0; i < n; ++i) {
        std::memcpy(dst + i * width_, dict + static_cast<int64_t>(idx[i]) * width_, width_);
      }
    }
  }
  out->count += n;
}

Status ColumnChunkReader::DecodeValues(int64_t n, Output* out) {
  if (n > page_values_left_) {
    return Status::Corruption("Page has ", page_values_left_, " values left; ", n, " are needed");
  }
  page_values_left_ -= n;
  const Type type = leaf_->physical_type;
  const int64_t start = out->count;
  if (page_dictionary_) {
    if (n == 0) return Status::OK();
    indices_.Resize(n * 4);
    const int64_t dict_size = dictionary_->length();
    uint32_t* idx = indices_.mutable_as<uint32_t>();
    LAKEML_RETURN_IF_ERROR(rle_.DecodeIndices(idx, n, static_cast<uint32_t>(dict_size)));
    GatherDictionary(idx, n, out);
    return Status::OK();
  }
  if (page_decoder_ == nullptr) return Status::Internal("Values decoded before a page started");
  ValueDecoder* decoder = page_decoder_;
  if (type == Type::kByteArray) {
    out->values->Resize((start + n + 1) * 8);
    LAKEML_RETURN_IF_ERROR(
        decoder->DecodeByteArrays(n, out->values->mutable_as<int64_t>() + start, out->data.get()));
  } else if (type == Type::kBoolean) {
    const int64_t old_bytes = out->values->size();
    out->values->Resize(bit_util::BytesForBits(start + n));
    std::memset(out->values->mutable_data() + old_bytes, 0, out->values->size() - old_bytes);
    LAKEML_RETURN_IF_ERROR(decoder->DecodeBooleans(n, out->values->mutable_data(), start));
  } else {
    out->values->Resize((start + n) * width_);
    LAKEML_RETURN_IF_ERROR(decoder->DecodeFixed(n, out->values->mutable_data() + start * width_));
  }
  out->count += n;
  return Status::OK();
}

Status ColumnChunkReader::StartDataPage(const ColumnPage& page) {
  const int16_t max_def = leaf_->max_def;
  const int16_t max_rep = leaf_->max_rep;
  const bool v2 = page.v2;
  const int64_t num_values = page.num_values;
  const Encoding encoding = page.encoding;
  if (num_values < 0) return Status::Corruption("Data page claims ", num_values, " values");
  if (levels_loaded_ + num_values > meta_->num_values) {
    return Status::Corruption("Data pages hold more values than the column chunk's ",
                              meta_->num_values);
  }
  // Levels: two bytes per value (num_values is bounded by the chunk's).
  int16_t* def = nullptr;
  int16_t* rep = nullptr;
  if (max_def > 0) {
    page_def_.Resize(num_values * 2);
    def = page_def_.mutable_as<int16_t>();
  }
  if (max_rep > 0) {
    page_rep_.Resize(num_values * 2);
    rep = page_rep_.mutable_as<int16_t>();
  }
  const uint8_t* values;
  int64_t values_size;
  int64_t page_size = 0;
  // v2: levels, then values; both plain (the size checks are PlainBytes').
  LAKEML_ASSIGN_OR_RETURN(const uint8_t* data, PlainBytes(page, &page_size));
  if (v2) {
    const int64_t rep_len = page.repetition_levels_byte_length;
    const int64_t def_len = page.definition_levels_byte_length;
    if (max_rep > 0) {
      LAKEML_RETURN_IF_ERROR(DecodeLevels(Encoding::kRle, max_rep, data, rep_len, num_values, rep));
    }
    if (max_def > 0) {
      LAKEML_RETURN_IF_ERROR(
          DecodeLevels(Encoding::kRle, max_def, data + rep_len, def_len, num_values, def));
    }
    values = data + rep_len + def_len;
    values_size = page_size - rep_len - def_len;
  } else {
    const uint8_t* p = data;
    const uint8_t* end = data + page_size;
    auto levels = [&](Encoding enc, int16_t max_level, int16_t* dst) -> Status {
      int64_t len;
      if (enc == Encoding::kRle) {
        if (end - p < 4) return Status::Corruption("Level data is truncated");
        const uint32_t stored_len = bit_util::LoadLE<uint32_t>(p);
        p += 4;
        if (stored_len > static_cast<uint64_t>(end - p)) {
          return Status::Corruption("Level data length ", stored_len, " overruns the page (",
                                    end - p, " bytes left)");
        }
        len = stored_len;
      } else {
        len = (num_values * bit_util::BitWidth(max_level) + 7) / 8;
        if (len > end - p) return Status::Corruption("Level data is truncated");
      }
      LAKEML_RETURN_IF_ERROR(DecodeLevels(enc, max_level, p, len, num_values, dst));
      p += len;
      return Status::OK();
    };
    if (max_rep > 0) LAKEML_RETURN_IF_ERROR(levels(page.repetition_level_encoding, max_rep, rep));
    if (max_def > 0) LAKEML_RETURN_IF_ERROR(levels(page.definition_level_encoding, max_def, def));
    values = p;
    values_size = end - p;
  }
  if (max_rep > 0 && levels_loaded_ == 0 && num_values > 0 && rep[0] != 0) {
    return Status::Corruption("Column chunk starts with repetition level ", rep[0]);
  }
  int64_t non_null = num_values;
  if (max_def > 0) {
    non_null = 0;
    for (int64_t i = 0; i < num_values; ++i) non_null += def[i] == max_def;
  }
  levels_loaded_ += num_values;
  page_levels_ = num_values;
  page_pos_ = 0;
  if (leaf_->type->id() == columnar::TypeId::kNull) {
    // Always-null logical type: there are no values to decode.
    page_values_left_ = 0;
    page_dictionary_ = false;
    page_decoder_ = nullptr;
    return Status::OK();
  }
  return StartValues(encoding, values, values_size, non_null);
}

Status ColumnChunkReader::LoadNextDataPage() {
  while (levels_loaded_ < meta_->num_values) {
    ColumnPage parsed;
    const ColumnPage* page;
    if (pages_ != nullptr) {
      if (next_page_ >= pages_->pages().size()) break;
      page = &pages_->pages()[next_page_++];
    } else {
      if (pos_ >= size_) break;
      LAKEML_RETURN_IF_ERROR(ColumnPageParser::Parse(chunk_, size_, &pos_, page_, meta_->codec,
                                                     options_.verify_checksums, &parsed));
      page = &parsed;
    }
    page_ = page->index;
    Status s;
    bool data_page = false;
    switch (page->type) {
      case PageType::kDictionaryPage:
        if (levels_loaded_ > 0) {
          s = Status::Corruption("Dictionary page after data pages");
        } else {
          s = ReadDictionaryPage(*page);
        }
        break;
      case PageType::kDataPage:
      case PageType::kDataPageV2:
        s = StartDataPage(*page);
        data_page = true;
        break;
      case PageType::kIndexPage:
        break;  // Never written by known writers; nothing to decode.
    }
    if (!s.ok()) return s.WithContext("page ", page_);
    ++page_;
    if (data_page && page_levels_ > 0) return Status::OK();
  }
  return Status::Corruption("Column chunk holds ", levels_loaded_, " values; its metadata says ",
                            meta_->num_values);
}

Status ColumnChunkReader::ConsumePage(int64_t k, Output* out) {
  const int16_t max_def = leaf_->max_def;
  int64_t non_null = k;
  if (max_def > 0) {
    out->def->Resize((out->levels + k) * 2);
    const int16_t* src = page_def_.as<int16_t>() + page_pos_;
    std::memcpy(out->def->mutable_as<int16_t>() + out->levels, src, k * 2);
    non_null = 0;
    for (int64_t i = 0; i < k; ++i) non_null += src[i] == max_def;
  }
  if (leaf_->max_rep > 0) {
    out->rep->Resize((out->levels + k) * 2);
    std::memcpy(out->rep->mutable_as<int16_t>() + out->levels, page_rep_.as<int16_t>() + page_pos_,
                k * 2);
  }
  page_pos_ += k;
  out->levels += k;
  if (leaf_->type->id() == columnar::TypeId::kNull) return Status::OK();
  Status s = DecodeValues(non_null, out);
  // The page just consumed was numbered page_ - 1.
  if (!s.ok()) return s.WithContext("page ", page_ - 1);
  return s;
}

Status ColumnChunkReader::Open(const SchemaNode& leaf, const ColumnMetaData& meta,
                               std::shared_ptr<const ColumnChunkPages> pages) {
  LAKEML_RETURN_IF_ERROR(Open(leaf, meta, nullptr, 0));
  pages_ = std::move(pages);
  return Status::OK();
}

Status ColumnChunkReader::Open(const SchemaNode& leaf, const ColumnMetaData& meta,
                               const uint8_t* chunk, int64_t size) {
  pages_.reset();
  next_page_ = 0;
  leaf_ = &leaf;
  meta_ = &meta;
  width_ = PhysicalTypeWidth(leaf.physical_type, leaf.type_length);
  dictionary_.reset();
  typed_dictionary_.reset();
  typed_dictionary_tried_ = false;
  chunk_ = chunk;
  size_ = size;
  pos_ = 0;
  page_ = 0;
  levels_loaded_ = 0;
  levels_returned_ = 0;
  page_levels_ = 0;
  page_pos_ = 0;
  page_values_left_ = 0;
  page_dictionary_ = false;
  page_decoder_ = nullptr;
  if (leaf.physical_type == Type::kFixedLenByteArray && width_ <= 0) {
    return Status::Corruption("FIXED_LEN_BYTE_ARRAY column has width ", width_);
  }
  if (meta.num_values < 0)
    return Status::Corruption("Column chunk claims ", meta.num_values, " values");
  return Status::OK();
}

Result<LeafData> ColumnChunkReader::ReadNext(int64_t n) {
  if (n > levels_left()) {
    return Status::Corruption("Column chunk holds ", meta_->num_values, " values; ",
                              levels_returned_ + n, " were asked for");
  }
  Output out;
  InitOutput(n, &out);
  while (out.levels < n) {
    if (page_pos_ == page_levels_) LAKEML_RETURN_IF_ERROR(LoadNextDataPage());
    const int64_t k = std::min(n - out.levels, page_levels_ - page_pos_);
    LAKEML_RETURN_IF_ERROR(ConsumePage(k, &out));
  }
  levels_returned_ += n;
  return Finish(&out);
}

void ColumnChunkReader::InitOutput(int64_t n, Output* out) const {
  out->values = Buffer::Allocate(0);
  if (leaf_->physical_type == Type::kByteArray) {
    out->values->Resize(8);
    out->values->mutable_as<int64_t>()[0] = 0;
    out->data = Buffer::Allocate(0);
  } else if (n <= kSliceReserveValues && width_ > 0) {
    out->values->Reserve(n * width_);
  }
  if (leaf_->max_def > 0) out->def = Buffer::Allocate(0);
  if (leaf_->max_rep > 0) out->rep = Buffer::Allocate(0);
}

const VectorPtr& ColumnChunkReader::TypedDictionary() {
  if (typed_dictionary_tried_ || dictionary_ == nullptr) return typed_dictionary_;
  typed_dictionary_tried_ = true;
  const int64_t n = dictionary_->length();
  if (n == 0 || ColumnSlice::DictionaryValueWidth(*leaf_->type) == 0) return typed_dictionary_;
  // A dictionary entry that does not convert (e.g. an out-of-range decimal) may be unused:
  // values form then reports the error only if a row refers to it, as ReadNext does.
  Result<VectorPtr> typed =
      PhysicalConverter::Convert(dictionary_, leaf_->physical_type, leaf_->type, leaf_->path);
  if (!typed.ok()) return typed_dictionary_;
  const Vector& v = **typed;
  if (v.length() != n || v.null_count() != 0 || v.validity() != nullptr ||
      v.type()->id() != leaf_->type->id() || v.values() == nullptr) {
    return typed_dictionary_;
  }
  static std::atomic<uint64_t> next_id{1};
  typed_dictionary_ = std::move(typed).value();
  typed_dictionary_id_ = next_id.fetch_add(1, std::memory_order_relaxed);
  return typed_dictionary_;
}

Status ColumnChunkReader::ReadSlice(int64_t n, ColumnSlice* slice, const uint8_t* keep_bits,
                                    int64_t kept) {
  if (n > levels_left()) {
    return Status::Corruption("Column chunk holds ", meta_->num_values, " values; ",
                              levels_returned_ + n, " were asked for");
  }
  slice->rows = n;
  slice->dictionary.reset();
  slice->values.reset();
  slice->leaf = LeafData();
  slice->null_count = 0;
  slice->selected = false;
  const int16_t max_def = leaf_->max_def;
  int64_t done = 0;  // Rows decoded as dictionary indices.
  const bool dictionary_possible =
      leaf_->max_rep == 0 && leaf_->type->id() != columnar::TypeId::kNull;
  if (dictionary_possible) {
    slice->indices.Resize(n * 4);
    slice->validity.Resize(bit_util::BytesForBits(n));
    if (n > 0) std::memset(slice->validity.mutable_data(), 0, slice->validity.size());
  }
  uint32_t* idx = slice->indices.mutable_as<uint32_t>();
  uint8_t* valid = slice->validity.mutable_data();
  while (dictionary_possible && done < n) {
    if (page_pos_ == page_levels_) LAKEML_RETURN_IF_ERROR(LoadNextDataPage());
    if (!page_dictionary_ || TypedDictionary() == nullptr) break;
    const int64_t k = std::min(n - done, page_levels_ - page_pos_);
    int64_t non_null = k;
    const int16_t* def = max_def > 0 ? page_def_.as<int16_t>() + page_pos_ : nullptr;
    if (def != nullptr) {
      non_null = 0;
      for (int64_t i = 0; i < k; ++i) {
        const bool v = def[i] == max_def;
        valid[(done + i) >> 3] |= static_cast<uint8_t>(v << ((done + i) & 7));
        non_null += v;
      }
    } else {
      for (int64_t i = 0; i < k; ++i) bit_util::SetBitTo(valid, done + i, true);
    }
    Status s;
    if (non_null > page_values_left_) {
      s = Status::Corruption("Page has ", page_values_left_, " values left; ", non_null,
                             " are needed");
    } else if (non_null > 0) {
      s = rle_.DecodeIndices(idx + done, non_null, static_cast<uint32_t>(dictionary_->length()));
    }
    // The page just started was numbered page_ - 1.
    if (!s.ok()) return s.WithContext("page ", page_ - 1);
    if (non_null < k) {
      // Spread the dense indices over their rows, back to front; null rows get index 0.
      int64_t j = non_null;
      for (int64_t i = k - 1; i >= 0; --i) idx[done + i] = def[i] == max_def ? idx[done + --j] : 0;
    }
    page_values_left_ -= non_null;
    page_pos_ += k;
    done += k;
    slice->null_count += k - non_null;
  }
  if (dictionary_possible && n > 0 && done == n) {
    levels_returned_ += n;
    slice->dictionary = typed_dictionary_;
    slice->dictionary_id = typed_dictionary_id_;
    return Status::OK();
  }
  // Values form; rows [0, done) already decoded as indices (a fallback to plain pages).
  Output out;
  InitOutput(n, &out);
  if (done > 0) {
    int64_t dense = 0;
    if (max_def > 0) {
      out.def->Resize(done * 2);
      int16_t* d = out.def->mutable_as<int16_t>();
      for (int64_t i = 0; i < done; ++i) {
        const bool v = bit_util::GetBit(valid, i);
        d[i] = v ? max_def : 0;  // A flat column: any level below the maximum is null.
        idx[dense] = idx[i];
        dense += v;
      }
    } else {
      dense = done;
    }
    GatherDictionary(idx, dense, &out);
    out.levels = done;
  }
  while (out.levels < n) {
    if (page_pos_ == page_levels_) LAKEML_RETURN_IF_ERROR(LoadNextDataPage());
    const int64_t k = std::min(n - out.levels, page_levels_ - page_pos_);
    LAKEML_RETURN_IF_ERROR(ConsumePage(k, &out));
  }
  levels_returned_ += n;
  if (kept == 0) return Status::OK();
  if (keep_bits != nullptr && kept > 0 && kept < n && leaf_->max_rep == 0 &&
      leaf_->type->id() != columnar::TypeId::kNull) {
    SelectRows(keep_bits, kept, &out);
    slice->selected = true;
  }
  LAKEML_ASSIGN_OR_RETURN(slice->leaf, Finish(&out));
  return Status::OK();
}

void ColumnChunkReader::SelectRows(const uint8_t* keep, int64_t kept, Output* out) const {
  const int16_t max_def = leaf_->max_def;
  const int16_t* def = max_def > 0 ? out->def->as<int16_t>() : nullptr;
  const Type type = leaf_->physical_type;
  Output sel;
  InitOutput(kept, &sel);
  int16_t* sdef = nullptr;
  if (def != nullptr) {
    sel.def->Resize(kept * 2);
    sdef = sel.def->mutable_as<int16_t>();
  }
  // rows[j]: dense value index of the j-th kept non-null row.
  std::vector<int64_t> values;
  values.reserve(kept);
  int64_t j = 0;
  int64_t v = 0;
  for (int64_t i = 0; i < out->levels; ++i) {
    const bool has = def == nullptr || def[i] == max_def;
    if (bit_util::GetBit(keep, i)) {
      if (sdef != nullptr) sdef[j] = def[i];
      ++j;
      if (has) values.push_back(v);
    }
    v += has;
  }
  const int64_t m = static_cast<int64_t>(values.size());
  if (type == Type::kByteArray) {
    const int64_t* off = out->values->as<int64_t>();
    const uint8_t* bytes = out->data->data();
    sel.values->Resize((m + 1) * 8);
    int64_t* o = sel.values->mutable_as<int64_t>();
    o[0] = 0;
    for (int64_t k = 0; k < m; ++k) o[k + 1] = o[k] + off[values[k] + 1] - off[values[k]];
    sel.data->Resize(o[m]);
    uint8_t* dst = sel.data->mutable_data();
    for (int64_t k = 0; k < m; ++k) {
      std::memcpy(dst + o[k], bytes + off[values[k]], o[k + 1] - o[k]);
    }
  } else if (type == Type::kBoolean) {
    sel.values->Resize(bit_util::BytesForBits(m));
    if (m > 0) std::memset(sel.values->mutable_data(), 0, sel.values->size());
    uint8_t* bits = sel.values->mutable_data();
    const uint8_t* src = out->values->data();
    for (int64_t k = 0; k < m; ++k) bit_util::SetBitTo(bits, k, bit_util::GetBit(src, values[k]));
  } else {
    sel.values->Resize(m * width_);
    uint8_t* dst = sel.values->mutable_data();
    const uint8_t* src = out->values->data();
    if (width_ == 8) {
      for (int64_t k = 0; k < m; ++k) std::memcpy(dst + k * 8, src + values[k] * 8, 8);
    } else if (width_ == 4) {
      for (int64_t k = 0; k < m; ++k) std::memcpy(dst + k * 4, src + values[k] * 4, 4);
    } else {
      for (int64_t k = 0; k < m; ++k) {
        std::memcpy(dst + k * width_, src + values[k] * width_, width_);
      }
    }
  }
  sel.count = m;
  sel.levels = kept;
  *out = std::move(sel);
}

Result<LeafData> ColumnChunkReader::Finish(Output* out) const {
  LeafData result;
  result.num_levels = out->levels;
  result.def_levels = std::move(out->def);
  result.rep_levels = std::move(out->rep);
  const Type type = leaf_->physical_type;
  if (leaf_->type->id() == columnar::TypeId::kNull) {
    result.values = Vector::MakeNull(leaf_->type, 0);
    result.values->set_null_count(0);
    result.values->set_validity(nullptr);
    return result;
  }
  auto raw = std::make_shared<Vector>(PhysicalConverter::StorageType(type, leaf_->type_length),
                                      out->count);
  raw->set_values(std::move(out->values));
  raw->set_data(std::move(out->data));
  LAKEML_ASSIGN_OR_RETURN(result.values,
                          PhysicalConverter::Convert(raw, type, leaf_->type, leaf_->path));
  return result;
}

Result<LeafData> ColumnChunkReader::Read(const SchemaNode& leaf, const ColumnMetaData& meta,
                                         const uint8_t* chunk, int64_t size) {
  LAKEML_RETURN_IF_ERROR(Open(leaf, meta, chunk, size));
  return ReadNext(meta.num_values);
}

}  // namespace lakeml::parquet
