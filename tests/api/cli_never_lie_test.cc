// Never lie, as an operator meets it (issue 20 items 1–3 and 5): read-only commands create
// nothing, serve refuses a database that is not OneDoor's or is damaged, and a node that cannot
// make writes durable says so on /healthz instead of answering "ok".
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "core/random.h"
#include "support/cli_process.h"

namespace fs = std::filesystem;
using namespace onedoor::testing;

namespace {

class NeverLieCli : public ::testing::Test {
 protected:
  void SetUp() override {
    onedoor::initCrypto();
    dir_ = fs::temp_directory_path() / ("onedoor-never-lie-" + onedoor::randomHex(6));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The number of tables in a SQLite file, read with SQLite itself.
  static int tablesIn(const fs::path& file) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return -1;
    sqlite3_stmt* st = nullptr;
    int n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type='table'", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }
  static void exec(const fs::path& file, const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  fs::path dir_;
};

TEST_F(NeverLieCli, ReadOnlyCommandsOnAMissingDatabaseFailAndCreateNothing) {
  const fs::path missing = dir_ / "no" / "such" / "dir";
  for (const std::string cmd : {"ledger verify", "check", "user list", "apikey list"}) {
    auto r = run(cmd + " --data " + missing.string());
    EXPECT_EQ(r.exit_code, 2) << cmd << ": " << r.output;
    EXPECT_NE(r.output.find("no database"), std::string::npos) << cmd << ": " << r.output;
    EXPECT_EQ(r.output.find("intact"), std::string::npos) << cmd << ": " << r.output;
    EXPECT_FALSE(fs::exists(dir_ / "no")) << cmd << " created " << missing;
  }
  // The documented backup check, on a backup that is not there.
  const fs::path backup = dir_ / "backup-2026-12-07.db";
  auto r = run("ledger verify --db sqlite:" + backup.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_FALSE(fs::exists(backup));
  // A 0-byte backup (a copy that failed) is not an intact ledger of 0 events either.
  std::ofstream(backup).close();
  r = run("ledger verify --db sqlite:" + backup.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(fs::file_size(backup), 0u);
}

TEST_F(NeverLieCli, ServeRefusesAForeignOrEmptyDatabaseUnlessInit) {
  const fs::path foreign = dir_ / "crm.db";
  exec(foreign, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES ('x')");
  {
    ServeProcess serve("--data " + dir_.string() + " --db sqlite:" + foreign.string());
    EXPECT_EQ(serve.exitCode(), 2) << serve.output();
    EXPECT_NE(serve.output().find("--init"), std::string::npos) << serve.output();
  }
  EXPECT_EQ(tablesIn(foreign), 1) << "serve changed a database that is not OneDoor's";
  {
    ServeProcess serve("--data " + dir_.string() + " --db sqlite:" + foreign.string() + " --init");
    EXPECT_GT(serve.port(), 0) << serve.output();
  }
  EXPECT_GT(tablesIn(foreign), 1);

  const fs::path empty = dir_ / "empty.db";
  std::ofstream(empty).close();
  {
    ServeProcess serve("--data " + dir_.string() + " --db sqlite:" + empty.string());
    EXPECT_EQ(serve.exitCode(), 2) << serve.output();
    EXPECT_NE(serve.output().find("0-byte"), std::string::npos) << serve.output();
  }
  EXPECT_EQ(fs::file_size(empty), 0u);
  {
    ServeProcess serve("--data " + dir_.string() + " --db sqlite:" + empty.string() + " --init");
    EXPECT_GT(serve.port(), 0) << serve.output();
  }
  // A new data directory is still made on the first start (make run).
  ServeProcess fresh("--data " + (dir_ / "fresh").string());
  EXPECT_GT(fresh.port(), 0) << fresh.output();
}

TEST_F(NeverLieCli, ADamagedDatabaseIsRefusedAndCheckSaysWhere) {
  const std::string data = "--data " + dir_.string();
  ASSERT_EQ(run("demo " + data).exit_code, 0);
  auto sound = run("check " + data);
  EXPECT_EQ(sound.exit_code, 0) << sound.output;
  EXPECT_NE(sound.output.find("ledger intact"), std::string::npos) << sound.output;

  const fs::path file = dir_ / "onedoor.db";
  exec(file, "PRAGMA wal_checkpoint(TRUNCATE)");
  // Scribble over pages in the middle of the file, as a bad disk block would; the header stays.
  const auto size = fs::file_size(file);
  ASSERT_GT(size, 64u * 1024);
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    std::string junk(4096 * 4, '\xA5');
    f.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto check = run("check " + data);
  EXPECT_EQ(check.exit_code, 2) << check.output;
  EXPECT_NE(check.output.find("damaged"), std::string::npos) << check.output;

  ServeProcess serve(data);
  EXPECT_EQ(serve.exitCode(), 2) << serve.output();
  EXPECT_NE(serve.output().find("docs/operations.md"), std::string::npos) << serve.output();
}

TEST_F(NeverLieCli, AFailedSyncStopsWritesAndHealthzSaysSo) {
  const std::string data = "--data " + dir_.string();
  ASSERT_EQ(run("demo " + data).exit_code, 0);
  const fs::path flag = dir_ / "fail-sync";
  // The shim is not built with the sanitizers; a sanitized onedoor must let it load first.
  ServeProcess serve(data, "",
                     std::string("env LD_PRELOAD=") + ONEDOOR_FSYNC_FAULT_LIB + " ONEDOOR_FAIL_SYNC_FLAG=" + flag.string() +
                         " ASAN_OPTIONS=\"$ASAN_OPTIONS:verify_asan_link_order=0\"");
  ASSERT_GT(serve.port(), 0) << serve.output();
  const std::string appeal = R"({"category":"road.damage","text":"人行道塌了一个坑","phone":"13900001111"})";
  EXPECT_EQ(httpRequest(serve.port(), bhttp::verb::post, "/api/v1/appeals", appeal).result_int(), 201);
  EXPECT_EQ(httpRequest(serve.port(), bhttp::verb::get, "/healthz").result_int(), 200);

  std::ofstream(flag).close();  // the disk starts losing writes
  auto refused = httpRequest(serve.port(), bhttp::verb::post, "/api/v1/appeals", appeal);
  EXPECT_EQ(refused.result_int(), 503) << refused.body();
  EXPECT_FALSE(refused[bhttp::field::retry_after].empty());
  auto health = httpRequest(serve.port(), bhttp::verb::get, "/healthz");
  EXPECT_EQ(health.result_int(), 503) << health.body();
  EXPECT_NE(health.body().find("writes_stopped"), std::string::npos) << health.body();
  EXPECT_NE(health.body().find("fdatasync"), std::string::npos) << health.body();
  EXPECT_EQ(httpRequest(serve.port(), bhttp::verb::get, "/livez").result_int(), 200);

  // Fail-stop: a disk that works again does not bring back writes a lost sync may have broken.
  fs::remove(flag);
  EXPECT_EQ(httpRequest(serve.port(), bhttp::verb::post, "/api/v1/appeals", appeal).result_int(), 503);
  EXPECT_EQ(httpRequest(serve.port(), bhttp::verb::get, "/healthz").result_int(), 503);
  std::string log = serve.laterOutput();
  EXPECT_NE(log.find("writes stopped until restart"), std::string::npos) << log;
  EXPECT_EQ(log.find("writes stopped until restart"), log.rfind("writes stopped until restart")) << "logged more than once:\n"
                                                                                                  << log;
}

}  // namespace
