// WriterSchema: the Parquet schema a FileWriter writes for a columnar Schema: the flattened
// SchemaElement list of the footer and one WriterLeaf per primitive column, in schema order.
//
// The mapping (the reader maps back exactly this way):
//   boolean -> BOOLEAN; int8/int16 -> INT32 INTEGER(8/16, signed) + INT_8/INT_16;
//   int32 -> INT32; uint8/16/32 -> INT32 INTEGER(w, unsigned) + UINT_w; int64 -> INT64;
//   uint64 -> INT64 INTEGER(64, unsigned) + UINT_64; float16 -> FIXED_LEN_BYTE_ARRAY(2)
//   FLOAT16; float -> FLOAT; double -> DOUBLE; decimal(p, s) -> INT32 (p <= 9), INT64
//   (p <= 18), else FIXED_LEN_BYTE_ARRAY of the fewest bytes for p digits, DECIMAL;
//   date -> INT32 DATE; time(s|ms) -> INT32 TIME(MILLIS), time(us|ns) -> INT64 TIME(MICROS|
//   NANOS), not UTC-adjusted; timestamp(unit, utc) -> INT64 TIMESTAMP (seconds as millis),
//   ConvertedType TIMESTAMP_MILLIS/MICROS only when UTC; interval -> FIXED_LEN_BYTE_ARRAY(12)
//   INTERVAL; string -> BYTE_ARRAY STRING (JSON, ENUM by extension); binary -> BYTE_ARRAY
//   (BSON by extension); fixed_size_binary(n) -> FIXED_LEN_BYTE_ARRAY(n) (UUID by extension);
//   list -> 3-level LIST group "list" / "element"; map -> MAP group "key_value" / "key",
//   "value"; struct -> group; binary "geometry"/"geography" -> BYTE_ARRAY GEOMETRY/GEOGRAPHY
//   (no min/max: undefined order); void -> INT32 UNKNOWN, all null and always OPTIONAL.
//   Nullable fields are OPTIONAL, others REQUIRED.
//
// Immutable once built; thread-safe to read.
#pragma once

#include <vector>

#include "base/result.h"
#include "columnar/schema.h"
#include "format/parquet/metadata.h"
#include "format/parquet/writer/writer_leaf.h"

namespace lakeml::parquet {

class WriterSchema {
 public:
  // InvalidArgument for what Parquet cannot hold: a schema without fields, an empty struct,
  // a decimal precision outside 1..38.
  static Result<WriterSchema> Make(const columnar::Schema& schema);

  // Depth-first; elements()[0] is the root ("schema").
  const std::vector<SchemaElement>& elements() const { return elements_; }
  const std::vector<WriterLeaf>& leaves() const { return leaves_; }

 private:
  struct Context {
    int column;
    std::vector<int> child_path;
    std::vector<std::string> path;
    int16_t def;
    int16_t rep;
  };

  Status AddField(const columnar::Field& field, const std::string& name, Context ctx);
  Status AddLeaf(const columnar::Field& field, SchemaElement element, Context ctx);

  std::vector<SchemaElement> elements_;
  std::vector<WriterLeaf> leaves_;
};

}  // namespace lakeml::parquet
