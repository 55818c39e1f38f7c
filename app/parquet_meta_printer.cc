#include "app/parquet_meta_printer.h"

#include "base/str_cat.h"
#include "format/parquet/physical_converter.h"
#include "format/value_text/value_formatter.h"

namespace lakeml::app {

using parquet::LogicalType;
using parquet::SchemaElement;

namespace {

std::string_view UnitName(parquet::TimeUnit u) {
  switch (u) {
    case parquet::TimeUnit::kMillis:
      return "MILLIS";
    case parquet::TimeUnit::kMicros:
      return "MICROS";
    case parquet::TimeUnit::kNanos:
      return "NANOS";
  }
  return "?";
}

std::string LogicalTypeText(const LogicalType& t) {
  using K = LogicalType::Kind;
  switch (t.kind) {
    case K::kString:
      return "STRING";
    case K::kMap:
      return "MAP";
    case K::kList:
      return "LIST";
    case K::kEnum:
      return "ENUM";
    case K::kDecimal:
      return StrCat("DECIMAL(", t.precision, ",", t.scale, ")");
    case K::kDate:
      return "DATE";
    case K::kTime:
      return StrCat("TIME(", UnitName(t.unit), ",utc=", t.is_adjusted_to_utc, ")");
    case K::kTimestamp:
      return StrCat("TIMESTAMP(", UnitName(t.unit), ",utc=", t.is_adjusted_to_utc, ")");
    case K::kInteger:
      return StrCat("INTEGER(", static_cast<int>(t.bit_width), ",",
                    t.is_signed ? "signed" : "unsigned", ")");
    case K::kUnknown:
      return "UNKNOWN";
    case K::kJson:
      return "JSON";
    case K::kBson:
      return "BSON";
    case K::kUuid:
      return "UUID";
    case K::kFloat16:
      return "FLOAT16";
    case K::kVariant:
      return "VARIANT";
    case K::kGeometry:
      return "GEOMETRY";
    case K::kGeography:
      return "GEOGRAPHY";
    case K::kUnrecognized:
      return StrCat("UNRECOGNIZED(", t.unrecognized_field_id, ")");
  }
  return "?";
}

void AppendElement(const std::vector<SchemaElement>& elements, size_t* pos, int depth,
                   std::string* out) {
  if (*pos >= elements.size()) return;
  const SchemaElement& e = elements[(*pos)++];
  out->append(depth * 2, ' ');
  if (depth == 0) {
    *out += StrCat("message ", e.name, " {\n");
  } else {
    *out += StrCat(parquet::RepetitionName(
                       e.repetition_type.value_or(parquet::FieldRepetitionType::kRequired)),
                   " ");
    if (e.type) {
      *out += parquet::TypeName(*e.type);
      if (e.type_length) *out += StrCat("(", *e.type_length, ")");
    } else {
      *out += "group";
    }
    *out += StrCat(" ", e.name);
    if (e.logical_type) *out += StrCat(" (", LogicalTypeText(*e.logical_type), ")");
    if (e.converted_type) *out += StrCat(" [", parquet::ConvertedTypeName(*e.converted_type), "]");
    if (e.field_id) *out += StrCat(" = ", *e.field_id);
    if (e.num_children.value_or(0) > 0) *out += " {";
    *out += "\n";
  }
  const int32_t n = e.num_children.value_or(0);
  for (int32_t i = 0; i < n && *pos < elements.size(); ++i)
    AppendElement(elements, pos, depth + 1, out);
  if (n > 0 || depth == 0) {
    out->append(depth * 2, ' ');
    *out += "}\n";
  }
}

// A statistics bound as typed text, e.g. "2024-01-31" or "12.50"; hex when it cannot be decoded.
std::string BoundText(const parquet::SchemaNode& leaf, const std::string& raw) {
  auto storage = parquet::PhysicalConverter::StorageType(leaf.physical_type, leaf.type_length);
  auto v = std::make_shared<columnar::Vector>(storage, 1);
  const int w = storage->fixed_width();
  bool ok = true;
  if (leaf.physical_type == parquet::Type::kByteArray) {
    auto offsets = columnar::Buffer::Allocate(16);
    offsets->mutable_as<int64_t>()[0] = 0;
    offsets->mutable_as<int64_t>()[1] = static_cast<int64_t>(raw.size());
    v->set_values(std::move(offsets));
    v->set_data(columnar::Buffer::CopyOf(raw.data(), raw.size()));
  } else if (leaf.physical_type == parquet::Type::kBoolean) {
    ok = raw.size() == 1;
    auto bits = columnar::Buffer::AllocateZeroed(1);
    if (ok && raw[0]) bits->mutable_data()[0] = 1;
    v->set_values(std::move(bits));
  } else {
    ok = static_cast<int>(raw.size()) == w;
    v->set_values(columnar::Buffer::CopyOf(raw.data(), ok ? w : 0));
  }
  if (ok) {
    auto converted =
        parquet::PhysicalConverter::Convert(v, leaf.physical_type, leaf.type, leaf.path);
    if (converted.ok()) {
      std::string text;
      format::ValueFormatter::AppendJson(**converted, 0, &text);
      return text;
    }
  }
  static const char kHex[] = "0123456789abcdef";
  std::string hex = "0x";
  for (unsigned char c : raw) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

}  // namespace

std::string ParquetMetaPrinter::Schema(const parquet::FileReader& reader) {
  std::string out;
  size_t pos = 0;
  AppendElement(reader.metadata().schema, &pos, 0, &out);
  out += "\nReads as:\n";
  for (const columnar::Field& f : reader.schema()->fields()) {
    out += StrCat("  ", f.name, ": ", f.type->ToString(), f.nullable ? "" : " not null", "\n");
  }
  return out;
}

std::string ParquetMetaPrinter::Meta(const parquet::FileReader& reader) {
  const parquet::FileMetaData& md = reader.metadata();
  std::string out;
  out += StrCat("file: ", reader.path(), "\n");
  out += StrCat("size: ", reader.file_size(), " bytes\n");
  out += StrCat("created_by: ", md.created_by.value_or("(unknown)"), "\n");
  out += StrCat("version: ", md.version, "\n");
  out += StrCat("rows: ", reader.num_rows(), " (footer says ", md.num_rows, ")\n");
  out += StrCat("row groups: ", md.row_groups.size(), "\n");
  out += StrCat("columns: ", reader.descriptor().num_leaves(), "\n");
  for (const parquet::KeyValue& kv : md.key_value_metadata) {
    std::string v = kv.value.value_or("");
    if (v.size() > 200) v = v.substr(0, 200) + "...";
    out += StrCat("metadata: ", kv.key, " = ", v, "\n");
  }
  for (size_t g = 0; g < md.row_groups.size(); ++g) {
    const parquet::RowGroup& rg = md.row_groups[g];
    out += StrCat("\nrow group ", g, ": ", rg.num_rows, " rows, ", rg.total_byte_size,
                  " bytes uncompressed");
    if (rg.total_compressed_size) out += StrCat(", ", *rg.total_compressed_size, " compressed");
    out += "\n";
    for (size_t c = 0; c < rg.columns.size(); ++c) {
      const parquet::ColumnChunk& chunk = rg.columns[c];
      const parquet::ColumnMetaData& m = chunk.meta_data;
      const parquet::SchemaNode& leaf = reader.descriptor().leaf(static_cast<int>(c));
      out += StrCat("  column ", leaf.path, ": ", parquet::TypeName(m.type), " -> ",
                    leaf.type->ToString(), "\n");
      out += StrCat("    codec: ", parquet::CompressionCodecName(m.codec), "; encodings:");
      for (parquet::Encoding e : m.encodings) out += StrCat(" ", parquet::EncodingName(e));
      out += "\n";
      out += StrCat("    values: ", m.num_values, "; bytes: ", m.total_compressed_size,
                    " compressed, ", m.total_uncompressed_size, " uncompressed\n");
      out += StrCat("    offsets: data page ", m.data_page_offset);
      if (m.dictionary_page_offset) out += StrCat(", dictionary page ", *m.dictionary_page_offset);
      out += "\n";
      if (m.statistics) {
        const parquet::Statistics& s = *m.statistics;
        out += "    statistics:";
        if (s.null_count) out += StrCat(" nulls=", *s.null_count);
        if (s.distinct_count) out += StrCat(" distinct=", *s.distinct_count);
        if (s.nan_count) out += StrCat(" nans=", *s.nan_count);
        if (s.min_value) out += StrCat(" min=", BoundText(leaf, *s.min_value));
        if (s.max_value) out += StrCat(" max=", BoundText(leaf, *s.max_value));
        if (!s.min_value && s.min) out += StrCat(" min(deprecated)=", BoundText(leaf, *s.min));
        if (!s.max_value && s.max) out += StrCat(" max(deprecated)=", BoundText(leaf, *s.max));
        out += "\n";
      }
      if (chunk.column_index_offset) {
        out += StrCat("    page index: column index at ", *chunk.column_index_offset);
        if (chunk.offset_index_offset)
          out += StrCat(", offset index at ", *chunk.offset_index_offset);
        out += "\n";
      }
      if (m.bloom_filter_offset) {
        out += StrCat("    bloom filter: at ", *m.bloom_filter_offset);
        if (m.bloom_filter_length) out += StrCat(", ", *m.bloom_filter_length, " bytes");
        out += "\n";
      }
    }
  }
  return out;
}

}  // namespace lakeml::app
