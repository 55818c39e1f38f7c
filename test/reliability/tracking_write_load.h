// TrackingWriteLoad: N client threads, each with its own keep-alive connection, logging
// metrics, params and tags to a `lakeml server` as fast as it answers. Client c writes to its
// own run, and every 8th write is a tag on a run all clients share (contention on one run).
// Write seq s of client c: s%4 in {0,1}: metric m<s%3> step s; 2: param p<s>; 3: tag.
// 5xx and 429 responses are retried with backoff for up to 2 minutes (as MLflow clients do)
// and counted; any other non-200 response is a failure. A transport failure (no response:
// the server died) ends the client: in crash mode that is expected and the write's outcome
// is unknown, otherwise it is a failure. Start() once, Stop() once; Acknowledged() may be
// called from any thread meanwhile.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "reliability/tracking_ledger.h"

namespace lakeml::reliability {

struct LoadClient {
  std::string own_run;
  int64_t next_seq = 0;  // The seq of its next write; continues across server restarts.
};

struct LoadReport {
  TrackingLedger ledger;  // Every write sent, acknowledged or not.
  int64_t acknowledged = 0;
  int64_t retried_503 = 0;
  int64_t retried_other = 0;  // 429 and 5xx other than 503.
  int64_t transport_failures = 0;
  std::vector<std::string> failures;   // 4xx, other statuses, and transport failures unless
                                       // the server is meant to die.
  std::vector<uint32_t> latencies_us;  // Of acknowledged writes, sorted.
};

class TrackingWriteLoad {
 public:
  // `crash_mode`: the server will be killed; a transport failure ends a client quietly.
  TrackingWriteLoad(int port, std::vector<LoadClient>* clients, std::string shared_run,
                    bool crash_mode);
  ~TrackingWriteLoad();

  void Start();
  int64_t Acknowledged() const { return acknowledged_.load(std::memory_order_relaxed); }
  // True once every client has ended (crash mode: after the kill).
  bool AllEnded() const { return ended_.load() == static_cast<int>(clients_->size()); }
  // Stops the clients (each finishes its request in flight), joins them, merges their results
  // and updates each client's next_seq.
  LoadReport Stop();

  // The write seq `seq` of client `client`.
  static TrackingWrite MakeWrite(int client, int64_t seq, const std::string& own_run,
                                 const std::string& shared_run);

 private:
  void RunClient(int index, LoadReport* report);

  int port_;
  std::vector<LoadClient>* clients_;
  std::string shared_run_;
  bool crash_mode_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> acknowledged_{0};
  std::atomic<int> ended_{0};
  std::vector<LoadReport> reports_;
  std::vector<std::thread> threads_;
};

}  // namespace lakeml::reliability
