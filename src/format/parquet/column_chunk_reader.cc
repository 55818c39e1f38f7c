#include "format/parquet/column_chunk_reader.h"

#include <algorithm>
#include <cstring>

#include "base/bit_util.h"
#include "base/crc32.h"
#include "format/compression/codec.h"
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

Result<const uint8_t*> ColumnChunkReader::Decompress(const uint8_t* in, int64_t in_size,
                                                     int64_t out_size, Buffer* scratch) {
  if (meta_->codec == CompressionCodec::kUncompressed) {
    if (in_size != out_size) {
      return Status::Corruption("Uncompressed page size ", out_size,
                                " differs from its stored size ", in_size);
    }
    return in;
  }
  if (out_size < 0 || out_size > options_.max_page_bytes) {
    return Status::Corruption("Page claims an uncompressed size of ", out_size, " bytes");
  }
  scratch->Resize(out_size);
  if (out_size == 0 && in_size == 0) return scratch->data();
  LAKEML_RETURN_IF_ERROR(
      compression::Decompress(meta_->codec, in, in_size, scratch->mutable_data(), out_size));
  return scratch->data();
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

Status ColumnChunkReader::ReadDictionaryPage(const PageHeader& header, const uint8_t* data,
                                             int64_t size) {
  if (dictionary_) return Status::Corruption("Column chunk has a second dictionary page");
  if (!header.dictionary_page_header) {
    return Status::Corruption("Dictionary page without a dictionary page header");
  }
  const DictionaryPageHeader& dh = *header.dictionary_page_header;
  if (dh.encoding != Encoding::kPlain && dh.encoding != Encoding::kPlainDictionary) {
    return Status::Corruption("Dictionary page encoding ", EncodingName(dh.encoding),
                              " is not PLAIN");
  }
  LAKEML_ASSIGN_OR_RETURN(const uint8_t* bytes,
                          Decompress(data, size, header.uncompressed_page_size, &dict_scratch_));
  const int64_t n = dh.num_values;
  const int64_t bytes_size = header.uncompressed_page_size;
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

Status ColumnChunkReader::StartDataPage(const PageHeader& header, const uint8_t* data,
                                        int64_t size) {
  const int16_t max_def = leaf_->max_def;
  const int16_t max_rep = leaf_->max_rep;
  const bool v2 = header.type == PageType::kDataPageV2;
  if (v2 ? !header.data_page_header_v2 : !header.data_page_header) {
    return Status::Corruption("Data page without its data page header");
  }
  const int64_t num_values =
      v2 ? header.data_page_header_v2->num_values : header.data_page_header->num_values;
  const Encoding encoding =
      v2 ? header.data_page_header_v2->encoding : header.data_page_header->encoding;
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
  if (v2) {
    const DataPageHeaderV2& h = *header.data_page_header_v2;
    const int64_t rep_len = h.repetition_levels_byte_length;
    const int64_t def_len = h.definition_levels_byte_length;
    if (rep_len < 0 || def_len < 0 || rep_len + def_len > size ||
        rep_len + def_len > header.uncompressed_page_size) {
      return Status::Corruption("Data page v2 level lengths (", rep_len, " + ", def_len,
                                ") exceed the page size ", size);
    }
    if (max_rep > 0) {
      LAKEML_RETURN_IF_ERROR(DecodeLevels(Encoding::kRle, max_rep, data, rep_len, num_values, rep));
    }
    if (max_def > 0) {
      LAKEML_RETURN_IF_ERROR(
          DecodeLevels(Encoding::kRle, max_def, data + rep_len, def_len, num_values, def));
    }
    const int64_t stored = size - rep_len - def_len;
    const int64_t plain = header.uncompressed_page_size - rep_len - def_len;
    if (h.is_compressed && meta_->codec != CompressionCodec::kUncompressed) {
      LAKEML_ASSIGN_OR_RETURN(values,
                              Decompress(data + rep_len + def_len, stored, plain, &page_scratch_));
      values_size = plain;
    } else {
      values = data + rep_len + def_len;
      values_size = stored;
    }
  } else {
    const DataPageHeader& h = *header.data_page_header;
    LAKEML_ASSIGN_OR_RETURN(const uint8_t* page,
                            Decompress(data, size, header.uncompressed_page_size, &page_scratch_));
    const uint8_t* p = page;
    const uint8_t* end = page + header.uncompressed_page_size;
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
    if (max_rep > 0) LAKEML_RETURN_IF_ERROR(levels(h.repetition_level_encoding, max_rep, rep));
    if (max_def > 0) LAKEML_RETURN_IF_ERROR(levels(h.definition_level_encoding, max_def, def));
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
  while (pos_ < size_ && levels_loaded_ < meta_->num_values) {
    size_t header_size = 0;
    Result<PageHeader> parsed = ParsePageHeader(chunk_ + pos_, size_ - pos_, &header_size);
    if (!parsed.ok()) return parsed.status().WithContext("page ", page_);
    const PageHeader& header = *parsed;
    const int64_t body = static_cast<int64_t>(header.compressed_page_size);
    if (body < 0 || body > size_ - pos_ - static_cast<int64_t>(header_size)) {
      return Status::Corruption("Page header overruns column chunk: page ", page_, " needs ", body,
                                " bytes at offset ", pos_ + header_size, ", chunk size ", size_);
    }
    const uint8_t* data = chunk_ + pos_ + header_size;
    if (header.crc && options_.verify_checksums) {
      const uint32_t computed = Crc32(0, data, body);
      if (computed != static_cast<uint32_t>(*header.crc)) {
        return Status::Corruption("Page CRC mismatch: page ", page_, " stores ",
                                  static_cast<uint32_t>(*header.crc), ", data hashes to ",
                                  computed);
      }
    }
    Status s;
    bool data_page = false;
    switch (header.type) {
      case PageType::kDictionaryPage:
        if (levels_loaded_ > 0) {
          s = Status::Corruption("Dictionary page after data pages");
        } else {
          s = ReadDictionaryPage(header, data, body);
        }
        break;
      case PageType::kDataPage:
      case PageType::kDataPageV2:
        s = StartDataPage(header, data, body);
        data_page = true;
        break;
      case PageType::kIndexPage:
        break;  // Never written by known writers; nothing to decode.
    }
    if (!s.ok()) return s.WithContext("page ", page_);
    pos_ += header_size + body;
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
                               const uint8_t* chunk, int64_t size) {
  leaf_ = &leaf;
  meta_ = &meta;
  width_ = PhysicalTypeWidth(leaf.physical_type, leaf.type_length);
  dictionary_.reset();
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
  const Type type = leaf_->physical_type;
  Output out;
  out.values = Buffer::Allocate(0);
  if (type == Type::kByteArray) {
    out.values->Resize(8);
    out.values->mutable_as<int64_t>()[0] = 0;
    out.data = Buffer::Allocate(0);
  } else if (n <= kSliceReserveValues && width_ > 0) {
    out.values->Reserve(n * width_);
  }
  if (leaf_->max_def > 0) out.def = Buffer::Allocate(0);
  if (leaf_->max_rep > 0) out.rep = Buffer::Allocate(0);
  while (out.levels < n) {
    if (page_pos_ == page_levels_) LAKEML_RETURN_IF_ERROR(LoadNextDataPage());
    const int64_t k = std::min(n - out.levels, page_levels_ - page_pos_);
    LAKEML_RETURN_IF_ERROR(ConsumePage(k, &out));
  }
  levels_returned_ += n;
  return Finish(&out);
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
