// The Store contract: behaviour every backend must show, written only against Store / Reader /
// WriteTx and openStore. Value-parameterised by backend; add a PostgreSQL StoreBackend to run it there.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <tuple>

#include "core/canonical_json.h"
#include "ledger/ledger.h"
#include "store/store.h"
#include "support/pg_cluster.h"

namespace onedoor {
namespace {

// How to reach a fresh, empty store of one backend. `url` is called once per test with a private
// temporary directory and must return a URL no other test uses; calling openStore on the same URL
// again must reopen the same data (that is how persistence is tested).
struct StoreBackend {
  std::string name;
  std::function<std::string(const std::filesystem::path& dir)> url;
};

std::ostream& operator<<(std::ostream& os, const StoreBackend& b) { return os << b.name; }

class StoreContractTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "onedoor-contract-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    url_ = GetParam().url(dir_);
    store_ = open();
    ASSERT_NE(store_, nullptr);
  }

  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::unique_ptr<Store> open(StoreOptions options = {}) {
    auto r = openStore(url_, options);
    EXPECT_TRUE(r.isOk()) << r.status().message();
    return r.isOk() ? std::move(r).value() : nullptr;
  }

  static User makeUser(const std::string& username, const std::string& role = "handler") {
    User u;
    u.username = username;
    u.display_name = "用户 " + username;
    u.role = role;
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    u.created_at = 1700000000000;
    return u;
  }

  static EventDraft draft(const std::string& type, const std::string& payload = "{}") {
    return EventDraft{1700000000000, "system", type, "test:1", payload};
  }

  std::vector<Event> allEvents() {
    std::vector<Event> out;
    Status s = store_->read([&](Reader& r) {
      out = r.eventsAfter(0, 1000000);
      return Status::ok();
    });
    EXPECT_TRUE(s.isOk()) << s.message();
    return out;
  }

  int64_t lastSeq() {
    int64_t seq = -1;
    EXPECT_TRUE(store_->read([&](Reader& r) {
      seq = r.lastSeq();
      return Status::ok();
    }));
    return seq;
  }

  // Asserts seq 1..N, each prev_hash links to the previous hash, each hash recomputes.
  void expectChainIntact(const std::vector<Event>& events) {
    std::string prev = ledger::kGenesisHash;
    for (size_t i = 0; i < events.size(); ++i) {
      const Event& e = events[i];
      ASSERT_EQ(e.seq, static_cast<int64_t>(i + 1));
      ASSERT_EQ(e.prev_hash, prev) << "seq " << e.seq;
      ASSERT_EQ(e.hash, ledger::eventHash(e)) << "seq " << e.seq;
      prev = e.hash;
    }
    auto report = ledger::verifyStore(*store_);
    ASSERT_TRUE(report.isOk()) << report.status().message();
    EXPECT_TRUE(report->ok) << report->reason << " at " << report->first_bad_seq;
    EXPECT_EQ(report->events, static_cast<int64_t>(events.size()));
  }

  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContractTest, UsersCrud) {
  int64_t id = 0;
  Status s = store_->write([&](WriteTx& tx) {
    User u = makeUser("zhang.san", "clerk");
    auto r = tx.insertUser(u);
    if (!r) return r.status();
    id = *r;
    auto e = tx.appendEvent(draft("user.created", R"({"user_id":1})"));
    return e.status();
  });
  ASSERT_TRUE(s.isOk()) << s.message();
  ASSERT_GT(id, 0);

  ASSERT_TRUE(store_->read([&](Reader& r) {
    auto u = r.userById(id);
    EXPECT_TRUE(u.has_value());
    if (!u) return Status::ok();
    EXPECT_EQ(u->username, "zhang.san");
    EXPECT_EQ(u->display_name, "用户 zhang.san");
    EXPECT_EQ(u->role, "clerk");
    EXPECT_EQ(u->password_hash, makeUser("x").password_hash);
    EXPECT_FALSE(u->department_id.has_value());
    EXPECT_FALSE(u->backup_user_id.has_value());
    EXPECT_FALSE(u->disabled);
    EXPECT_EQ(u->presence, "off");
    EXPECT_EQ(u->created_at, 1700000000000);
    auto by_name = r.userByUsername("zhang.san");
    EXPECT_TRUE(by_name.has_value() && by_name->id == id);
    EXPECT_FALSE(r.userByUsername("li.si").has_value());
    EXPECT_FALSE(r.userById(id + 1000).has_value());
    return Status::ok();
  }));

  // Updates, and kNotFound for a user that does not exist.
  ASSERT_TRUE(store_->write([&](WriteTx& tx) {
    Status a = tx.setUserDisabled(id, true);
    if (!a) return a;
    return tx.setUserPresence(id, "on_duty");
  }));
  Status missing = store_->write([&](WriteTx& tx) { return tx.setUserDisabled(id + 1000, true); });
  EXPECT_EQ(missing.code(), Code::kNotFound);
  missing = store_->write([&](WriteTx& tx) { return tx.setUserPresence(id + 1000, "break"); });
  EXPECT_EQ(missing.code(), Code::kNotFound);
  Status bad_presence = store_->write([&](WriteTx& tx) { return tx.setUserPresence(id, "asleep"); });
  EXPECT_EQ(bad_presence.code(), Code::kInvalid);

  // A second user with a department and a backup (AB岗), then the listing in id order.
  ASSERT_TRUE(store_->write([&](WriteTx& tx) {
    auto dept = tx.insertDepartment(Department{0, "政务服务中心", std::nullopt, "district"});
    if (!dept) return dept.status();
    User u = makeUser("li.si");
    u.department_id = *dept;
    u.backup_user_id = id;
    return tx.insertUser(u).status();
  }));
  ASSERT_TRUE(store_->read([&](Reader& r) {
    auto users = r.listUsers();
    EXPECT_EQ(users.size(), 2u);
    if (users.size() != 2) return Status::ok();
    EXPECT_EQ(users[0].id, id);
    EXPECT_TRUE(users[0].disabled);
    EXPECT_EQ(users[0].presence, "on_duty");
    EXPECT_EQ(users[1].username, "li.si");
    EXPECT_TRUE(users[1].department_id.has_value());
    EXPECT_EQ(users[1].backup_user_id, std::optional<int64_t>(id));
    EXPECT_LT(users[0].id, users[1].id);
    return Status::ok();
  }));
}

TEST_P(StoreContractTest, DuplicateUsernameIsConflictAndWritesNothing) {
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.insertUser(makeUser("wang.wu")).status(); }));
  const int64_t seq_before = lastSeq();
  Status s = store_->write([&](WriteTx& tx) {
    // The event comes first, so "nothing written" also covers work done before the failure.
    auto e = tx.appendEvent(draft("user.created"));
    if (!e) return e.status();
    return tx.insertUser(makeUser("wang.wu")).status();
  });
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(s.field(), "username");
  EXPECT_FALSE(s.message().empty());
  EXPECT_EQ(lastSeq(), seq_before);
  ASSERT_TRUE(store_->read([&](Reader& r) {
    EXPECT_EQ(r.listUsers().size(), 1u);
    return Status::ok();
  }));
}

TEST_P(StoreContractTest, InvalidReferencesAreRejected) {
  Status s = store_->write([&](WriteTx& tx) {
    User u = makeUser("zhao.liu");
    u.department_id = 999;
    return tx.insertUser(u).status();
  });
  EXPECT_EQ(s.code(), Code::kInvalid);
  s = store_->write([&](WriteTx& tx) { return tx.insertUser(makeUser("zhao.liu", "emperor")).status(); });
  EXPECT_EQ(s.code(), Code::kInvalid);
  s = store_->write([&](WriteTx& tx) {
    return tx.insertDepartment(Department{0, "街道", 999, "street"}).status();
  });
  EXPECT_EQ(s.code(), Code::kInvalid);
  s = store_->write([&](WriteTx& tx) {
    return tx.insertSession(SessionRow{"abc", 999, "csrf", 1, 2});
  });
  EXPECT_EQ(s.code(), Code::kInvalid);
  ASSERT_TRUE(store_->read([&](Reader& r) {
    EXPECT_TRUE(r.listUsers().empty());
    EXPECT_TRUE(r.listDepartments().empty());
    return Status::ok();
  }));
}

