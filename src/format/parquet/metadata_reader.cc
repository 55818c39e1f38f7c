// Parsing of Parquet metadata structs from the Thrift compact protocol, with validation.
// See metadata.h for the rules.

#include <cstring>

#include "format/parquet/metadata.h"
#include "format/parquet/thrift/compact_reader.h"
#include "format/parquet/thrift/field_reader.h"

namespace lakeml::parquet {
namespace {

using thrift::CompactReader;
using thrift::CompactType;
using thrift::FieldHeader;
using thrift::ReadField;
using thrift::ReadListField;
using thrift::ReadScalarListField;
using thrift::ReadStruct;

const char kEncryptedMessage[] = "Encrypted Parquet files are not supported";

Status Missing(const char* field) { return Status::Corruption(field, " missing"); }

Status CheckNonNegative(const char* field, int64_t value) {
  if (__builtin_expect(value < 0, 0)) return Status::Corruption(field, " = ", value, " is negative");
  return Status::OK();
}

template <typename T>
Status CheckNonNegative(const char* field, const std::optional<T>& value) {
  return value.has_value() ? CheckNonNegative(field, static_cast<int64_t>(*value)) : Status::OK();
}

bool IsValidType(Type t) {
  const int32_t v = static_cast<int32_t>(t);
  return v >= 0 && v <= static_cast<int32_t>(Type::kFixedLenByteArray);
}
bool IsValidEncoding(Encoding e) {
  const int32_t v = static_cast<int32_t>(e);
  return v == 0 || (v >= 2 && v <= static_cast<int32_t>(Encoding::kByteStreamSplit));
}

Status CheckType(const char* field, Type t) {
  if (IsValidType(t)) return Status::OK();
  return Status::Corruption(field, " = ", static_cast<int32_t>(t), " is not a valid physical type");
}

Status CheckEncoding(const char* field, Encoding e) {
  if (IsValidEncoding(e)) return Status::OK();
  return Status::Corruption(field, " = ", static_cast<int32_t>(e), " is not a valid encoding");
}

// ---------------------------------------------------------------------------------------------
// Shared structs.

Status ReadStatistics(CompactReader* r, Statistics* out) {
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->max);
      case 2: return ReadField(r, f, &out->min);
      case 3: return ReadField(r, f, &out->null_count);
      case 4: return ReadField(r, f, &out->distinct_count);
      case 5: return ReadField(r, f, &out->max_value);
      case 6: return ReadField(r, f, &out->min_value);
      case 7: return ReadField(r, f, &out->is_max_value_exact);
      case 8: return ReadField(r, f, &out->is_min_value_exact);
      case 9: return ReadField(r, f, &out->nan_count);
      default: return r->Skip(f.type);
    }
  }));
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("Statistics.null_count", out->null_count));
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("Statistics.distinct_count", out->distinct_count));
  return CheckNonNegative("Statistics.nan_count", out->nan_count);
}

Status ReadStatisticsField(CompactReader* r, const FieldHeader& f, std::optional<Statistics>* out) {
  if (f.type != CompactType::kStruct) return r->Skip(f.type);
  return ReadStatistics(r, &out->emplace());
}

Status ReadKeyValue(CompactReader* r, KeyValue* out) {
  bool has_key = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->key, &has_key);
      case 2: return ReadField(r, f, &out->value);
      default: return r->Skip(f.type);
    }
  }));
  return has_key ? Status::OK() : Missing("KeyValue.key");
}

Status ReadKeyValueList(CompactReader* r, const FieldHeader& f, std::vector<KeyValue>* out) {
  return ReadListField(r, f, CompactType::kStruct, out, nullptr,
                       [r](KeyValue* kv) { return ReadKeyValue(r, kv); });
}

// Reads a union whose members are all (empty or not) structs: returns the id of the first
// struct member, or 0 for an empty union. Member contents are skipped.
Status ReadEmptyStructUnion(CompactReader* r, int16_t* member_id) {
  *member_id = 0;
  return ReadStruct(r, [&](const FieldHeader& f) -> Status {
    if (f.type == CompactType::kStruct && *member_id == 0) *member_id = f.id;
    return r->Skip(f.type);
  });
}

// ---------------------------------------------------------------------------------------------
// LogicalType.

