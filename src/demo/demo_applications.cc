// A month of finished demo applications for the spring-door index. Names are fictional.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "demo/demo_matters.h"
#include "matters/rules.h"
#include "services/people_service.h"

namespace onedoor::demo {

namespace {

using matters::Application;
using matters::Matter;
using nlohmann::json;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
constexpr int kApplications = 60;

const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
const char* const kGiven[] = {"建国", "秀英", "志强", "丽娟", "晓明", "海燕", "文博", "春梅", "子涵", "国庆", "雨轩", "桂兰"};

// A small fixed-seed generator (splitmix64): the demo must be the same on every machine.
struct Dice {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
};

std::vector<std::string> requiredIds(const Matter& m) {
  std::vector<std::string> out;
  for (const auto& x : m.materials)
    if (!x.optional) out.push_back(x.id);
  return out;
}

Status ev(WriteTx& tx, int64_t at, int64_t user, const char* type, int64_t id, const json& payload) {
  auto e = tx.appendEvent(
      EventDraft{at, services::userActor(user), type, "application:" + std::to_string(id), payload.dump()});
  return e ? Status::ok() : e.status();
}

}  // namespace

Status seedDemoApplications(WriteTx& tx, int64_t clerk_id, int64_t now) {
  std::vector<Matter> published = tx.listPublishedMatters();
  if (published.empty()) return Status::ok();
  // The two or three matters with the longest materials lists are where clerks forget to tell
  // everything at once: the violations gather there, as they would in a real centre.
  std::vector<size_t> order(published.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return requiredIds(published[a]).size() > requiredIds(published[b]).size();
  });
  std::vector<int64_t> troubled;
  for (size_t i = 0; i < order.size() && troubled.size() < 3; ++i) {
    if (requiredIds(published[order[i]]).size() >= 2) troubled.push_back(published[order[i]].id);
  }
  Dice dice{20261127};
  for (int n = 0; n < kApplications; ++n) {
    // Busy matters come up more often: the first third of the catalogue twice as much.
    size_t pick = static_cast<size_t>(dice.below(static_cast<int>(published.size() + published.size() / 3)));
    const Matter* chosen = &published[pick % published.size()];
    // A quarter of the desk's work is on the troubled matters (they are the busy ones).
    if (!troubled.empty() && dice.below(100) < 25) {
      int64_t tid = troubled[static_cast<size_t>(dice.below(static_cast<int>(troubled.size())))];
      for (const auto& x : published)
        if (x.id == tid) chosen = &x;
    }
    const Matter& m = *chosen;
    bool is_troubled = std::find(troubled.begin(), troubled.end(), m.id) != troubled.end();
    std::vector<std::string> required = requiredIds(m);
    // Submitted between 29 and 9 days ago, in opening hours (09:00–16:00 Beijing time), so that
    // every later trip and the decision fall inside the last 30 days, before now.
    int64_t day_start = now - (9 + (n * 20) / kApplications) * kDay;
    day_start -= ((day_start + 8 * kHour) % kDay);  // local midnight (UTC+8)
    int64_t submitted = day_start + 9 * kHour + dice.below(7 * 60) * kMinute;

    // What happened: 0 = everything brought at once; 1 = one thing missing, told once, brought
    // on a second trip; 2 = a violation (a second list with something new), a third trip.
    int story = 0;
    int roll = dice.below(100);
    if (is_troubled && required.size() >= 2 && roll < 45) story = 2;
    else if (roll < 18 && !required.empty()) story = 1;
    // Matters promised with zero trips are mostly done online; one in five still comes to the
    // window (an extra trip against the promise).
    bool online = m.promised_trips == 0 && story == 0 && dice.below(100) >= 20;

    Application a;
    a.matter_id = m.id;
    a.matter_version = m.version;
    a.department_id = m.department_id;
    a.applicant_name = std::string(kSurnames[dice.below(16)]) + kGiven[dice.below(12)];
    a.applicant_phone = "139" + std::to_string(10000000 + dice.below(89999999));
    a.promised_trips = m.promised_trips;
    a.submitted_at = submitted;
    a.created_by = clerk_id;
    a.code.clear();
    for (int i = 0; i < 10; ++i) a.code += "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[dice.below(32)];  // Crockford base32
    a.state = "submitted";
    std::vector<std::string> first_missing, second_new;
    if (story >= 1) first_missing.push_back(required[static_cast<size_t>(dice.below(static_cast<int>(required.size())))]);
    if (story == 2) {
      for (const auto& id : required)
        if (id != first_missing[0]) {
          second_new.push_back(id);
          break;
        }
    }
    a.have = required;
    if (!online) a.trips = 1 + (story >= 1 ? 1 : 0) + (story == 2 ? 1 : 0);
    a.violations = story == 2 ? 1 : 0;
    int64_t t = submitted;
    int64_t back = submitted + (1 + dice.below(3)) * kDay;
    int64_t again = back + (1 + dice.below(3)) * kDay;
    int64_t accepted = (story == 0 ? submitted : story == 1 ? back : again) + 20 * kMinute;
    a.accepted_at = accepted;
    int days = m.promised_days.value_or(m.statutory_days.value_or(5));
    a.due = accepted + std::max(1, days) * kDay;  // an approximation: the demo has no calendar here
    int64_t finish = accepted + (days == 0 ? 30 * kMinute : (1 + dice.below(std::max(1, days))) * kDay);
    if (finish > now - kHour) finish = now - kHour;
    if (finish <= accepted) finish = accepted + 30 * kMinute;
    bool rejected = dice.below(100) < 6;
    a.state = rejected ? "rejected" : (dice.below(3) == 0 ? "approved" : "done");
    if (rejected) a.reason = "申请人不符合办理条件（依据本事项设定依据第一条） / The applicant does not meet the conditions";
    a.finished_at = finish;
    auto id = tx.insertApplication(a);
    if (!id) return id.status();
    a.id = *id;

    // Its history, visits and lists in order, each with its ledger event at its own time.
    std::vector<std::string> brought_first = a.have;
    if (story >= 1) {
      brought_first.clear();
      for (const auto& x : required)
        if (x != first_missing[0] && (second_new.empty() || x != second_new[0])) brought_first.push_back(x);
    }
    if (!online) {
      if (Status s = tx.insertVisit(a.id, {t, "submit", brought_first, clerk_id}); !s) return s;
    }
    json created = {{"matter_id", m.id}, {"matter_version", m.version}, {"code", a.code},
                    {"state", story >= 1 ? "missing_materials" : "submitted"}, {"have", brought_first},
                    {"missing", first_missing}, {"trips", online ? 0 : 1}, {"demo", true}};
    if (Status s = ev(tx, t, clerk_id, "application.created", a.id, created); !s) return s;
    if (story >= 1) {
      if (Status s = tx.insertNotification(a.id, {t, first_missing, {}, false, clerk_id}); !s) return s;
      if (Status s = ev(tx, t, clerk_id, "application.missing_listed", a.id,
                        {{"items", first_missing}, {"new_items", json::array()}, {"violation", false}});
          !s)
        return s;
    }
    if (story == 2) {
      // Back with the first item, the clerk now asks for another: the broken one-time promise.
      if (Status s = tx.insertVisit(a.id, {back, "submit_materials", first_missing, clerk_id}); !s) return s;
      if (Status s = ev(tx, back, clerk_id, "application.visit", a.id,
                        {{"purpose", "submit_materials"}, {"have", first_missing}, {"trips", 2}});
          !s)
        return s;
      std::vector<std::string> items = second_new;
      if (Status s = tx.insertNotification(a.id, {back + 10 * kMinute, items, second_new, true, clerk_id}); !s) return s;
      if (Status s = ev(tx, back + 10 * kMinute, clerk_id, "application.missing_listed", a.id,
                        {{"items", items}, {"new_items", second_new}, {"violation", true}});
          !s)
        return s;
      if (Status s = ev(tx, back + 10 * kMinute, clerk_id, "application.violation", a.id,
                        {{"new_items", second_new}, {"matter_id", m.id}, {"violations", 1}});
          !s)
        return s;
      if (Status s = tx.insertVisit(a.id, {again, "submit_materials", second_new, clerk_id}); !s) return s;
      if (Status s = ev(tx, again, clerk_id, "application.visit", a.id,
                        {{"purpose", "submit_materials"}, {"have", second_new}, {"trips", 3}});
          !s)
        return s;
    } else if (story == 1) {
      if (Status s = tx.insertVisit(a.id, {back, "submit_materials", first_missing, clerk_id}); !s) return s;
      if (Status s = ev(tx, back, clerk_id, "application.visit", a.id,
                        {{"purpose", "submit_materials"}, {"have", first_missing}, {"trips", 2}});
          !s)
        return s;
    }
    if (Status s = ev(tx, accepted, clerk_id, "application.state", a.id, {{"from", "submitted"}, {"to", "accepted"}}); !s)
      return s;
    json last = {{"from", "accepted"}, {"to", rejected ? "rejected" : "approved"}};
    if (rejected) last["reason"] = a.reason;
    if (Status s = ev(tx, finish, clerk_id, "application.state", a.id, last); !s) return s;
    if (a.state == "done") {
      if (Status s = ev(tx, finish, clerk_id, "application.state", a.id, {{"from", "approved"}, {"to", "done"}}); !s)
        return s;
    }
  }
  return Status::ok();
}

}  // namespace onedoor::demo