TEST_P(StoreContractTest, AWriteFnMayRecoverFromAConflict) {
  // Domain errors come back to the WriteFn; handling one must not poison the transaction.
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.insertUser(makeUser("sun.qi")).status(); }));
  Status s = store_->write([&](WriteTx& tx) {
    auto dup = tx.insertUser(makeUser("sun.qi"));
    if (dup.status().code() != Code::kConflict) return internalError("expected conflict");
    auto other = tx.insertUser(makeUser("sun.qi.2"));
    if (!other) return other.status();
    return tx.appendEvent(draft("user.created")).status();
  });
  ASSERT_TRUE(s.isOk()) << s.message();
  ASSERT_TRUE(store_->read([&](Reader& r) {
    EXPECT_EQ(r.listUsers().size(), 2u);
    EXPECT_EQ(r.lastSeq(), 1);
    return Status::ok();
  }));
}

TEST_P(StoreContractTest, EventsFormAHashChain) {
  for (int i = 0; i < 10; ++i) {
    Status s = store_->write([&](WriteTx& tx) {
      auto e = tx.appendEvent(draft("test.appended", R"({ "i": )" + std::to_string(i) + R"(, "b": [1, 2] })"));
      if (!e) return e.status();
      EXPECT_EQ(e->seq, i + 1);
      EXPECT_EQ(tx.lastSeq(), i + 1);
      return Status::ok();
    });
    ASSERT_TRUE(s.isOk()) << s.message();
  }
  auto events = allEvents();
  ASSERT_EQ(events.size(), 10u);
  EXPECT_EQ(events[0].prev_hash, ledger::kGenesisHash);
  EXPECT_EQ(events[3].payload_json, R"({"b":[1,2],"i":3})");  // stored canonical
  EXPECT_EQ(events[3].type, "test.appended");
  EXPECT_EQ(events[3].actor, "system");
  EXPECT_EQ(events[3].subject, "test:1");
  EXPECT_EQ(events[3].at, 1700000000000);
  expectChainIntact(events);
  EXPECT_EQ(lastSeq(), 10);

  // Paging with eventsAfter.
  ASSERT_TRUE(store_->read([&](Reader& r) {
    auto page = r.eventsAfter(4, 3);
    EXPECT_EQ(page.size(), 3u);
    if (page.size() == 3) {
      EXPECT_EQ(page[0].seq, 5);
      EXPECT_EQ(page[2].seq, 7);
    }
    EXPECT_TRUE(r.eventsAfter(10, 5).empty());
    return Status::ok();
  }));
}

TEST_P(StoreContractTest, SeveralEventsInOneWriteChainInOrder) {
  ASSERT_TRUE(store_->write([&](WriteTx& tx) {
    for (int i = 0; i < 5; ++i) {
      auto e = tx.appendEvent(draft("test.multi", "[" + std::to_string(i) + "]"));
      if (!e) return e.status();
    }
    return Status::ok();
  }));
  auto events = allEvents();
  ASSERT_EQ(events.size(), 5u);
  expectChainIntact(events);
}

TEST_P(StoreContractTest, InvalidPayloadIsRejectedAndAppendsNothing) {
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.appendEvent(draft("test.ok")).status(); }));
  for (const std::string& bad : {std::string("{not json"), std::string(""), std::string("{\"a\":1} trailing"),
                                std::string("{\"a\":\"\xff\xfe\"}")}) {
    Status s = store_->write([&](WriteTx& tx) { return tx.appendEvent(draft("test.bad", bad)).status(); });
    EXPECT_EQ(s.code(), Code::kInvalid) << bad;
    EXPECT_NE(s.message().find(" / "), std::string::npos) << "bilingual message expected: " << s.message();
  }
  // Even a WriteFn that ignores the error and reports success appends nothing.
  ASSERT_TRUE(store_->write([&](WriteTx& tx) {
    auto e = tx.appendEvent(draft("test.bad", "nope"));
    EXPECT_EQ(e.status().code(), Code::kInvalid);
    return Status::ok();
  }));
  EXPECT_EQ(lastSeq(), 1);
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.appendEvent(draft("test.ok")).status(); }));
  expectChainIntact(allEvents());
}

TEST_P(StoreContractTest, FailedWriteFnLeavesNoEventAndTheChainContinues) {
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.appendEvent(draft("test.one")).status(); }));
  Status s = store_->write([&](WriteTx& tx) {
    auto a = tx.appendEvent(draft("test.doomed"));
    auto b = tx.appendEvent(draft("test.doomed"));
    EXPECT_TRUE(a.isOk() && b.isOk());
    EXPECT_EQ(tx.lastSeq(), 3);
    return conflict("业务规则拒绝 / refused by a rule");
  });
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(lastSeq(), 1);
  ASSERT_TRUE(store_->write([&](WriteTx& tx) {
    EXPECT_EQ(tx.lastSeq(), 1);
    auto e = tx.appendEvent(draft("test.two"));
    if (!e) return e.status();
    EXPECT_EQ(e->seq, 2);
    return Status::ok();
  }));
  auto events = allEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type, "test.two");
  expectChainIntact(events);
}

TEST_P(StoreContractTest, FailingWritesInABatchRollBackAlone) {
  // Many writers, some failing after appending an event and inserting a user; a blocked first
  // write makes sure the rest pile up and share transactions.
  constexpr int kThreads = 6;
  constexpr int kPerThread = 40;
  std::atomic<int> ok_count{0}, failed_count{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const bool fail = (i % 3) == 1;
        const std::string name = "u" + std::to_string(t) + "_" + std::to_string(i);
        Status s = store_->write([&](WriteTx& tx) {
          auto u = tx.insertUser(makeUser(name));
          if (!u) return u.status();
          auto e = tx.appendEvent(draft("user.created", R"({"username":")" + name + R"("})"));
          if (!e) return e.status();
          if (fail) return invalid("故意失败 / failing on purpose");
          return Status::ok();
        });
        if (fail) {
          EXPECT_EQ(s.code(), Code::kInvalid);
          ++failed_count;
        } else {
          EXPECT_TRUE(s.isOk()) << s.message();
          ++ok_count;
        }
      }
    });
  }
  for (auto& th : threads) th.join();

  auto events = allEvents();
  EXPECT_EQ(static_cast<int>(events.size()), ok_count.load());
  expectChainIntact(events);
  ASSERT_TRUE(store_->read([&](Reader& r) {
    auto users = r.listUsers();
    EXPECT_EQ(static_cast<int>(users.size()), ok_count.load());
    std::set<std::string> names;
    for (const auto& u : users) names.insert(u.username);
    for (int t = 0; t < kThreads; ++t) {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string name = "u" + std::to_string(t) + "_" + std::to_string(i);
        EXPECT_EQ(names.count(name), (i % 3) == 1 ? 0u : 1u) << name;
      }
    }
    return Status::ok();
  }));
  StoreStats st = store_->stats();
  EXPECT_EQ(st.failed_writes, failed_count.load());
  EXPECT_EQ(st.writes, ok_count.load() + failed_count.load());
}

TEST_P(StoreContractTest, FailingAndSucceedingWritesSubmittedTogether) {
  // submit() without waiting, so the queue holds a mix that the writer takes as one batch.
  constexpr int kWrites = 100;
  std::mutex mu;
  std::map<int, Status> results;
  std::atomic<int> pending{kWrites};
  for (int i = 0; i < kWrites; ++i) {
    store_->submit(
        [i](WriteTx& tx) -> Status {
          auto e = tx.appendEvent(draft("test.mixed", "{\"i\":" + std::to_string(i) + "}"));
          if (!e) return e.status();
          if (i % 4 == 0) return conflict("偶数失败 / failing on purpose");
          return Status::ok();
        },
        [&, i](Status s) {
          std::lock_guard lk(mu);
          results[i] = std::move(s);
          --pending;
        });
  }
  store_->close();  // drains
  ASSERT_EQ(pending.load(), 0);
  store_.reset();
  store_ = open();
  ASSERT_NE(store_, nullptr);
  int ok = 0;
  for (const auto& [i, s] : results) {
    EXPECT_EQ(s.isOk(), i % 4 != 0) << i;
    ok += s.isOk();
  }
  auto events = allEvents();
  ASSERT_EQ(static_cast<int>(events.size()), ok);
  // Submission order is commit order, so the surviving payloads appear in order, failures skipped.
  int expect_i = 1;
  for (const Event& e : events) {
    EXPECT_EQ(e.payload_json, "{\"i\":" + std::to_string(expect_i) + "}");
    ++expect_i;
    if (expect_i % 4 == 0) ++expect_i;
  }
  expectChainIntact(events);
}

