// The slot grid; see slots.h.
#include "matters/slots.h"

#include <algorithm>
#include <chrono>

namespace onedoor::matters {

const std::vector<int>& slotStartMinutes() {
  static const std::vector<int> kStarts = [] {
    std::vector<int> out;
    for (int m = 9 * 60; m < 12 * 60; m += 30) out.push_back(m);
    for (int m = 13 * 60 + 30; m < 17 * 60; m += 30) out.push_back(m);
    return out;
  }();
  return kStarts;
}

std::vector<Slot> slotsOfDay(const calendar::WorkingCalendar& cal, calendar::Date d) {
  std::vector<Slot> out;
  if (!d.ok() || !cal.isWorkingDay(d)) return out;
  for (int m : slotStartMinutes()) {
    int64_t s = cal.toUtcMs(d, m);
    out.push_back({s, s + kSlotMs});
  }
  return out;
}

std::vector<SlotDay> slotsBetween(const calendar::WorkingCalendar& cal, calendar::Date from, int days) {
  std::vector<SlotDay> out;
  if (!from.ok()) return out;
  days = std::clamp(days, 0, 366);
  std::chrono::sys_days day{from};
  for (int i = 0; i < days; ++i, day += std::chrono::days{1}) {
    calendar::Date d{day};
    auto slots = slotsOfDay(cal, d);
    if (!slots.empty()) out.push_back({d, std::move(slots)});
  }
  return out;
}

bool isSlotStart(const calendar::WorkingCalendar& cal, int64_t ms) {
  calendar::Date d = cal.localDate(ms);
  if (!d.ok() || !cal.isWorkingDay(d)) return false;
  for (int m : slotStartMinutes())
    if (cal.toUtcMs(d, m) == ms) return true;
  return false;
}

int64_t reminderDue(const calendar::WorkingCalendar& cal, int64_t slot_start, int64_t booked_at) {
  calendar::Date d = cal.localDate(slot_start);
  calendar::Date before{std::chrono::sys_days{d} - std::chrono::days{1}};
  int64_t due = cal.toUtcMs(before, 18 * 60);
  return std::max(due, booked_at);
}

}  // namespace onedoor::matters
