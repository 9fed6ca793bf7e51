// The `onedoor` command as an operator uses it: demo, user add/list/disable, ledger verify on a
// tampered database file.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "core/random.h"
#include "store/postgres/pg_connection.h"
#include "support/cli_process.h"
#include "support/pg_cluster.h"
#include "support/sqlite_value.h"

namespace fs = std::filesystem;

using onedoor::testing::CommandResult;
using onedoor::testing::ServeProcess;
using onedoor::testing::httpRequest;
using onedoor::testing::run;
namespace bhttp = boost::beast::http;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    onedoor::initCrypto();
    dir_ = fs::temp_directory_path() / ("onedoor-cli-" + onedoor::randomHex(6));
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(CliTest, UserCommandsAndLedgerVerifyDetectTampering) {
  std::string data = "--data " + dir_.string();
  auto demo = run("demo " + data);
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  EXPECT_NE(demo.output.find("onedoor-demo"), std::string::npos);
  EXPECT_NE(run("demo " + data).exit_code, 0);  // only into a fresh database

  auto add = run("user add " + data + " --username night.clerk --password long-enough-pw --role clerk --name 夜班");
  ASSERT_EQ(add.exit_code, 0) << add.output;
  auto bad = run("user add " + data + " --username x --password short --role clerk");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(run("user add " + data + " --username night.clerk --password long-enough-pw --role clerk").exit_code, 0);
  auto list = run("user list " + data);
  EXPECT_NE(list.output.find("night.clerk"), std::string::npos);
  EXPECT_EQ(run("user disable " + data + " --username night.clerk").exit_code, 0);
  EXPECT_NE(run("user list " + data).output.find("night.clerk\tclerk\tyes"), std::string::npos);

  auto ok = run("ledger verify " + data);
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("intact"), std::string::npos);

  // Tamper as an attacker with file access would: drop the append-only guard, change a payload.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "onedoor.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='events'", -1, &st, nullptr), SQLITE_OK);
  std::vector<std::string> triggers;
  while (sqlite3_step(st) == SQLITE_ROW) triggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  for (const auto& t : triggers) ASSERT_EQ(sqlite3_exec(db, ("DROP TRIGGER " + t).c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE events SET payload='{\"name\":\"forged\"}' WHERE seq=7", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  auto broken = run("ledger verify " + data);
  EXPECT_EQ(broken.exit_code, 1) << broken.output;
  EXPECT_NE(broken.output.find("seq 7"), std::string::npos) << broken.output;
}

TEST_F(CliTest, ApiKeyAddPrintsTheKeyOnceAndListRevokeWork) {
  std::string data = "--data " + dir_.string();
  ASSERT_EQ(run("demo " + data).exit_code, 0);
  // The key alone goes to stdout, so a script can capture it.
  std::string cmd = std::string(ONEDOOR_BIN) + " apikey add " + data + " --name FixMyStreet 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 256> buf{};
  std::string key;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) key.append(buf.data(), n);
  ASSERT_EQ(WEXITSTATUS(pclose(p)), 0);
  ASSERT_FALSE(key.empty());
  key.pop_back();  // newline
  EXPECT_EQ(key.rfind("od311_", 0), 0u) << key;
  EXPECT_EQ(key.size(), 46u);
  auto list = run("apikey list " + data);
  ASSERT_EQ(list.exit_code, 0);
  EXPECT_NE(list.output.find("1\tFixMyStreet\t" + key.substr(0, 10) + "\tcli\tno"), std::string::npos) << list.output;
  EXPECT_EQ(list.output.find(key), std::string::npos);  // the key is never listed
  EXPECT_NE(run("apikey add " + data + " --name \"\"").exit_code, 0);
  EXPECT_EQ(run("apikey revoke " + data + " --id 1").exit_code, 0);
  EXPECT_NE(run("apikey list " + data).output.find("\tcli\tyes"), std::string::npos);
  EXPECT_NE(run("apikey revoke " + data + " --id 1").exit_code, 0);  // already revoked
  EXPECT_NE(run("apikey revoke " + data + " --id 99").exit_code, 0);
  EXPECT_EQ(run("ledger verify " + data).exit_code, 0);
}