TEST_P(StoreContractTest, Sessions) {
  int64_t uid = 0;
  ASSERT_TRUE(store_->write([&](WriteTx& tx) {
    auto r = tx.insertUser(makeUser("qian.ba"));
    if (!r) return r.status();
    uid = *r;
    for (const char* t : {"h1", "h2", "h3"}) {
      Status s = tx.insertSession(SessionRow{t, uid, std::string("csrf-") + t, 1000, 2000});
      if (!s) return s;
    }
    return Status::ok();
  }));
  ASSERT_TRUE(store_->read([&](Reader& r) {
    auto s = r.sessionByTokenHash("h2");
    EXPECT_TRUE(s.has_value());
    if (s) {
      EXPECT_EQ(s->token_hash, "h2");
      EXPECT_EQ(s->user_id, uid);
      EXPECT_EQ(s->csrf_token, "csrf-h2");
      EXPECT_EQ(s->created_at, 1000);
      EXPECT_EQ(s->expires_at, 2000);
    }
    EXPECT_FALSE(r.sessionByTokenHash("nope").has_value());
    return Status::ok();
  }));
  Status dup = store_->write([&](WriteTx& tx) { return tx.insertSession(SessionRow{"h1", uid, "x", 1, 2}); });
  EXPECT_EQ(dup.code(), Code::kConflict);

  ASSERT_TRUE(store_->write([&](WriteTx& tx) {
    Status s = tx.deleteSession("h1");
    if (!s) return s;
    return tx.deleteSession("never-existed");  // no error when absent
  }));
  ASSERT_TRUE(store_->read([&](Reader& r) {
    EXPECT_FALSE(r.sessionByTokenHash("h1").has_value());
    EXPECT_TRUE(r.sessionByTokenHash("h3").has_value());
    return Status::ok();
  }));
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.deleteSessionsOfUser(uid); }));
  ASSERT_TRUE(store_->read([&](Reader& r) {
    EXPECT_FALSE(r.sessionByTokenHash("h2").has_value());
    EXPECT_FALSE(r.sessionByTokenHash("h3").has_value());
    return Status::ok();
  }));
}

TEST_P(StoreContractTest, DepartmentTree) {
  int64_t district = 0, street = 0, community = 0, office = 0;
  ASSERT_TRUE(store_->write([&](WriteTx& tx) {
    auto d = tx.insertDepartment(Department{0, "高新区", std::nullopt, "district"});
    if (!d) return d.status();
    district = *d;
    auto s = tx.insertDepartment(Department{0, "桂溪街道", district, "street"});
    if (!s) return s.status();
    street = *s;
    auto c = tx.insertDepartment(Department{0, "和平社区", street, "community"});
    if (!c) return c.status();
    community = *c;
    auto o = tx.insertDepartment(Department{0, "便民服务窗口", street, "office"});
    if (!o) return o.status();
    office = *o;
    return Status::ok();
  }));
  Status bad = store_->write([&](WriteTx& tx) {
    return tx.insertDepartment(Department{0, "某处", district, "galaxy"}).status();
  });
  EXPECT_EQ(bad.code(), Code::kInvalid);
  bad = store_->write([&](WriteTx& tx) { return tx.insertDepartment(Department{0, "", district, "office"}).status(); });
  EXPECT_EQ(bad.code(), Code::kInvalid);

  ASSERT_TRUE(store_->read([&](Reader& r) {
    auto all = r.listDepartments();
    EXPECT_EQ(all.size(), 4u);
    if (all.size() != 4) return Status::ok();
    EXPECT_EQ(all[0].id, district);
    EXPECT_FALSE(all[0].parent_id.has_value());
    EXPECT_EQ(all[0].name, "高新区");
    EXPECT_EQ(all[1].parent_id, std::optional<int64_t>(district));
    EXPECT_EQ(all[2].parent_id, std::optional<int64_t>(street));
    EXPECT_EQ(all[2].level, "community");
    auto o = r.departmentById(office);
    EXPECT_TRUE(o.has_value());
    if (o) {
      EXPECT_EQ(o->name, "便民服务窗口");
      EXPECT_EQ(o->level, "office");
      EXPECT_EQ(o->parent_id, std::optional<int64_t>(street));
    }
    EXPECT_TRUE(r.departmentById(community).has_value());
    EXPECT_FALSE(r.departmentById(office + 100).has_value());
    return Status::ok();
  }));
}

TEST_P(StoreContractTest, LatestEventsNewestFirst) {
  for (int i = 1; i <= 7; ++i) {
    ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.appendEvent(draft("test.e" + std::to_string(i))).status(); }));
  }
  ASSERT_TRUE(store_->read([&](Reader& r) {
    auto latest = r.latestEvents(3);
    EXPECT_EQ(latest.size(), 3u);
    if (latest.size() == 3) {
      EXPECT_EQ(latest[0].seq, 7);
      EXPECT_EQ(latest[0].type, "test.e7");
      EXPECT_EQ(latest[1].seq, 6);
      EXPECT_EQ(latest[2].seq, 5);
    }
    EXPECT_EQ(r.latestEvents(100).size(), 7u);
    EXPECT_TRUE(r.latestEvents(0).empty());
    return Status::ok();
  }));
}

TEST_P(StoreContractTest, EmptyStore) {
  ASSERT_TRUE(store_->read([&](Reader& r) {
    EXPECT_EQ(r.lastSeq(), 0);
    EXPECT_TRUE(r.latestEvents(10).empty());
    EXPECT_TRUE(r.eventsAfter(0, 10).empty());
    EXPECT_TRUE(r.listUsers().empty());
    return Status::ok();
  }));
  auto report = ledger::verifyStore(*store_);
  ASSERT_TRUE(report.isOk());
  EXPECT_TRUE(report->ok);
  EXPECT_EQ(report->events, 0);
}

TEST_P(StoreContractTest, ReopenSeesEverythingAndTheChainContinues) {
  int64_t uid = 0;
  ASSERT_TRUE(store_->write([&](WriteTx& tx) {
    auto r = tx.insertUser(makeUser("zhou.jiu"));
    if (!r) return r.status();
    uid = *r;
    Status s = tx.insertSession(SessionRow{"tok", uid, "c", 1, 2});
    if (!s) return s;
    auto d = tx.insertDepartment(Department{0, "区中心", std::nullopt, "district"});
    if (!d) return d.status();
    for (int i = 0; i < 3; ++i) {
      auto e = tx.appendEvent(draft("test.before"));
      if (!e) return e.status();
    }
    return Status::ok();
  }));
  store_.reset();
  store_ = open();
  ASSERT_NE(store_, nullptr);
  ASSERT_TRUE(store_->read([&](Reader& r) {
    EXPECT_TRUE(r.userById(uid).has_value());
    EXPECT_TRUE(r.sessionByTokenHash("tok").has_value());
    EXPECT_EQ(r.listDepartments().size(), 1u);
    EXPECT_EQ(r.lastSeq(), 3);
    return Status::ok();
  }));
  ASSERT_TRUE(store_->write([&](WriteTx& tx) {
    EXPECT_EQ(tx.lastSeq(), 3);
    auto e = tx.appendEvent(draft("test.after"));
    if (!e) return e.status();
    EXPECT_EQ(e->seq, 4);
    return Status::ok();
  }));
  // Same username still conflicts after reopening.
  EXPECT_EQ(store_->write([&](WriteTx& tx) { return tx.insertUser(makeUser("zhou.jiu")).status(); }).code(),
            Code::kConflict);
  auto events = allEvents();
  ASSERT_EQ(events.size(), 4u);
  expectChainIntact(events);
}

