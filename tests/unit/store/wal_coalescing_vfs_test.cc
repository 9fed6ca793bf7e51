// Tests of the WAL-coalescing VFS on real files: each commit reaches the WAL in one write (or a few
// for large ones), other connections and a fresh open after a "crash" see exactly the committed
// transactions, and a write that fails fails its COMMIT without losing what was committed before.
#include "store/sqlite/wal_coalescing_vfs.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/sqlite_value.h"

namespace onedoor::sqlite {
namespace {

constexpr const char* kVfs = "onedoor-wal-coalescing";

class WalCoalescingVfsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_STREQ(walCoalescingVfs(), kVfs);
    std::string tmpl = (std::filesystem::temp_directory_path() / "onedoor-walvfs-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "t.db").string();
    writer_ = openDb(path_, kVfs);
    exec(writer_, "PRAGMA journal_mode=WAL");
    exec(writer_, "PRAGMA synchronous=NORMAL");
    exec(writer_, "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    exec(writer_, "CREATE INDEX t_body ON t(body)");
    reader_ = openDb(path_, nullptr);
  }
  void TearDown() override {
    sqlite3_close(reader_);
    sqlite3_close(writer_);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  static sqlite3* openDb(const std::string& path, const char* vfs) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs), SQLITE_OK);
    sqlite3_extended_result_codes(db, 1);
    return db;
  }
  static int exec(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    sqlite3_free(err);
    return rc;
  }
  static std::string one(sqlite3* db, const std::string& sql) { return test::sqliteValue(db, sql); }
  // One transaction of `rows` rows of `bytes` bytes each (spread over many pages of the table and
  // of its index).
  static int insertRows(sqlite3* db, int rows, int bytes) {
    return exec(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                        std::to_string(rows) + ") INSERT INTO t(body) SELECT hex(randomblob(" +
                        std::to_string(bytes / 2) + ")) FROM n");
  }
  // The database and WAL files as they are now, as a crash would leave them, opened afresh
  // without this VFS: recovery reads the WAL from the file.
  std::string countAfterCrash(const std::string& name) {
    const auto copy = dir_ / name;
    std::filesystem::copy_file(path_, copy);
    std::filesystem::copy_file(path_ + "-wal", copy.string() + "-wal");
    sqlite3* db = openDb(copy.string(), nullptr);
    std::string n = one(db, "SELECT count(*) FROM t");
    EXPECT_EQ(one(db, "PRAGMA integrity_check"), "ok");
    sqlite3_close(db);
    return n;
  }

  std::filesystem::path dir_;
  std::string path_;
  sqlite3* writer_ = nullptr;
  sqlite3* reader_ = nullptr;
};

TEST_F(WalCoalescingVfsTest, EachCommitIsOneWriteThatOtherConnectionsAndRecoverySee) {
  const WalCoalescingCounts before = walCoalescingCounts(kVfs);
  const auto wal_before = static_cast<int64_t>(std::filesystem::file_size(path_ + "-wal"));
  constexpr int kCommits = 40;
  for (int i = 1; i <= kCommits; ++i) {
    ASSERT_EQ(insertRows(writer_, 16, 400), SQLITE_OK) << sqlite3_errmsg(writer_);
    ASSERT_EQ(one(reader_, "SELECT count(*) FROM t"), std::to_string(16 * i));
  }
  const WalCoalescingCounts after = walCoalescingCounts(kVfs);
  const int64_t appended = static_cast<int64_t>(std::filesystem::file_size(path_ + "-wal")) - wal_before;
  const int64_t frames = appended / (4096 + 24);
  const int64_t asked = after.wal_writes - before.wal_writes;
  const int64_t made = after.file_writes - before.file_writes;
  // Without the VFS: two writes per frame. With it: one per commit, plus one per 128 KiB a commit
  // spans beyond the first (the random index keys touch more pages as the index grows).
  EXPECT_GE(asked, 2 * frames);
  EXPECT_GE(frames, 3 * kCommits);
  EXPECT_LE(made, kCommits + appended / 0x1ffff + 1);
  EXPECT_EQ(after.late_flushes, before.late_flushes) << "a commit frame was not recognised";
  EXPECT_EQ(countAfterCrash("copy.db"), std::to_string(16 * kCommits));
}

