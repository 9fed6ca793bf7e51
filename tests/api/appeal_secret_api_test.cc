// Appeal secrets over HTTP (issue 18, item 2): 65 bits shown grouped, typed back loosely, stored
// keyed; an older database's unkeyed secrets are rewritten at start and still open their cases;
// a database bound to one server key refuses another. On SQLite, and on PostgreSQL with
// ONEDOOR_TEST_DB=postgresql.
#include <gtest/gtest.h>

#include <regex>

#include "appeals/secret.h"
#include "core/random.h"
#include "demo/demo_centre.h"
#include "services/secret_key_binding.h"
#include "support/test_database.h"
#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

namespace {

appeals::Appeal storedAppeal(TestServer& s, const std::string& code) {
  appeals::Appeal out;
  Status st = s.store().read([&](Reader& r) {
    auto a = r.appealByTrackingCode(code);
    if (a) out = *a;
    return Status::ok();
  });
  EXPECT_TRUE(st);
  return out;
}

std::string lowerNoDashes(std::string s) {
  std::string out;
  for (char c : s)
    if (c != '-') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

TEST(AppealSecretApi, NewSecretsAreGroupedStoredKeyedAndOpenTheCaseHoweverTyped) {
  TestServer s;
  json body = {{"category", "housing.leak"}, {"text", "楼上卫生间漏水，已经三天了"}, {"phone", "13812345678"},
               {"address", "东湖街道柳岸小区 3 栋 402"}};
  auto created = s.request(verb::post, "/api/v1/appeals", body.dump());
  ASSERT_EQ(created.status, 201u) << created.body;
  std::string code = created.json()["tracking_code"], secret = created.json()["secret"];
  EXPECT_TRUE(std::regex_match(secret, std::regex("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{5}$")))
      << secret;
  for (const std::string& typed : {secret, lowerNoDashes(secret), secret.substr(0, 4) + "%20" + secret.substr(5, 4) +
                                                                      "%20" + secret.substr(10)}) {
    EXPECT_EQ(s.request(verb::get, "/api/v1/appeals/" + code + "?secret=" + typed).status, 200u) << typed;
  }
  std::string wrong = secret;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  EXPECT_EQ(s.request(verb::get, "/api/v1/appeals/" + code + "?secret=" + wrong).status, 403u);
  // The verdict takes the secret as typed, too.
  auto a = storedAppeal(s, code);
  EXPECT_EQ(a.secret_hash.rfind("k1:", 0), 0u) << a.secret_hash;
  EXPECT_EQ(a.secret_hash.find(blake2bHex(secret)), std::string::npos);
  EXPECT_EQ(a.secret_hash.find(blake2bHex(*appeals::normalizeSecret(secret))), std::string::npos);
  EXPECT_EQ(a.secret_hash, appeals::secretHash(TestServer::testKey(), secret));
}

TEST(AppealSecretApi, OldUnkeyedSecretsAreRewrittenAtStartAndStillOpenTheirCases) {
  initCrypto();
  const auto dir = std::filesystem::temp_directory_path() / ("onedoor-legacy-" + randomHex(6));
  std::filesystem::create_directories(dir);
  const std::string url = test::testDatabaseUrl(dir);
  const std::string old_secret = "7K2MQ9XA";  // 8 characters, as older releases issued
  {
    // The database as an older release left it: a case whose secret is stored as unkeyed BLAKE2b.
    auto store = openStore(url);
    ASSERT_TRUE(store) << store.status().message();
    TestClock clock;
    ASSERT_TRUE(demo::loadDemoCentre(**store, clock, /*fast_hash=*/true));
    Status st = (*store)->write([&](WriteTx& tx) -> Status {
      auto cat = tx.categoryByCode("housing.leak");
      if (!cat) return notFound("no category");
      appeals::Appeal a;
      a.tracking_code = "0LD0CASE01";
      a.secret_hash = blake2bHex(old_secret);
      a.category = cat->code;
      a.department_id = cat->department_id;
      a.text = "楼上漏水";
      a.address = "柳岸小区";
      a.phone = "13812345678";
      a.created_at = clock.nowMs();
      a.response_due = a.resolution_due = clock.nowMs() + 86400000;
      auto id = tx.insertAppeal(a);
      return id ? Status::ok() : id.status();
    });
    ASSERT_TRUE(st) << st.message();
    (*store)->close();
  }
  {
    TestServer s(url);  // binds the key: rewrites the old hash
    auto a = storedAppeal(s, "0LD0CASE01");
    EXPECT_EQ(a.secret_hash.rfind("k0:", 0), 0u) << a.secret_hash;
    EXPECT_EQ(a.secret_hash.find(blake2bHex(old_secret)), std::string::npos);  // a leak no longer gives it away
    EXPECT_EQ(s.request(verb::get, "/api/v1/appeals/0LD0CASE01?secret=" + old_secret).status, 200u);
    EXPECT_EQ(s.request(verb::get, "/api/v1/appeals/0LD0CASE01?secret=7k2m-q9xa").status, 200u);
    EXPECT_EQ(s.request(verb::get, "/api/v1/appeals/0LD0CASE01?secret=7K2MQ9XB").status, 403u);
    std::vector<Event> bound;
    ASSERT_TRUE(s.store().read([&](Reader& r) {
      bound = r.eventsBySubject(services::kSecretKeySubject);
      return Status::ok();
    }));
    ASSERT_EQ(bound.size(), 1u);
    EXPECT_EQ(bound[0].type, "server.key_bound");
    auto payload = json::parse(bound[0].payload_json);
    EXPECT_EQ(payload["legacy_secrets_upgraded"], 1);
    EXPECT_EQ(payload["fingerprint"], TestServer::testKey().fingerprint());

    // Started again with the same key: nothing to do. With another key: refused, saying why.
    EXPECT_TRUE(services::bindSecretKey(s.store(), TestServer::testKey(), 0));
    const int64_t seq = s.lastSeq();
    Status other = services::bindSecretKey(s.store(), SecretKey::fromBytes(std::string(SecretKey::kBytes, 'o')), 0);
    EXPECT_EQ(other.code(), Code::kConflict);
    EXPECT_NE(other.message().find("another server key"), std::string::npos) << other.message();
    EXPECT_EQ(s.lastSeq(), seq);  // the refusal wrote nothing
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}