TEST_P(StoreContractTest, ConcurrentWritersAreGroupCommitted) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  std::vector<std::thread> threads;
  std::atomic<int> errors{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Status s = store_->write([&](WriteTx& tx) {
          return tx.appendEvent(EventDraft{1700000000000 + i, "user:" + std::to_string(t), "test.concurrent",
                                           "thread:" + std::to_string(t), "{\"i\":" + std::to_string(i) + "}"})
              .status();
        });
        if (!s) ++errors;
      }
    });
  }
  // Readers alongside the writers always see a valid prefix of the chain.
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    while (!stop) {
      ASSERT_TRUE(store_->read([&](Reader& r) {
        const int64_t last = r.lastSeq();
        auto latest = r.latestEvents(1);
        EXPECT_EQ(latest.empty() ? 0 : latest[0].seq, last);  // one snapshot
        return Status::ok();
      }));
    }
  });
  for (auto& th : threads) th.join();
  stop = true;
  reader.join();

  EXPECT_EQ(errors.load(), 0);
  auto events = allEvents();
  ASSERT_EQ(events.size(), static_cast<size_t>(kThreads * kPerThread));
  expectChainIntact(events);
  // Each thread's events appear in its own order.
  std::map<std::string, int> next;
  for (const Event& e : events) {
    EXPECT_EQ(e.payload_json, "{\"i\":" + std::to_string(next[e.subject]++) + "}");
  }
  StoreStats st = store_->stats();
  EXPECT_EQ(st.writes, kThreads * kPerThread);
  EXPECT_EQ(st.failed_writes, 0);
  EXPECT_LT(st.commits, st.writes) << "group commit never grouped two writes";
  ASSERT_EQ(st.batch_size_buckets.size(), 9u);
  int64_t bucket_total = 0;
  for (int64_t b : st.batch_size_buckets) bucket_total += b;
  EXPECT_EQ(bucket_total, st.commits);
  EXPECT_EQ(st.queue_depth, 0);
}

TEST_P(StoreContractTest, CloseDrainsPendingWrites) {
  constexpr int kWrites = 300;
  std::atomic<int> done_ok{0};
  for (int i = 0; i < kWrites; ++i) {
    store_->submit([](WriteTx& tx) { return tx.appendEvent(draft("test.drain")).status(); },
                   [&](Status s) {
                     if (s) ++done_ok;
                   });
  }
  store_->close();
  EXPECT_EQ(done_ok.load(), kWrites);

  // After close, submit answers kUnavailable at once and writes nothing.
  std::atomic<bool> called{false};
  Status after;
  store_->submit([](WriteTx& tx) { return tx.appendEvent(draft("test.late")).status(); },
                 [&](Status s) {
                   after = s;
                   called = true;
                 });
  EXPECT_TRUE(called.load());
  EXPECT_EQ(after.code(), Code::kUnavailable);
  EXPECT_EQ(store_->write([](WriteTx&) { return Status::ok(); }).code(), Code::kUnavailable);
  store_->close();  // idempotent

  store_.reset();
  store_ = open();
  ASSERT_NE(store_, nullptr);
  auto events = allEvents();
  EXPECT_EQ(events.size(), static_cast<size_t>(kWrites));
  expectChainIntact(events);
}

TEST_P(StoreContractTest, ThrowingWriteFnFailsAloneAndTheWriterLives) {
  Status s = store_->write([](WriteTx& tx) -> Status {
    auto e = tx.appendEvent(draft("test.before_throw"));
    (void)e;
    throw std::runtime_error("boom");
  });
  EXPECT_EQ(s.code(), Code::kInternal);
  ASSERT_TRUE(store_->write([](WriteTx& tx) { return tx.appendEvent(draft("test.after_throw")).status(); }));
  auto events = allEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "test.after_throw");
  expectChainIntact(events);
}

TEST_P(StoreContractTest, ReadSeesAConsistentSnapshot) {
  ASSERT_TRUE(store_->write([](WriteTx& tx) { return tx.appendEvent(draft("test.one")).status(); }));
  Status s = store_->read([&](Reader& r) {
    const int64_t before = r.lastSeq();
    // A write that commits while this read is open is not visible to it.
    EXPECT_TRUE(store_->write([](WriteTx& tx) { return tx.appendEvent(draft("test.two")).status(); }));
    EXPECT_EQ(r.lastSeq(), before);
    EXPECT_EQ(r.eventsAfter(0, 10).size(), 1u);
    return Status::ok();
  });
  EXPECT_TRUE(s.isOk()) << s.message();
  EXPECT_EQ(lastSeq(), 2);
  // read() passes the callback's status through.
  EXPECT_EQ(store_->read([](Reader&) { return notFound("没有 / none"); }).code(), Code::kNotFound);
}

TEST_P(StoreContractTest, TwoStoresOnOneDatabaseKeepOneChain) {
  // Another process (a CLI command beside the server) or another node writing the same database:
  // each store must notice the other's appends and keep a single chain.
  std::unique_ptr<Store> other = open();
  ASSERT_NE(other, nullptr);
  auto append = [](Store& st, const std::string& type) {
    return st.write([&](WriteTx& tx) { return tx.appendEvent(draft(type)).status(); });
  };
  ASSERT_TRUE(append(*store_, "test.a"));
  ASSERT_TRUE(append(*other, "test.b"));
  ASSERT_TRUE(append(*other, "test.b"));
  ASSERT_TRUE(append(*store_, "test.a"));
  ASSERT_TRUE(store_->write([&](WriteTx& tx) {
    EXPECT_EQ(tx.lastSeq(), 4);
    return tx.insertUser(makeUser("shared")).status();
  }));
  EXPECT_EQ(other->write([&](WriteTx& tx) { return tx.insertUser(makeUser("shared")).status(); }).code(),
            Code::kConflict);

  std::atomic<int> errors{0};
  auto hammer = [&](Store& st, const char* type) {
    for (int i = 0; i < 50; ++i) {
      if (!append(st, type)) ++errors;
    }
  };
  std::thread t1(hammer, std::ref(*store_), "test.a");
  std::thread t2(hammer, std::ref(*other), "test.b");
  t1.join();
  t2.join();
  EXPECT_EQ(errors.load(), 0);
  other.reset();
  auto events = allEvents();
  EXPECT_EQ(events.size(), 104u);
  expectChainIntact(events);
}

TEST_P(StoreContractTest, AppealsAndTheirPhotosRoundTrip) {
  int64_t appeal_id = 0;
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    auto dept = tx.insertDepartment(Department{0, "城管局", std::nullopt, "office"});
    if (!dept) return dept.status();
    appeals::Category c;
    c.code = "city.streetlight";
    c.name = "路灯不亮";
    c.department_id = *dept;
    if (Status s = tx.upsertCategory(c); !s) return s;
    appeals::Appeal a;
    a.tracking_code = "7K3M9QX2PA";
    a.secret_hash = "h";
    a.category = c.code;
    a.text = "路灯不亮";
    a.department_id = *dept;
    a.created_at = 1700000000000;
    a.missed_deadlines = 1;
    a.lat = 30.25;
    a.lng = 120.5;
    auto id = tx.insertAppeal(a);
    if (!id) return id.status();
    appeal_id = *id;
    appeals::AppealPhoto p;
    p.appeal_id = *id;
    p.mime = "image/png";
    p.bytes = std::string("\x89PNG\r\n\x1A\n\0\0binary\xFF", 17);
    p.size = static_cast<int64_t>(p.bytes.size());
    p.hash = "abc";
    p.created_at = 1700000000001;
    auto pid = tx.insertAppealPhoto(p);
    if (!pid) return pid.status();
    p.appeal_id = *id + 100;  // no such appeal
    auto bad = tx.insertAppealPhoto(p);
    EXPECT_FALSE(bad.isOk());
    return Status::ok();
  }).isOk());
  ASSERT_TRUE(store_->read([&](Reader& r) -> Status {
    auto a = r.appealById(appeal_id);
    EXPECT_TRUE(a.has_value());
    if (!a) return Status::ok();
    EXPECT_EQ(a->missed_deadlines, 1);
    EXPECT_EQ(a->lat, 30.25);
    auto photos = r.listAppealPhotos(appeal_id);
    EXPECT_EQ(photos.size(), 1u);
    if (photos.empty()) return Status::ok();
    EXPECT_TRUE(photos[0].bytes.empty());  // listings carry no bytes
    EXPECT_EQ(photos[0].size, 17);
    auto one = r.appealPhoto(appeal_id, photos[0].id);
    EXPECT_TRUE(one.has_value());
    if (one) {
      EXPECT_EQ(one->bytes, std::string("\x89PNG\r\n\x1A\n\0\0binary\xFF", 17));  // NULs survive
    }
    EXPECT_FALSE(r.appealPhoto(appeal_id + 1, photos[0].id).has_value());  // another case's photo id
    return Status::ok();
  }).isOk());
}

