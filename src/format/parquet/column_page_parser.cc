#include "format/parquet/column_page_parser.h"

#include <cstring>

#include "base/crc32.h"
#include "format/compression/codec.h"
#include "format/parquet/metadata.h"

namespace lakeml::parquet {

Status ColumnPageParser::Parse(const uint8_t* chunk, int64_t size, int64_t* pos, int index,
                               CompressionCodec codec, bool verify_checksum, ColumnPage* page) {
  size_t header_size = 0;
  Result<PageHeader> parsed = ParsePageHeader(chunk + *pos, size - *pos, &header_size);
  if (!parsed.ok()) return parsed.status().WithContext("page ", index);
  const PageHeader& header = *parsed;
  const int64_t body = static_cast<int64_t>(header.compressed_page_size);
  if (body < 0 || body > size - *pos - static_cast<int64_t>(header_size)) {
    return Status::Corruption("Page header overruns column chunk: page ", index, " needs ", body,
                              " bytes at offset ", *pos + header_size, ", chunk size ", size);
  }
  const uint8_t* data = chunk + *pos + header_size;
  if (header.crc && verify_checksum) {
    const uint32_t computed = Crc32(0, data, body);
    if (computed != static_cast<uint32_t>(*header.crc)) {
      return Status::Corruption("Page CRC mismatch: page ", index, " stores ",
                                static_cast<uint32_t>(*header.crc), ", data hashes to ", computed);
    }
  }
  *page = ColumnPage();
  page->index = index;
  page->type = header.type;
  page->uncompressed_page_size = header.uncompressed_page_size;
  page->stored = data;
  page->stored_size = body;
  page->compressed = codec != CompressionCodec::kUncompressed;
  switch (header.type) {
    case PageType::kDictionaryPage:
      if (!header.dictionary_page_header) {
        return Status::Corruption("Dictionary page without a dictionary page header")
            .WithContext("page ", index);
      }
      page->num_values = header.dictionary_page_header->num_values;
      page->encoding = header.dictionary_page_header->encoding;
      break;
    case PageType::kDataPage:
      if (!header.data_page_header) {
        return Status::Corruption("Data page without its data page header")
            .WithContext("page ", index);
      }
      page->num_values = header.data_page_header->num_values;
      page->encoding = header.data_page_header->encoding;
      page->definition_level_encoding = header.data_page_header->definition_level_encoding;
      page->repetition_level_encoding = header.data_page_header->repetition_level_encoding;
      break;
    case PageType::kDataPageV2: {
      if (!header.data_page_header_v2) {
        return Status::Corruption("Data page without its data page header")
            .WithContext("page ", index);
      }
      const DataPageHeaderV2& h = *header.data_page_header_v2;
      page->v2 = true;
      page->num_values = h.num_values;
      page->encoding = h.encoding;
      page->definition_levels_byte_length = h.definition_levels_byte_length;
      page->repetition_levels_byte_length = h.repetition_levels_byte_length;
      page->compressed = page->compressed && h.is_compressed;
      break;
    }
    case PageType::kIndexPage:
      break;
  }
  *pos += static_cast<int64_t>(header_size) + body;
  return Status::OK();
}

Result<int64_t> ColumnPageParser::PlainSize(const ColumnPage& page, int64_t max_page_bytes) {
  const int64_t size = page.stored_size;
  if (page.v2) {
    const int64_t rep_len = page.repetition_levels_byte_length;
    const int64_t def_len = page.definition_levels_byte_length;
    if (rep_len < 0 || def_len < 0 || rep_len + def_len > size ||
        rep_len + def_len > page.uncompressed_page_size) {
      return Status::Corruption("Data page v2 level lengths (", rep_len, " + ", def_len,
                                ") exceed the page size ", size);
    }
    if (!page.compressed) return size;
    const int64_t plain = page.uncompressed_page_size - rep_len - def_len;
    if (plain > max_page_bytes) {
      return Status::Corruption("Page claims an uncompressed size of ", plain, " bytes");
    }
    return rep_len + def_len + plain;
  }
  const int64_t out_size = page.uncompressed_page_size;
  if (!page.compressed) {
    if (size != out_size) {
      return Status::Corruption("Uncompressed page size ", out_size,
                                " differs from its stored size ", size);
    }
    return size;
  }
  if (out_size < 0 || out_size > max_page_bytes) {
    return Status::Corruption("Page claims an uncompressed size of ", out_size, " bytes");
  }
  return out_size;
}

Status ColumnPageParser::Decompress(CompressionCodec codec, const ColumnPage& page,
                                    int64_t plain_size, uint8_t* out) {
  if (!page.compressed) {
    if (plain_size > 0) std::memcpy(out, page.stored, plain_size);
    return Status::OK();
  }
  int64_t levels = 0;
  if (page.v2) {
    // Levels are stored uncompressed ahead of the compressed values.
    levels = page.repetition_levels_byte_length + page.definition_levels_byte_length;
    if (levels > 0) std::memcpy(out, page.stored, levels);
  }
  const int64_t in_size = page.stored_size - levels;
  const int64_t out_size = plain_size - levels;
  if (out_size == 0 && in_size == 0) return Status::OK();
  return compression::Decompress(codec, page.stored + levels, in_size, out + levels, out_size);
}

}  // namespace lakeml::parquet