// Every command that touches data takes --db; here all of them on a PostgreSQL database, down to
// ledger verify finding a payload changed behind the server's back.
TEST_F(CliTest, EveryDataCommandTakesDbAndWorksOnPostgres) {
  const std::string url = onedoor::test::PgCluster::instance().freshDatabaseUrl();
  const std::string db = "--db " + url;
  auto demo = run("demo " + db);
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  EXPECT_NE(run("demo " + db).exit_code, 0);  // only into a fresh database
  ASSERT_EQ(run("user add " + db + " --username night.clerk --password long-enough-pw --role clerk").exit_code, 0);
  EXPECT_NE(run("user list " + db).output.find("night.clerk\tclerk\tno"), std::string::npos);
  EXPECT_EQ(run("user disable " + db + " --username night.clerk").exit_code, 0);
  EXPECT_NE(run("user list " + db).output.find("night.clerk\tclerk\tyes"), std::string::npos);
  ASSERT_EQ(run("apikey add " + db + " --name FixMyStreet").exit_code, 0);
  EXPECT_NE(run("apikey list " + db).output.find("\tFixMyStreet\t"), std::string::npos);
  auto ok = run("ledger verify " + db);
  EXPECT_EQ(ok.exit_code, 0) << ok.output;

  // Tamper as a database superuser would: switch off the append-only triggers, change a payload.
  auto conn = onedoor::pg::Connection::open(url);
  ASSERT_TRUE(conn.isOk()) << conn.status().message();
  ASSERT_TRUE((*conn)->execScript("ALTER TABLE events DISABLE TRIGGER USER; "
                                  "UPDATE events SET payload = '{\"name\":\"forged\"}' WHERE seq = 7")
                  .isOk());
  auto broken = run("ledger verify " + db);
  EXPECT_EQ(broken.exit_code, 1) << broken.output;
  EXPECT_NE(broken.output.find("seq 7"), std::string::npos) << broken.output;
}

// Moving up: the demo centre (with its hall tickets, appeals, photos, matters and ledger) copied
// from SQLite into an empty PostgreSQL database; the ledger verified on both sides; a second copy
// into the now non-empty target refused; new rows on the target continue after the copied ids.
TEST_F(CliTest, MigrateDbCopiesEverythingFromSqliteToPostgresAndVerifiesTheLedger) {
  std::string data = "--data " + dir_.string();
  ASSERT_EQ(run("demo " + data).exit_code, 0);
  ASSERT_EQ(run("user add " + data + " --username night.clerk --password long-enough-pw --role clerk").exit_code, 0);
  const std::string from = "sqlite:" + (dir_ / "onedoor.db").string();
  const std::string to = onedoor::test::PgCluster::instance().freshDatabaseUrl();

  auto moved = run("migrate-db --from " + from + " --to " + to);
  ASSERT_EQ(moved.exit_code, 0) << moved.output;
  EXPECT_NE(moved.output.find("ledger verified on both sides"), std::string::npos) << moved.output;
  EXPECT_NE(moved.output.find("events\t"), std::string::npos) << moved.output;

  // Same rows on both sides, table by table (the report lists every table with its count).
  auto sqlite_count = [&](const std::string& table) {
    sqlite3* db = nullptr;
    sqlite3_open((dir_ / "onedoor.db").c_str(), &db);
    const int64_t n = std::stoll(onedoor::test::sqliteValue(db, "SELECT count(*) FROM " + table));
    sqlite3_close(db);
    return n;
  };
  for (const char* table : {"users", "departments", "events", "appeals", "tickets", "matters", "applications"}) {
    EXPECT_NE(moved.output.find(std::string(table) + "\t" + std::to_string(sqlite_count(table)) + "\n"),
              std::string::npos)
        << table << "\n" << moved.output;
  }
  auto list = run("user list --db " + to);
  EXPECT_NE(list.output.find("night.clerk"), std::string::npos) << list.output;
  EXPECT_EQ(run("ledger verify --db " + to).exit_code, 0);
  // New rows continue after the copied ids; the chain continues after the copied events.
  ASSERT_EQ(run("user add --db " + to + " --username late.clerk --password long-enough-pw --role clerk").exit_code, 0);
  EXPECT_EQ(run("ledger verify --db " + to).exit_code, 0);

  auto again = run("migrate-db --from " + from + " --to " + to);
  EXPECT_EQ(again.exit_code, 2) << again.output;
  EXPECT_NE(again.output.find("already holds data"), std::string::npos) << again.output;
}