TEST_P(StoreContractTest, Open311ApiKeysAttributesSubmissionsAndAppealFilters) {
  int64_t dept = 0, key_id = 0;
  std::vector<int64_t> ids;
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    auto d = tx.insertDepartment(Department{0, "城管局", std::nullopt, "office"});
    if (!d) return d.status();
    dept = *d;
    for (const char* code : {"road.damage", "city.noise"}) {
      appeals::Category c;
      c.code = code;
      c.name = code;
      c.department_id = dept;
      if (Status st = tx.upsertCategory(c); !st) return st;
    }
    ApiKey k{0, "FixMyStreet", "hash-1", "od311_abcd", 1700000000000, "cli", std::nullopt};
    auto id = tx.insertApiKey(k);
    if (!id) return id.status();
    key_id = *id;
    for (int i = 0; i < 4; ++i) {
      appeals::Appeal a;
      a.tracking_code = "TC" + std::to_string(i);
      a.channel = i < 3 ? appeals::Channel::kOpen311 : appeals::Channel::kWeb;
      a.category = i == 1 ? "city.noise" : "road.damage";
      a.state = i == 2 ? appeals::State::kReplied : appeals::State::kAssigned;
      a.department_id = dept;
      a.created_at = 1700000000000 + i * 1000;
      a.resolution_due = 1800000000000 - i;
      if (a.channel == appeals::Channel::kOpen311) a.api_key_id = key_id;
      auto aid = tx.insertAppeal(a);
      if (!aid) return aid.status();
      ids.push_back(*aid);
      auto ev = tx.appendEvent(EventDraft{a.created_at, "system", "appeal.received", "appeal:" + std::to_string(*aid), "{}"});
      if (!ev) return ev.status();
    }
    Open311Submission sub;
    sub.appeal_id = ids[0];
    sub.email = "a@example.org";
    sub.attributes_json = R"({"hazard":"low"})";
    if (Status st = tx.insertOpen311Submission(sub); !st) return st;
    appeals::CategoryAttribute attr{"road.damage", "hazard", 2, true, "singlevaluelist", true, "", "多危险？",
                                    {{"low", "轻微"}, {"people", "可能伤人"}}};
    if (Status st = tx.upsertCategoryAttribute(attr); !st) return st;
    attr.code = "notice";
    attr.order = 1;
    attr.variable = false;
    attr.datatype = "text";
    attr.values.clear();
    return tx.upsertCategoryAttribute(attr);
  }));
  // Duplicate key hash, unknown category, bad datatype, revoke twice, revoke unknown.
  EXPECT_EQ(store_->write([&](WriteTx& tx) {
              return tx.insertApiKey(ApiKey{0, "again", "hash-1", "x", 1, "cli", std::nullopt}).status();
            }).code(),
            Code::kConflict);
  EXPECT_EQ(store_->write([&](WriteTx& tx) {
              return tx.upsertCategoryAttribute({"no.such", "x", 1, true, "string", false, "", "", {}});
            }).code(),
            Code::kInvalid);
  EXPECT_EQ(store_->write([&](WriteTx& tx) {
              return tx.upsertCategoryAttribute({"road.damage", "x", 1, true, "colour", false, "", "", {}});
            }).code(),
            Code::kInvalid);
  EXPECT_TRUE(store_->write([&](WriteTx& tx) { return tx.revokeApiKey(key_id, 1700000005000); }));
  EXPECT_EQ(store_->write([&](WriteTx& tx) { return tx.revokeApiKey(key_id, 1700000006000); }).code(), Code::kConflict);
  EXPECT_EQ(store_->write([&](WriteTx& tx) { return tx.revokeApiKey(key_id + 100, 1); }).code(), Code::kNotFound);

  ASSERT_TRUE(store_->read([&](Reader& r) {
    auto keys = r.listApiKeys();
    EXPECT_EQ(keys.size(), 1u);
    auto k = r.apiKeyByHash("hash-1");
    EXPECT_TRUE(k && k->name == "FixMyStreet" && k->revoked_at == 1700000005000);
    EXPECT_FALSE(r.apiKeyByHash("hash-2"));
    EXPECT_TRUE(r.apiKeyById(key_id));
    auto attrs = r.listCategoryAttributes("road.damage");
    EXPECT_EQ(attrs.size(), 2u);
    if (attrs.size() == 2) {
      EXPECT_EQ(attrs[0].code, "notice");  // by order
      EXPECT_EQ(attrs[1].values.size(), 2u);
      EXPECT_EQ(attrs[1].values[1].second, "可能伤人");
    }
    EXPECT_TRUE(r.listCategoryAttributes("city.noise").empty());
    auto sub = r.open311Submission(ids[0]);
    EXPECT_TRUE(sub && sub->email == "a@example.org" && sub->attributes_json == R"({"hazard":"low"})");
    EXPECT_FALSE(r.open311Submission(ids[1]));
    EXPECT_EQ(r.appealById(ids[0])->api_key_id, key_id);
    EXPECT_FALSE(r.appealById(ids[3])->api_key_id);

    auto idsOf = [](const std::vector<appeals::Appeal>& v) {
      std::vector<int64_t> out;
      for (const auto& a : v) out.push_back(a.id);
      return out;
    };
    AppealQuery q;
    q.channel = appeals::Channel::kOpen311;
    q.newest_first = true;
    EXPECT_EQ(idsOf(r.listAppeals(q)), (std::vector<int64_t>{ids[2], ids[1], ids[0]}));
    q.limit = 1;
    q.offset = 1;
    EXPECT_EQ(idsOf(r.listAppeals(q)), (std::vector<int64_t>{ids[1]}));
    q = {};
    q.categories = {"road.damage"};
    q.states = {appeals::State::kAssigned};
    EXPECT_EQ(idsOf(r.listAppeals(q)), (std::vector<int64_t>{ids[3], ids[0]}));  // most urgent first
    q = {};
    q.ids = {ids[1], ids[3], 999};
    EXPECT_EQ(idsOf(r.listAppeals(q)), (std::vector<int64_t>{ids[3], ids[1]}));

    auto window = r.eventsBetween(1700000001000, 1700000003000, "appeal:", 100);
    EXPECT_EQ(window.size(), 2u);
    if (window.size() == 2) {
      EXPECT_EQ(window[0].subject, "appeal:" + std::to_string(ids[1]));
    }
    EXPECT_TRUE(r.eventsBetween(0, 1800000000000, "appeal%", 100).empty());  // the prefix is literal
    EXPECT_EQ(r.eventsBetween(0, 1800000000000, "appeal:", 3).size(), 3u);
    return Status::ok();
  }));
  expectChainIntact(allEvents());
}

