// The appointment slot grid (预约时段): half-hour slots 09:00–12:00 and 13:30–17:00 local time
// (Beijing, the calendar's offset) on the working days of the working-day calendar, and when an
// appointment's reminder is due. Pure (no clock, no I/O); thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "calendar/working_calendar.h"

namespace onedoor::matters {

constexpr int64_t kSlotMs = 30LL * 60 * 1000;

struct Slot {
  int64_t start = 0;  // UTC epoch ms
  int64_t end = 0;
};

struct SlotDay {
  calendar::Date date;
  std::vector<Slot> slots;  // ascending
};

// Starts of the day's slots in minutes after local midnight: 09:00 … 11:30, 13:30 … 16:30.
// The last slot ends 30 min before the hall's 17:30 closing so the last visit is served in hours.
const std::vector<int>& slotStartMinutes();

// The slots of one day; empty when the day is not a working day.
std::vector<Slot> slotsOfDay(const calendar::WorkingCalendar& cal, calendar::Date d);

// Working days among the `days` calendar days from `from` (inclusive), with their slots. Days
// that are not working days (weekends, holidays) are left out; make-up working days are in.
std::vector<SlotDay> slotsBetween(const calendar::WorkingCalendar& cal, calendar::Date from, int days);

// True when `ms` is exactly the start of a slot on a working day.
bool isSlotStart(const calendar::WorkingCalendar& cal, int64_t ms);

// When the reminder of an appointment starting at `slot_start` is due: 18:00 local time on the
// calendar day before; or `booked_at` itself when the booking is made after that moment.
int64_t reminderDue(const calendar::WorkingCalendar& cal, int64_t slot_start, int64_t booked_at);

}  // namespace onedoor::matters
