// Implementation of calendar_sync.h.
#include "services/calendar_sync.h"

#include <limits>
#include <map>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "calendar/year_calendar.h"

namespace onedoor::services {

Status syncCalendarsFromLedger(Store& store, CalendarBook& book) {
  std::map<std::string, std::string> newest;  // subject → the year's JSON, latest save wins
  Status st = store.read([&](Reader& r) {
    for (const Event& e : r.eventsBetween(0, std::numeric_limits<int64_t>::max(), "calendar:", 100000)) {
      if (e.type != "calendar.saved") continue;
      auto payload = nlohmann::json::parse(e.payload_json, nullptr, false);
      if (payload.is_object() && payload.contains("calendar")) newest[e.subject] = payload["calendar"].dump();
    }
    return Status::ok();
  });
  if (!st) return st;
  for (const auto& [subject, text] : newest) {
    auto parsed = calendar::parseYear(text);
    if (!parsed) continue;
    auto cur = book.current()->year(parsed->year);
    if (cur && calendar::serializeYear(*cur) == calendar::serializeYear(*parsed)) continue;  // in force already
    auto saved = book.saveYear(parsed->year, text);
    if (!saved) {
      spdlog::warn("calendar {} from the ledger not applied: {}", subject, saved.status().message());
    } else {
      spdlog::info("calendar {} brought up to the ledger", subject);
    }
  }
  return Status::ok();
}

void followCalendarsAcrossNodes(Store& store, CalendarBook& book) {
  // Whatever the message (a subject, or empty after a lost link), reading the ledger is cheap:
  // calendars are saved a few times a year.
  store.listenNodes(kCalendarChannel, [&store, &book](const std::string&) {
    if (Status s = syncCalendarsFromLedger(store, book); !s)
      spdlog::warn("calendars not brought up to the ledger: {}", s.message());
  });
}

}  // namespace onedoor::services
