// Board formulas. A rate with an empty denominator is "no data", never 0 % or 100 %.
#include "appeals/board.h"

#include <algorithm>

namespace onedoor::appeals {

static std::optional<double> ratio(int64_t num, int64_t den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

Rates computeRates(const std::vector<const Appeal*>& cases, int64_t now) {
  int64_t n = 0, responded_on_time = 0, response_decided = 0, closed = 0, resolved = 0, rated_ok = 0, rated = 0, unconfirmed = 0;
  int64_t replied = 0, replied_on_time = 0, overdue_unreplied = 0, reopened = 0, overridden = 0;
  for (const Appeal* a : cases) {
    ++n;
    // A case counts once its response is decided: accepted, or its response deadline has passed.
    if (a->accepted_at || now > a->response_due) ++response_decided;
    if (a->accepted_at && *a->accepted_at <= a->response_due) ++responded_on_time;
    if (a->state == State::kClosed) {
      ++closed;
      if (a->resolved.value_or(false)) ++resolved;
      if (a->close_reason == "unconfirmed") ++unconfirmed;
    }
    if (a->rating) {
      ++rated;
      if (static_cast<int>(*a->rating) >= static_cast<int>(Rating::kBasicallySatisfied)) ++rated_ok;
    }
    // replied_at is the latest reply; a reopened case that is waiting again counts as not replied.
    bool has_reply = a->replied_at.has_value() && (a->state == State::kReplied || a->state == State::kClosed);
    if (has_reply) {
      ++replied;
      if (*a->replied_at <= a->resolution_due) ++replied_on_time;
      if (a->reply && a->reply->formulaic_override) ++overridden;
    } else if (a->state != State::kClosed && now > a->resolution_due) {
      ++overdue_unreplied;
    }
    if (a->reopen_count > 0) ++reopened;
  }
  Rates r;
  r.cases = n;
  r.response_rate = ratio(responded_on_time, response_decided);
  r.resolution_rate = ratio(resolved, closed);
  r.satisfaction_rate = ratio(rated_ok, rated + unconfirmed);
  r.on_time_rate = ratio(replied_on_time, replied + overdue_unreplied);
  r.reopen_rate = ratio(reopened, n);
  r.override_rate = ratio(overridden, replied);
  return r;
}

Board computeBoard(const std::vector<Appeal>& cases, int64_t now, int min_cases) {
  Board b;
  b.min_cases = min_cases;
  std::vector<const Appeal*> all;
  std::map<int64_t, std::vector<const Appeal*>> by_dept;
  for (const auto& a : cases) {
    all.push_back(&a);
    by_dept[a.department_id].push_back(&a);
  }
  b.overall = computeRates(all, now);
  for (const auto& [dept, list] : by_dept) {
    DepartmentRates d;
    d.department_id = dept;
    d.rates = computeRates(list, now);
    d.ranked = d.rates.cases >= min_cases;
    b.departments.push_back(d);
  }
  auto key = [](const DepartmentRates& d) {
    return std::make_tuple(d.rates.satisfaction_rate.value_or(-1), d.rates.resolution_rate.value_or(-1),
                           d.rates.response_rate.value_or(-1));
  };
  std::stable_sort(b.departments.begin(), b.departments.end(), [&](const DepartmentRates& x, const DepartmentRates& y) {
    if (x.ranked != y.ranked) return x.ranked;
    if (!x.ranked) return x.department_id < y.department_id;
    return key(x) > key(y);
  });
  int rank = 0;
  for (auto& d : b.departments) {
    if (d.ranked) d.rank = ++rank;
  }
  return b;
}

}  // namespace onedoor::appeals