TEST_F(WalCoalescingVfsTest, LargeTransactionsAreWrittenInPiecesTheUnixVfsAccepts) {
  // 128 KiB and more per write is what the unix VFS cannot take at once; 6 MiB is beyond the buffer.
  for (int bytes : {140 * 1024, 1 << 20, 6 << 20}) {
    ASSERT_EQ(insertRows(writer_, 1, bytes), SQLITE_OK) << bytes << ": " << sqlite3_errmsg(writer_);
  }
  EXPECT_EQ(one(reader_, "SELECT count(*) || ' ' || sum(length(body)) FROM t"),
            "3 " + std::to_string(140 * 1024 + (1 << 20) + (6 << 20)));
  EXPECT_EQ(one(reader_, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(countAfterCrash("copy.db"), "3");
  EXPECT_EQ(walCoalescingCounts(kVfs).late_flushes, 0);
}

TEST_F(WalCoalescingVfsTest, FramesSpilledByARolledBackTransactionDoNotDisturbTheNextCommit) {
  ASSERT_EQ(insertRows(writer_, 10, 300), SQLITE_OK);
  // A tiny page cache makes SQLite write frames to the WAL before the commit (a spill).
  exec(writer_, "PRAGMA cache_size=5");
  ASSERT_EQ(exec(writer_, "BEGIN"), SQLITE_OK);
  ASSERT_EQ(insertRows(writer_, 400, 1000), SQLITE_OK);
  ASSERT_EQ(exec(writer_, "ROLLBACK"), SQLITE_OK);
  EXPECT_EQ(one(reader_, "SELECT count(*) FROM t"), "10");
  ASSERT_EQ(insertRows(writer_, 3, 300), SQLITE_OK) << sqlite3_errmsg(writer_);
  EXPECT_EQ(one(reader_, "SELECT count(*) FROM t"), "13");
  EXPECT_EQ(one(reader_, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(countAfterCrash("copy.db"), "13");
  EXPECT_EQ(walCoalescingCounts(kVfs).late_flushes, 0);
}

// The real WAL write fails (the file may not grow past RLIMIT_FSIZE): the COMMIT reports it,
// nothing of that transaction is visible or recovered, and the next commit works.
TEST_F(WalCoalescingVfsTest, AFailedWriteFailsItsCommitAndLosesNothingCommittedBefore) {
  ASSERT_EQ(insertRows(writer_, 20, 400), SQLITE_OK);
  const auto wal_size = static_cast<rlim_t>(std::filesystem::file_size(path_ + "-wal"));
  struct rlimit old_limit {};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of a signal
  struct rlimit tight = old_limit;
  tight.rlim_cur = wal_size + 4096;  // room for one frame, not for the transaction
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &tight), 0);
  const int rc = insertRows(writer_, 50, 2000);
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &old_limit), 0);
  std::signal(SIGXFSZ, old_handler);

  EXPECT_NE(rc, SQLITE_OK);
  if (sqlite3_get_autocommit(writer_) == 0) exec(writer_, "ROLLBACK");
  EXPECT_EQ(one(reader_, "SELECT count(*) FROM t"), "20");
  EXPECT_EQ(one(writer_, "SELECT count(*) FROM t"), "20");
  ASSERT_EQ(insertRows(writer_, 5, 400), SQLITE_OK) << sqlite3_errmsg(writer_);
  EXPECT_EQ(one(reader_, "SELECT count(*) FROM t"), "25");
  EXPECT_EQ(one(reader_, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(countAfterCrash("copy.db"), "25");
}

TEST(WalCoalescingVfsRegistrationTest, NamesAreUniqueAndCountsOfUnknownNamesAreZero) {
  ASSERT_NE(walCoalescingVfs(), nullptr);
  EXPECT_EQ(walCoalescingVfs(), walCoalescingVfs());
  EXPECT_EQ(registerWalCoalescingVfs(kVfs, sqlite3_vfs_find(nullptr)), nullptr);
  EXPECT_EQ(registerWalCoalescingVfs("onedoor-test-no-root", nullptr), nullptr);
  EXPECT_EQ(walCoalescingCounts("no-such-vfs").wal_writes, 0);
}

}  // namespace
}  // namespace onedoor::sqlite
