// Demo traffic: a background thread that plays citizens and clerks into the demo hall (tickets
// issued at a believable rate; staffed windows call, start and finish), so the calling display and
// the desk are alive in `onedoor serve --demo`. Never used by tests. Thread-safety: start()/stop()
// from the owning thread; the worker only uses the Store and HallService (both thread-safe).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "services/hall_service.h"
#include "store/store.h"

namespace onedoor::demo {

class DemoTraffic {
 public:
  // `speed` scales time: 1 = real time (about one citizen every 40 s per open window).
  DemoTraffic(Store& store, services::HallService& hall, double speed = 1.0) : store_(store), hall_(hall), speed_(speed) {}
  ~DemoTraffic() { stop(); }
  void start();
  void stop();

 private:
  void run();
  void step(int64_t hall_id, uint64_t& rng);
  Store& store_;
  services::HallService& hall_;
  double speed_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace onedoor::demo