// The hall's rows: a hall, its services, windows (one staffed), skills, tickets and a rating.
TEST_P(StoreContractTest, HallRowsRoundTrip) {
  int64_t hall_id = 0, window_id = 0, ticket_id = 0, user_id = 0;
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    User u;
    u.username = "hallclerk";
    u.display_name = "窗口";
    u.role = "clerk";
    u.password_hash = "x";
    auto uid = tx.insertUser(u);
    if (!uid) return uid.status();
    user_id = *uid;
    HallRow h;
    h.code = "h1";
    h.name = "一楼大厅";
    auto id = tx.insertHall(h);
    if (!id) return id.status();
    hall_id = *id;
    if (auto s = tx.insertHallService({0, hall_id, "A", "社保卡", "A", 6, 1, 0}); !s) return s.status();
    WindowRow w;
    w.hall_id = hall_id;
    w.number = 3;
    w.skills = {"A"};
    w.state = "open";
    w.staff_user_id = user_id;
    auto wid = tx.insertWindow(w);
    if (!wid) return wid.status();
    window_id = *wid;
    if (Status s = tx.setStaffSkills({hall_id, user_id, {"A"}}); !s) return s;
    TicketRow t;
    t.hall_id = hall_id;
    t.public_code = "ABCDEFGHJK";
    t.number = "A001";
    t.service = "A";
    t.services_left = {"B"};
    t.arrival = t.issued_at = 1000;
    auto tid = tx.insertTicket(t);
    if (!tid) return tid.status();
    ticket_id = *tid;
    return Status::ok();
  }));
  // Duplicates are conflicts and change nothing.
  Status dup = store_->write([&](WriteTx& tx) -> Status {
    return tx.insertHallService({0, hall_id, "A", "重复", "A", 6, 1, 0}).status();
  });
  EXPECT_EQ(dup.code(), Code::kConflict);
  dup = store_->write([&](WriteTx& tx) -> Status {
    WindowRow w;
    w.hall_id = hall_id;
    w.number = 3;
    return tx.insertWindow(w).status();
  });
  EXPECT_EQ(dup.code(), Code::kConflict);
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    auto t = tx.ticketById(ticket_id);
    if (!t) return notFound("ticket");
    t->state = "finished";
    t->window_id = window_id;
    t->finished_at = 2000;
    if (Status s = tx.updateTicket(*t); !s) return s;
    return tx.insertTicketRating({ticket_id, 2, "慢", 2100, window_id, user_id});
  }));
  Status twice = store_->write([&](WriteTx& tx) { return tx.insertTicketRating({ticket_id, 5, "", 2200, {}, {}}); });
  EXPECT_EQ(twice.code(), Code::kConflict);
  ASSERT_TRUE(store_->read([&](Reader& r) -> Status {
    EXPECT_EQ(r.listHalls().size(), 1u);
    EXPECT_EQ(r.hallById(hall_id)->name, "一楼大厅");
    EXPECT_EQ(r.listHallServices(hall_id).size(), 1u);
    auto ws = r.listWindows(hall_id);
    EXPECT_EQ(ws.size(), 1u);
    EXPECT_EQ(ws[0].skills, std::vector<std::string>{"A"});
    EXPECT_EQ(ws[0].staff_user_id.value_or(0), user_id);
    EXPECT_EQ(r.listStaffSkills(hall_id).at(0).services, std::vector<std::string>{"A"});
    auto t = r.ticketByCode("ABCDEFGHJK");
    EXPECT_TRUE(t.has_value());
    EXPECT_EQ(t->services_left, std::vector<std::string>{"B"});
    EXPECT_EQ(t->state, "finished");
    EXPECT_TRUE(r.listLiveTickets(hall_id).empty());
    EXPECT_EQ(r.lastFinishedAtWindow(window_id)->id, ticket_id);
    EXPECT_EQ(r.ticketRating(ticket_id)->rating, 2);
    EXPECT_EQ(r.ticketRating(ticket_id)->comment, "慢");
    return Status::ok();
  }));
}

// A hall rectification has no appeal; appeal ones keep theirs (the generalised table).
TEST_P(StoreContractTest, RectificationsFromHallTickets) {
  int64_t rid = 0;
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    HallRow h;
    h.code = "h1";
    h.name = "大厅";
    auto hid = tx.insertHall(h);
    if (!hid) return hid.status();
    TicketRow t;
    t.hall_id = *hid;
    t.public_code = "ZZZZZZZZZZ";
    t.number = "A001";
    t.service = "A";
    auto tid = tx.insertTicket(t);
    if (!tid) return tid.status();
    appeals::Rectification r;
    r.source = "hall";
    r.ticket_id = *tid;
    r.rating = appeals::Rating::kVeryDissatisfied;
    r.opened_at = 1;
    r.due = 2;
    auto id = tx.insertRectification(r);
    if (!id) return id.status();
    rid = *id;
    return Status::ok();
  }));
  ASSERT_TRUE(store_->read([&](Reader& r) -> Status {
    auto x = r.rectificationById(rid);
    EXPECT_TRUE(x.has_value());
    EXPECT_EQ(x->source, "hall");
    EXPECT_EQ(x->appeal_id, 0);
    EXPECT_TRUE(x->ticket_id.has_value());
    return Status::ok();
  }));
  // A hall rectification without a ticket is refused.
  Status bad = store_->write([&](WriteTx& tx) -> Status {
    appeals::Rectification r;
    r.source = "hall";
    return tx.insertRectification(r).status();
  });
  EXPECT_FALSE(bad.isOk());
}

// Matters: drafts, publishing with every version kept, the jargon list.
TEST_P(StoreContractTest, MattersDraftsAndPublishedVersions) {
  int64_t dept = 0, mid = 0;
  matters::Matter m;
  m.code = "SB-001";
  m.name = "社保卡申领";
  m.summary = "第一次办社保卡。";
  m.statutory_days = 20;
  m.promised_days = 0;
  m.channels = matters::Channels::kWindow;
  m.hall_services = {"A"};
  m.keywords = {"社保"};
  m.materials.push_back({"m1", "身份证", "正反面", "在有效期内", true, 1, "公安机关", {"临时身份证"}, false});
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    auto d = tx.insertDepartment(Department{0, "人社局", std::nullopt, "office"});
    if (!d) return d.status();
    dept = *d;
    m.department_id = dept;
    auto id = tx.insertMatter(m, 1000);
    if (!id) return id.status();
    mid = *id;
    return Status::ok();
  }));
  // A draft never published: listed with its draft, invisible as a published matter.
  ASSERT_TRUE(store_->read([&](Reader& r) -> Status {
    auto rec = r.matterById(mid);
    EXPECT_TRUE(rec.has_value());
    if (!rec) return Status::ok();
    EXPECT_EQ(rec->current_version, 0);
    EXPECT_TRUE(rec->draft_dirty);
    EXPECT_EQ(rec->draft.id, mid);
    EXPECT_EQ(rec->draft.code, "SB-001");
    EXPECT_EQ(rec->draft.statutory_days, std::optional<int>(20));
    EXPECT_EQ(rec->draft.promised_days, std::optional<int>(0));
    EXPECT_EQ(rec->draft.channels, matters::Channels::kWindow);
    EXPECT_EQ(rec->draft.materials.size(), 1u);
    if (!rec->draft.materials.empty()) {
      EXPECT_EQ(rec->draft.materials[0].alternatives[0], "临时身份证");
    }
    EXPECT_FALSE(r.publishedMatter(mid).has_value());
    EXPECT_TRUE(r.listPublishedMatters().empty());
    EXPECT_TRUE(r.listMatterVersions(mid).empty());
    EXPECT_EQ(r.listMatters().size(), 1u);
    return Status::ok();
  }));
  // Publish v1, edit the draft, publish v2: both versions kept, the current one is v2.
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    auto v1 = tx.publishMatter(mid, 2000, 7);
    if (!v1) return v1.status();
    EXPECT_EQ(v1->version, 1);
    matters::Matter edited = m;
    edited.id = mid;
    edited.name = "社保卡申领（新）";
    if (Status s = tx.saveMatterDraft(edited, 3000); !s) return s;
    auto rec = tx.matterById(mid);
    EXPECT_TRUE(rec && rec->draft_dirty && rec->current_version == 1);
    EXPECT_EQ(tx.publishedMatter(mid)->name, "社保卡申领");  // the citizen still sees v1
    auto v2 = tx.publishMatter(mid, 4000, 8);
    if (!v2) return v2.status();
    EXPECT_EQ(v2->version, 2);
    return Status::ok();
  }));
  ASSERT_TRUE(store_->read([&](Reader& r) -> Status {
    auto cur = r.publishedMatter(mid);
    EXPECT_TRUE(cur.has_value());
    if (!cur) return Status::ok();
    EXPECT_EQ(cur->version, 2);
    EXPECT_EQ(cur->name, "社保卡申领（新）");
    EXPECT_EQ(cur->published_at, 4000);
    EXPECT_EQ(cur->published_by, 8);
    auto v1 = r.publishedMatterVersion(mid, 1);
    EXPECT_TRUE(v1 && v1->name == "社保卡申领" && v1->published_by == 7);
    EXPECT_FALSE(r.publishedMatterVersion(mid, 3).has_value());
    auto versions = r.listMatterVersions(mid);
    EXPECT_EQ(versions.size(), 2u);
    if (versions.size() == 2) {
      EXPECT_EQ(versions[0].version, 2);
      EXPECT_EQ(versions[1].version, 1);
      EXPECT_EQ(versions[1].published_at, 2000);
    }
    auto rec = r.matterById(mid);
    EXPECT_TRUE(rec && !rec->draft_dirty && rec->current_version == 2 && rec->published_at == 4000);
    EXPECT_EQ(r.listPublishedMatters().size(), 1u);
    return Status::ok();
  }));
  // Refusals: a duplicate code, an unknown department, an unknown matter.
  Status dup = store_->write([&](WriteTx& tx) { return tx.insertMatter(m, 5000).status(); });
  EXPECT_EQ(dup.code(), Code::kConflict);
  EXPECT_EQ(dup.field(), "code");
  matters::Matter other = m;
  other.code = "SB-002";
  other.department_id = dept + 100;
  Status bad_dept = store_->write([&](WriteTx& tx) { return tx.insertMatter(other, 5000).status(); });
  EXPECT_EQ(bad_dept.code(), Code::kInvalid);
  other.id = mid + 100;
  other.department_id = dept;
  EXPECT_EQ(store_->write([&](WriteTx& tx) { return tx.saveMatterDraft(other, 5000); }).code(), Code::kNotFound);
  EXPECT_EQ(store_->write([&](WriteTx& tx) { return tx.publishMatter(mid + 100, 5000, 1).status(); }).code(),
            Code::kNotFound);

  // Jargon: none saved, then a list in order, then an empty list (saved, so not the default).
  ASSERT_TRUE(store_->read([&](Reader& r) -> Status {
    EXPECT_FALSE(r.jargonTerms().has_value());
    return Status::ok();
  }));
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.setJargonTerms({{"予以", "给"}, {"办理", "办"}}, 1); }));
  ASSERT_TRUE(store_->read([&](Reader& r) -> Status {
    auto t = r.jargonTerms();
    EXPECT_TRUE(t && t->size() == 2 && (*t)[0].term == "予以" && (*t)[1].plain == "办");
    return Status::ok();
  }));
  Status dup_term = store_->write([&](WriteTx& tx) { return tx.setJargonTerms({{"予以", "给"}, {"予以", "x"}}, 2); });
  EXPECT_EQ(dup_term.code(), Code::kInvalid);
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.setJargonTerms({}, 3); }));
  ASSERT_TRUE(store_->read([&](Reader& r) -> Status {
    auto t = r.jargonTerms();
    EXPECT_TRUE(t && t->empty());
    return Status::ok();
  }));
}

