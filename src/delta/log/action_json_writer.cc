#include "delta/log/action_json_writer.h"

#include <charconv>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <variant>

#include "format/json/json_string.h"

namespace lakeml::delta {
namespace {

// Writes one JSON object's members; inserts the commas. Field names are protocol constants
// that need no escaping.
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string* out) : out_(out) { out_->push_back('{'); }
  ~ObjectWriter() { out_->push_back('}'); }
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;

  // Appends `"name":` and returns the output for the value.
  std::string* Key(std::string_view name) {
    if (!first_) out_->push_back(',');
    first_ = false;
    out_->push_back('"');
    out_->append(name);
    out_->append("\":");
    return out_;
  }

  void String(std::string_view name, std::string_view value) {
    json::AppendJsonString(value, Key(name));
  }
  void Int(std::string_view name, int64_t value) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
    Key(name)->append(buf, end);
  }
  void Bool(std::string_view name, bool value) { Key(name)->append(value ? "true" : "false"); }
  void Map(std::string_view name, const StringMap& map) {
    ObjectWriter obj(Key(name));
    for (const auto& [key, value] : map) json::AppendJsonString(value, obj.RawKey(key));
  }
  void Partitions(std::string_view name, const PartitionValues& values) {
    ObjectWriter obj(Key(name));
    for (const auto& [key, value] : values) {
      std::string* out = obj.RawKey(key);
      if (value) {
        json::AppendJsonString(*value, out);
      } else {
        out->append("null");
      }
    }
  }
  void StringList(std::string_view name, const std::vector<std::string>& list) {
    std::string* out = Key(name);
    out->push_back('[');
    for (size_t i = 0; i < list.size(); ++i) {
      if (i > 0) out->push_back(',');
      json::AppendJsonString(list[i], out);
    }
    out->push_back(']');
  }

  void OptString(std::string_view name, const std::optional<std::string>& v) {
    if (v) String(name, *v);
  }
  void OptInt(std::string_view name, const std::optional<int64_t>& v) {
    if (v) Int(name, *v);
  }
  void OptMap(std::string_view name, const std::optional<StringMap>& v) {
    if (v) Map(name, *v);
  }

  // A key from data (map keys), escaped.
  std::string* RawKey(std::string_view key) {
    if (!first_) out_->push_back(',');
    first_ = false;
    json::AppendJsonString(key, out_);
    out_->push_back(':');
    return out_;
  }

 private:
  std::string* out_;
  bool first_ = true;
};

void WriteDeletionVector(const DeletionVectorDescriptor& dv, std::string* out) {
  ObjectWriter w(out);
  w.String("storageType", std::string_view(&dv.storage_type, 1));
  w.String("pathOrInlineDv", dv.path_or_inline_dv);
  if (dv.offset) w.Int("offset", *dv.offset);
  w.Int("sizeInBytes", dv.size_in_bytes);
  w.Int("cardinality", dv.cardinality);
  w.OptInt("maxRowIndex", dv.max_row_index);
}

void Write(const Protocol& p, ObjectWriter& w) {
  w.Int("minReaderVersion", p.min_reader_version);
  w.Int("minWriterVersion", p.min_writer_version);
  if (p.reader_features) w.StringList("readerFeatures", *p.reader_features);
  if (p.writer_features) w.StringList("writerFeatures", *p.writer_features);
}

void Write(const Metadata& m, ObjectWriter& w) {
  w.String("id", m.id);
  w.OptString("name", m.name);
  w.OptString("description", m.description);
  {
    ObjectWriter format(w.Key("format"));
    format.String("provider", m.format.provider);
    format.Map("options", m.format.options);
  }
  w.String("schemaString", m.schema_string);
  w.StringList("partitionColumns", m.partition_columns);
  w.Map("configuration", m.configuration);
  w.OptInt("createdTime", m.created_time);
}

void Write(const AddFile& a, ObjectWriter& w) {
  w.String("path", a.path);
  w.Partitions("partitionValues", a.partition_values);
  w.Int("size", a.size);
  w.Int("modificationTime", a.modification_time);
  w.Bool("dataChange", a.data_change);
  w.OptString("stats", a.stats);
  w.OptMap("tags", a.tags);
  if (a.deletion_vector) WriteDeletionVector(*a.deletion_vector, w.Key("deletionVector"));
  w.OptInt("baseRowId", a.base_row_id);
  w.OptInt("defaultRowCommitVersion", a.default_row_commit_version);
  w.OptString("clusteringProvider", a.clustering_provider);
}

