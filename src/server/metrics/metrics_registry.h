// MetricsRegistry: the named counters, gauges and histograms one server exposes on /metrics,
// rendered in the Prometheus text exposition format (version 0.0.4).
//
// Series are registered up front (a route table's routes, a serving endpoint's model) and the
// registry returns stable pointers that the hot path updates without any lock. Registration and
// rendering take a mutex; both are rare. Series with the same name form one family (one HELP and
// TYPE line); they must share the type.
//
// Thread-safe. Owns every series; pointers stay valid for the registry's lifetime.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/metrics/metric_counter.h"
#include "server/metrics/metric_gauge.h"
#include "server/metrics/metric_histogram.h"

namespace lakeml::server {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class MetricsRegistry {
 public:
  // REQUIRES: `name` matches [a-zA-Z_:][a-zA-Z0-9_:]* and is not registered with another type.
  // Registering the same name and labels twice returns the same series.
  MetricCounter* AddCounter(std::string_view name, std::string_view help,
                            const MetricLabels& labels = {});
  MetricGauge* AddGauge(std::string_view name, std::string_view help,
                        const MetricLabels& labels = {});
  MetricHistogram* AddHistogram(std::string_view name, std::string_view help,
                                const MetricLabels& labels, std::vector<double> upper_bounds);

  // Appends every family in the text format, sorted by name.
  void RenderPrometheus(std::string* out) const;

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Series {
    std::string labels;  // Rendered: {a="x",b="y"} or empty.
    std::unique_ptr<MetricCounter> counter;
    std::unique_ptr<MetricGauge> gauge;
    std::unique_ptr<MetricHistogram> histogram;
  };
  struct Family {
    Kind kind;
    std::string help;
    std::vector<Series> series;
  };
  Series* FindOrAdd(std::string_view name, std::string_view help, Kind kind,
                    const MetricLabels& labels);

  mutable std::mutex mu_;
  std::map<std::string, Family, std::less<>> families_;
};

}  // namespace lakeml::server
