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
  const std::filesystem::path parent = std::filesystem::path(*path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Status(Code::kInternal, "无法创建数据目录 / cannot create directory " + parent.string() +
                                         ": " + ec.message());
    }
  }
  return sqlite::openSqliteStore(*path, options);
}

}  // namespace onedoor
