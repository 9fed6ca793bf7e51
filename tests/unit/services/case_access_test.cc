// Need-to-know rules (services/case_access.h) as pure functions: who may see a case's personal
// data, and which departments a timeline says the case passed through.
#include "services/case_access.h"

#include <gtest/gtest.h>

using namespace onedoor;
using appeals::Actor;

namespace {

appeals::Appeal caseOf(int64_t department, std::optional<int64_t> handler = std::nullopt, int64_t created_by = 0) {
  appeals::Appeal a;
  a.id = 9;
  a.department_id = department;
  a.handler_id = handler;
  a.created_by = created_by;
  return a;
}

Event event(std::string type, std::string payload) {
  Event e;
  e.type = std::move(type);
  e.subject = "appeal:9";
  e.payload_json = std::move(payload);
  return e;
}

}  // namespace

TEST(CaseAccess, DepartmentsOfATimelineAreEveryRoutingTransferAndAssignment) {
  std::vector<Event> t = {event("appeal.received", R"({"channel":"web","category":"housing.leak"})"),
                          event("appeal.routed", R"({"department_id":5,"handler_id":2})"),
                          event("appeal.transferred", R"({"from_department_id":5,"to_department_id":6,"reason":"x"})"),
                          event("appeal.assigned", R"({"from_department_id":6,"department_id":7})"),
                          event("appeal.replied", "not json")};
  EXPECT_EQ(services::departmentsOf(t), (std::set<int64_t>{5, 6, 7}));
  EXPECT_TRUE(services::departmentsOf({}).empty());
}

TEST(CaseAccess, WhoMaySeeTheCitizen) {
  auto a = caseOf(6, 40);
  std::vector<Event> through_5 = {event("appeal.transferred", R"({"from_department_id":5,"to_department_id":6})")};
  EXPECT_TRUE(services::maySeePersonalData(Actor{1, "supervisor", std::nullopt}, a, {}));
  EXPECT_TRUE(services::maySeePersonalData(Actor{1, "admin", std::nullopt}, a, {}));
  // Handlers: the department now, a department it passed through, the case's own handler.
  EXPECT_TRUE(services::maySeePersonalData(Actor{3, "handler", 6}, a, {}));
  EXPECT_FALSE(services::maySeePersonalData(Actor{3, "handler", 5}, a, {}));
  EXPECT_TRUE(services::maySeePersonalData(Actor{3, "handler", 5}, a, through_5));
  EXPECT_FALSE(services::maySeePersonalData(Actor{3, "handler", 7}, a, through_5));
  EXPECT_TRUE(services::maySeePersonalData(Actor{40, "handler", 7}, a, {}));
  EXPECT_FALSE(services::maySeePersonalData(Actor{3, "handler", std::nullopt}, a, through_5));
  // Operators: what they filed. Citizens' own filings (created_by 0) are nobody's.
  EXPECT_TRUE(services::maySeePersonalData(Actor{8, "operator", 3}, caseOf(6, 40, 8), {}));
  EXPECT_FALSE(services::maySeePersonalData(Actor{8, "operator", 3}, caseOf(6, 40, 9), {}));
  EXPECT_FALSE(services::maySeePersonalData(Actor{0, "operator", 3}, caseOf(6), {}));
  // Clerks: never, not even a field visit they recorded; unknown roles neither.
  EXPECT_FALSE(services::maySeePersonalData(Actor{8, "clerk", 6}, caseOf(6, 40, 8), through_5));
  EXPECT_FALSE(services::maySeePersonalData(Actor{8, "", 6}, a, {}));
}
