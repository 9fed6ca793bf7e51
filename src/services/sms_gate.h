// Every SMS OneDoor sends (a hall ticket near the front, an appointment reminder) passes the
// gate: one token from the phone's bucket (a few an hour) and one from its count for the local
// day (never more than N), taken in a small write of its own so that every node sharing the
// database counts against the same buckets. A refused SMS is dropped (and counted), never queued
// for later: a flood of tickets with a victim's phone must not turn into a flood of texts.
// Thread-safety: send() from any thread, including a store `done` callback (it only submits).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "core/clock.h"
#include "people/rate_limit.h"
#include "store/store.h"

namespace onedoor::services {

class AppointmentService;
class HallService;

class SmsGate {
 public:
  // `day_start` gives the start of the local day containing a time (HallService::dayStart).
  SmsGate(Store& store, const Clock& clock, people::RateLimits limits, std::function<int64_t(int64_t)> day_start);

  // Runs `post` (on the store's completion thread) once the phone's buckets allow this SMS;
  // drops it otherwise. A message without a phone number reaches nobody's phone: posted as is.
  void send(const std::string& phone, std::function<void()> post);

  // SMS passed to `post` and SMS dropped so far (refused by a limit, or the store failed).
  int64_t sent() const { return counts_->sent.load(); }
  int64_t refused() const { return counts_->refused.load(); }

 private:
  Store& store_;
  const Clock& clock_;
  people::RateLimits limits_;
  std::function<int64_t(int64_t)> day_start_;
  struct Counts {
    std::atomic<int64_t> sent{0};
    std::atomic<int64_t> refused{0};
  };
  std::shared_ptr<Counts> counts_;  // shared with pending writes' done callbacks
};

// Sends the hall's near-front notices and the appointment reminders (when `appointments` is set)
// to `post` (the SMS webhook: a JSON body; false when it could not be queued), each through `gate`.
void connectSms(SmsGate& gate, HallService& hall, AppointmentService* appointments,
                std::function<bool(const std::string& body)> post);

}  // namespace onedoor::services
