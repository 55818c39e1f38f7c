#include "format/parquet/column_chunk_pages.h"

#include <new>

#include "format/parquet/column_page_parser.h"

namespace lakeml::parquet {

Result<std::shared_ptr<const ColumnChunkPages>> ColumnChunkPages::Build(
    const ColumnMetaData& meta, const uint8_t* chunk, int64_t size, bool verify_checksums,
    int64_t max_page_bytes, int64_t max_bytes) {
  if (meta.num_values < 0) return Status::Corruption("Column chunk claims negative values");
  // Pass 1: frame the pages and add up their plain sizes (nothing allocated from a claim yet).
  std::vector<ColumnPage> pages;
  std::vector<int64_t> plain_sizes;
  int64_t total = 0;
  int64_t levels = 0;
  int64_t pos = 0;
  for (int index = 0; pos < size && levels < meta.num_values; ++index) {
    ColumnPage page;
    LAKEML_RETURN_IF_ERROR(
        ColumnPageParser::Parse(chunk, size, &pos, index, meta.codec, verify_checksums, &page));
    if (page.type == PageType::kIndexPage) continue;
    if (page.type != PageType::kDictionaryPage) {
      if (page.num_values < 0) return Status::Corruption("Data page claims negative values");
      levels += page.num_values;
    }
    LAKEML_ASSIGN_OR_RETURN(int64_t plain, ColumnPageParser::PlainSize(page, max_page_bytes));
    total += plain;
    if (total > max_bytes) return std::shared_ptr<const ColumnChunkPages>();
    pages.push_back(page);
    plain_sizes.push_back(plain);
  }
  // Pass 2: decompress every page straight into one buffer.
  auto out = std::shared_ptr<ColumnChunkPages>(new ColumnChunkPages());
  try {
    out->bytes_ = columnar::Buffer::Allocate(total);
  } catch (const std::bad_alloc&) {
    return Status::ResourceExhausted("Out of memory caching a column chunk of ", total, " bytes");
  }
  uint8_t* dst = out->bytes_->mutable_data();
  for (size_t i = 0; i < pages.size(); ++i) {
    LAKEML_RETURN_IF_ERROR(ColumnPageParser::Decompress(meta.codec, pages[i], plain_sizes[i], dst));
    pages[i].stored = dst;
    pages[i].stored_size = plain_sizes[i];
    pages[i].compressed = false;
    // The plain bytes of a v2 page hold its levels and its values, uncompressed.
    if (pages[i].v2) pages[i].uncompressed_page_size = static_cast<int32_t>(plain_sizes[i]);
    dst += plain_sizes[i];
  }
  out->pages_ = std::move(pages);
  return std::shared_ptr<const ColumnChunkPages>(std::move(out));
}

int64_t ColumnChunkPages::memory_bytes() const {
  return static_cast<int64_t>(sizeof(*this) + pages_.capacity() * sizeof(ColumnPage)) +
         (bytes_ ? bytes_->capacity() : 0);
}

}  // namespace lakeml::parquet
