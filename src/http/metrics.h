// Request metrics in Prometheus text format. Thread-safe (one mutex; recording is a few map ops).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace onedoor::http {

class Metrics {
 public:
  // `route` is the route pattern (never the raw path, to keep label cardinality bounded).
  void record(const std::string& method, const std::string& route, unsigned status, double seconds);

  // Extra exposition text appended by other modules (e.g. the store's queue depth and batch sizes).
  void setExtra(std::function<std::string()> extra) { extra_ = std::move(extra); }

  std::string render() const;

  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, unsigned>, int64_t> requests_;
  std::array<int64_t, kBuckets.size() + 1> latency_counts_{};  // last is +Inf
  double latency_sum_ = 0;
  int64_t latency_count_ = 0;
  std::function<std::string()> extra_;
};

}  // namespace onedoor::http
