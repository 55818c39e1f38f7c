// Serialization of Parquet metadata structs to the Thrift compact protocol.
// Fields are written in increasing id order (the shortest encoding); optional fields only when
// present, optional lists only when non-empty.

#include "format/parquet/metadata.h"
#include "format/parquet/thrift/compact_writer.h"

namespace lakeml::parquet {
namespace {

using thrift::CompactType;
using thrift::CompactWriter;

void WriteEnumField(CompactWriter* w, int16_t id, auto value) {
  w->WriteI32Field(id, static_cast<int32_t>(value));
}

template <typename T>
void WriteOptionalI32(CompactWriter* w, int16_t id, const std::optional<T>& value) {
  if (value) w->WriteI32Field(id, static_cast<int32_t>(*value));
}
void WriteOptionalI64(CompactWriter* w, int16_t id, const std::optional<int64_t>& value) {
  if (value) w->WriteI64Field(id, *value);
}
void WriteOptionalBinary(CompactWriter* w, int16_t id, const std::optional<std::string>& value) {
  if (value) w->WriteBinaryField(id, *value);
}
void WriteOptionalBool(CompactWriter* w, int16_t id, const std::optional<bool>& value) {
  if (value) w->WriteBoolField(id, *value);
}

void WriteI64List(CompactWriter* w, int16_t id, const std::vector<int64_t>& values) {
  w->WriteFieldBegin(CompactType::kList, id);
  w->WriteListBegin(CompactType::kI64, static_cast<uint32_t>(values.size()));
  for (int64_t v : values) w->WriteI64(v);
}

void WriteBinaryList(CompactWriter* w, int16_t id, const std::vector<std::string>& values) {
  w->WriteFieldBegin(CompactType::kList, id);
  w->WriteListBegin(CompactType::kBinary, static_cast<uint32_t>(values.size()));
  for (const std::string& v : values) w->WriteBinary(v);
}

// A struct-typed field (or union member) with no fields of its own.
void WriteEmptyStructField(CompactWriter* w, int16_t id) {
  w->WriteFieldBegin(CompactType::kStruct, id);
  w->WriteStructBegin();
  w->WriteStructEnd();
}

template <typename T, typename WriteElement>
void WriteStructList(CompactWriter* w, int16_t id, const std::vector<T>& values,
                     WriteElement&& write_element) {
  w->WriteFieldBegin(CompactType::kList, id);
  w->WriteListBegin(CompactType::kStruct, static_cast<uint32_t>(values.size()));
  for (const T& v : values) write_element(w, v);
}

void WriteStatistics(CompactWriter* w, const Statistics& s) {
  w->WriteStructBegin();
  WriteOptionalBinary(w, 1, s.max);
  WriteOptionalBinary(w, 2, s.min);
  WriteOptionalI64(w, 3, s.null_count);
  WriteOptionalI64(w, 4, s.distinct_count);
  WriteOptionalBinary(w, 5, s.max_value);
  WriteOptionalBinary(w, 6, s.min_value);
  WriteOptionalBool(w, 7, s.is_max_value_exact);
  WriteOptionalBool(w, 8, s.is_min_value_exact);
  WriteOptionalI64(w, 9, s.nan_count);
  w->WriteStructEnd();
}

void WriteOptionalStatistics(CompactWriter* w, int16_t id, const std::optional<Statistics>& s) {
  if (!s) return;
  w->WriteFieldBegin(CompactType::kStruct, id);
  WriteStatistics(w, *s);
}

void WriteKeyValue(CompactWriter* w, const KeyValue& kv) {
  w->WriteStructBegin();
  w->WriteBinaryField(1, kv.key);
  WriteOptionalBinary(w, 2, kv.value);
  w->WriteStructEnd();
}

void WriteKeyValueList(CompactWriter* w, int16_t id, const std::vector<KeyValue>& values) {
  if (!values.empty()) WriteStructList(w, id, values, WriteKeyValue);
}

void WriteTimeLike(CompactWriter* w, const LogicalType& t) {
  w->WriteStructBegin();
  w->WriteBoolField(1, t.is_adjusted_to_utc);
  w->WriteFieldBegin(CompactType::kStruct, 2);
  w->WriteStructBegin();  // TimeUnit union.
  WriteEmptyStructField(w, static_cast<int16_t>(t.unit));
  w->WriteStructEnd();
  w->WriteStructEnd();
}

bool IsKnownLogicalTypeId(int16_t id) {
  return id >= static_cast<int16_t>(LogicalType::Kind::kString) &&
         id <= static_cast<int16_t>(LogicalType::Kind::kGeography) && id != 9;
}

void WriteLogicalType(CompactWriter* w, const LogicalType& t) {
  using Kind = LogicalType::Kind;
  w->WriteStructBegin();
  const int16_t id = static_cast<int16_t>(t.kind);
  switch (t.kind) {
    case Kind::kUnrecognized:
      // Round-trips an unknown member id (its contents are not kept). A known id marked
      // unrecognized (e.g. TIMESTAMP with a future unit) would not re-parse as an empty struct,
      // so it is written as an empty union, which parses back as kUnrecognized too.
      if (t.unrecognized_field_id > 0 && !IsKnownLogicalTypeId(t.unrecognized_field_id)) {
        WriteEmptyStructField(w, t.unrecognized_field_id);
      }
      break;
    case Kind::kString: case Kind::kMap: case Kind::kList: case Kind::kEnum: case Kind::kDate:
    case Kind::kUnknown: case Kind::kJson: case Kind::kBson: case Kind::kUuid:
    case Kind::kFloat16:
      WriteEmptyStructField(w, id);
      break;
    case Kind::kDecimal:
      w->WriteFieldBegin(CompactType::kStruct, id);
      w->WriteStructBegin();
      w->WriteI32Field(1, t.scale);
      w->WriteI32Field(2, t.precision);
      w->WriteStructEnd();
      break;
    case Kind::kTime:
    case Kind::kTimestamp:
      w->WriteFieldBegin(CompactType::kStruct, id);
      WriteTimeLike(w, t);
      break;
    case Kind::kInteger:
      w->WriteFieldBegin(CompactType::kStruct, id);
      w->WriteStructBegin();
      w->WriteFieldBegin(CompactType::kByte, 1);
      w->WriteByte(t.bit_width);
      w->WriteBoolField(2, t.is_signed);
      w->WriteStructEnd();
      break;
    case Kind::kVariant:
      w->WriteFieldBegin(CompactType::kStruct, id);
      w->WriteStructBegin();
      if (t.variant_specification_version) {
        w->WriteFieldBegin(CompactType::kByte, 1);
        w->WriteByte(*t.variant_specification_version);
      }
      w->WriteStructEnd();
      break;
    case Kind::kGeometry:
    case Kind::kGeography:
      w->WriteFieldBegin(CompactType::kStruct, id);
      w->WriteStructBegin();
      WriteOptionalBinary(w, 1, t.crs);
      if (t.kind == Kind::kGeography) WriteOptionalI32(w, 2, t.algorithm);
      w->WriteStructEnd();
      break;
  }
  w->WriteStructEnd();
}

void WriteSchemaElement(CompactWriter* w, const SchemaElement& e) {
  w->WriteStructBegin();
  WriteOptionalI32(w, 1, e.type);
  WriteOptionalI32(w, 2, e.type_length);
  WriteOptionalI32(w, 3, e.repetition_type);
  w->WriteBinaryField(4, e.name);
  WriteOptionalI32(w, 5, e.num_children);
  WriteOptionalI32(w, 6, e.converted_type);
  WriteOptionalI32(w, 7, e.scale);
  WriteOptionalI32(w, 8, e.precision);
  WriteOptionalI32(w, 9, e.field_id);
  if (e.logical_type) {
    w->WriteFieldBegin(CompactType::kStruct, 10);
    WriteLogicalType(w, *e.logical_type);
  }
  w->WriteStructEnd();
}

void WritePageEncodingStats(CompactWriter* w, const PageEncodingStats& s) {
  w->WriteStructBegin();
  WriteEnumField(w, 1, s.page_type);
  WriteEnumField(w, 2, s.encoding);
  w->WriteI32Field(3, s.count);
  w->WriteStructEnd();
}

void WriteColumnMetaData(CompactWriter* w, const ColumnMetaData& m) {
  w->WriteStructBegin();
  WriteEnumField(w, 1, m.type);
  w->WriteFieldBegin(CompactType::kList, 2);
  w->WriteListBegin(CompactType::kI32, static_cast<uint32_t>(m.encodings.size()));
  for (Encoding e : m.encodings) w->WriteI32(static_cast<int32_t>(e));
  WriteBinaryList(w, 3, m.path_in_schema);
  WriteEnumField(w, 4, m.codec);
  w->WriteI64Field(5, m.num_values);
  w->WriteI64Field(6, m.total_uncompressed_size);
  w->WriteI64Field(7, m.total_compressed_size);
  WriteKeyValueList(w, 8, m.key_value_metadata);
  w->WriteI64Field(9, m.data_page_offset);
  WriteOptionalI64(w, 10, m.index_page_offset);
  WriteOptionalI64(w, 11, m.dictionary_page_offset);
  WriteOptionalStatistics(w, 12, m.statistics);
  if (!m.encoding_stats.empty()) WriteStructList(w, 13, m.encoding_stats, WritePageEncodingStats);
  WriteOptionalI64(w, 14, m.bloom_filter_offset);
  WriteOptionalI32(w, 15, m.bloom_filter_length);
  w->WriteStructEnd();
}

void WriteColumnChunk(CompactWriter* w, const ColumnChunk& c) {
  w->WriteStructBegin();
  WriteOptionalBinary(w, 1, c.file_path);
  w->WriteI64Field(2, c.file_offset);
  w->WriteFieldBegin(CompactType::kStruct, 3);
  WriteColumnMetaData(w, c.meta_data);
  WriteOptionalI64(w, 4, c.offset_index_offset);
  WriteOptionalI32(w, 5, c.offset_index_length);
  WriteOptionalI64(w, 6, c.column_index_offset);
  WriteOptionalI32(w, 7, c.column_index_length);
  w->WriteStructEnd();
}

void WriteSortingColumn(CompactWriter* w, const SortingColumn& s) {
  w->WriteStructBegin();
  w->WriteI32Field(1, s.column_idx);
  w->WriteBoolField(2, s.descending);
  w->WriteBoolField(3, s.nulls_first);
  w->WriteStructEnd();
}

void WriteRowGroup(CompactWriter* w, const RowGroup& g) {
  w->WriteStructBegin();
  WriteStructList(w, 1, g.columns, WriteColumnChunk);
  w->WriteI64Field(2, g.total_byte_size);
  w->WriteI64Field(3, g.num_rows);
  if (!g.sorting_columns.empty()) WriteStructList(w, 4, g.sorting_columns, WriteSortingColumn);
  WriteOptionalI64(w, 5, g.file_offset);
  WriteOptionalI64(w, 6, g.total_compressed_size);
  if (g.ordinal) {
    w->WriteFieldBegin(CompactType::kI16, 7);
    w->WriteI16(*g.ordinal);
  }
  w->WriteStructEnd();
}

void WriteColumnOrder(CompactWriter* w, ColumnOrder order) {
  w->WriteStructBegin();
  if (order != ColumnOrder::kUnrecognized) WriteEmptyStructField(w, static_cast<int16_t>(order));
  w->WriteStructEnd();
}

void WriteDataPageHeader(CompactWriter* w, const DataPageHeader& h) {
  w->WriteStructBegin();
  w->WriteI32Field(1, h.num_values);
  WriteEnumField(w, 2, h.encoding);
  WriteEnumField(w, 3, h.definition_level_encoding);
  WriteEnumField(w, 4, h.repetition_level_encoding);
  WriteOptionalStatistics(w, 5, h.statistics);
  w->WriteStructEnd();
}

void WriteDictionaryPageHeader(CompactWriter* w, const DictionaryPageHeader& h) {
  w->WriteStructBegin();
  w->WriteI32Field(1, h.num_values);
  WriteEnumField(w, 2, h.encoding);
  WriteOptionalBool(w, 3, h.is_sorted);
  w->WriteStructEnd();
}

void WriteDataPageHeaderV2(CompactWriter* w, const DataPageHeaderV2& h) {
  w->WriteStructBegin();
  w->WriteI32Field(1, h.num_values);
  w->WriteI32Field(2, h.num_nulls);
  w->WriteI32Field(3, h.num_rows);
  WriteEnumField(w, 4, h.encoding);
  w->WriteI32Field(5, h.definition_levels_byte_length);
  w->WriteI32Field(6, h.repetition_levels_byte_length);
  w->WriteBoolField(7, h.is_compressed);
  WriteOptionalStatistics(w, 8, h.statistics);
  w->WriteStructEnd();
}

void WritePageLocation(CompactWriter* w, const PageLocation& p) {
  w->WriteStructBegin();
  w->WriteI64Field(1, p.offset);
  w->WriteI32Field(2, p.compressed_page_size);
  w->WriteI64Field(3, p.first_row_index);
  w->WriteStructEnd();
}

}  // namespace

void SerializeFileMetaData(const FileMetaData& m, std::string* out) {
  CompactWriter w(out);
  w.WriteStructBegin();
  w.WriteI32Field(1, m.version);
  WriteStructList(&w, 2, m.schema, WriteSchemaElement);
  w.WriteI64Field(3, m.num_rows);
  WriteStructList(&w, 4, m.row_groups, WriteRowGroup);
  WriteKeyValueList(&w, 5, m.key_value_metadata);
  WriteOptionalBinary(&w, 6, m.created_by);
  if (!m.column_orders.empty()) WriteStructList(&w, 7, m.column_orders, WriteColumnOrder);
  w.WriteStructEnd();
}

void SerializePageHeader(const PageHeader& h, std::string* out) {
  CompactWriter w(out);
  w.WriteStructBegin();
  WriteEnumField(&w, 1, h.type);
  w.WriteI32Field(2, h.uncompressed_page_size);
  w.WriteI32Field(3, h.compressed_page_size);
  WriteOptionalI32(&w, 4, h.crc);
  if (h.data_page_header) {
    w.WriteFieldBegin(CompactType::kStruct, 5);
    WriteDataPageHeader(&w, *h.data_page_header);
  }
  if (h.index_page_header) WriteEmptyStructField(&w, 6);
  if (h.dictionary_page_header) {
    w.WriteFieldBegin(CompactType::kStruct, 7);
    WriteDictionaryPageHeader(&w, *h.dictionary_page_header);
  }
  if (h.data_page_header_v2) {
    w.WriteFieldBegin(CompactType::kStruct, 8);
    WriteDataPageHeaderV2(&w, *h.data_page_header_v2);
  }
  w.WriteStructEnd();
}

void SerializeColumnIndex(const ColumnIndex& index, std::string* out) {
  CompactWriter w(out);
  w.WriteStructBegin();
  w.WriteFieldBegin(CompactType::kList, 1);
  w.WriteListBegin(thrift::kBool, static_cast<uint32_t>(index.null_pages.size()));
  for (bool b : index.null_pages) w.WriteBool(b);
  WriteBinaryList(&w, 2, index.min_values);
  WriteBinaryList(&w, 3, index.max_values);
  WriteEnumField(&w, 4, index.boundary_order);
  if (index.null_counts) WriteI64List(&w, 5, *index.null_counts);
  if (!index.repetition_level_histograms.empty()) {
    WriteI64List(&w, 6, index.repetition_level_histograms);
  }
  if (!index.definition_level_histograms.empty()) {
    WriteI64List(&w, 7, index.definition_level_histograms);
  }
  if (index.nan_counts) WriteI64List(&w, 8, *index.nan_counts);
  w.WriteStructEnd();
}

void SerializeOffsetIndex(const OffsetIndex& index, std::string* out) {
  CompactWriter w(out);
  w.WriteStructBegin();
  WriteStructList(&w, 1, index.page_locations, WritePageLocation);
  if (!index.unencoded_byte_array_data_bytes.empty()) {
    WriteI64List(&w, 2, index.unencoded_byte_array_data_bytes);
  }
  w.WriteStructEnd();
}

void SerializeBloomFilterHeader(const BloomFilterHeader& h, std::string* out) {
  CompactWriter w(out);
  w.WriteStructBegin();
  w.WriteI32Field(1, h.num_bytes);
  // Each union gets its one member; an unrecognized member cannot be written back.
  for (auto [id, member] : {std::pair<int16_t, int16_t>{2, static_cast<int16_t>(h.algorithm)},
                            {3, static_cast<int16_t>(h.hash)},
                            {4, static_cast<int16_t>(h.compression)}}) {
    w.WriteFieldBegin(CompactType::kStruct, id);
    w.WriteStructBegin();
    if (member != 0) WriteEmptyStructField(&w, member);
    w.WriteStructEnd();
  }
  w.WriteStructEnd();
}

}  // namespace lakeml::parquet
