// TpchDatasetCache: the TPC-H tables (bench/tpch/gen) of one scale factor as Delta tables in a
// cache directory, generated once and reused by every .test file and run: `require tpch_sf0.01`
// registers them in the file's warehouse with CREATE TABLE ... LOCATION.
//
// The cache lives in $LAKEML_TPCH_CACHE, else next to the running binary (<dir>/tpch_cache);
// each scale factor in sf<SF>/ with a stamp file naming the binary that made it (its size and
// modification time), so a rebuilt generator never serves stale data. A process generates into
// a private directory and renames it into place, so racing test processes are safe: the first
// rename wins and the others use the winner's tables.
//
// Stateless; thread-safe (processes coordinate through the file system).
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace lakeml::slt {

class TpchDatasetCache {
 public:
  // The directory holding <dir>/<table> Delta tables for `scale_factor` ("0.01", "0.1", ...),
  // generating them when missing or stale.
  static Result<std::string> Ensure(std::string_view scale_factor);
};

}  // namespace lakeml::slt
