#include "reliability/tracking_ledger.h"

#include <set>

#include "base/str_cat.h"

namespace lakeml::reliability {

namespace {

constexpr size_t kMaxProblems = 50;  // Listed; the rest are only counted.

const char* KindName(WriteKind kind) {
  switch (kind) {
    case WriteKind::kMetric:
      return "metric";
    case WriteKind::kParam:
      return "param";
    case WriteKind::kTag:
      return "tag";
  }
  return "?";
}

class ProblemList {
 public:
  explicit ProblemList(std::vector<std::string>* out) : out_(out) {}
  // Notes the problems not listed.
  void Finish() {
    if (dropped_ > 0) out_->push_back(StrCat("... and ", dropped_, " more problems"));
  }
  void Add(std::string problem) {
    if (out_->size() < kMaxProblems) {
      out_->push_back(std::move(problem));
    } else {
      ++dropped_;
    }
  }

 private:
  std::vector<std::string>* out_;
  int64_t dropped_ = 0;
};

}  // namespace

std::string_view TrackingWrite::Route() const {
  switch (kind) {
    case WriteKind::kMetric:
      return "/runs/log-metric";
    case WriteKind::kParam:
      return "/runs/log-parameter";
    case WriteKind::kTag:
      return "/runs/set-tag";
  }
  return "";
}

nlohmann::json TrackingWrite::Body() const {
  if (kind == WriteKind::kMetric) {
    return {{"run_id", run_id},
            {"key", key},
            {"value", metric_value},
            {"timestamp", timestamp},
            {"step", step}};
  }
  return {{"run_id", run_id}, {"key", key}, {"value", value}};
}

std::string TrackingWrite::ToString() const {
  if (kind == WriteKind::kMetric) {
    return StrCat("metric ", key, " step ", step, " = ", metric_value, " of run ", run_id);
  }
  return StrCat(KindName(kind), " ", key, " = ", value, " of run ", run_id);
}

void TrackingLedger::Add(TrackingWrite write) {
  EntryKey key{write.run_id, write.kind, write.key,
               write.kind == WriteKind::kMetric ? write.step : 0};
  if (write.acknowledged) ++acknowledged_;
  const std::string text = write.ToString();
  if (!writes_.emplace(std::move(key), std::move(write)).second) {
    duplicate_adds_.push_back(StrCat("the test wrote twice: ", text));
  }
}

void TrackingLedger::Merge(TrackingLedger&& other) {
  for (auto& [key, write] : other.writes_) Add(std::move(write));
  for (std::string& d : other.duplicate_adds_) duplicate_adds_.push_back(std::move(d));
  other.writes_.clear();
  other.acknowledged_ = 0;
}

std::vector<std::string> TrackingLedger::Verify(TrackingClient& client, VerifyCounts* counts) {
  std::vector<std::string> problems = duplicate_adds_;
  ProblemList report(&problems);
  std::set<std::string> runs;
  std::map<std::string, std::set<std::string>> metric_keys;  // run -> keys written
  for (const auto& [key, write] : writes_) {
    runs.insert(write.run_id);
    if (write.kind == WriteKind::kMetric) metric_keys[write.run_id].insert(write.key);
  }

  std::set<EntryKey> seen;
  // One value read back: it must be a write of the ledger, with its value, and read only once.
  auto check = [&](const EntryKey& key, const std::string& value, double metric_value,
                   int64_t timestamp) {
    auto it = writes_.find(key);
    const std::string where =
        StrCat(KindName(std::get<1>(key)), " ", std::get<2>(key),
               std::get<1>(key) == WriteKind::kMetric ? StrCat(" step ", std::get<3>(key)) : "",
               " of run ", std::get<0>(key));
    if (it == writes_.end()) {
      report.Add(StrCat("read back a write never sent: ", where));
      return;
    }
    if (!seen.insert(key).second) {
      report.Add(StrCat("read back twice: ", where));
      return;
    }
    const TrackingWrite& w = it->second;
    if (w.kind == WriteKind::kMetric ? (w.metric_value != metric_value || w.timestamp != timestamp)
                                     : w.value != value) {
      report.Add(
          StrCat("wrong value read back: ", where, ": got ",
                 w.kind == WriteKind::kMetric ? StrCat(metric_value, " at ", timestamp) : value,
                 ", wrote ", w.ToString()));
    }
  };

  for (const std::string& run : runs) {
    ++counts->runs;
    Result<nlohmann::json> got = client.GetJson(StrCat("/runs/get?run_id=", run));
    if (!got.ok()) {
      report.Add(got.status().ToString());
      continue;
    }
    try {
      const nlohmann::json& data = got->at("run").value("data", nlohmann::json::object());
      for (const auto& p : data.value("params", nlohmann::json::array())) {
        check({run, WriteKind::kParam, p.at("key").get<std::string>(), 0},
              p.at("value").get<std::string>(), 0, 0);
      }
      for (const auto& t : data.value("tags", nlohmann::json::array())) {
        const std::string key = t.at("key").get<std::string>();
        if (key.rfind("mlflow.", 0) == 0) continue;
        check({run, WriteKind::kTag, key, 0}, t.at("value").get<std::string>(), 0, 0);
      }
      // Latest values name every metric key the run has; each must be one the test wrote.
      for (const auto& m : data.value("metrics", nlohmann::json::array())) {
        const std::string key = m.at("key").get<std::string>();
        if (metric_keys[run].count(key) == 0)
          report.Add(StrCat("unknown metric ", key, " of run ", run));
      }
    } catch (const nlohmann::json::exception& e) {
      report.Add(StrCat("runs/get of ", run, " is malformed: ", e.what()));
    }
    for (const std::string& key : metric_keys[run]) {
      std::string page_token;
      do {
        Result<nlohmann::json> page = client.GetJson(StrCat(
            "/metrics/get-history?run_id=", run, "&metric_key=", TrackingClient::UrlEncode(key),
            "&max_results=25000",
            page_token.empty() ? "" : "&page_token=" + TrackingClient::UrlEncode(page_token)));
        if (!page.ok()) {
          report.Add(page.status().ToString());
          break;
        }
        try {
          for (const auto& m : page->value("metrics", nlohmann::json::array())) {
            check({run, WriteKind::kMetric, key, m.at("step").get<int64_t>()}, "",
                  m.at("value").get<double>(), m.at("timestamp").get<int64_t>());
          }
          page_token = page->value("next_page_token", "");
        } catch (const nlohmann::json::exception& e) {
          report.Add(StrCat("get-history of ", key, " of run ", run, " is malformed: ", e.what()));
          break;
        }
      } while (!page_token.empty());
    }
  }

  for (auto it = writes_.begin(); it != writes_.end();) {
    TrackingWrite& w = it->second;
    if (seen.count(it->first) != 0) {
      if (w.acknowledged) {
        ++counts->acknowledged_found;
      } else {
        ++counts->unknown_found;
        w.acknowledged = true;
        ++acknowledged_;
      }
      ++it;
    } else if (w.acknowledged) {
      report.Add(StrCat("acknowledged write lost: ", w.ToString()));
      ++it;
    } else {
      ++counts->unknown_absent;
      it = writes_.erase(it);
    }
  }
  return problems;
}

}  // namespace lakeml::reliability
