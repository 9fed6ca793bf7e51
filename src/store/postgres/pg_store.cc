// The PostgreSQL Store (see pg_store.h).
//
// Durability: with synchronous_commit on (the server default, which we do not change) COMMIT
// returns only once the commit's WAL is flushed on the server, so a batch is durable when the
// writer's COMMIT returns and the completion thread has nothing to sync. Writers on several nodes
// serialise on pg_advisory_xact_lock(kWriterLock), taken first in every batch and released by the
// COMMIT or ROLLBACK; the chain head is re-read under the lock, so each node appends after the
// other's events. Reads run in REPEATABLE READ READ ONLY transactions: one snapshot per read().
//
// Faults: a lost connection (server restart, network) makes the statement fail with kUnavailable
// (HTTP 503 with Retry-After); the next batch or read reconnects first (ensureUsable). A batch
// whose COMMIT did not return is reported failed; its writes were never acknowledged.
// Thread-safety: as GroupCommitStore.
#include "store/postgres/pg_store.h"

#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "core/random.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_migrations.h"
#include "store/sql/group_commit_store.h"
#include "store/sql/ownership.h"

namespace onedoor::pg {

namespace {

// The advisory lock every writer of the database takes per batch ("OneDoor" in ASCII).
constexpr int64_t kWriterLock = 0x4f6e65446f6f72;

// The link between the nodes: one more connection, on its own thread, that LISTENs on the
// channels this node listens to and sends this node's NOTIFYs. Notifications carry the sender's
// backend pid, so our own come back and are dropped. When the link was lost and comes back, every
// listener is told (empty payload) and every channel gets an empty message for the other nodes:
// messages of the outage may be lost both ways.
class NodeBus {
 public:
  explicit NodeBus(std::string url) : url_(std::move(url)), wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "od-nodebus");
      loop();
    });
  }

  ~NodeBus() {
    stop();
    if (conn_ != nullptr) PQfinish(conn_);
    ::close(wake_fd_);
  }

  // Stops the thread; once it returns no listener runs any more. Idempotent. (From a listener, on
  // the bus thread itself, it only asks the thread to stop.)
  void stop() {
    {
      std::lock_guard lk(mu_);
      stopping_ = true;
    }
    wake();
    if (thread_.get_id() == std::this_thread::get_id()) return;
    std::lock_guard jl(join_mu_);
    if (thread_.joinable()) thread_.join();
  }

  void notify(const std::string& channel, const std::string& payload) {
    {
      std::lock_guard lk(mu_);
      outbox_.emplace_back(channel, payload.substr(0, Store::kMaxNodeMessage));
      channels_.insert(channel);
    }
    wake();
  }

  void listen(const std::string& channel, std::function<void(const std::string&)> fn) {
    {
      std::lock_guard lk(mu_);
      listeners_[channel].push_back(std::move(fn));
      channels_.insert(channel);
      relisten_ = true;
    }
    wake();
  }

 private:
  void wake() {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
  }

  bool connected() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

  // Runs one command; false (and the link counts as lost) when it fails.
  bool exec(const char* sql, const std::vector<std::string>& params) {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p.c_str());
    PGresult* r = PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
    const bool ok = r != nullptr && (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK);
    PQclear(r);
    return ok;
  }

  // (Re)connects and LISTENs on every channel; true when the link is up.
  bool connect() {
    if (conn_ != nullptr) PQfinish(conn_);
    conn_ = PQconnectdb(url_.c_str());
    if (!connected()) return false;
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // no server chatter on stderr
    own_pid_ = PQbackendPID(conn_);
    return listenAll();
  }

  bool listenAll() {
    std::vector<std::string> channels;
    {
      std::lock_guard lk(mu_);
      relisten_ = false;
      for (const auto& [c, fns] : listeners_) channels.push_back(c);
    }
    for (const auto& c : channels) {
      char* ident = PQescapeIdentifier(conn_, c.c_str(), c.size());
      if (ident == nullptr) return false;
      const bool ok = exec(("LISTEN " + std::string(ident)).c_str(), {});
      PQfreemem(ident);
      if (!ok) return false;
    }
    return true;
  }

  void dispatch(const std::string& channel, const std::string& payload) {
    std::vector<std::function<void(const std::string&)>> fns;
    {
      std::lock_guard lk(mu_);
      auto it = listeners_.find(channel);
      if (it != listeners_.end()) fns = it->second;
    }
    for (const auto& fn : fns) {
      try {
        fn(payload);
      } catch (...) {  // a listener must not take the link down
      }
    }
  }

  void loop() {
    bool was_up = false;
    bool lost = false;
    auto backoff = std::chrono::milliseconds(100);
    for (;;) {
      {
        std::lock_guard lk(mu_);
        if (stopping_) return;
      }
      if (!connected()) {
        if (was_up) lost = true;
        if (!connect()) {
          waitFor(backoff);
          backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
          continue;
        }
        backoff = std::chrono::milliseconds(100);
        was_up = true;
        if (lost) {
          lost = false;
          std::set<std::string> channels;
          {
            std::lock_guard lk(mu_);
            channels = channels_;
          }
          for (const auto& c : channels) {
            dispatch(c, "");                              // we may have missed messages
            exec("SELECT pg_notify($1, '')", {c});        // and the others may have missed ours
          }
        }
      }
      bool relisten;
      std::deque<std::pair<std::string, std::string>> out;
      {
        std::lock_guard lk(mu_);
        relisten = relisten_;
        out.swap(outbox_);
      }
      if (relisten && !listenAll()) continue;
      bool ok = true;
      for (const auto& [channel, payload] : out) {
        if (ok) ok = exec("SELECT pg_notify($1, $2)", {channel, payload});
      }
      if (!ok) continue;  // reconnect; what was not sent is covered by the empty message then
      waitFor(std::chrono::milliseconds(1000));
      if (PQconsumeInput(conn_) == 0) {  // the server went away: reconnect at the top
        PQfinish(conn_);
        conn_ = nullptr;
        continue;
      }
      while (PGnotify* n = PQnotifies(conn_)) {
        if (n->be_pid != own_pid_) dispatch(n->relname, n->extra);
        PQfreemem(n);
      }
    }
  }

  // Sleeps until the server sends something, notify()/listen()/stop wakes us, or `timeout`.
  void waitFor(std::chrono::milliseconds timeout) {
    pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {connected() ? PQsocket(conn_) : -1, POLLIN, 0}};
    if (::poll(fds, 2, static_cast<int>(timeout.count())) > 0 && (fds[0].revents & POLLIN)) {
      uint64_t n;
      [[maybe_unused]] ssize_t r = ::read(wake_fd_, &n, sizeof n);
    }
  }

  const std::string url_;
  const int wake_fd_;
  PGconn* conn_ = nullptr;  // the bus thread only
  int own_pid_ = 0;         // likewise
  std::mutex mu_;
  bool stopping_ = false;                                        // guarded by mu_
  bool relisten_ = false;                                        // likewise
  std::deque<std::pair<std::string, std::string>> outbox_;       // likewise
  std::set<std::string> channels_;                               // likewise
  std::map<std::string, std::vector<std::function<void(const std::string&)>>> listeners_;  // likewise
  std::mutex join_mu_;
  std::thread thread_;
};

