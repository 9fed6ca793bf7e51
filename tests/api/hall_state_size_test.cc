// The hall state at scale (issue 19 §4): the public state carries counts and what a display needs,
// so its size does not grow with the number waiting and it holds no ticket ids or phones; staff
// get each service's queue a page at a time (?limit=&after=), in queue order, pages not overlapping.
#include <gtest/gtest.h>

#include <set>

#include "people/rate_limit.h"
#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

namespace {

// `n` tickets over services A and B from one kiosk address (limits off: anonymous tickets are remote
// and rate-limited per address), each with a phone number; returns their ticket ids.
std::vector<std::string> issueMany(TestServer& s, int n, int from = 0) {
  std::vector<std::string> ids;
  for (int i = from; i < from + n; ++i) {
    json body = {{"service", i % 2 ? "B" : "A"}, {"phone", "1380013" + std::to_string(1000 + i % 9000)}};
    auto r = s.request(verb::post, "/api/v1/halls/1/tickets", body.dump());
    EXPECT_EQ(r.status, 201u) << r.body;
    ids.push_back(r.json()["ticket_id"].get<std::string>());
  }
  return ids;
}

}  // namespace

TEST(HallStateSize, PublicStateDoesNotGrowWithTheQueueAndHoldsNoIdsOrPhones) {
  TestServer s;
  ASSERT_TRUE(people::setLimit(s.app().rate_limits, "all=off"));
  auto few = issueMany(s, 10);
  auto small = s.request(verb::get, "/api/v1/halls/1/state");
  ASSERT_EQ(small.status, 200u);
  auto more = issueMany(s, 1990, 10);
  auto large = s.request(verb::get, "/api/v1/halls/1/state");
  ASSERT_EQ(large.status, 200u);
  json pub = large.json();
  ASSERT_TRUE(pub.is_object()) << large.body.substr(0, 200);
  EXPECT_EQ(pub["view"], "public");
  int waiting = 0;
  for (const auto& svc : pub["services"]) waiting += svc["waiting"].get<int>();
  EXPECT_EQ(waiting, 2000);
  // Same order of bytes at 10 and at 2,000 waiting (only the counts' digits differ).
  EXPECT_LT(large.body.size(), small.body.size() + 200) << small.body.size() << " vs " << large.body.size();
  EXPECT_LT(large.body.size(), 16u * 1024);
  for (const auto& id : few) EXPECT_EQ(large.body.find(id), std::string::npos);
  for (size_t i = 0; i < more.size(); i += 97) EXPECT_EQ(large.body.find(more[i]), std::string::npos);
  EXPECT_EQ(large.body.find("1380013"), std::string::npos);
  EXPECT_EQ(large.body.find("ticket_id"), std::string::npos);
  EXPECT_EQ(large.body.find("phone"), std::string::npos);
  EXPECT_FALSE(pub.contains("queues"));
  // The body read from memory is the same the next time (nothing changed in between).
  EXPECT_EQ(s.request(verb::get, "/api/v1/halls/1/state").body, large.body);
}

TEST(HallStateSize, StaffGetTheQueuesAPageAtATime) {
  TestServer s;
  ASSERT_TRUE(people::setLimit(s.app().rate_limits, "all=off"));
  issueMany(s, 30);  // 15 in A, 15 in B
  auto sup = s.signIn("supervisor");
  auto first = s.request(verb::get, "/api/v1/halls/1/state?limit=4", "", sup).json();
  ASSERT_EQ(first["view"], "staff");
  ASSERT_EQ(first["queues"]["A"].size(), 4u);
  EXPECT_EQ(first["queue_page"]["next_after"], 4);
  std::vector<std::string> numbers;
  std::set<std::string> seen;
  int after = 0;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = s.request(verb::get, "/api/v1/halls/1/state?limit=4&after=" + std::to_string(after), "", sup).json();
    const json& list = page["queues"]["A"];
    for (size_t i = 0; i < list.size(); ++i) {
      const json& q = list[i];
      EXPECT_EQ(q["place"], after + 1 + static_cast<int>(i));
      numbers.push_back(q["number"].get<std::string>());
      EXPECT_TRUE(seen.insert(q["ticket_id"].get<std::string>()).second) << "a ticket on two pages";
    }
    if (page["queue_page"]["next_after"].is_null()) break;
    after = page["queue_page"]["next_after"].get<int>();
  }
  ASSERT_EQ(numbers.size(), 15u);
  // Queue order: the A tickets were issued in number order, all normal.
  for (size_t i = 0; i < numbers.size(); ++i) EXPECT_EQ(numbers[i], "A" + std::string(i + 1 < 10 ? "00" : "0") + std::to_string(i + 1));
  // The default page holds them all; a bad limit is refused.
  EXPECT_EQ(s.request(verb::get, "/api/v1/halls/1/state", "", sup).json()["queues"]["B"].size(), 15u);
  EXPECT_EQ(s.request(verb::get, "/api/v1/halls/1/state?limit=0", "", sup).status, 400u);
  EXPECT_EQ(s.request(verb::get, "/api/v1/halls/1/state?limit=501", "", sup).status, 400u);
  EXPECT_EQ(s.request(verb::get, "/api/v1/halls/1/state?after=x", "", sup).status, 400u);
}
