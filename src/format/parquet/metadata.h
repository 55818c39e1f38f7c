// Parquet file metadata (parquet.thrift) as plain C++ structs, and their Thrift compact
// parse/serialize functions: the footer (FileMetaData), page headers, the page index and
// bloom filter headers.
//
// Only what a reader and writer need is kept; fields lakeml does not model (SizeStatistics,
// GeospatialStatistics, newer additions) are skipped on parse, so files from newer writers
// still read. Optional Thrift fields are std::optional, or an empty vector for optional lists
// whose absence carries no meaning.
//
// Parsing validates as it goes, and errors name the field:
//   "Invalid Parquet footer: SchemaElement.name missing"
//   "Invalid Parquet footer: SchemaElement.type = -7 is not a valid physical type"
// Required fields must be present, enum values known, sizes/counts/offsets non-negative.
// Exceptions, for forward compatibility: ColumnMetaData.encodings, ColumnMetaData.codec and
// PageEncodingStats hold raw wire values (possibly not a named enumerator) because a file may
// list an encoding or codec that the reader never needs; check before use.
// Encrypted files (column crypto metadata, or an encryption algorithm in a plaintext footer)
// fail with NotImplemented("Encrypted Parquet files are not supported"). A footer that ends
// with "PARE" is encrypted too: ParseFooterTail reports it.
//
// All functions are thread-safe (pure); the structs are plain values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "format/parquet/bloom_filter_header.h"
#include "format/parquet/enums.h"
#include "format/parquet/logical_type.h"
#include "format/parquet/page_header.h"
#include "format/parquet/page_index.h"
#include "format/parquet/statistics.h"

namespace lakeml::parquet {

// DO NOT CHANGE: Parquet format. Files start with kParquetMagic and end with
// [4-byte LE footer length][magic]; the magic is "PARE" when the footer is encrypted.
inline constexpr char kParquetMagic[4] = {'P', 'A', 'R', '1'};
inline constexpr char kEncryptedFooterMagic[4] = {'P', 'A', 'R', 'E'};
inline constexpr size_t kFooterTailSize = 8;

struct KeyValue {
  std::string key;
  std::optional<std::string> value;

  bool operator==(const KeyValue&) const = default;
};

struct SortingColumn {
  int32_t column_idx = 0;  // Leaf column ordinal within the row group.
  bool descending = false;
  bool nulls_first = false;

  bool operator==(const SortingColumn&) const = default;
};

// Informational; values are raw wire values (see the file comment).
struct PageEncodingStats {
  PageType page_type = PageType::kDataPage;
  Encoding encoding = Encoding::kPlain;
  int32_t count = 0;

  bool operator==(const PageEncodingStats&) const = default;
};

// One node of the flattened (depth-first) schema tree. Groups have num_children; leaves
// have type.
struct SchemaElement {
  std::optional<Type> type;
  std::optional<int32_t> type_length;  // FIXED_LEN_BYTE_ARRAY width.
  std::optional<FieldRepetitionType> repetition_type;  // Absent on the root.
  std::string name;
  std::optional<int32_t> num_children;
  std::optional<ConvertedType> converted_type;
  std::optional<int32_t> scale;
  std::optional<int32_t> precision;
  std::optional<int32_t> field_id;
  std::optional<LogicalType> logical_type;

  bool operator==(const SchemaElement&) const = default;
};

struct ColumnMetaData {
  Type type = Type::kInt32;
  std::vector<Encoding> encodings;  // Raw wire values (see the file comment).
  std::vector<std::string> path_in_schema;
  CompressionCodec codec = CompressionCodec::kUncompressed;  // Raw wire value.
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;  // Including page headers.
  int64_t total_compressed_size = 0;    // Including page headers.
  std::vector<KeyValue> key_value_metadata;
  int64_t data_page_offset = 0;
  std::optional<int64_t> index_page_offset;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;
  std::vector<PageEncodingStats> encoding_stats;
  std::optional<int64_t> bloom_filter_offset;
  std::optional<int32_t> bloom_filter_length;  // Header + bitset; absent in older files.

  bool operator==(const ColumnMetaData&) const = default;
};

struct ColumnChunk {
  std::optional<std::string> file_path;  // Only in summary files; lakeml never writes it.
  int64_t file_offset = 0;               // Deprecated.
  ColumnMetaData meta_data;              // Optional in the IDL; required in practice (and here).
  std::optional<int64_t> offset_index_offset;
  std::optional<int32_t> offset_index_length;
  std::optional<int64_t> column_index_offset;
  std::optional<int32_t> column_index_length;

  bool operator==(const ColumnChunk&) const = default;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;  // One per leaf, in schema order.
  int64_t total_byte_size = 0;       // Uncompressed.
  int64_t num_rows = 0;
  std::vector<SortingColumn> sorting_columns;
  std::optional<int64_t> file_offset;
  std::optional<int64_t> total_compressed_size;
  std::optional<int16_t> ordinal;

  bool operator==(const RowGroup&) const = default;
};

// The sort order of a leaf column's statistics (the ColumnOrder union).
// DO NOT CHANGE: non-zero values are the union field ids in parquet.thrift.
enum class ColumnOrder : int16_t {
  kUnrecognized = 0,  // A newer order: readers must ignore the column's min/max statistics.
  kTypeOrder = 1,
  kIeee754TotalOrder = 2,
  kInt96TimestampOrder = 3,
};

struct FileMetaData {
  int32_t version = 1;
  std::vector<SchemaElement> schema;  // Depth-first; schema[0] is the root. Never empty.
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::vector<KeyValue> key_value_metadata;
  std::optional<std::string> created_by;
  std::vector<ColumnOrder> column_orders;  // One per leaf, or empty.

  bool operator==(const FileMetaData&) const = default;
};

// Reads the last kFooterTailSize bytes of a file: returns the footer length after checking
// the magic and that the footer fits in a file of `file_size` bytes (which must also hold the
// leading magic). "PARE" gives NotImplemented (encrypted footer).
// REQUIRES: tail points to kFooterTailSize bytes.
Result<uint32_t> ParseFooterTail(const uint8_t* tail, int64_t file_size);

Result<FileMetaData> ParseFileMetaData(const uint8_t* data, size_t size);
// Parses one page header at data; sets *header_size to the bytes it used.
Result<PageHeader> ParsePageHeader(const uint8_t* data, size_t size, size_t* header_size);
Result<ColumnIndex> ParseColumnIndex(const uint8_t* data, size_t size);
Result<OffsetIndex> ParseOffsetIndex(const uint8_t* data, size_t size);
Result<BloomFilterHeader> ParseBloomFilterHeader(const uint8_t* data, size_t size,
                                                 size_t* header_size);

// Each appends the Thrift compact encoding to *out.
// REQUIRES: the struct is valid (as a parse would accept it).
void SerializeFileMetaData(const FileMetaData& metadata, std::string* out);
void SerializePageHeader(const PageHeader& header, std::string* out);
void SerializeColumnIndex(const ColumnIndex& index, std::string* out);
void SerializeOffsetIndex(const OffsetIndex& index, std::string* out);
void SerializeBloomFilterHeader(const BloomFilterHeader& header, std::string* out);

}  // namespace lakeml::parquet