class PgStore final : public sql::GroupCommitStore {
 public:
  PgStore(const std::string& url, const StoreOptions& options, std::unique_ptr<sql::Connection> writer,
          std::vector<std::unique_ptr<sql::Connection>> readers)
      : GroupCommitStore(options, std::move(writer), std::move(readers)), url_(url) {}
  ~PgStore() override { shutdown(); }

  // The node bus stops first: its listeners belong to services that may go away once the store
  // is closed, and they may still queue writes, which the writer then drains.
  void close() override {
    std::shared_ptr<NodeBus> bus;
    {
      std::lock_guard lk(bus_mu_);
      bus_closed_ = true;
      bus = bus_;
    }
    if (bus) bus->stop();
    GroupCommitStore::close();
  }

  void notifyNodes(const std::string& channel, const std::string& payload) override {
    if (auto b = bus()) b->notify(channel, payload);
  }
  void listenNodes(const std::string& channel, std::function<void(const std::string&)> fn) override {
    if (auto b = bus()) b->listen(channel, std::move(fn));
  }

 protected:
  Status beginBatch(sql::ChainHead& head, bool /*head_valid*/) override {
    Status s = writer().run("BEGIN");
    if (s) s = writer().run("SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLock) + ")");
    if (!s) return s;
    // Another node may have appended since our last batch; one index seek under the lock.
    Result<sql::ChainHead> h = sql::loadChainHead(writer());
    if (!h) return h.status();
    head = std::move(*h);
    return Status::ok();
  }

  Result<bool> makeDurable() override { return false; }  // COMMIT was durable (see the top)

  Status beginRead(sql::Connection& conn) override {
    return conn.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

 private:
  // Null once the store is closed.
  std::shared_ptr<NodeBus> bus() {
    std::lock_guard lk(bus_mu_);
    if (bus_closed_) return nullptr;
    if (!bus_) bus_ = std::make_shared<NodeBus>(url_);  // only when a node listens or talks
    return bus_;
  }

  const std::string url_;
  std::mutex bus_mu_;
  std::shared_ptr<NodeBus> bus_;  // guarded by bus_mu_
  bool bus_closed_ = false;       // likewise
};

}  // namespace

// Every statement of the store's connections (not the migrations) ends within this.
constexpr int kStatementTimeoutMs = 5000;

Result<std::unique_ptr<Store>> openPgStore(const std::string& url, const StoreOptions& options) {
  if (options.read_connections < 1) return invalid("读连接数至少为 1 / read_connections must be at least 1");
  if (options.max_batch < 1) return invalid("批大小至少为 1 / max_batch must be at least 1");
  initCrypto();  // BLAKE2b for the chain; idempotent

  auto writer = Connection::open(url);
  if (!writer) return writer.status();
  {
    Result<sql::DatabaseShape> shape = sql::inspectDatabase(**writer);
    if (!shape) return shape.status();
    if (Status ours = sql::checkOpenable(*shape, options, "the PostgreSQL database"); !ours) return ours;
  }
  if (Status s = applyMigrations(**writer); !s) return s;
  // No statement may hold a connection longer than this (a lock wait, a runaway query): it fails
  // and the request answers 503. Set after the migrations, which may legitimately take longer.
  const std::string bounded = "SET statement_timeout = " + std::to_string(kStatementTimeoutMs);
  if (Status s = (*writer)->setSessionDefaults(bounded); !s) return s;
  // Tests and demos: COMMIT without waiting for the WAL flush (a crash may lose the last commits).
  if (!options.synchronous_full) {
    if (Status s = (*writer)->execScript("SET synchronous_commit = off"); !s) return s;
  }
  std::vector<std::unique_ptr<sql::Connection>> readers;
  for (int i = 0; i < options.read_connections; ++i) {
    auto r = Connection::open(url);
    if (!r) return r.status();
    if (Status s = (*r)->setSessionDefaults(bounded); !s) return s;
    readers.push_back(std::move(*r));
  }
  auto store = std::unique_ptr<PgStore>(new PgStore(url, options, std::move(*writer), std::move(readers)));
  store->start();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace onedoor::pg
