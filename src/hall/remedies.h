// Remedies for long predicted waits, computed from a Dispatcher's state: "open spare window N with
// free qualified staff member X" or "switch window M to service S". The live hall's alerts and the
// simulator's onedoor policy both call this. Pure.
#pragma once

#include <optional>
#include <vector>

#include "hall/dispatcher.h"

namespace onedoor::hall {

struct Remedy {
  enum class Kind { kOpenWindow, kSwitchWindow } kind;
  WindowIdx window;
  StaffIdx staff;            // who opens the window, or who sits at the switched window
  ServiceIdx service;        // the service whose wait is too long
  double predicted_min;      // predicted wait of a ticket joining that service now
};

struct RemedyOptions {
  double target_min = 15;    // suggest when a service's predicted wait passes this
  bool allow_switch = true;  // propose re-skilling open windows
  bool allow_open = true;    // propose opening shut windows with free staff
};

// At most one remedy per window and per staff member, the longest predicted waits first. A switch is
// preferred over opening a window: it uses a clerk already at a window whose own queues are empty.
std::vector<Remedy> suggestRemedies(const Dispatcher& d, const RemedyOptions& o);

}  // namespace onedoor::hall

namespace onedoor::hall {

// Cover for window `w` whose clerk is away while tickets it could serve wait (the staff-away
// alert): open a shut unstaffed window with a free, present staff member qualified for one of those
// services (a window already listing the service first; the fewest-skilled qualified member, to
// keep the versatile ones free), else switch an idle open window whose clerk holds the skill.
// Nothing when no ticket `w` could serve waits, or nobody can cover. `service` is the service the
// cover is for (the one with the most waiting).
std::optional<Remedy> coverRemedy(const Dispatcher& d, WindowIdx w);

}  // namespace onedoor::hall
