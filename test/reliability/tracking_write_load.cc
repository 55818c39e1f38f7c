#include "reliability/tracking_write_load.h"

#include <algorithm>
#include <chrono>

#include "base/str_cat.h"

namespace lakeml::reliability {

namespace {
constexpr auto kRetryFor = std::chrono::minutes(2);
constexpr int64_t kBaseTimestampMs = 1'700'000'000'000;
}  // namespace

TrackingWriteLoad::TrackingWriteLoad(int port, std::vector<LoadClient>* clients,
                                     std::string shared_run, bool crash_mode)
    : port_(port), clients_(clients), shared_run_(std::move(shared_run)), crash_mode_(crash_mode) {}

TrackingWriteLoad::~TrackingWriteLoad() {
  stop_ = true;
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

TrackingWrite TrackingWriteLoad::MakeWrite(int client, int64_t seq, const std::string& own_run,
                                           const std::string& shared_run) {
  TrackingWrite w;
  w.run_id = own_run;
  switch (seq % 4) {
    case 0:
    case 1:
      w.kind = WriteKind::kMetric;
      w.key = StrCat("m", seq % 3);
      w.step = seq;
      // Exact in binary, so the value read back must compare equal.
      w.metric_value = static_cast<double>(seq) * 0.5 + client;
      w.timestamp = kBaseTimestampMs + seq;
      break;
    case 2:
      w.kind = WriteKind::kParam;
      w.key = StrCat("p", seq);
      w.value = StrCat("c", client, "-s", seq);
      break;
    default:
      w.kind = WriteKind::kTag;
      w.value = StrCat("c", client, "-s", seq);
      if ((seq / 4) % 2 == 0) {
        w.key = StrCat("t", seq);
      } else {
        w.run_id = shared_run;
        w.key = StrCat("c", client, ".t", seq);
      }
      break;
  }
  return w;
}

void TrackingWriteLoad::Start() {
  reports_.resize(clients_->size());
  for (size_t i = 0; i < clients_->size(); ++i) {
    threads_.emplace_back([this, i] { RunClient(static_cast<int>(i), &reports_[i]); });
  }
}

void TrackingWriteLoad::RunClient(int index, LoadReport* report) {
  LoadClient& me = (*clients_)[index];
  TrackingClient client(port_);
  while (!stop_.load(std::memory_order_relaxed)) {
    TrackingWrite write = MakeWrite(index, me.next_seq, me.own_run, shared_run_);
    const nlohmann::json body = write.Body();
    const auto start = std::chrono::steady_clock::now();
    auto backoff = std::chrono::milliseconds(10);
    HttpOutcome outcome;
    while (true) {
      outcome = client.Post(write.Route(), body);
      const bool retryable =
          outcome.status == 429 || (outcome.status >= 500 && outcome.status <= 599);
      if (!retryable || std::chrono::steady_clock::now() - start > kRetryFor) break;
      ++(outcome.status == 503 ? report->retried_503 : report->retried_other);
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
    }
    ++me.next_seq;
    if (outcome.status == 200) {
      write.acknowledged = true;
      ++report->acknowledged;
      acknowledged_.fetch_add(1, std::memory_order_relaxed);
      report->latencies_us.push_back(
          static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::steady_clock::now() - start)
                                    .count()));
      report->ledger.Add(std::move(write));
      continue;
    }
    const std::string text = write.ToString();
    report->ledger.Add(std::move(write));  // Outcome unknown: it may have landed.
    if (outcome.status == 0) {
      ++report->transport_failures;
      if (!crash_mode_) report->failures.push_back(StrCat("no response to ", text));
    } else {
      report->failures.push_back(
          StrCat("HTTP ", outcome.status, " to ", text, ": ", outcome.body.substr(0, 300)));
    }
    break;
  }
  ended_.fetch_add(1);
}

LoadReport TrackingWriteLoad::Stop() {
  stop_ = true;
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  LoadReport total;
  for (LoadReport& r : reports_) {
    total.ledger.Merge(std::move(r.ledger));
    total.acknowledged += r.acknowledged;
    total.retried_503 += r.retried_503;
    total.retried_other += r.retried_other;
    total.transport_failures += r.transport_failures;
    for (std::string& f : r.failures) total.failures.push_back(std::move(f));
    total.latencies_us.insert(total.latencies_us.end(), r.latencies_us.begin(),
                              r.latencies_us.end());
  }
  reports_.clear();
  std::sort(total.latencies_us.begin(), total.latencies_us.end());
  return total;
}

}  // namespace lakeml::reliability
