// Prometheus text exposition (version 0.0.4).
#include "http/metrics.h"

#include <sstream>

namespace onedoor::http {

// Every label set is bounded whatever clients send (issue 18 item 6: 3,000 invented methods grew
// /metrics to 24 MB): a method outside kMethods is labelled "other", a status outside 100-599 0,
// and past kMaxSeries series a new one folds into {method="other",route="other"}. Routes are
// already bounded: the caller passes a route pattern or one of the server's fixed labels.
static constexpr std::array<const char*, 7> kMethods = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
static constexpr size_t kMaxSeries = 2000;

static std::string methodLabel(const std::string& method) {
  for (const char* m : kMethods)
    if (method == m) return method;
  return "other";
}

void Metrics::record(const std::string& method, const std::string& route, unsigned status, double seconds) {
  std::tuple<std::string, std::string, unsigned> key{methodLabel(method), route, status >= 100 && status <= 599 ? status : 0};
  std::lock_guard lock(mu_);
  auto it = requests_.find(key);
  if (it == requests_.end() && requests_.size() >= kMaxSeries) key = {"other", "other", std::get<2>(key)};
  ++requests_[key];
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  ++latency_counts_[i];
  latency_sum_ += seconds;
  ++latency_count_;
}

static std::string escapeLabel(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string Metrics::render() const {
  std::ostringstream os;
  {
    std::lock_guard lock(mu_);
    os << "# HELP onedoor_http_requests_total HTTP requests by method, route pattern and status.\n"
          "# TYPE onedoor_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      const auto& [method, route, status] = key;
      os << "onedoor_http_requests_total{method=\"" << escapeLabel(method) << "\",route=\"" << escapeLabel(route)
         << "\",status=\"" << status << "\"} " << n << "\n";
    }
    os << "# HELP onedoor_http_request_duration_seconds Time from request read to response written.\n"
          "# TYPE onedoor_http_request_duration_seconds histogram\n";
    int64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += latency_counts_[i];
      os << "onedoor_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << cumulative << "\n";
    }
    cumulative += latency_counts_[kBuckets.size()];
    os << "onedoor_http_request_duration_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n";
    os << "onedoor_http_request_duration_seconds_sum " << latency_sum_ << "\n";
    os << "onedoor_http_request_duration_seconds_count " << latency_count_ << "\n";
  }
  if (extra_) os << extra_();
  return os.str();
}

}  // namespace onedoor::http