Status ReadTimeLike(CompactReader* r, const char* struct_name, LogicalType* out) {
  bool has_utc = false;
  int16_t unit_id = -1;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->is_adjusted_to_utc, &has_utc);
      case 2:
        if (f.type != CompactType::kStruct) return r->Skip(f.type);
        return ReadEmptyStructUnion(r, &unit_id);
      default: return r->Skip(f.type);
    }
  }));
  if (!has_utc) return Status::Corruption(struct_name, ".isAdjustedToUTC missing");
  if (unit_id < 0) return Status::Corruption(struct_name, ".unit missing");
  if (unit_id >= static_cast<int16_t>(TimeUnit::kMillis) &&
      unit_id <= static_cast<int16_t>(TimeUnit::kNanos)) {
    out->unit = static_cast<TimeUnit>(unit_id);
  } else {
    // A unit from a newer format version: the annotation as a whole is not understood.
    out->unrecognized_field_id = static_cast<int16_t>(out->kind);
    out->kind = LogicalType::Kind::kUnrecognized;
  }
  return Status::OK();
}

Status ReadDecimalType(CompactReader* r, LogicalType* out) {
  bool has_scale = false, has_precision = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->scale, &has_scale);
      case 2: return ReadField(r, f, &out->precision, &has_precision);
      default: return r->Skip(f.type);
    }
  }));
  if (!has_scale) return Missing("DecimalType.scale");
  if (!has_precision) return Missing("DecimalType.precision");
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("DecimalType.scale", out->scale));
  return CheckNonNegative("DecimalType.precision", out->precision);
}

Status ReadIntType(CompactReader* r, LogicalType* out) {
  bool has_width = false, has_signed = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->bit_width, &has_width);
      case 2: return ReadField(r, f, &out->is_signed, &has_signed);
      default: return r->Skip(f.type);
    }
  }));
  if (!has_width) return Missing("IntType.bitWidth");
  if (!has_signed) return Missing("IntType.isSigned");
  const int w = out->bit_width;
  if (w != 8 && w != 16 && w != 32 && w != 64) {
    return Status::Corruption("IntType.bitWidth = ", w, " is not 8, 16, 32 or 64");
  }
  return Status::OK();
}

Status ReadLogicalType(CompactReader* r, LogicalType* out) {
  using Kind = LogicalType::Kind;
  *out = LogicalType();
  bool have_member = false;
  return ReadStruct(r, [&](const FieldHeader& f) -> Status {
    // A union has one member; like Thrift-generated code we tolerate (and ignore) extras.
    if (f.type != CompactType::kStruct || have_member) return r->Skip(f.type);
    have_member = true;
    switch (f.id) {
      case 1: case 2: case 3: case 4: case 6: case 11: case 12: case 13: case 14: case 15:
        out->kind = static_cast<Kind>(f.id);  // Empty structs.
        return r->Skip(f.type);
      case 5:
        out->kind = Kind::kDecimal;
        return ReadDecimalType(r, out);
      case 7:
        out->kind = Kind::kTime;
        return ReadTimeLike(r, "TimeType", out);
      case 8:
        out->kind = Kind::kTimestamp;
        return ReadTimeLike(r, "TimestampType", out);
      case 10:
        out->kind = Kind::kInteger;
        return ReadIntType(r, out);
      case 16:
        out->kind = Kind::kVariant;
        return ReadStruct(r, [&](const FieldHeader& g) -> Status {
          if (g.id == 1) return ReadField(r, g, &out->variant_specification_version);
          return r->Skip(g.type);
        });
      case 17:
      case 18:
        out->kind = static_cast<Kind>(f.id);
        return ReadStruct(r, [&](const FieldHeader& g) -> Status {
          if (g.id == 1) return ReadField(r, g, &out->crs);
          if (g.id == 2 && f.id == 18) return ReadField(r, g, &out->algorithm);
          return r->Skip(g.type);
        });
      default:
        out->kind = Kind::kUnrecognized;
        out->unrecognized_field_id = f.id;
        return r->Skip(f.type);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Footer.

Status ReadSchemaElement(CompactReader* r, SchemaElement* out) {
  bool has_name = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->type);
      case 2: return ReadField(r, f, &out->type_length);
      case 3: return ReadField(r, f, &out->repetition_type);
      case 4: return ReadField(r, f, &out->name, &has_name);
      case 5: return ReadField(r, f, &out->num_children);
      case 6: return ReadField(r, f, &out->converted_type);
      case 7: return ReadField(r, f, &out->scale);
      case 8: return ReadField(r, f, &out->precision);
      case 9: return ReadField(r, f, &out->field_id);
      case 10:
        if (f.type != CompactType::kStruct) return r->Skip(f.type);
        return ReadLogicalType(r, &out->logical_type.emplace());
      default: return r->Skip(f.type);
    }
  }));
  if (!has_name) return Missing("SchemaElement.name");
  if (out->type.has_value()) {
    LAKEML_RETURN_IF_ERROR(CheckType("SchemaElement.type", *out->type));
    if (*out->type == Type::kFixedLenByteArray) {
      LAKEML_RETURN_IF_ERROR(CheckNonNegative("SchemaElement.type_length", out->type_length));
    }
  }
  if (out->repetition_type.has_value()) {
    const int32_t v = static_cast<int32_t>(*out->repetition_type);
    if (v == 3) {
      return Status::NotImplemented("Parquet VECTOR repetition is not supported: field ",
                                    out->name);
    }
    if (v < 0 || v > 2) {
      return Status::Corruption("SchemaElement.repetition_type = ", v,
                                " is not a valid repetition type");
    }
  }
  if (out->converted_type.has_value()) {
    const int32_t v = static_cast<int32_t>(*out->converted_type);
    if (v < 0 || v > static_cast<int32_t>(ConvertedType::kInterval)) {
      return Status::Corruption("SchemaElement.converted_type = ", v,
                                " is not a valid converted type");
    }
  }
  return CheckNonNegative("SchemaElement.num_children", out->num_children);
}

