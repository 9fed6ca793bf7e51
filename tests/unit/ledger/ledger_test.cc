// Tests of the ledger's hash chain: canonical JSON, the hash, ChainVerifier, and verifyStore on a
// real SQLite file tampered with behind the store's back.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <vector>

#include "ledger/ledger.h"
#include "store/store.h"

namespace onedoor::ledger {
namespace {

Event sampleEvent() {
  Event e;
  e.seq = 42;
  e.at = 1718000000123;
  e.actor = "user:12";
  e.type = "appeal.accepted";
  e.subject = "appeal:7QK4M9T2XB";
  e.payload_json = R"({"note":"已受理","window":3})";
  e.prev_hash = std::string(64, 'a');
  return e;
}

// A chain of n events built by hand, as the store would build it.
std::vector<Event> makeChain(int n) {
  std::vector<Event> chain;
  std::string prev = kGenesisHash;
  for (int i = 1; i <= n; ++i) {
    Event e;
    e.seq = i;
    e.at = 1700000000000 + i;
    e.actor = "system";
    e.type = "test.event";
    e.subject = "test:" + std::to_string(i);
    e.payload_json = "{\"i\":" + std::to_string(i) + "}";
    e.prev_hash = prev;
    e.hash = eventHash(e);
    prev = e.hash;
    chain.push_back(e);
  }
  return chain;
}

VerifyReport verify(const std::vector<Event>& events) {
  ChainVerifier v;
  for (const Event& e : events) {
    if (!v.feed(e)) break;
  }
  return v.report();
}

TEST(LedgerTest, CanonicalJsonSortsKeysAndDropsWhitespace) {
  auto r = canonicalJson(R"(  { "b" : 1,
      "a" : { "d" : [ 1, 2, { "z": 1, "y": 2 } ], "c" : null },
      "名" : "张三" } )");
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_EQ(*r, R"({"a":{"c":null,"d":[1,2,{"y":2,"z":1}]},"b":1,"名":"张三"})");
  // Escapes that spell the same text give the same canonical form (UTF-8, not \u escapes).
  auto escaped = canonicalJson(R"({"名":"\u5f20\u4e09"})");
  ASSERT_TRUE(escaped.isOk());
  EXPECT_EQ(*escaped, R"({"名":"张三"})");
  // Canonicalising is idempotent.
  EXPECT_EQ(*canonicalJson(*r), *r);
  // Scalars and arrays are JSON too.
  EXPECT_EQ(*canonicalJson(" [ true, false ] "), "[true,false]");
  EXPECT_EQ(*canonicalJson("\"text\""), "\"text\"");
  EXPECT_EQ(*canonicalJson("{\"quote\":\"a\\\"b\"}"), "{\"quote\":\"a\\\"b\"}");
}

TEST(LedgerTest, CanonicalJsonRejectsInvalidJson) {
  for (const std::string& bad : {std::string(""), std::string("{"), std::string("{a:1}"), std::string("[1,]"),
                                std::string("{\"a\":1} {\"b\":2}"), std::string("NaN"), std::string("'x'")}) {
    auto r = canonicalJson(bad);
    ASSERT_FALSE(r.isOk()) << bad;
    EXPECT_EQ(r.status().code(), Code::kInvalid);
    EXPECT_NE(r.status().message().find(" / "), std::string::npos) << r.status().message();
  }
}

TEST(LedgerTest, CanonicalJsonRejectsInvalidUtf8) {
  const std::vector<std::string> bad = {
      "\"\xff\"",          // never valid
      "\"\xc0\xaf\"",      // overlong '/'
      "\"\xed\xa0\x80\"",  // a UTF-16 surrogate encoded in UTF-8
      "\"\xe5\xbc\"",      // truncated 张
      "\"\xf4\x90\x80\x80\"",  // above U+10FFFF
      R"("\ud800")",       // a lone surrogate escape
  };
  for (const std::string& s : bad) {
    auto r = canonicalJson(s);
    ASSERT_FALSE(r.isOk()) << s;
    EXPECT_EQ(r.status().code(), Code::kInvalid);
    EXPECT_NE(r.status().message().find(" / "), std::string::npos);
  }
  auto utf8 = canonicalJson("\"\xe5\xbc\xa0 \xf0\x9f\x98\x80\"");  // 张 😀
  ASSERT_TRUE(utf8.isOk());
}

TEST(LedgerTest, EncodingIsLengthPrefixedSoFieldsCannotBleed) {
  Event a = sampleEvent(), b = sampleEvent();
  a.actor = "ab";
  a.type = "c";
  b.actor = "a";
  b.type = "bc";
  EXPECT_NE(canonicalEncoding(a), canonicalEncoding(b));
  EXPECT_NE(eventHash(a), eventHash(b));
  const std::string enc = canonicalEncoding(sampleEvent());
  EXPECT_EQ(enc.substr(0, 8), std::string("\0\0\0\0\0\0\0\x11", 8));  // 17 = strlen("onedoor-ledger-v1")
  EXPECT_EQ(enc.substr(8, 17), "onedoor-ledger-v1");
}

TEST(LedgerTest, HashIsStableAndPinned) {
  const Event e = sampleEvent();
  const std::string h = eventHash(e);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h, eventHash(e));
  // Pinned: computed independently (Python hashlib.blake2b, digest_size=32, over the documented
  // encoding). If this changes, every existing ledger stops verifying.
  EXPECT_EQ(h, "6028963c73a4ddc7d6db38b3fb52a87929336cf0dadc19baaa08c8a0a102bb45");
  Event with_hash = e;
  with_hash.hash = "ignored";
  EXPECT_EQ(eventHash(with_hash), h);
}