// Issue 18, item 2: the server key lives in DATA/secret.key (created on first start, mode 0600) or
// --secret-key-file; the database remembers its fingerprint, so a node with another key, or with
// a key file lost and made anew, refuses to start instead of failing every citizen's secret.
static void checkServeKeyBinding(const fs::path& dir, const std::string& db_args) {
  ASSERT_EQ(run("demo " + db_args).exit_code, 0);
  {
    ServeProcess first(db_args);
    ASSERT_NE(first.port(), 0) << first.output();
    EXPECT_EQ(httpRequest(first.port(), bhttp::verb::get, "/healthz").result_int(), 200u);
  }
  const fs::path key = dir / "secret.key";
  struct stat st {};
  ASSERT_EQ(::stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::ofstream(dir / "other.key") << std::string(64, 'a') << "\n";
  ServeProcess other(db_args + " --secret-key-file " + (dir / "other.key").string());
  EXPECT_EQ(other.port(), 0);
  EXPECT_EQ(other.exitCode(), 2) << other.output();
  EXPECT_NE(other.output().find("another server key"), std::string::npos) << other.output();
  ServeProcess missing(db_args + " --secret-key-file " + (dir / "missing.key").string());
  EXPECT_EQ(missing.exitCode(), 2) << missing.output();
  EXPECT_NE(missing.output().find("does not exist"), std::string::npos) << missing.output();
  EXPECT_FALSE(fs::exists(dir / "missing.key"));  // an explicit key file is never made up
  {
    ServeProcess same(db_args + " --secret-key-file " + key.string());
    EXPECT_NE(same.port(), 0) << same.output();
  }
  fs::remove(key);  // lost: the next start makes a new key, which the database refuses
  ServeProcess lost(db_args);
  EXPECT_EQ(lost.exitCode(), 2) << lost.output();
  EXPECT_NE(lost.output().find("another server key"), std::string::npos) << lost.output();
}

TEST_F(CliTest, ServeBindsTheDatabaseToItsKeyAndRefusesAnotherOnSqlite) {
  checkServeKeyBinding(dir_, "--data " + dir_.string());
}

TEST_F(CliTest, ServeBindsTheDatabaseToItsKeyAndRefusesAnotherOnPostgres) {
  const std::string url = onedoor::test::PgCluster::instance().freshDatabaseUrl();
  checkServeKeyBinding(dir_, "--db " + url + " --data " + dir_.string());
}

// Issue 18, items 9 and 10 as an operator starts them: --public-url https://… gives Secure cookies
// and HSTS; --trusted-proxy (repeatable) makes X-Forwarded-For name the client; bad values refuse
// to start.
TEST_F(CliTest, PublicUrlAndTrustedProxiesAreCheckedAndApplied) {
  const std::string data = "--data " + dir_.string();
  ASSERT_EQ(run("demo " + data).exit_code, 0);
  ServeProcess bad_url(data + " --public-url ftp://onedoor.example");
  EXPECT_EQ(bad_url.exitCode(), 2) << bad_url.output();
  ServeProcess bad_cidr(data + " --trusted-proxy 10.0.0.0/33");
  EXPECT_EQ(bad_cidr.exitCode(), 2) << bad_cidr.output();
  EXPECT_NE(bad_cidr.output().find("10.0.0.0/33"), std::string::npos) << bad_cidr.output();

  ServeProcess p(data + " --public-url https://onedoor.example.gov.cn --trusted-proxy 127.0.0.1 --trusted-proxy ::1");
  ASSERT_NE(p.port(), 0) << p.output();
  auto login = [&](const std::string& client, const std::string& user, const std::string& password) {
    return httpRequest(p.port(), bhttp::verb::post, "/api/v1/session",
                       "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}",
                       {{"X-Forwarded-For", client}});
  };
  // 20 failures from as many forwarded clients lock nobody else out.
  for (int i = 1; i <= 20; ++i) EXPECT_EQ(login("198.51.100." + std::to_string(i), "nobody" + std::to_string(i), "guess").result_int(), 401u);
  auto ok = login("192.0.2.50", "clerk", "onedoor-demo");
  ASSERT_EQ(ok.result_int(), 200u) << ok.body();
  std::string cookies;
  for (const auto& f : ok) if (f.name() == bhttp::field::set_cookie) cookies += std::string(f.value()) + "\n";
  EXPECT_NE(cookies.find("onedoor_session="), std::string::npos);
  EXPECT_NE(cookies.find("HttpOnly; Secure"), std::string::npos) << cookies;
  EXPECT_EQ(ok[bhttp::field::strict_transport_security], "max-age=31536000");
}

TEST_F(CliTest, ServeRefusesABadLimitSettingAndNamesIt) {
  std::string data = "--data " + dir_.string();
  for (const char* bad : {"nosuch=1/1m", "appeal.address=20", "tickets.phone.active=many"}) {
    auto r = run("serve " + data + " --port 0 --limit " + bad);
    EXPECT_EQ(r.exit_code, 2) << bad << r.output;
    EXPECT_NE(r.output.find("--limit"), std::string::npos) << r.output;
  }
}
