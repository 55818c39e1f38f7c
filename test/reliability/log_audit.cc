#include "reliability/log_audit.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "base/str_cat.h"

namespace lakeml::reliability {
namespace {

using nlohmann::json;

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The version of a commit file name "<20 digits>.json", or -1.
int64_t CommitVersion(const std::string& name) {
  if (name.size() != 25 || name.compare(20, 5, ".json") != 0) return -1;
  int64_t v = 0;
  for (int i = 0; i < 20; ++i) {
    if (name[i] < '0' || name[i] > '9') return -1;
    v = v * 10 + (name[i] - '0');
  }
  return v;
}

int64_t IntOr(const json& j, const char* key, int64_t fallback) {
  if (!j.is_object()) return fallback;
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_string()) return std::atoll(it->get<std::string>().c_str());
  return fallback;
}

}  // namespace

LogAudit LogAudit::Run(io::FileSystem* fs, const std::string& table_root) {
  LogAudit audit;
  const std::string log_dir = io::JoinPath(table_root, "_delta_log");
  Result<std::vector<io::FileInfo>> log_listing = fs->List(log_dir);
  if (!log_listing.ok()) {
    audit.problems_.push_back(
        StrCat("cannot list ", log_dir, ": ", log_listing.status().ToString()));
    return audit;
  }
  std::vector<int64_t> versions;
  for (const io::FileInfo& f : *log_listing) {
    if (f.is_directory) continue;
    const std::string name = BaseName(f.path);
    const int64_t v = CommitVersion(name);
    if (v >= 0) {
      versions.push_back(v);
      Result<std::string> text = fs->ReadFile(f.path);
      if (!text.ok()) {
        audit.problems_.push_back(StrCat("cannot read ", name, ": ", text.status().ToString()));
        continue;
      }
      audit.AuditCommit(v, *text);
    } else if (name.find(".checkpoint.") != std::string::npos && name[0] != '.') {
      audit.checkpoints_.push_back(name);
    } else if (name == "_last_checkpoint" ||
               (name.size() > 4 && name.compare(name.size() - 4, 4, ".crc") == 0)) {
      // Hints and checksums.
    } else {
      audit.stray_log_files_.push_back(name);
    }
  }
  std::sort(versions.begin(), versions.end());
  for (size_t i = 0; i < versions.size(); ++i) {
    if (versions[i] != static_cast<int64_t>(i)) {
      audit.problems_.push_back(StrCat("commit versions are not 0..n: version ", i,
                                       " missing or duplicated (found ", versions[i], ")"));
      break;
    }
  }
  audit.latest_version_ = versions.empty() ? -1 : versions.back();

  Result<std::vector<io::FileInfo>> data_listing = fs->List(table_root);
  if (!data_listing.ok()) {
    audit.problems_.push_back(
        StrCat("cannot list ", table_root, ": ", data_listing.status().ToString()));
    return audit;
  }
  std::set<std::string> on_disk;
  for (const io::FileInfo& f : *data_listing) {
    const std::string name = BaseName(f.path);
    if (f.is_directory || name.empty() || name[0] == '_' || name[0] == '.') continue;
    on_disk.insert(name);
  }
  for (const std::string& name : on_disk) {
    if (audit.referenced_.count(name) == 0) audit.orphans_.insert(name);
  }
  for (const std::string& path : audit.referenced_) {
    if (on_disk.count(path) == 0) audit.missing_.insert(path);
  }
  return audit;
}

void LogAudit::AuditCommit(int64_t version, const std::string& text) {
  AuditedCommit c;
  c.version = version;
  const std::string name = StrCat("version ", version);
  size_t start = 0;
  int line_number = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const json action = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (action.is_discarded() || !action.is_object() || action.size() != 1) {
      problems_.push_back(StrCat(name, " line ", line_number, " is not one JSON action: ", line));
      continue;
    }
    const std::string& kind = action.begin().key();
    const json& body = action.begin().value();
    if (kind == "commitInfo") {
      ++c.commit_infos;
      if (body.contains("operation") && body["operation"].is_string()) {
        c.operation = body["operation"].get<std::string>();
      }
      c.read_version = IntOr(body, "readVersion", -1);
      c.timestamp = IntOr(body, "timestamp", -1);
      c.blind_append = body.contains("isBlindAppend") && body["isBlindAppend"].is_boolean() &&
                       body["isBlindAppend"].get<bool>();
      if (body.contains("txnId") && body["txnId"].is_string()) {
        c.txn_id = body["txnId"].get<std::string>();
      }
      if (body.contains("operationMetrics")) {
        c.num_output_rows = IntOr(body["operationMetrics"], "numOutputRows", -1);
      }
    } else if (kind == "add") {
      AuditedAdd a;
      if (body.contains("path") && body["path"].is_string())
        a.path = body["path"].get<std::string>();
      if (body.contains("stats") && body["stats"].is_string()) {
        const json stats =
            json::parse(body["stats"].get<std::string>(), nullptr, /*allow_exceptions=*/false);
        if (!stats.is_discarded() && stats.is_object()) {
          a.num_records = IntOr(stats, "numRecords", -1);
          if (stats.contains("minValues")) {
            a.worker_min = IntOr(stats["minValues"], "worker", -1);
            a.seq_min = IntOr(stats["minValues"], "seq", -1);
          }
          if (stats.contains("maxValues")) {
            a.worker_max = IntOr(stats["maxValues"], "worker", -1);
            a.seq_max = IntOr(stats["maxValues"], "seq", -1);
          }
        }
      }
      if (a.path.empty()) problems_.push_back(StrCat(name, ": add without a path"));
      referenced_.insert(a.path);
      c.adds.push_back(std::move(a));
    } else if (kind == "remove") {
      ++c.removes;
    }
  }
  if (c.commit_infos != 1) {
    problems_.push_back(StrCat(name, " has ", c.commit_infos, " commitInfo actions"));
  }
  commits_[version] = std::move(c);
}

}  // namespace lakeml::reliability