Status ReadPageEncodingStats(CompactReader* r, PageEncodingStats* out) {
  bool has_type = false, has_encoding = false, has_count = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->page_type, &has_type);
      case 2: return ReadField(r, f, &out->encoding, &has_encoding);
      case 3: return ReadField(r, f, &out->count, &has_count);
      default: return r->Skip(f.type);
    }
  }));
  if (!has_type) return Missing("PageEncodingStats.page_type");
  if (!has_encoding) return Missing("PageEncodingStats.encoding");
  if (!has_count) return Missing("PageEncodingStats.count");
  return Status::OK();
}

Status ReadColumnMetaData(CompactReader* r, ColumnMetaData* out) {
  bool has_type = false, has_encodings = false, has_path = false, has_codec = false,
       has_num_values = false, has_uncompressed = false, has_compressed = false,
       has_data_page_offset = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->type, &has_type);
      case 2: return ReadScalarListField(r, f, &out->encodings, &has_encodings);
      case 3: return ReadScalarListField(r, f, &out->path_in_schema, &has_path);
      case 4: return ReadField(r, f, &out->codec, &has_codec);
      case 5: return ReadField(r, f, &out->num_values, &has_num_values);
      case 6: return ReadField(r, f, &out->total_uncompressed_size, &has_uncompressed);
      case 7: return ReadField(r, f, &out->total_compressed_size, &has_compressed);
      case 8: return ReadKeyValueList(r, f, &out->key_value_metadata);
      case 9: return ReadField(r, f, &out->data_page_offset, &has_data_page_offset);
      case 10: return ReadField(r, f, &out->index_page_offset);
      case 11: return ReadField(r, f, &out->dictionary_page_offset);
      case 12: return ReadStatisticsField(r, f, &out->statistics);
      case 13:
        return ReadListField(r, f, CompactType::kStruct, &out->encoding_stats, nullptr,
                             [r](PageEncodingStats* s) { return ReadPageEncodingStats(r, s); });
      case 14: return ReadField(r, f, &out->bloom_filter_offset);
      case 15: return ReadField(r, f, &out->bloom_filter_length);
      default: return r->Skip(f.type);  // 16 size_statistics, 17 geospatial_statistics, ...
    }
  }));
  if (!has_type) return Missing("ColumnMetaData.type");
  if (!has_encodings) return Missing("ColumnMetaData.encodings");
  if (!has_path) return Missing("ColumnMetaData.path_in_schema");
  if (!has_codec) return Missing("ColumnMetaData.codec");
  if (!has_num_values) return Missing("ColumnMetaData.num_values");
  if (!has_uncompressed) return Missing("ColumnMetaData.total_uncompressed_size");
  if (!has_compressed) return Missing("ColumnMetaData.total_compressed_size");
  if (!has_data_page_offset) return Missing("ColumnMetaData.data_page_offset");
  LAKEML_RETURN_IF_ERROR(CheckType("ColumnMetaData.type", out->type));
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("ColumnMetaData.num_values", out->num_values));
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("ColumnMetaData.total_uncompressed_size",
                                          out->total_uncompressed_size));
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("ColumnMetaData.total_compressed_size",
                                          out->total_compressed_size));
  LAKEML_RETURN_IF_ERROR(
      CheckNonNegative("ColumnMetaData.data_page_offset", out->data_page_offset));
  LAKEML_RETURN_IF_ERROR(
      CheckNonNegative("ColumnMetaData.index_page_offset", out->index_page_offset));
  LAKEML_RETURN_IF_ERROR(
      CheckNonNegative("ColumnMetaData.dictionary_page_offset", out->dictionary_page_offset));
  LAKEML_RETURN_IF_ERROR(
      CheckNonNegative("ColumnMetaData.bloom_filter_offset", out->bloom_filter_offset));
  return CheckNonNegative("ColumnMetaData.bloom_filter_length", out->bloom_filter_length);
}

