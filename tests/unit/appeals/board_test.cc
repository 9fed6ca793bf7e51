// The public board's formulas on a hand-computed set of cases (docs/board.md shows the same sums).
#include <gtest/gtest.h>

#include "appeals/board.h"

using namespace onedoor::appeals;

namespace {
constexpr int64_t kDay = 24 * 3600 * 1000LL;

Appeal makeCase(int64_t dept, State state) {
  Appeal a;
  a.department_id = dept;
  a.state = state;
  a.created_at = 0;
  a.response_due = 1 * kDay;
  a.resolution_due = 5 * kDay;
  return a;
}
}  // namespace

TEST(Board, HandComputedRates) {
  std::vector<Appeal> cases;
  // Department 1, five cases:
  // c1 accepted on time, replied on time, closed resolved + satisfied.
  auto c1 = makeCase(1, State::kClosed);
  c1.accepted_at = kDay / 2;
  c1.replied_at = 2 * kDay;
  c1.reply = Reply{};
  c1.resolved = true;
  c1.rating = Rating::kSatisfied;
  c1.close_reason = "verdict";
  // c2 accepted late, replied late, closed not resolved after a reopen? No: closed unconfirmed.
  auto c2 = makeCase(1, State::kClosed);
  c2.accepted_at = 2 * kDay;
  c2.replied_at = 6 * kDay;
  c2.reply = Reply{};
  c2.close_reason = "unconfirmed";
  // c3 accepted on time, replied on time with a formulaic override, reopened once, now replied again.
  auto c3 = makeCase(1, State::kReplied);
  c3.accepted_at = kDay / 2;
  c3.replied_at = 4 * kDay;
  c3.reply = Reply{};
  c3.reply->formulaic_override = true;
  c3.reopen_count = 1;
  c3.rating = Rating::kDissatisfied;
  // c4 accepted on time, not replied, past the resolution deadline (now = day 10).
  auto c4 = makeCase(1, State::kAccepted);
  c4.accepted_at = kDay / 2;
  // c5 never accepted (still assigned), overdue.
  auto c5 = makeCase(1, State::kAssigned);
  cases = {c1, c2, c3, c4, c5};
  // Department 2: one case, closed resolved and very satisfied.
  auto d1 = makeCase(2, State::kClosed);
  d1.accepted_at = kDay / 2;
  d1.replied_at = kDay;
  d1.reply = Reply{};
  d1.resolved = true;
  d1.rating = Rating::kVerySatisfied;
  d1.close_reason = "verdict";
  cases.push_back(d1);

  Board b = computeBoard(cases, 10 * kDay, /*min_cases=*/5);
  ASSERT_EQ(b.departments.size(), 2u);
  const auto& r = b.departments[0].rates;
  EXPECT_EQ(b.departments[0].department_id, 1);
  EXPECT_EQ(r.cases, 5);
  EXPECT_DOUBLE_EQ(*r.response_rate, 3.0 / 5);       // c1, c3, c4 accepted by day 1
  EXPECT_DOUBLE_EQ(*r.resolution_rate, 1.0 / 2);     // closed c1, c2; resolved c1
  EXPECT_DOUBLE_EQ(*r.satisfaction_rate, 1.0 / 3);   // rated c1 (ok), c3 (not); c2 unconfirmed counts against
  EXPECT_DOUBLE_EQ(*r.on_time_rate, 2.0 / 5);        // replied c1 c2 c3 (c1, c3 on time) + overdue unreplied c4 c5
  EXPECT_DOUBLE_EQ(*r.reopen_rate, 1.0 / 5);
  EXPECT_DOUBLE_EQ(*r.override_rate, 1.0 / 3);
  EXPECT_TRUE(b.departments[0].ranked);
  EXPECT_EQ(b.departments[0].rank, 1);
  // Department 2 has perfect figures but too few cases to be ranked.
  EXPECT_FALSE(b.departments[1].ranked);
  EXPECT_FALSE(b.departments[1].rank.has_value());
  EXPECT_DOUBLE_EQ(*b.departments[1].rates.satisfaction_rate, 1.0);
  // Overall: six cases.
  EXPECT_EQ(b.overall.cases, 6);
  EXPECT_DOUBLE_EQ(*b.overall.response_rate, 4.0 / 6);
  EXPECT_DOUBLE_EQ(*b.overall.resolution_rate, 2.0 / 3);
}

TEST(Board, EmptyDenominatorsAreNoData) {
  std::vector<Appeal> cases = {makeCase(1, State::kAssigned)};
  Board b = computeBoard(cases, 0);
  EXPECT_FALSE(b.overall.resolution_rate.has_value());
  EXPECT_FALSE(b.overall.satisfaction_rate.has_value());
  EXPECT_FALSE(b.overall.override_rate.has_value());
  // Its response deadline has not come yet: no data, not 0 %.
  EXPECT_FALSE(b.overall.response_rate.has_value());
  Board later = computeBoard(cases, 2 * kDay);
  EXPECT_DOUBLE_EQ(*later.overall.response_rate, 0.0);
}