TEST(LedgerTest, ChangingAnyFieldChangesTheHash) {
  const Event base = sampleEvent();
  const std::string h = eventHash(base);
  std::vector<Event> variants(7, base);
  variants[0].seq += 1;
  variants[1].at += 1;
  variants[2].actor += "x";
  variants[3].type += "x";
  variants[4].subject += "x";
  variants[5].payload_json = R"({"note":"已受理","window":4})";
  variants[6].prev_hash[0] = 'b';
  for (size_t i = 0; i < variants.size(); ++i) EXPECT_NE(eventHash(variants[i]), h) << "field " << i;
}

TEST(LedgerTest, VerifierAcceptsAnIntactChain) {
  auto report = verify(makeChain(5));
  EXPECT_TRUE(report.ok);
  EXPECT_EQ(report.events, 5);
  EXPECT_EQ(report.first_bad_seq, 0);
  EXPECT_TRUE(verify({}).ok);
}

TEST(LedgerTest, VerifierFindsATamperedPayload) {
  auto chain = makeChain(5);
  chain[2].payload_json = R"({"i":300})";
  auto report = verify(chain);
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_EQ(report.reason, "hash mismatch");
}

TEST(LedgerTest, VerifierFindsARehashedEventByTheNextLink) {
  auto chain = makeChain(5);
  chain[2].payload_json = R"({"i":300})";
  chain[2].hash = eventHash(chain[2]);  // the forger recomputes this event's hash...
  auto report = verify(chain);
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 4);  // ...but the next event still points at the old one
  EXPECT_EQ(report.reason, "prev_hash mismatch");
}

TEST(LedgerTest, VerifierFindsAMissingEvent) {
  auto chain = makeChain(5);
  chain.erase(chain.begin() + 1);
  auto report = verify(chain);
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 2);
  EXPECT_EQ(report.reason, "missing event");
  chain = makeChain(3);
  chain.erase(chain.begin());
  EXPECT_EQ(verify(chain).first_bad_seq, 1);
}

TEST(LedgerTest, VerifierFindsOutOfOrderAndDuplicateEvents) {
  auto chain = makeChain(4);
  std::swap(chain[1], chain[2]);  // 1,3,2,4: 3 arrives where 2 is expected
  auto report = verify(chain);
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 2);
  EXPECT_EQ(report.reason, "missing event");

  chain = makeChain(3);
  chain.insert(chain.begin() + 2, chain[1]);  // 1,2,2,3
  report = verify(chain);
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_EQ(report.reason, "sequence out of order");
}

TEST(LedgerTest, VerifierStopsAtTheFirstBreak) {
  auto chain = makeChain(6);
  chain[1].subject = "forged";
  chain[4].subject = "forged too";
  ChainVerifier v;
  EXPECT_TRUE(v.feed(chain[0]));
  EXPECT_FALSE(v.feed(chain[1]));
  EXPECT_FALSE(v.feed(chain[2]));  // stays failed
  EXPECT_EQ(v.report().first_bad_seq, 2);
  EXPECT_EQ(v.report().events, 2);
}

// ---- verifyStore on a real database file ----

class LedgerStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "onedoor-ledger-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "onedoor.db").string();
    auto store = openStore("sqlite:" + path_);
    ASSERT_TRUE(store.isOk()) << store.status().message();
    for (int i = 1; i <= 20; ++i) {
      Status s = (*store)->write([i](WriteTx& tx) {
        return tx
            .appendEvent(EventDraft{1700000000000 + i * 1000, "user:1", "test.event", "test:" + std::to_string(i),
                                    "{\"i\":" + std::to_string(i) + ",\"note\":\"第" + std::to_string(i) + "件\"}"})
            .status();
      });
      ASSERT_TRUE(s.isOk()) << s.message();
    }
    // Destroying the store closes it: writer joined, connections closed, WAL checkpointed.
  }

  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Runs SQL directly on the file, as someone with access to the disk could. Returns the SQLite
  // result code and fills `err` with its message.
  int rawExec(const std::string& sql, std::string* err = nullptr) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    sqlite3_extended_result_codes(db, 1);
    char* msg = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg);
    if (err != nullptr) *err = msg != nullptr ? msg : "";
    sqlite3_free(msg);
    sqlite3_close(db);
    return rc;
  }

  void dropTriggers() {
    ASSERT_EQ(rawExec("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;"), SQLITE_OK);
  }

  VerifyReport verifyFile() {
    auto store = openStore("sqlite:" + path_);
    EXPECT_TRUE(store.isOk()) << store.status().message();
    if (!store.isOk()) return {};
    auto report = verifyStore(**store);
    EXPECT_TRUE(report.isOk()) << report.status().message();
    return report.isOk() ? *report : VerifyReport{};
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(LedgerStoreTest, IntactLedgerVerifies) {
  auto report = verifyFile();
  EXPECT_TRUE(report.ok) << report.reason << " at " << report.first_bad_seq;
  EXPECT_EQ(report.events, 20);
}

TEST_F(LedgerStoreTest, TriggersRefuseUpdateAndDelete) {
  std::string err;
  EXPECT_EQ(rawExec("UPDATE events SET payload = '{}' WHERE seq = 3", &err), SQLITE_CONSTRAINT_TRIGGER);
  EXPECT_NE(err.find("append-only"), std::string::npos) << err;
  EXPECT_EQ(rawExec("DELETE FROM events WHERE seq = 3", &err), SQLITE_CONSTRAINT_TRIGGER);
  EXPECT_NE(err.find("append-only"), std::string::npos) << err;
  EXPECT_EQ(rawExec("DELETE FROM events", &err), SQLITE_CONSTRAINT_TRIGGER);
  auto report = verifyFile();
  EXPECT_TRUE(report.ok);
  EXPECT_EQ(report.events, 20);
}

TEST_F(LedgerStoreTest, ChangedPayloadIsAHashMismatch) {
  dropTriggers();
  ASSERT_EQ(rawExec(R"(UPDATE events SET payload = '{"i":7,"note":"改过了"}' WHERE seq = 7)"), SQLITE_OK);
  auto report = verifyFile();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 7);
  EXPECT_EQ(report.reason, "hash mismatch");
}

TEST_F(LedgerStoreTest, DeletedRowIsAMissingEvent) {
  dropTriggers();
  ASSERT_EQ(rawExec("DELETE FROM events WHERE seq = 12"), SQLITE_OK);
  auto report = verifyFile();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 12);
  EXPECT_EQ(report.reason, "missing event");
}

TEST_F(LedgerStoreTest, SwappedRowsAreFoundAtTheFirstOfThem) {
  dropTriggers();
  // Swap everything but seq between rows 5 and 9: each row is self-consistent, the links are not.
  ASSERT_EQ(rawExec(R"(
      CREATE TEMP TABLE s AS SELECT * FROM events WHERE seq IN (5, 9);
      UPDATE events SET (at, actor, type, subject, payload, prev_hash, hash) =
        (SELECT at, actor, type, subject, payload, prev_hash, hash FROM s
         WHERE s.seq = CASE events.seq WHEN 5 THEN 9 ELSE 5 END)
      WHERE seq IN (5, 9);)"),
            SQLITE_OK);
  auto report = verifyFile();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 5);
  EXPECT_FALSE(report.reason.empty());
}

TEST_F(LedgerStoreTest, SwappedPayloadsAreFoundAtTheFirstOfThem) {
  dropTriggers();
  ASSERT_EQ(rawExec(R"(
      CREATE TEMP TABLE s AS SELECT seq, payload FROM events WHERE seq IN (4, 15);
      UPDATE events SET payload = (SELECT payload FROM s WHERE s.seq = CASE events.seq WHEN 4 THEN 15 ELSE 4 END)
      WHERE seq IN (4, 15);)"),
            SQLITE_OK);
  auto report = verifyFile();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 4);
  EXPECT_EQ(report.reason, "hash mismatch");
}

TEST_F(LedgerStoreTest, VerifyPagesThroughALongLedger) {
  // More than one page (1000) of verifyStore.
  auto store = openStore("sqlite:" + path_);
  ASSERT_TRUE(store.isOk());
  ASSERT_TRUE((*store)->write([](WriteTx& tx) {
    for (int i = 0; i < 2100; ++i) {
      auto e = tx.appendEvent(EventDraft{1, "system", "test.bulk", "", "[]"});
      if (!e) return e.status();
    }
    return Status::ok();
  }));
  auto report = verifyStore(**store);
  ASSERT_TRUE(report.isOk());
  EXPECT_TRUE(report->ok) << report->reason;
  EXPECT_EQ(report->events, 2120);
}

}  // namespace
}  // namespace onedoor::ledger
