#include "format/parquet/thrift/field_reader.h"

namespace lakeml::parquet::thrift {

Status ReadBoolListField(CompactReader* r, const FieldHeader& f, std::vector<bool>* out,
                         bool* isset) {
  if (f.type != CompactType::kList && f.type != CompactType::kSet) return r->Skip(f.type);
  CompactType wire_element_type;
  uint32_t count;
  LAKEML_RETURN_IF_ERROR(r->ReadListBegin(&wire_element_type, &count));
  if (count != 0 && wire_element_type != kBool) {
    for (uint32_t i = 0; i < count; ++i) LAKEML_RETURN_IF_ERROR(r->Skip(wire_element_type));
    return Status::OK();
  }
  out->assign(count, false);
  for (uint32_t i = 0; i < count; ++i) {
    bool value = false;
    LAKEML_RETURN_IF_ERROR(r->ReadBool(&value));
    (*out)[i] = value;
  }
  if (isset != nullptr) *isset = true;
  return Status::OK();
}

}  // namespace lakeml::parquet::thrift
