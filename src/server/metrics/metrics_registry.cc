#include "server/metrics/metrics_registry.h"

#include <fmt/format.h>

#include "base/check.h"

namespace lakeml::server {
namespace {

// Label values escape \, " and newline (the exposition format's rules).
void AppendMetricLabelValue(std::string_view value, std::string* out) {
  for (char c : value) {
    if (c == '\\') {
      out->append("\\\\");
    } else if (c == '"') {
      out->append("\\\"");
    } else if (c == '\n') {
      out->append("\\n");
    } else {
      out->push_back(c);
    }
  }
}

std::string RenderMetricLabels(const MetricLabels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(labels[i].first).append("=\"");
    AppendMetricLabelValue(labels[i].second, &out);
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

// The labels with one more label appended: {a="x"} + le="0.5" -> {a="x",le="0.5"}.
std::string WithLeLabel(const std::string& labels, std::string_view le) {
  if (labels.empty()) return fmt::format("{{le=\"{}\"}}", le);
  return fmt::format("{},le=\"{}\"}}", std::string_view(labels).substr(0, labels.size() - 1), le);
}

}  // namespace

MetricsRegistry::Series* MetricsRegistry::FindOrAdd(std::string_view name, std::string_view help,
                                                    Kind kind, const MetricLabels& labels) {
  std::string rendered = RenderMetricLabels(labels);
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{kind, std::string(help), {}}).first;
  }
  LAKEML_CHECK(it->second.kind == kind);
  for (Series& s : it->second.series) {
    if (s.labels == rendered) return &s;
  }
  it->second.series.emplace_back();
  it->second.series.back().labels = std::move(rendered);
  return &it->second.series.back();
}

MetricCounter* MetricsRegistry::AddCounter(std::string_view name, std::string_view help,
                                           const MetricLabels& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  Series* s = FindOrAdd(name, help, Kind::kCounter, labels);
  if (!s->counter) s->counter = std::make_unique<MetricCounter>();
  return s->counter.get();
}

MetricGauge* MetricsRegistry::AddGauge(std::string_view name, std::string_view help,
                                       const MetricLabels& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  Series* s = FindOrAdd(name, help, Kind::kGauge, labels);
  if (!s->gauge) s->gauge = std::make_unique<MetricGauge>();
  return s->gauge.get();
}

MetricHistogram* MetricsRegistry::AddHistogram(std::string_view name, std::string_view help,
                                               const MetricLabels& labels,
                                               std::vector<double> upper_bounds) {
  std::lock_guard<std::mutex> lock(mu_);
  Series* s = FindOrAdd(name, help, Kind::kHistogram, labels);
  if (!s->histogram) s->histogram = std::make_unique<MetricHistogram>(std::move(upper_bounds));
  return s->histogram.get();
}

void MetricsRegistry::RenderPrometheus(std::string* out) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto buf = std::back_inserter(*out);
  for (const auto& [name, family] : families_) {
    const char* type = family.kind == Kind::kCounter ? "counter"
                       : family.kind == Kind::kGauge ? "gauge"
                                                     : "histogram";
    fmt::format_to(buf, "# HELP {} {}\n# TYPE {} {}\n", name, family.help, name, type);
    for (const Series& s : family.series) {
      if (s.counter) {
        fmt::format_to(buf, "{}{} {}\n", name, s.labels, s.counter->Value());
      } else if (s.gauge) {
        fmt::format_to(buf, "{}{} {}\n", name, s.labels, s.gauge->Value());
      } else if (s.histogram) {
        const MetricHistogram& h = *s.histogram;
        uint64_t cumulative = 0;
        for (size_t i = 0; i < h.upper_bounds().size(); ++i) {
          cumulative += h.BucketCount(i);
          fmt::format_to(buf, "{}_bucket{} {}\n", name,
                         WithLeLabel(s.labels, fmt::format("{}", h.upper_bounds()[i])), cumulative);
        }
        cumulative += h.BucketCount(h.upper_bounds().size());
        fmt::format_to(buf, "{}_bucket{} {}\n", name, WithLeLabel(s.labels, "+Inf"), cumulative);
        fmt::format_to(buf, "{}_sum{} {}\n{}_count{} {}\n", name, s.labels, h.Sum(), name, s.labels,
                       cumulative);
      }
    }
  }
}

}  // namespace lakeml::server