Status ReadColumnChunk(CompactReader* r, ColumnChunk* out) {
  bool has_meta_data = false, encrypted = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->file_path);
      case 2: return ReadField(r, f, &out->file_offset);
      case 3:
        if (f.type != CompactType::kStruct) return r->Skip(f.type);
        has_meta_data = true;
        return ReadColumnMetaData(r, &out->meta_data);
      case 4: return ReadField(r, f, &out->offset_index_offset);
      case 5: return ReadField(r, f, &out->offset_index_length);
      case 6: return ReadField(r, f, &out->column_index_offset);
      case 7: return ReadField(r, f, &out->column_index_length);
      case 8:  // crypto_metadata
      case 9:  // encrypted_column_metadata
        encrypted = true;
        return r->Skip(f.type);
      default: return r->Skip(f.type);
    }
  }));
  if (encrypted) return Status::NotImplemented(kEncryptedMessage);
  if (!has_meta_data) return Missing("ColumnChunk.meta_data");
  LAKEML_RETURN_IF_ERROR(
      CheckNonNegative("ColumnChunk.offset_index_offset", out->offset_index_offset));
  LAKEML_RETURN_IF_ERROR(
      CheckNonNegative("ColumnChunk.offset_index_length", out->offset_index_length));
  LAKEML_RETURN_IF_ERROR(
      CheckNonNegative("ColumnChunk.column_index_offset", out->column_index_offset));
  return CheckNonNegative("ColumnChunk.column_index_length", out->column_index_length);
}

Status ReadSortingColumn(CompactReader* r, SortingColumn* out) {
  bool has_idx = false, has_desc = false, has_nulls_first = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->column_idx, &has_idx);
      case 2: return ReadField(r, f, &out->descending, &has_desc);
      case 3: return ReadField(r, f, &out->nulls_first, &has_nulls_first);
      default: return r->Skip(f.type);
    }
  }));
  if (!has_idx) return Missing("SortingColumn.column_idx");
  if (!has_desc) return Missing("SortingColumn.descending");
  if (!has_nulls_first) return Missing("SortingColumn.nulls_first");
  return CheckNonNegative("SortingColumn.column_idx", out->column_idx);
}

Status ReadRowGroup(CompactReader* r, RowGroup* out) {
  bool has_columns = false, has_total_byte_size = false, has_num_rows = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1:
        return ReadListField(r, f, CompactType::kStruct, &out->columns, &has_columns,
                             [r](ColumnChunk* c) { return ReadColumnChunk(r, c); });
      case 2: return ReadField(r, f, &out->total_byte_size, &has_total_byte_size);
      case 3: return ReadField(r, f, &out->num_rows, &has_num_rows);
      case 4:
        return ReadListField(r, f, CompactType::kStruct, &out->sorting_columns, nullptr,
                             [r](SortingColumn* s) { return ReadSortingColumn(r, s); });
      case 5: return ReadField(r, f, &out->file_offset);
      case 6: return ReadField(r, f, &out->total_compressed_size);
      case 7: return ReadField(r, f, &out->ordinal);
      default: return r->Skip(f.type);
    }
  }));
  if (!has_columns) return Missing("RowGroup.columns");
  if (!has_total_byte_size) return Missing("RowGroup.total_byte_size");
  if (!has_num_rows) return Missing("RowGroup.num_rows");
  // file_offset, total_compressed_size and ordinal are informational and known to be wrong
  // in some writers' files (PARQUET-2078, ordinal overflow): not validated.
  return CheckNonNegative("RowGroup.num_rows", out->num_rows);
}

