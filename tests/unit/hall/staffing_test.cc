// Erlang B/C against published values, square-root staffing and the skills feasibility check.
#include <gtest/gtest.h>

#include <cmath>

#include "hall/staffing.h"

using namespace onedoor::hall;

TEST(HallStaffing, ErlangCMatchesPublishedValues) {
  // λ = 5.8/h, E[S] = 10 min: a = 0.9667.
  double a = 5.8 * 10.0 / 60.0;
  EXPECT_NEAR(mmcMeanWait(1, a, 10.0), 290.0, 0.5);
  EXPECT_NEAR(mmcMeanWait(2, a, 10.0), 3.05, 0.01);
  EXPECT_NEAR(erlangC(3, 2.5), 0.7022, 1e-4);
  EXPECT_NEAR(mmcMeanWait(3, 2.5, 5.0), 7.02, 0.01);
  EXPECT_DOUBLE_EQ(erlangC(2, 2.5), 1.0);
  EXPECT_TRUE(std::isinf(mmcMeanWait(2, 2.5, 5.0)));
}

TEST(HallStaffing, ErlangBRecursionIsStableForLargeHalls) {
  double b = erlangB(1000, 950.0);
  EXPECT_GT(b, 0.0);
  EXPECT_LT(b, 0.05);
  EXPECT_NEAR(erlangB(1, 1.0), 0.5, 1e-12);
}

TEST(HallStaffing, SquareRootStaffingAndTargets) {
  EXPECT_EQ(squareRootStaffing(100, 1.0), 110);
  double beta = halfinWhittBeta(0.2);
  EXPECT_GT(beta, 0.5);
  EXPECT_LT(beta, 1.5);
  int c = staffForTarget(8.0, 10.0, 15.0);
  EXPECT_LE(mmcWaitTail(c, 8.0, 10.0, 15.0), 0.05);
  EXPECT_GT(mmcWaitTail(c - 1, 8.0, 10.0, 15.0), 0.05);
}

TEST(HallStaffing, FeasibilityNamesTheOverloadedServiceSet) {
  // Service 0 carries 2.5 erlangs but only staff 0 and 1 hold it.
  auto f = checkFeasibility({2.5, 0.5}, {{0}, {0, 1}, {1}});
  EXPECT_FALSE(f.feasible);
  EXPECT_EQ(f.worst_set, std::vector<int>{0});
  EXPECT_DOUBLE_EQ(f.worst_set_servers, 2);
  auto ok = checkFeasibility({1.5, 0.5}, {{0}, {0, 1}, {1}});
  EXPECT_TRUE(ok.feasible);
}
