// Store::write (the blocking form of submit) and openStore (choosing a backend from a URL).
// Thread-safety: both are safe from any thread, except that write() must not be called on a store
// thread itself (from inside a WriteFn or a `done`), where it would wait for itself.
#include "store/store.h"

#include <filesystem>
#include <future>
#include <memory>
#include <system_error>

#include "store/db_url.h"
#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"

namespace onedoor {

Status Store::write(WriteFn fn) {
  // Shared, not on this stack: the waiting thread may return (and unwind) as soon as the value
  // is visible, while set_value is still finishing on the store's thread.
  auto promise = std::make_shared<std::promise<Status>>();
  std::future<Status> future = promise->get_future();
  submit(std::move(fn), [promise](Status s) { promise->set_value(std::move(s)); });
  return future.get();
}

void Store::notifyNodes(const std::string&, const std::string&) {}
void Store::listenNodes(const std::string&, std::function<void(const std::string&)>) {}

bool isPostgresUrl(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

Result<std::string> sqlitePathOf(const std::string& url) {
  if (url.rfind("sqlite:", 0) != 0) {
    return invalid("不支持的数据库地址，请使用 sqlite:路径 或 postgresql://… / unsupported database URL, use sqlite:PATH or postgresql://…",
                   "db");
  }
  std::string path = url.substr(7);
  // Accept the URL-ish spelling too: sqlite:///abs/path and sqlite://rel/path.
  if (path.rfind("//", 0) == 0) path = path.substr(2);
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) {
    // An in-memory database would be a different database on every connection of the pool.
    return invalid("请给出 SQLite 数据库文件路径 / sqlite: needs a database file path", "db");
  }
  return path;
}

Result<std::unique_ptr<Store>> openStore(const std::string& url, const StoreOptions& options) {
  if (isPostgresUrl(url)) return pg::openPgStore(url, options);
  Result<std::string> path = sqlitePathOf(url);
  if (!path) return path.status();
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool exists = fs::exists(*path, ec);
  if (options.must_exist && !exists) {
    // A read-only command (verify, check, list) on a mistyped path: say so, create nothing.
    return Status(Code::kNotFound, "找不到数据库文件 / no database at " + *path);
  }
  if (exists && fs::is_regular_file(*path, ec) && fs::file_size(*path, ec) == 0 && !ec) {
    if (options.must_exist) return Status(Code::kNotFound, "数据库文件是空的 / the database file " + *path + " is empty (0 bytes)");
    // A 0-byte file is what a failed copy or a truncation leaves: never start empty on it silently.
    if (!options.adopt) {
      return Status(Code::kConflict, "数据库文件是空的（0 字节），未做任何改动；若要在其中新建数据库请加 --init / " + *path +
                                         " is an empty (0-byte) file; nothing was changed. Restore it from a backup, "
                                         "or pass --init to start a new database in it");
    }
  }
  if (!exists) {
    const fs::path parent = fs::path(*path).parent_path();
    if (!parent.empty()) {
      fs::create_directories(parent, ec);
      if (ec) {
        return Status(Code::kInternal, "无法创建数据目录 / cannot create directory " + parent.string() + ": " +
                                           ec.message());
      }
    }
  }
  return sqlite::openSqliteStore(*path, options);
}

Status checkDatabaseIntegrity(const std::string& url) {
  if (isPostgresUrl(url)) {
    // PostgreSQL checksums and checks its own pages; what is left to check is that it is ours.
    StoreOptions existing;
    existing.must_exist = true;
    existing.read_connections = 1;
    auto store = pg::openPgStore(url, existing);
    if (!store) return store.status();
    (*store)->close();
    return Status::ok();
  }
  Result<std::string> path = sqlitePathOf(url);
  if (!path) return path.status();
  std::error_code ec;
  if (!std::filesystem::exists(*path, ec)) return Status(Code::kNotFound, "找不到数据库文件 / no database at " + *path);
  if (std::filesystem::file_size(*path, ec) == 0 && !ec)
    return Status(Code::kNotFound, "数据库文件是空的 / the database file " + *path + " is empty (0 bytes)");
  return sqlite::checkSqliteIntegrity(*path);
}

}  // namespace onedoor