Status ReadColumnOrder(CompactReader* r, ColumnOrder* out) {
  int16_t member;
  LAKEML_RETURN_IF_ERROR(ReadEmptyStructUnion(r, &member));
  *out = member >= 1 && member <= 3 ? static_cast<ColumnOrder>(member) : ColumnOrder::kUnrecognized;
  return Status::OK();
}

Status ReadFileMetaData(CompactReader* r, FileMetaData* out) {
  bool has_version = false, has_schema = false, has_num_rows = false, has_row_groups = false,
       encrypted = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->version, &has_version);
      case 2:
        return ReadListField(r, f, CompactType::kStruct, &out->schema, &has_schema,
                             [r](SchemaElement* e) { return ReadSchemaElement(r, e); });
      case 3: return ReadField(r, f, &out->num_rows, &has_num_rows);
      case 4:
        return ReadListField(r, f, CompactType::kStruct, &out->row_groups, &has_row_groups,
                             [r](RowGroup* g) { return ReadRowGroup(r, g); });
      case 5: return ReadKeyValueList(r, f, &out->key_value_metadata);
      case 6: return ReadField(r, f, &out->created_by);
      case 7:
        return ReadListField(r, f, CompactType::kStruct, &out->column_orders, nullptr,
                             [r](ColumnOrder* o) { return ReadColumnOrder(r, o); });
      case 8:  // encryption_algorithm
      case 9:  // footer_signing_key_metadata
        encrypted = true;
        return r->Skip(f.type);
      default: return r->Skip(f.type);
    }
  }));
  if (encrypted) return Status::NotImplemented(kEncryptedMessage);
  if (!has_version) return Missing("FileMetaData.version");
  if (!has_schema) return Missing("FileMetaData.schema");
  if (!has_num_rows) return Missing("FileMetaData.num_rows");
  if (!has_row_groups) return Missing("FileMetaData.row_groups");
  if (out->schema.empty()) return Status::Corruption("FileMetaData.schema is empty");
  return CheckNonNegative("FileMetaData.num_rows", out->num_rows);
}

// ---------------------------------------------------------------------------------------------
// Page headers.

Status ReadDataPageHeader(CompactReader* r, DataPageHeader* out) {
  bool has_num_values = false, has_encoding = false, has_def = false, has_rep = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->num_values, &has_num_values);
      case 2: return ReadField(r, f, &out->encoding, &has_encoding);
      case 3: return ReadField(r, f, &out->definition_level_encoding, &has_def);
      case 4: return ReadField(r, f, &out->repetition_level_encoding, &has_rep);
      case 5: return ReadStatisticsField(r, f, &out->statistics);
      default: return r->Skip(f.type);
    }
  }));
  if (!has_num_values) return Missing("DataPageHeader.num_values");
  if (!has_encoding) return Missing("DataPageHeader.encoding");
  if (!has_def) return Missing("DataPageHeader.definition_level_encoding");
  if (!has_rep) return Missing("DataPageHeader.repetition_level_encoding");
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("DataPageHeader.num_values", out->num_values));
  LAKEML_RETURN_IF_ERROR(CheckEncoding("DataPageHeader.encoding", out->encoding));
  LAKEML_RETURN_IF_ERROR(CheckEncoding("DataPageHeader.definition_level_encoding",
                                       out->definition_level_encoding));
  return CheckEncoding("DataPageHeader.repetition_level_encoding",
                       out->repetition_level_encoding);
}

Status ReadDictionaryPageHeader(CompactReader* r, DictionaryPageHeader* out) {
  bool has_num_values = false, has_encoding = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->num_values, &has_num_values);
      case 2: return ReadField(r, f, &out->encoding, &has_encoding);
      case 3: return ReadField(r, f, &out->is_sorted);
      default: return r->Skip(f.type);
    }
  }));
  if (!has_num_values) return Missing("DictionaryPageHeader.num_values");
  if (!has_encoding) return Missing("DictionaryPageHeader.encoding");
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("DictionaryPageHeader.num_values", out->num_values));
  return CheckEncoding("DictionaryPageHeader.encoding", out->encoding);
}

