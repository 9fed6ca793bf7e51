// Working-day calendars on several nodes. Each node keeps its calendars as files (CalendarBook);
// an admin's save is also a `calendar.saved` ledger event carrying the whole year. A node brings
// its calendars up to the ledger when it starts (it may have been down during a save) and when
// another node says it saved one (Store::notifyNodes, channel "onedoor_calendar"), so every node
// computes the same deadlines.
// Thread-safety: both functions may run on any thread; CalendarBook swaps calendars atomically.
#pragma once

#include <string>

#include "core/result.h"
#include "services/calendar_book.h"
#include "store/store.h"

namespace onedoor::services {

inline constexpr const char* kCalendarChannel = "onedoor_calendar";

// Applies the newest saved calendar of every year in the ledger that differs from the book's
// (events without the year's content, written before they carried it, are skipped).
Status syncCalendarsFromLedger(Store& store, CalendarBook& book);

// Listens for other nodes' saves and applies them (and everything, after a lost link).
void followCalendarsAcrossNodes(Store& store, CalendarBook& book);

}  // namespace onedoor::services
