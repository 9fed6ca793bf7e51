// Implementation of pg_cluster.h: initdb + pg_ctl driven through the shell, a free port picked
// by binding port 0, cleanup at exit.
#include "support/pg_cluster.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_migrations.h"

namespace onedoor::test {

namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin";

// A port nobody listens on right now: the kernel picks it for a socket bound to port 0. Another
// process could take it before the server binds; then pg_ctl start fails with a clear log.
int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("PgCluster: cannot pick a free port on 127.0.0.1");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string shellQuoted(const std::string& s) { return "'" + s + "'"; }

std::string tail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string all = ss.str();
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

PgCluster* g_cluster = nullptr;  // never deleted: stopped by the atexit handler
bool g_started = false;
std::string g_start_error;       // set when the first start failed: later tests fail the same way
pid_t g_owner = 0;               // a forked child exiting must not stop its parent's cluster

}  // namespace

PgCluster& PgCluster::instance() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_cluster = new PgCluster();
    g_owner = ::getpid();
    std::atexit([] {
      if (::getpid() == g_owner) g_cluster->stop();
    });
    try {
      g_cluster->start();
      g_started = true;
    } catch (const std::exception& e) {
      g_start_error = e.what();
    }
  });
  if (!g_started) throw std::runtime_error(g_start_error);
  return *g_cluster;
}

void PgCluster::run(const std::string& what, const std::string& command) {
  // From the temporary directory: the postgres user may not be able to enter our working directory.
  const std::string log = dir_ + "/commands.log";
  const std::string line = "cd " + shellQuoted(dir_) + " && " + as_ + command + " >>" + shellQuoted(log) + " 2>&1";
  if (std::system(line.c_str()) != 0) {
    throw std::runtime_error("PgCluster: " + what + " failed:\n" + tail(log) + "\nserver log:\n" +
                             tail(dir_ + "/server.log"));
  }
}

std::unique_ptr<PgCluster> PgCluster::startPrivate() {
  std::unique_ptr<PgCluster> c(new PgCluster());
  c->private_ = true;
  c->start();
  return c;
}

PgCluster::~PgCluster() {
  if (private_) stop();
}

void PgCluster::start() {
  const char* port = private_ ? nullptr : std::getenv("ONEDOOR_TEST_PG_PORT");
  if (port != nullptr && *port != '\0') {
    external_ = true;
    port_ = std::atoi(port);
    prefix_ = "t" + std::to_string(::getpid()) + "_";
    template_ = prefix_ + "template";
    admin();  // fails now, with the reason, if nothing is there
    return;
  }
  bin_ = kBin;
  if (::access((bin_ + "/initdb").c_str(), X_OK) != 0 || ::access((bin_ + "/pg_ctl").c_str(), X_OK) != 0) {
    throw std::runtime_error(std::string("PgCluster: PostgreSQL 15 is not installed (no initdb/pg_ctl in ") + kBin +
                             "); install the Debian package postgresql-15 (scripts/deps.sh does)");
  }
  std::string tmpl = (std::filesystem::temp_directory_path() / "onedoor-pg-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("PgCluster: cannot create a temporary directory");
  dir_ = tmpl;
  if (::geteuid() == 0) {
    // initdb refuses to run as root: the cluster belongs to the postgres system user.
    const passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr) throw std::runtime_error("PgCluster: running as root but there is no 'postgres' user");
    if (::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("PgCluster: chown failed");
    as_ = "runuser -u postgres -- ";
  }
  const std::string data = dir_ + "/data";
  // --no-sync: only initdb's own files are not flushed (a crash loses the throwaway cluster
  // anyway); the server below runs with fsync on.
  run("initdb", bin_ + "/initdb --no-sync -E UTF8 --locale=C --auth=trust -U onedoor -D " + shellQuoted(data));
  port_ = freePort();
  {
    std::ofstream conf(data + "/postgresql.conf", std::ios::app);
    conf << "\n# OneDoor tests\n"
         << "listen_addresses = '127.0.0.1'\n"
         << "port = " << port_ << "\n"
         << "unix_socket_directories = '" << dir_ << "'\n"
         << "fsync = on\n"
         << "max_connections = 200\n"
         << "shared_buffers = 32MB\n";  // ctest runs test processes in parallel, each with a cluster
    if (!conf) throw std::runtime_error("PgCluster: cannot write postgresql.conf");
  }
  // -w -t: returns once the server accepts connections, or fails after 60 s.
  run("pg_ctl start", bin_ + "/pg_ctl start -w -t 60 -D " + shellQuoted(data) + " -l " + shellQuoted(dir_ + "/server.log"));
}

void PgCluster::stop() {
  std::lock_guard lock(mu_);
  if (external_) {
    try {
      for (const std::string& name : created_) admin().execScript("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (const std::exception&) {
      // The server is gone: nothing to drop.
    }
  }
  admin_.reset();
  if (dir_.empty()) return;
  if (std::filesystem::exists(dir_ + "/data/postmaster.pid")) {
    try {
      run("pg_ctl stop", bin_ + "/pg_ctl stop -w -t 60 -m fast -D " + shellQuoted(dir_ + "/data"));
    } catch (const std::exception&) {
      // Exiting anyway; the directory is still removed below.
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
  dir_.clear();
}

void PgCluster::restart() {
  std::lock_guard lock(mu_);
  if (external_) throw std::runtime_error("PgCluster: restart() needs a cluster of its own (ONEDOOR_TEST_PG_PORT is set)");
  admin_.reset();
  run("pg_ctl restart", bin_ + "/pg_ctl restart -w -t 60 -m fast -D " + shellQuoted(dir_ + "/data") + " -l " +
                            shellQuoted(dir_ + "/server.log"));
}

std::string PgCluster::adminUrl() const {
  return "postgresql://onedoor@127.0.0.1:" + std::to_string(port_) + "/postgres";
}

pg::Connection& PgCluster::admin() {
  if (!admin_ || admin_->broken()) {
    auto conn = pg::Connection::open(adminUrl());
    if (!conn) throw std::runtime_error("PgCluster: cannot connect: " + conn.status().message());
    admin_ = std::move(*conn);
  }
  return *admin_;
}

std::string PgCluster::createDatabase(const std::string& name, const std::string& template_db) {
  Status s = admin().execScript("CREATE DATABASE " + name + (template_db.empty() ? "" : " TEMPLATE " + template_db));
  if (!s) throw std::runtime_error("PgCluster: CREATE DATABASE failed: " + s.message());
  created_.push_back(name);
  return "postgresql://onedoor@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

std::string PgCluster::freshDatabaseUrl() {
  std::lock_guard lock(mu_);
  return createDatabase(prefix_ + std::to_string(++databases_), "");
}

std::string PgCluster::migratedDatabaseUrl() {
  std::lock_guard lock(mu_);
  if (!template_ready_) {
    const std::string url = createDatabase(template_, "");
    // Closed before cloning: CREATE DATABASE refuses a template somebody is connected to.
    auto conn = pg::Connection::open(url);
    if (!conn) throw std::runtime_error("PgCluster: cannot connect: " + conn.status().message());
    Status s = pg::applyMigrations(**conn);
    if (!s) throw std::runtime_error("PgCluster: migrating the template failed: " + s.message());
    template_ready_ = true;
  }
  return createDatabase(prefix_ + std::to_string(++databases_), template_);
}

}  // namespace onedoor::test