Status ReadDataPageHeaderV2(CompactReader* r, DataPageHeaderV2* out) {
  bool has_num_values = false, has_num_nulls = false, has_num_rows = false,
       has_encoding = false, has_def_length = false, has_rep_length = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->num_values, &has_num_values);
      case 2: return ReadField(r, f, &out->num_nulls, &has_num_nulls);
      case 3: return ReadField(r, f, &out->num_rows, &has_num_rows);
      case 4: return ReadField(r, f, &out->encoding, &has_encoding);
      case 5: return ReadField(r, f, &out->definition_levels_byte_length, &has_def_length);
      case 6: return ReadField(r, f, &out->repetition_levels_byte_length, &has_rep_length);
      case 7: return ReadField(r, f, &out->is_compressed);
      case 8: return ReadStatisticsField(r, f, &out->statistics);
      default: return r->Skip(f.type);
    }
  }));
  if (!has_num_values) return Missing("DataPageHeaderV2.num_values");
  if (!has_num_nulls) return Missing("DataPageHeaderV2.num_nulls");
  if (!has_num_rows) return Missing("DataPageHeaderV2.num_rows");
  if (!has_encoding) return Missing("DataPageHeaderV2.encoding");
  if (!has_def_length) return Missing("DataPageHeaderV2.definition_levels_byte_length");
  if (!has_rep_length) return Missing("DataPageHeaderV2.repetition_levels_byte_length");
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("DataPageHeaderV2.num_values", out->num_values));
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("DataPageHeaderV2.num_nulls", out->num_nulls));
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("DataPageHeaderV2.num_rows", out->num_rows));
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("DataPageHeaderV2.definition_levels_byte_length",
                                          out->definition_levels_byte_length));
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("DataPageHeaderV2.repetition_levels_byte_length",
                                          out->repetition_levels_byte_length));
  return CheckEncoding("DataPageHeaderV2.encoding", out->encoding);
}

Status ReadPageHeader(CompactReader* r, PageHeader* out) {
  bool has_type = false, has_uncompressed = false, has_compressed = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->type, &has_type);
      case 2: return ReadField(r, f, &out->uncompressed_page_size, &has_uncompressed);
      case 3: return ReadField(r, f, &out->compressed_page_size, &has_compressed);
      case 4: return ReadField(r, f, &out->crc);
      case 5:
        if (f.type != CompactType::kStruct) return r->Skip(f.type);
        return ReadDataPageHeader(r, &out->data_page_header.emplace());
      case 6:
        if (f.type != CompactType::kStruct) return r->Skip(f.type);
        out->index_page_header.emplace();
        return r->Skip(f.type);
      case 7:
        if (f.type != CompactType::kStruct) return r->Skip(f.type);
        return ReadDictionaryPageHeader(r, &out->dictionary_page_header.emplace());
      case 8:
        if (f.type != CompactType::kStruct) return r->Skip(f.type);
        return ReadDataPageHeaderV2(r, &out->data_page_header_v2.emplace());
      default: return r->Skip(f.type);
    }
  }));
  if (!has_type) return Missing("PageHeader.type");
  if (!has_uncompressed) return Missing("PageHeader.uncompressed_page_size");
  if (!has_compressed) return Missing("PageHeader.compressed_page_size");
  const int32_t type = static_cast<int32_t>(out->type);
  if (type < 0 || type > static_cast<int32_t>(PageType::kDataPageV2)) {
    return Status::Corruption("PageHeader.type = ", type, " is not a valid page type");
  }
  LAKEML_RETURN_IF_ERROR(
      CheckNonNegative("PageHeader.uncompressed_page_size", out->uncompressed_page_size));
  LAKEML_RETURN_IF_ERROR(
      CheckNonNegative("PageHeader.compressed_page_size", out->compressed_page_size));
  switch (out->type) {
    case PageType::kDataPage:
      if (!out->data_page_header) return Missing("PageHeader.data_page_header (DATA_PAGE)");
      break;
    case PageType::kDictionaryPage:
      if (!out->dictionary_page_header) {
        return Missing("PageHeader.dictionary_page_header (DICTIONARY_PAGE)");
      }
      break;
    case PageType::kDataPageV2:
      if (!out->data_page_header_v2) {
        return Missing("PageHeader.data_page_header_v2 (DATA_PAGE_V2)");
      }
      break;
    case PageType::kIndexPage:
      break;
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
// Page index and bloom filter header.

Status ReadPageLocation(CompactReader* r, PageLocation* out) {
  bool has_offset = false, has_size = false, has_first_row = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return ReadField(r, f, &out->offset, &has_offset);
      case 2: return ReadField(r, f, &out->compressed_page_size, &has_size);
      case 3: return ReadField(r, f, &out->first_row_index, &has_first_row);
      default: return r->Skip(f.type);
    }
  }));
  if (!has_offset) return Missing("PageLocation.offset");
  if (!has_size) return Missing("PageLocation.compressed_page_size");
  if (!has_first_row) return Missing("PageLocation.first_row_index");
  LAKEML_RETURN_IF_ERROR(CheckNonNegative("PageLocation.offset", out->offset));
  LAKEML_RETURN_IF_ERROR(
      CheckNonNegative("PageLocation.compressed_page_size", out->compressed_page_size));
  return CheckNonNegative("PageLocation.first_row_index", out->first_row_index);
}