void Write(const RemoveFile& r, ObjectWriter& w) {
  w.String("path", r.path);
  w.OptInt("deletionTimestamp", r.deletion_timestamp);
  w.Bool("dataChange", r.data_change);
  if (r.extended_file_metadata) w.Bool("extendedFileMetadata", *r.extended_file_metadata);
  if (r.partition_values) w.Partitions("partitionValues", *r.partition_values);
  w.OptInt("size", r.size);
  w.OptMap("tags", r.tags);
  if (r.deletion_vector) WriteDeletionVector(*r.deletion_vector, w.Key("deletionVector"));
  w.OptInt("baseRowId", r.base_row_id);
  w.OptInt("defaultRowCommitVersion", r.default_row_commit_version);
  w.OptString("stats", r.stats);
}

void Write(const AddCdcFile& c, ObjectWriter& w) {
  w.String("path", c.path);
  w.Partitions("partitionValues", c.partition_values);
  w.Int("size", c.size);
  w.OptMap("tags", c.tags);
  w.Bool("dataChange", c.data_change);
}

void Write(const SetTransaction& t, ObjectWriter& w) {
  w.String("appId", t.app_id);
  w.Int("version", t.version);
  w.OptInt("lastUpdated", t.last_updated);
}

// Only used when CommitInfo::json is empty.
void Write(const CommitInfo& c, ObjectWriter& w) {
  w.OptInt("inCommitTimestamp", c.in_commit_timestamp);
  w.OptInt("timestamp", c.timestamp);
  w.OptString("operation", c.operation);
}

void Write(const DomainMetadata& d, ObjectWriter& w) {
  w.String("domain", d.domain);
  w.String("configuration", d.configuration);
  w.Bool("removed", d.removed);
}

void Write(const CheckpointMetadata& c, ObjectWriter& w) {
  w.Int("version", c.version);
  w.OptMap("tags", c.tags);
}

void Write(const Sidecar& s, ObjectWriter& w) {
  w.String("path", s.path);
  w.Int("sizeInBytes", s.size_in_bytes);
  w.Int("modificationTime", s.modification_time);
  w.OptMap("tags", s.tags);
}

// DO NOT CHANGE: stored in Delta logs (the top-level key of each action line).
constexpr std::string_view KeyOf(const Protocol&) { return "protocol"; }
constexpr std::string_view KeyOf(const Metadata&) { return "metaData"; }
constexpr std::string_view KeyOf(const AddFile&) { return "add"; }
constexpr std::string_view KeyOf(const RemoveFile&) { return "remove"; }
constexpr std::string_view KeyOf(const AddCdcFile&) { return "cdc"; }
constexpr std::string_view KeyOf(const SetTransaction&) { return "txn"; }
constexpr std::string_view KeyOf(const CommitInfo&) { return "commitInfo"; }
constexpr std::string_view KeyOf(const DomainMetadata&) { return "domainMetadata"; }
constexpr std::string_view KeyOf(const CheckpointMetadata&) { return "checkpointMetadata"; }
constexpr std::string_view KeyOf(const Sidecar&) { return "sidecar"; }

size_t TextSize(const std::string& s) { return s.size(); }
size_t TextSize(const std::optional<std::string>& s) { return s ? s->size() : 4; }

// A generous guess at the JSON size of `actions`, so that a commit of thousands of actions
// is built without regrowing (and re-faulting) its buffer many times.
size_t EstimatedJsonSize(const std::vector<Action>& actions) {
  auto map_size = [](const auto& map) {
    size_t n = 0;
    for (const auto& [key, value] : map) n += key.size() + 8 + TextSize(value);
    return n;
  };
  size_t total = 0;
  for (const Action& action : actions) {
    total += 256;
    if (const auto* add = std::get_if<AddFile>(&action)) {
      // Stats hold many quotes, each escaped to two bytes.
      total += add->path.size() + (add->stats ? add->stats->size() * 5 / 4 : 0) +
               map_size(add->partition_values);
      if (add->tags) total += map_size(*add->tags) + add->tags->size() * 2;
    } else if (const auto* remove = std::get_if<RemoveFile>(&action)) {
      total += remove->path.size() + (remove->stats ? remove->stats->size() * 5 / 4 : 0);
    } else if (const auto* metadata = std::get_if<Metadata>(&action)) {
      total += metadata->schema_string.size() * 5 / 4 + 64 * metadata->configuration.size();
    } else if (const auto* info = std::get_if<CommitInfo>(&action)) {
      total += info->json.size();
    }
  }
  return total;
}

}  // namespace

void AppendActionJson(const Action& action, std::string* out) {
  std::visit(
      [out](const auto& a) {
        ObjectWriter line(out);
        std::string* value = line.Key(KeyOf(a));
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>, CommitInfo>) {
          if (!a.json.empty()) {
            value->append(a.json);
            return;
          }
        }
        ObjectWriter w(value);
        Write(a, w);
      },
      action);
}

std::string SerializeCommit(const std::vector<Action>& actions) {
  std::string out;
  out.reserve(EstimatedJsonSize(actions));
  for (const Action& action : actions) {
    AppendActionJson(action, &out);
    out.push_back('\n');
  }
  return out;
}

}  // namespace lakeml::delta