// Applications with their notifications and visits; listing and the finished window.
TEST_P(StoreContractTest, ApplicationsNotificationsAndVisits) {
  int64_t mid = 0, dept = 0, a1 = 0, a2 = 0;
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    auto d = tx.insertDepartment(Department{0, "人社局", std::nullopt, "office"});
    if (!d) return d.status();
    dept = *d;
    matters::Matter m;
    m.code = "SB-001";
    m.name = "社保卡申领";
    m.department_id = dept;
    auto id = tx.insertMatter(m, 1);
    if (!id) return id.status();
    mid = *id;
    matters::Application a;
    a.code = "AAAAAAAAAA";
    a.matter_id = mid;
    a.matter_version = 1;
    a.department_id = dept;
    a.state = "missing_materials";
    a.applicant_name = "张三";
    a.applicant_phone = "13812341234";
    a.have = {"m1"};
    a.missing = {"m2"};
    a.trips = 1;
    a.submitted_at = 100;
    a.created_by = 3;
    auto id1 = tx.insertApplication(a);
    if (!id1) return id1.status();
    a1 = *id1;
    if (Status s = tx.insertVisit(a1, {100, "submit", {"m1"}, 3}); !s) return s;
    if (Status s = tx.insertNotification(a1, {100, {"m2"}, {}, false, 3}); !s) return s;
    if (Status s = tx.insertNotification(a1, {200, {"m2", "m3"}, {"m3"}, true, 3}); !s) return s;
    a.code = "BBBBBBBBBB";
    a.state = "approved";
    a.submitted_at = 150;
    a.finished_at = 500;
    a.accepted_at = 160;
    a.due = 900;
    auto id2 = tx.insertApplication(a);
    if (!id2) return id2.status();
    a2 = *id2;
    return Status::ok();
  }));
  ASSERT_TRUE(store_->read([&](Reader& r) -> Status {
    auto a = r.applicationById(a1);
    EXPECT_TRUE(a.has_value());
    if (!a) return Status::ok();
    EXPECT_EQ(a->code, "AAAAAAAAAA");
    EXPECT_EQ(a->state, "missing_materials");
    EXPECT_EQ(a->missing, std::vector<std::string>{"m2"});
    EXPECT_EQ(a->visits.size(), 1u);
    EXPECT_EQ(a->notifications.size(), 2u);
    if (a->notifications.size() == 2) {
      EXPECT_FALSE(a->notifications[0].violation);
      EXPECT_TRUE(a->notifications[1].violation);
      EXPECT_EQ(a->notifications[1].new_items, std::vector<std::string>{"m3"});
      EXPECT_EQ(a->notifications[1].at, 200);
    }
    EXPECT_FALSE(a->accepted_at.has_value());
    auto b = r.applicationByCode("BBBBBBBBBB");
    EXPECT_TRUE(b && b->id == a2 && b->finished_at == std::optional<int64_t>(500) && b->visits.empty());
    EXPECT_FALSE(r.applicationByCode("CCCCCCCCCC").has_value());
    auto all = r.listApplications({});
    EXPECT_EQ(all.size(), 2u);
    if (all.size() == 2) {
      EXPECT_EQ(all[0].id, a2);  // newest first
    }
    matters::ApplicationQuery q;
    q.state = "missing_materials";
    EXPECT_EQ(r.listApplications(q).size(), 1u);
    q = {};
    q.matter_id = mid + 1;
    EXPECT_TRUE(r.listApplications(q).empty());
    EXPECT_EQ(r.finishedApplications(0, 1000).size(), 1u);
    EXPECT_TRUE(r.finishedApplications(501, 1000).empty());
    EXPECT_TRUE(r.finishedApplications(0, 500).empty());  // the window's end is exclusive
    return Status::ok();
  }));
  // Update; a duplicate code; an unknown matter or application; a bad state.
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    auto a = tx.applicationById(a1);
    a->state = "submitted";
    a->missing.clear();
    a->trips = 2;
    return tx.updateApplication(*a);
  }));
  ASSERT_TRUE(store_->read([&](Reader& r) -> Status {
    auto a = r.applicationById(a1);
    EXPECT_TRUE(a && a->state == "submitted" && a->missing.empty() && a->trips == 2);
    return Status::ok();
  }));
  Status dup = store_->write([&](WriteTx& tx) {
    auto a = tx.applicationById(a1);
    return tx.insertApplication(*a).status();
  });
  EXPECT_EQ(dup.code(), Code::kConflict);
  Status bad = store_->write([&](WriteTx& tx) {
    auto a = tx.applicationById(a1);
    a->code = "DDDDDDDDDD";
    a->matter_id = mid + 50;
    return tx.insertApplication(*a).status();
  });
  EXPECT_EQ(bad.code(), Code::kInvalid);
  Status bad_state = store_->write([&](WriteTx& tx) {
    auto a = tx.applicationById(a1);
    a->state = "lost";
    return tx.updateApplication(*a);
  });
  EXPECT_EQ(bad_state.code(), Code::kInvalid);
  Status missing = store_->write([&](WriteTx& tx) {
    matters::Application a;
    a.id = a2 + 100;
    return tx.updateApplication(a);
  });
  EXPECT_EQ(missing.code(), Code::kNotFound);
  EXPECT_EQ(store_->write([&](WriteTx& tx) { return tx.insertVisit(a2 + 100, {1, "other", {}, 1}); }).code(),
            Code::kInvalid);
}

TEST_P(StoreContractTest, JsonEventsAreStoredExactlyAsCanonicalisedText) {
  // appendJsonEvent must store the bytes (and so the hash) appendEvent stores for the same payload.
  nlohmann::json payload = {{"zeta", 1},  {"alpha", "路灯 \"坏了\"\n"}, {"n", -0.1}, {"big", 9007199254740993LL},
                            {"u", 18446744073709551615ULL}, {"ok", true}, {"none", nullptr},
                            {"list", {3, 2.5, "x"}}, {"obj", {{"b", 1}, {"a", {{"d", 2}, {"c", 3}}}}}};
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    auto a = tx.appendEvent(draft("test.text", payload.dump(2)));
    if (!a) return a.status();
    auto b = tx.appendJsonEvent(draft("test.json", "ignored"), payload);
    if (!b) return b.status();
    EXPECT_EQ(a->payload_json, b->payload_json);
    EXPECT_EQ(tx.appendJsonEvent(draft(""), payload).status().code(), Code::kInvalid);
    nlohmann::json bad = std::string("\xFF\xFE");
    EXPECT_EQ(tx.appendJsonEvent(draft("test.bad"), bad).status().code(), Code::kInvalid);
    return Status::ok();
  }));
  auto events = allEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].payload_json, events[1].payload_json);
  EXPECT_EQ(events[1].payload_json.find("ignored"), std::string::npos);
  expectChainIntact(events);
}