Status ReadOffsetIndex(CompactReader* r, OffsetIndex* out) {
  bool has_locations = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1:
        return ReadListField(r, f, CompactType::kStruct, &out->page_locations, &has_locations,
                             [r](PageLocation* p) { return ReadPageLocation(r, p); });
      case 2: return ReadScalarListField(r, f, &out->unencoded_byte_array_data_bytes);
      default: return r->Skip(f.type);
    }
  }));
  if (!has_locations) return Missing("OffsetIndex.page_locations");
  return Status::OK();
}

Status ReadColumnIndex(CompactReader* r, ColumnIndex* out) {
  bool has_null_pages = false, has_min = false, has_max = false, has_order = false;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1: return thrift::ReadBoolListField(r, f, &out->null_pages, &has_null_pages);
      case 2: return ReadScalarListField(r, f, &out->min_values, &has_min);
      case 3: return ReadScalarListField(r, f, &out->max_values, &has_max);
      case 4: return ReadField(r, f, &out->boundary_order, &has_order);
      case 5: return ReadScalarListField(r, f, &out->null_counts);
      case 6: return ReadScalarListField(r, f, &out->repetition_level_histograms);
      case 7: return ReadScalarListField(r, f, &out->definition_level_histograms);
      case 8: return ReadScalarListField(r, f, &out->nan_counts);
      default: return r->Skip(f.type);
    }
  }));
  if (!has_null_pages) return Missing("ColumnIndex.null_pages");
  if (!has_min) return Missing("ColumnIndex.min_values");
  if (!has_max) return Missing("ColumnIndex.max_values");
  if (!has_order) return Missing("ColumnIndex.boundary_order");
  const int32_t order = static_cast<int32_t>(out->boundary_order);
  if (order < 0 || order > static_cast<int32_t>(BoundaryOrder::kDescending)) {
    return Status::Corruption("ColumnIndex.boundary_order = ", order,
                              " is not a valid boundary order");
  }
  const size_t pages = out->null_pages.size();
  if (out->min_values.size() != pages || out->max_values.size() != pages ||
      (out->null_counts && out->null_counts->size() != pages) ||
      (out->nan_counts && out->nan_counts->size() != pages)) {
    return Status::Corruption(
        "ColumnIndex lists differ in length: null_pages ", pages, ", min_values ",
        out->min_values.size(), ", max_values ", out->max_values.size(), ", null_counts ",
        out->null_counts ? static_cast<int64_t>(out->null_counts->size()) : -1, ", nan_counts ",
        out->nan_counts ? static_cast<int64_t>(out->nan_counts->size()) : -1);
  }
  if (out->null_counts) {
    for (int64_t n : *out->null_counts) {
      LAKEML_RETURN_IF_ERROR(CheckNonNegative("ColumnIndex.null_counts[i]", n));
    }
  }
  return Status::OK();
}

