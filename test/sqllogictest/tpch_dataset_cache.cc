#include "sqllogictest/tpch_dataset_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "base/str_cat.h"
#include "delta/table_writer.h"
#include "io/local_file_system.h"
#include "tpch/gen/chunked_batch_source.h"
#include "tpch/gen/tpch_generator.h"

namespace lakeml::slt {
namespace {

constexpr const char* kStampFile = "_lakeml_tpch_stamp";

// Identifies the binary (and so the generator linked into it) that made a cache entry.
std::string BinaryStamp() {
  struct stat st {};
  if (stat("/proc/self/exe", &st) != 0) return "unknown";
  return StrCat("size=", static_cast<int64_t>(st.st_size),
                " mtime=", static_cast<int64_t>(st.st_mtim.tv_sec), ".",
                static_cast<int64_t>(st.st_mtim.tv_nsec));
}

std::string CacheRoot() {
  if (const char* env = std::getenv("LAKEML_TPCH_CACHE"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return StrCat(std::filesystem::temp_directory_path(ec).string(), "/lakeml_tpch_cache");
  return (exe.parent_path() / "tpch_cache").string();
}

std::string ReadStamp(const std::string& dir) {
  std::ifstream in(dir + "/" + kStampFile);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Status GenerateTables(const std::string& dir, double sf) {
  for (const std::string& name : tpch::TpchGenerator::TableNames()) {
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<tpch::TableGenerator> table,
                            tpch::TpchGenerator::MakeTable(name, sf));
    const columnar::SchemaPtr schema = table->schema();
    tpch::ChunkedBatchSource chunks(std::move(table), /*num_threads=*/2);
    delta::WriteOptions options;
    options.num_threads = 2;
    LAKEML_RETURN_IF_ERROR(
        delta::TableWriter::Write(
            io::LocalFs(), dir + "/" + name, schema, [&] { return chunks.Next(); }, options)
            .status());
  }
  std::ofstream stamp(dir + "/" + kStampFile);
  stamp << BinaryStamp();
  stamp.close();
  if (!stamp) return Status::IOError("Cannot write the TPC-H cache stamp in ", dir);
  return Status::OK();
}

}  // namespace

Result<std::string> TpchDatasetCache::Ensure(std::string_view scale_factor) {
  double sf = 0;
  const auto [end, ec] =
      std::from_chars(scale_factor.data(), scale_factor.data() + scale_factor.size(), sf);
  if (ec != std::errc() || end != scale_factor.data() + scale_factor.size() || !(sf > 0) ||
      sf > 1) {
    return Status::InvalidArgument("TPC-H scale factor must be in (0, 1] for tests, got ",
                                   scale_factor);
  }
  const std::string root = CacheRoot();
  const std::string dir = StrCat(root, "/sf", scale_factor);
  const std::string stamp = BinaryStamp();
  if (ReadStamp(dir) == stamp) return dir;
  std::error_code fs_ec;
  std::filesystem::create_directories(root, fs_ec);
  if (fs_ec) return Status::IOError("Cannot create the TPC-H cache ", root, ": ", fs_ec.message());
  const std::string tmp = StrCat(dir, ".tmp.", getpid());
  std::filesystem::remove_all(tmp, fs_ec);
  Status generated = GenerateTables(tmp, sf);
  if (!generated.ok()) {
    std::filesystem::remove_all(tmp, fs_ec);
    return generated;
  }
  // A stale entry is moved aside first; rename onto a non-empty directory fails, which is how
  // a racing process that finished first wins.
  if (std::filesystem::exists(dir, fs_ec) && ReadStamp(dir) != stamp) {
    const std::string old = StrCat(dir, ".old.", getpid());
    if (std::rename(dir.c_str(), old.c_str()) == 0) std::filesystem::remove_all(old, fs_ec);
  }
  if (std::rename(tmp.c_str(), dir.c_str()) != 0) {
    const int err = errno;
    std::filesystem::remove_all(tmp, fs_ec);
    if (ReadStamp(dir) == stamp) return dir;  // Another process won the race.
    return Status::IOError("Cannot move the TPC-H tables into ", dir, ": ", std::strerror(err));
  }
  return dir;
}

}  // namespace lakeml::slt
