// A throwaway PostgreSQL 15 cluster for tests: initdb into a temporary directory on first use,
// listening on 127.0.0.1 only (a free port) and a socket in that directory, stopped and deleted
// when the test binary exits. Each test takes its own database (freshDatabaseUrl), so tests do not
// see each other's rows and no cleanup is needed.
// ONEDOOR_TEST_PG_PORT=N: use the server already listening on 127.0.0.1:N instead (superuser
// "onedoor", trust auth), e.g. one cluster for a whole parallel ctest run rather than an initdb per
// test process; databases are then named per process and dropped at exit.
// Thread-safety: all methods may be called from any thread (one mutex).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace onedoor::pg {
class Connection;
}

namespace onedoor::test {

class PgCluster {
 public:
  // The cluster, started on the first call. Throws std::runtime_error (the test fails with its
  // message) when PostgreSQL is not installed or does not start.
  static PgCluster& instance();

  // Creates a new, empty database and returns its URL (postgresql://onedoor@127.0.0.1:PORT/tN).
  std::string freshDatabaseUrl();
  // A new database with every migration of store/postgres/pg_migrations.cc applied, cloned from
  // a template database migrated once per process (cloning is several times faster than
  // migrating each database anew).
  std::string migratedDatabaseUrl();
  // The maintenance database "postgres", as the superuser "onedoor" (terminate backends, etc.).
  std::string adminUrl() const;
  int port() const { return port_; }
  // pg_ctl restart -m fast: every open connection breaks (fault tests). Only on a cluster this
  // process started (ownsServer()): a shared server's other users would break too.
  void restart();
  bool ownsServer() const { return !external_; }

  // A cluster of the caller's own, even when ONEDOOR_TEST_PG_PORT names a shared one: for tests
  // that restart the server under load. Stopped and removed when the pointer goes.
  static std::unique_ptr<PgCluster> startPrivate();
  ~PgCluster();

 private:
  PgCluster() = default;
  void start();
  void stop();
  // Runs a program (as the postgres system user when we are root); output goes to the log file.
  void run(const std::string& what, const std::string& command);
  // The admin connection, (re)opened when needed; call with mu_ held.
  pg::Connection& admin();
  // CREATE DATABASE `name` (from `template_db` when not empty); returns its URL. mu_ held.
  std::string createDatabase(const std::string& name, const std::string& template_db);

  std::mutex mu_;
  std::string bin_;   // /usr/lib/postgresql/15/bin
  std::string dir_;   // the temporary directory: data/, the socket, log
  std::string as_;    // prefix running a command as the cluster's owner ("" or "runuser -u postgres -- ")
  int port_ = 0;
  bool external_ = false;
  bool private_ = false;           // from startPrivate(): never shared, stopped by the destructor          // ONEDOOR_TEST_PG_PORT given
  std::string prefix_ = "t";       // database names: prefix_ + counter
  std::string template_ = "onedoor_template";  // migrated once, cloned by migratedDatabaseUrl
  std::vector<std::string> created_;  // databases to drop at exit on an external server
  int databases_ = 0;
  bool template_ready_ = false;
  std::unique_ptr<pg::Connection> admin_;
};

}  // namespace onedoor::test