TEST_P(StoreContractTest, ObjectEventsAreStoredAsTheirJsonTwinWouldBe) {
  // appendObjectEvent (no JSON tree) must store the bytes appendJsonEvent stores for the same members.
  nlohmann::json payload = {{"tracking_code", "3WJ82TZE6J"}, {"category_name", "路灯 \"坏了\"\n"},
                            {"response_due", 1795000000000}, {"estimated", false}, {"api_key_id", -7}};
  CanonicalJsonObject object;
  object.addInt("response_due", 1795000000000)
      .addString("tracking_code", "3WJ82TZE6J")
      .addBool("estimated", false)
      .addString("category_name", "路灯 \"坏了\"\n")
      .addInt("api_key_id", -7);
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    auto a = tx.appendJsonEvent(draft("test.json"), payload);
    if (!a) return a.status();
    auto b = tx.appendObjectEvent(draft("test.object", "ignored"), object);
    if (!b) return b.status();
    EXPECT_EQ(a->payload_json, b->payload_json);
    EXPECT_EQ(tx.appendObjectEvent(draft(""), object).status().code(), Code::kInvalid);
    CanonicalJsonObject bad;
    bad.addString("text", "\xFF\xFE");
    EXPECT_EQ(tx.appendObjectEvent(draft("test.bad"), bad).status().code(), Code::kInvalid);
    return Status::ok();
  }));
  auto events = allEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].payload_json, events[1].payload_json);
  expectChainIntact(events);
}

TEST_P(StoreContractTest, RoutingReadsAreListingsFiltered) {
  int64_t d1 = 0, d2 = 0;
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    d1 = tx.insertDepartment(Department{0, "城管局", std::nullopt, "office"}).value();
    d2 = tx.insertDepartment(Department{0, "住建局", std::nullopt, "office"}).value();
    for (const char* code : {"city.streetlight", "housing.leak"}) {
      appeals::Category c;
      c.code = code;
      c.name = code;
      c.department_id = d1;
      if (Status s = tx.upsertCategory(c); !s) return s;
    }
    auto add = [&](const std::string& name, const std::string& role, int64_t dept, bool disabled) {
      User u = makeUser(name, role);
      u.department_id = dept;
      int64_t id = tx.insertUser(u).value();
      if (disabled) {
        EXPECT_TRUE(tx.setUserDisabled(id, true).isOk());
      }
    };
    add("h1", "handler", d1, false);
    add("s1", "supervisor", d1, false);
    add("h2", "handler", d2, false);
    add("h3", "handler", d1, true);
    add("h4", "handler", d1, false);
    for (auto [cat, area, dept] : {std::tuple{"housing.leak", "", d2}, std::tuple{"city.streetlight", "东湖街道", d2},
                                   std::tuple{"city.streetlight", "", d1}}) {
      if (auto r = tx.insertRoutingRule(appeals::RoutingRule{0, cat, area, dept}); !r) return r.status();
    }
    return Status::ok();
  }));
  ASSERT_TRUE(store_->read([&](Reader& r) -> Status {
    std::vector<std::string> names;
    for (const User& u : r.departmentHandlers(d1)) names.push_back(u.username);
    EXPECT_EQ(names, (std::vector<std::string>{"h1", "h4"}));  // handlers only, enabled, by id
    EXPECT_EQ(r.departmentHandlers(d2).size(), 1u);
    EXPECT_TRUE(r.departmentHandlers(d2 + 10).empty());
    auto rules = r.routingRulesFor("city.streetlight");
    EXPECT_EQ(rules.size(), 2u);
    if (rules.size() == 2) {
      EXPECT_EQ(rules[0].area, "东湖街道");  // by id
      EXPECT_EQ(rules[1].area, "");
    }
    EXPECT_EQ(r.routingRulesFor("housing.leak").size(), 1u);
    EXPECT_TRUE(r.routingRulesFor("road.damage").empty());
    return Status::ok();
  }));
}

// The writer keeps the routing rows (category, rules, handlers, department) from one WriteFn to the
// next within a batch; every write of the batch, a rolled-back one undone, and another process's or
// node's write between batches must still show.
TEST_P(StoreContractTest, WriterRoutingReadsSeeEveryWriteOfTheirBatchAndOthers) {
  int64_t dept = 0, h1 = 0;
  appeals::Category cat;
  cat.code = "city.noise";
  cat.name = "噪音";
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    dept = tx.insertDepartment(Department{0, "城管局", std::nullopt, "office"}).value();
    cat.department_id = dept;
    if (Status s = tx.upsertCategory(cat); !s) return s;
    User u = makeUser("h1");
    u.department_id = dept;
    u.presence = "on_duty";
    h1 = tx.insertUser(u).value();
    return Status::ok();
  }));
  auto presenceOfH1 = [&](WriteTx& tx) {
    auto handlers = tx.departmentHandlers(dept);
    return handlers.size() == 1 ? handlers[0].presence : "(" + std::to_string(handlers.size()) + " handlers)";
  };

  // Hold the writer so that the next three WriteFns run in one batch.
  std::atomic<bool> entered{false}, release{false};
  store_->submit(
      [&](WriteTx&) {
        entered = true;
        while (!release) std::this_thread::yield();
        return Status::ok();
      },
      [](Status) {});
  while (!entered) std::this_thread::yield();
  std::vector<std::string> seen;
  std::mutex seen_mu;
  auto note = [&](std::string what) {
    std::lock_guard lock(seen_mu);
    seen.push_back(std::move(what));
  };
  store_->submit(
      [&](WriteTx& tx) -> Status {
        note(presenceOfH1(tx) + " " + tx.categoryByCode("city.noise")->name + " " +
             std::to_string(tx.routingRulesFor("city.noise").size()) + " " + tx.departmentById(dept)->name);
        if (Status s = tx.setUserPresence(h1, "out"); !s) return s;
        appeals::Category renamed = cat;
        renamed.name = "夜间噪音";
        if (Status s = tx.upsertCategory(renamed); !s) return s;
        if (auto r = tx.insertRoutingRule(appeals::RoutingRule{0, "city.noise", "东湖街道", dept}); !r) return r.status();
        note(presenceOfH1(tx) + " " + tx.categoryByCode("city.noise")->name + " " +
             std::to_string(tx.routingRulesFor("city.noise").size()));
        return Status::ok();
      },
      [](Status s) { EXPECT_TRUE(s.isOk()) << s.message(); });
  store_->submit(
      [&](WriteTx& tx) -> Status {
        if (Status s = tx.setUserPresence(h1, "break"); !s) return s;
        note(presenceOfH1(tx));
        return conflict("rolled back on purpose");
      },
      [](Status s) { EXPECT_EQ(s.code(), Code::kConflict); });
  std::promise<void> third_done;
  store_->submit(
      [&](WriteTx& tx) -> Status {
        note(presenceOfH1(tx));
        return Status::ok();
      },
      [&](Status s) {
        EXPECT_TRUE(s.isOk()) << s.message();
        third_done.set_value();
      });
  release = true;
  third_done.get_future().wait();
  EXPECT_EQ(seen, (std::vector<std::string>{"on_duty 噪音 0 城管局", "out 夜间噪音 1", "break", "out"}));

  // Another process (or node) changes the rows between batches.
  std::unique_ptr<Store> other = open();
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(other->write([&](WriteTx& tx) { return tx.setUserPresence(h1, "on_duty"); }));
  other.reset();
  ASSERT_TRUE(store_->write([&](WriteTx& tx) {
    EXPECT_EQ(presenceOfH1(tx), "on_duty");
    return Status::ok();
  }));
}

INSTANTIATE_TEST_SUITE_P(
    Backends, StoreContractTest,
    ::testing::Values(StoreBackend{"sqlite",
                                   [](const std::filesystem::path& dir) {
                                     return "sqlite:" + (dir / "data" / "onedoor.db").string();
                                   }},
                      StoreBackend{"postgresql", [](const std::filesystem::path&) {
                        return test::PgCluster::instance().freshDatabaseUrl();
                      }}),
    [](const ::testing::TestParamInfo<StoreBackend>& info) { return info.param.name; });

}  // namespace
}  // namespace onedoor
