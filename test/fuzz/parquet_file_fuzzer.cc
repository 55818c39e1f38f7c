// libFuzzer target: any byte string as a Parquet file. Opens it, prints nothing, and decodes every
// column of every row group (whole, and its flat columns slice by slice), plus the page index
// and bloom filters. Must never crash, hang or over-allocate; errors are expected and ignored.
#include <cstddef>
#include <cstdint>
#include <string>

#include "format/parquet/file_reader.h"
#include "format/parquet/row_group_slice_reader.h"
#include "io/memory_file_system.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lakeml;
  io::MemoryFileSystem fs;
  if (!fs.WriteWhole("/f.parquet", std::string_view(reinterpret_cast<const char*>(data), size))
           .ok()) {
    return 0;
  }
  parquet::ReaderOptions options;
  options.num_threads = 1;
  auto reader = parquet::FileReader::Open(&fs, "/f.parquet", options);
  if (!reader.ok()) return 0;
  std::vector<int> all;
  for (size_t i = 0; i < (*reader)->schema()->num_fields(); ++i) all.push_back(static_cast<int>(i));
  for (int g = 0; g < (*reader)->num_row_groups(); ++g) {
    // Skip absurd claims the fuzzer invents: they are legal to reject, not worth decoding.
    if ((*reader)->metadata().row_groups[g].num_rows > (1 << 22)) continue;
    (*reader)->ReadRowGroup(g, all).status().IgnoreError();
    std::vector<int> flat;
    for (int f : all) {
      if (parquet::RowGroupSliceReader::CanSlice(**reader, {f})) flat.push_back(f);
    }
    parquet::RowGroupSliceReader slices(reader->get(), flat);
    if (slices.Open(g).ok()) {
      while (slices.rows_left() > 0 && slices.Next(1000).ok()) {
      }
    }
    for (int leaf = 0; leaf < (*reader)->descriptor().num_leaves(); ++leaf) {
      (*reader)->ReadColumnIndex(g, leaf).status().IgnoreError();
      (*reader)->ReadOffsetIndex(g, leaf).status().IgnoreError();
      (*reader)->ReadBloomFilter(g, leaf).status().IgnoreError();
    }
  }
  return 0;
}