Status ReadBloomFilterHeader(CompactReader* r, BloomFilterHeader* out) {
  bool has_num_bytes = false;
  int16_t algorithm = -1, hash = -1, compression = -1;
  LAKEML_RETURN_IF_ERROR(ReadStruct(r, [&](const FieldHeader& f) -> Status {
    if (f.id == 1) return ReadField(r, f, &out->num_bytes, &has_num_bytes);
    if (f.id >= 2 && f.id <= 4 && f.type == CompactType::kStruct) {
      int16_t* member = f.id == 2 ? &algorithm : f.id == 3 ? &hash : &compression;
      return ReadEmptyStructUnion(r, member);
    }
    return r->Skip(f.type);
  }));
  if (!has_num_bytes) return Missing("BloomFilterHeader.numBytes");
  if (algorithm < 0) return Missing("BloomFilterHeader.algorithm");
  if (hash < 0) return Missing("BloomFilterHeader.hash");
  if (compression < 0) return Missing("BloomFilterHeader.compression");
  out->algorithm = algorithm == 1 ? BloomFilterHeader::Algorithm::kBlock
                                  : BloomFilterHeader::Algorithm::kUnrecognized;
  out->hash = hash == 1 ? BloomFilterHeader::Hash::kXxHash : BloomFilterHeader::Hash::kUnrecognized;
  out->compression = compression == 1 ? BloomFilterHeader::Compression::kUncompressed
                                      : BloomFilterHeader::Compression::kUnrecognized;
  return CheckNonNegative("BloomFilterHeader.numBytes", out->num_bytes);
}

// Adds "<what>: " to Corruption errors; NotImplemented (encryption) passes through unchanged.
Status AddContext(Status status, const char* what) {
  if (status.code() == StatusCode::kCorruption) return status.WithContext(what);
  return status;
}

}  // namespace

Result<uint32_t> ParseFooterTail(const uint8_t* tail, int64_t file_size) {
  constexpr int64_t kMinFileSize = sizeof(kParquetMagic) + kFooterTailSize;
  if (file_size < kMinFileSize) {
    return Status::Corruption("Parquet file too small: ", file_size, " bytes, need at least ",
                              kMinFileSize);
  }
  if (std::memcmp(tail + 4, kEncryptedFooterMagic, 4) == 0) {
    return Status::NotImplemented(kEncryptedMessage);
  }
  if (std::memcmp(tail + 4, kParquetMagic, 4) != 0) {
    return Status::Corruption("Parquet magic bytes not found at the end of the file");
  }
  uint32_t length;
  std::memcpy(&length, tail, 4);  // Little-endian on disk and on lakeml hosts.
  if (static_cast<int64_t>(length) > file_size - kMinFileSize) {
    return Status::Corruption("Parquet footer length exceeds the file: footer ", length,
                              " bytes, file ", file_size, " bytes");
  }
  return length;
}

Result<FileMetaData> ParseFileMetaData(const uint8_t* data, size_t size) {
  CompactReader reader(data, size);
  FileMetaData metadata;
  Status st = ReadFileMetaData(&reader, &metadata);
  if (!st.ok()) return AddContext(std::move(st), "Invalid Parquet footer");
  return metadata;
}

Result<PageHeader> ParsePageHeader(const uint8_t* data, size_t size, size_t* header_size) {
  CompactReader reader(data, size);
  PageHeader header;
  Status st = ReadPageHeader(&reader, &header);
  if (!st.ok()) return AddContext(std::move(st), "Invalid Parquet page header");
  *header_size = reader.position();
  return header;
}

Result<ColumnIndex> ParseColumnIndex(const uint8_t* data, size_t size) {
  CompactReader reader(data, size);
  ColumnIndex index;
  Status st = ReadColumnIndex(&reader, &index);
  if (!st.ok()) return AddContext(std::move(st), "Invalid Parquet column index");
  return index;
}

Result<OffsetIndex> ParseOffsetIndex(const uint8_t* data, size_t size) {
  CompactReader reader(data, size);
  OffsetIndex index;
  Status st = ReadOffsetIndex(&reader, &index);
  if (!st.ok()) return AddContext(std::move(st), "Invalid Parquet offset index");
  return index;
}

Result<BloomFilterHeader> ParseBloomFilterHeader(const uint8_t* data, size_t size,
                                                 size_t* header_size) {
  CompactReader reader(data, size);
  BloomFilterHeader header;
  Status st = ReadBloomFilterHeader(&reader, &header);
  if (!st.ok()) return AddContext(std::move(st), "Invalid Parquet bloom filter header");
  *header_size = reader.position();
  return header;
}

}  // namespace lakeml::parquet
