// The SMS gate: per-phone buckets in the store, then the webhook.
#include "services/sms_gate.h"

#include <spdlog/spdlog.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "services/appointment_service.h"
#include "services/hall_service.h"
#include "store/rate_buckets.h"

namespace onedoor::services {

namespace {

// The WriteFn of one SMS: both buckets or neither (a refusal rolls the first take back).
WriteFn takeSmsTokens(people::RateLimits limits, std::string phone, int64_t now, int64_t day,
                      std::shared_ptr<bool> allowed) {
  return [limits, phone = std::move(phone), now, day, allowed](WriteTx& tx) -> Status {
    auto hourly = takeRateToken(tx, "sms.phone", phone, limits.sms_phone, now);
    if (!hourly) return hourly.status();
    if (!hourly->allowed) return Status{Code::kTooMany, "sms.phone"};
    // The day's count: a bucket per phone and local day that never refills within the day.
    if (limits.sms_phone_day > 0) {
      people::RateLimit per_day{limits.sms_phone_day, 24 * 3600 * 1000};
      auto daily = takeRateToken(tx, "sms.phone.day", phone + "@" + std::to_string(day), per_day, now);
      if (!daily) return daily.status();
      if (!daily->allowed) return Status{Code::kTooMany, "sms.phone.day"};
    }
    *allowed = true;
    return Status::ok();
  };
}

}  // namespace

SmsGate::SmsGate(Store& store, const Clock& clock, people::RateLimits limits, std::function<int64_t(int64_t)> day_start)
    : store_(store), clock_(clock), limits_(limits), day_start_(std::move(day_start)),
      counts_(std::make_shared<Counts>()) {}

void SmsGate::send(const std::string& phone, std::function<void()> post) {
  std::string key = people::phoneKey(phone);
  if (key.empty()) {
    post();
    return;
  }
  int64_t now = clock_.nowMs();
  auto allowed = std::make_shared<bool>(false);
  store_.submit(takeSmsTokens(limits_, key, now, day_start_(now), allowed),
                [counts = counts_, allowed, post = std::move(post)](const Status& st) {
                  if (st && *allowed) {
                    ++counts->sent;
                    post();
                    return;
                  }
                  ++counts->refused;
                  if (st.code() == Code::kTooMany) spdlog::warn("sms not sent: limit {} reached for a phone", st.message());
                  else spdlog::warn("sms not sent: {}", st.message());
                });
}

void connectSms(SmsGate& gate, HallService& hall, AppointmentService* appointments,
                std::function<bool(const std::string& body)> post) {
  hall.notify = [&gate, post](const NearFrontNotice& n) {
    nlohmann::json body = {{"ticket_id", n.ticket_id}, {"number", n.number}, {"ahead", n.ahead}, {"hall", n.hall_id}};
    if (!n.phone.empty()) body["phone"] = n.phone;
    gate.send(n.phone, [post, text = body.dump()] { post(text); });
  };
  if (!appointments) return;
  appointments->remind = [&gate, post](const AppointmentReminder& r) {
    nlohmann::json body = {{"kind", "appointment_reminder"}, {"phone", r.phone},          {"code", r.code},
                           {"slot_start", r.slot_start},      {"matter", r.matter_name}, {"hall", r.hall_name},
                           {"service", r.service}};
    gate.send(r.phone, [post, text = body.dump()] { post(text); });
    return true;
  };
}

}  // namespace onedoor::services
