// Outbound webhook: POSTs JSON bodies to one http:// URL from its own thread, with a bounded
// queue and a bounded timeout per call, so that callers (the store's writer) never wait on the
// network. Used for the SMS gateway ("near the front" notices). Thread-safety: post() from any
// thread; the destructor drains nothing (pending posts are dropped) and joins the thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.h"

namespace onedoor::http {

class Webhook {
 public:
  struct Target {
    std::string host, port, path;
  };
  // Accepts "http://host[:port][/path]"; kInvalid otherwise.
  static Result<Target> parseUrl(const std::string& url);

  Webhook(Target target, std::chrono::milliseconds timeout = std::chrono::milliseconds(3000), size_t max_queue = 1000);
  ~Webhook();
  Webhook(const Webhook&) = delete;
  Webhook& operator=(const Webhook&) = delete;

  // Queues one POST; false when the queue is full (the notice is dropped and counted).
  bool post(std::string json_body);
  int64_t sent() const;
  int64_t failed() const;

 private:
  void run();
  Target target_;
  std::chrono::milliseconds timeout_;
  size_t max_queue_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool stop_ = false;
  int64_t sent_ = 0, failed_ = 0;
  std::thread thread_;
};

}  // namespace onedoor::http
