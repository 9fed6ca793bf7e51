// The `onedoor` command: serve, demo, sim, ledger verify, user add|list|disable (see DESIGN.md).
#include <malloc.h>
#include <CLI/CLI.hpp>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>
#include <filesystem>
#include <iostream>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "api/app.h"
#include "api/await_store.h"
#include "api/sim_pool.h"
#include "core/random.h"
#include "core/secret_key.h"
#include "http/client_address.h"
#include "demo/demo_centre.h"
#include "demo/demo_traffic.h"
#include "http/webhook.h"
#include "http/ws_hub.h"
#include "services/hall_service.h"
#include "ledger/ledger.h"
#include "services/api_key_service.h"
#include "services/appeal_service.h"
#include "services/appointment_service.h"
#include "services/calendar_sync.h"
#include "services/people_service.h"
#include "services/secret_key_binding.h"
#include "services/sms_gate.h"
#include "sim/sim_command.h"
#include "soak/soak_clock.h"
#include "soak/soak_command.h"
#include "store/copy_database.h"
#include "store/rate_buckets.h"

namespace fs = std::filesystem;
using namespace onedoor;

namespace {

struct DbOptions {
  std::string data = "data";
  std::string db;
  std::string url() const { return db.empty() ? "sqlite:" + (fs::path(data) / "onedoor.db").string() : db; }
};

void addDbOptions(CLI::App* cmd, DbOptions& o) {
  cmd->add_option("--data", o.data, "Data directory (default ./data)");
  cmd->add_option("--db", o.db,
                  "Database URL: sqlite:PATH (default sqlite:DATA/onedoor.db) or postgresql://user@host:port/db");
}

// Every command but serve and demo works on a database that exists: a mistyped --data or --db
// must fail (exit 2), not create an empty database and report on it.
StoreOptions existingDatabase() {
  StoreOptions o;
  o.must_exist = true;
  return o;
}

std::unique_ptr<Store> openOrDie(const DbOptions& o, const StoreOptions& options = existingDatabase()) {
  auto store = openStore(o.url(), options);
  if (!store) {
    std::cerr << "onedoor: cannot open the database " << o.url() << ": " << store.status().message() << "\n";
    std::exit(2);
  }
  return std::move(*store);
}

// A read the command cannot do without: false (said on stderr) when it failed, so the command
// exits 1 instead of printing an empty list as if there were none.
bool readOk(Store& store, const char* command, const std::function<Status(Reader&)>& fn) {
  Status st = store.read(fn);
  if (!st) std::cerr << "onedoor " << command << ": " << st.message() << "\n";
  return st.isOk();
}

// A folder of the source tree (web/dist, calendars): under the working directory, or next to the
// binary's parent (build/../web/dist).
fs::path defaultResource(const char* argv0, const fs::path& rel, const char* marker) {
  if (fs::exists(rel / marker)) return fs::absolute(rel);
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec) exe = fs::absolute(argv0);
  return exe.parent_path().parent_path() / rel;
}

void printLogins() {
  std::cout << "\n演示账号 / Demo staff logins (password: " << demo::kDemoPassword << ")\n";
  for (const auto& l : demo::demoLogins()) {
    std::cout << "  " << l.username << std::string(12 - std::min<size_t>(11, l.username.size()), ' ') << l.role
              << std::string(12 - std::min<size_t>(11, l.role.size()), ' ') << l.display_name << "\n";
  }
  std::cout << std::endl;
}

// What keeps secrets, sessions and client addresses straight (docs/security/auth.md).
struct SecurityFlags {
  std::string secret_key_file;              // empty: DATA/secret.key, created on first start
  std::vector<std::string> trusted_proxies;  // CIDRs whose X-Forwarded-For is believed
  std::string public_url;                   // https://…: Secure cookies and HSTS
};

// The server key, and the database bound to it (refuses another key: exit 2 with the reason).
std::optional<SecretKey> loadSecretKey(const DbOptions& db, const SecurityFlags& flags) {
  fs::path file = flags.secret_key_file;
  if (file.empty()) {
    std::error_code ec;
    fs::create_directories(db.data, ec);
    file = fs::path(db.data) / "secret.key";
  }
  // An explicit file is never created: a mistyped path must not start a node with a new key.
  auto key = SecretKey::loadOrCreate(file, flags.secret_key_file.empty());
  if (!key) {
    std::cerr << "onedoor: " << key.status().message() << "\n";
    return std::nullopt;
  }
  return *key;
}

// The server's limits under abuse (docs/security/server.md, docs/operations.md).
struct LimitFlags {
  size_t max_connections = 0;                // 0: the open-file limit less a reserve
  size_t max_connections_per_address = 128;  // 0: no cap
  int sim_threads = 1;
  size_t sim_queue = 4;
  int sim_time_limit_s = 30;
};

struct HallFlags {
  std::string sms_webhook;       // URL for "near the front" notices; empty: none
  bool no_demo_traffic = false;  // --demo without the simulated citizens
  std::vector<std::string> limits;  // --limit NAME=VALUE: rate limits (docs/security/limits.md)
  bool test_clock = false;       // --test-clock: an admin may move the clock forward (soak only)
};

int runServe(const DbOptions& db, const StoreOptions& store_options, const std::string& host, int port, bool demo_flag, std::string web, int threads,
             std::string calendars, std::string jurisdiction, const char* argv0, const HallFlags& hall_flags,
             const SecurityFlags& security, const LimitFlags& limits) {
  std::vector<http::Cidr> proxies;
  for (const auto& text : security.trusted_proxies) {
    auto cidr = http::parseCidr(text);
    if (!cidr) {
      std::cerr << "onedoor: --trusted-proxy: " << cidr.status().message() << "\n";
      return 2;
    }
    proxies.push_back(*cidr);
  }
  const bool https = security.public_url.rfind("https://", 0) == 0;
  if (!security.public_url.empty() && !https && security.public_url.rfind("http://", 0) != 0) {
    std::cerr << "onedoor: --public-url 应以 https:// 或 http:// 开头 / must start with https:// or http://\n";
    return 2;
  }
  auto secret_key = loadSecretKey(db, security);
  if (!secret_key) return 2;
  // Every connection is a descriptor: take all the kernel allows before any is opened.
  const size_t fd_limit = http::raiseOpenFileLimit();
  auto store = openOrDie(db, store_options);
  soak::SoakClock clock;  // the system clock; only --test-clock lets anyone move it
  fs::path cal_dir = calendars.empty() ? defaultResource(argv0, "calendars/cn", "2026.json") : fs::path(calendars);
  auto calendars_book = services::CalendarBook::open(cal_dir);
  if (!calendars_book) {
    std::cerr << "onedoor: cannot load the working-day calendars from " << cal_dir << ": "
              << calendars_book.status().message() << "\n";
    return 2;
  }
  // Another node may have saved a calendar while this one was down; and will, while it runs.
  if (Status st = services::syncCalendarsFromLedger(*store, **calendars_book); !st)
    spdlog::warn("calendars not brought up to the ledger: {}", st.message());
  services::followCalendarsAcrossNodes(*store, **calendars_book);
  text::FormulaicChecker checker;
  services::AppealService appeal_service(clock, **calendars_book, checker, *secret_key);
  if (demo_flag && demo::isFresh(*store)) {
    std::cout << "载入演示服务中心… / Loading the demo centre…" << std::endl;
    if (Status st = demo::loadDemoCentre(*store, clock); !st) {
      std::cerr << "onedoor: demo: " << st.message() << "\n";
      return 1;
    }
  }
  if (Status st = services::bindSecretKey(*store, *secret_key, clock.nowMs()); !st) {
    std::cerr << "onedoor: " << st.message() << "\n";
    store->close();
    return 2;
  }
  http::Metrics metrics;
  api::App app{*store, clock, metrics, people::LoginLimiter{}};
  for (const auto& setting : hall_flags.limits) {
    if (Status st = people::setLimit(app.rate_limits, setting); !st) {
      std::cerr << "onedoor: --limit: " << st.message() << "\n";
      return 2;
    }
  }
  app.appeals = &appeal_service;
  app.secure_cookies = https;
  app.open311_jurisdiction = jurisdiction;
  app.scenarios_dir = defaultResource(argv0, "scenarios", "seed-hall.json");
  app.sim_pool = std::make_shared<api::SimPool>(api::SimPool::Options{
      limits.sim_threads, limits.sim_queue, std::chrono::milliseconds(int64_t{limits.sim_time_limit_s} * 1000)});
  // The live hall: events to WebSocket subscribers, "near the front" notices to the SMS webhook.
  services::HallService hall_service(clock, **calendars_book);
  hall_service.attach(*store);
  app.hall = &hall_service;
  // Appointments become hall tickets at check-in; their reminders go out through the SMS webhook.
  services::AppointmentService appointment_service(clock, **calendars_book, hall_service);
  app.appointments = &appointment_service;
  http::WsHub hub;
  hall_service.publish = [&hub](int64_t hall_id, const std::string& msg) { hub.publish("hall:" + std::to_string(hall_id), msg); };
  hall_service.shareWithNodes(*store);  // other `serve` nodes on the same PostgreSQL
  std::unique_ptr<http::Webhook> sms;
  // Every SMS passes the per-phone limits (kept in the database: all nodes count together).
  services::SmsGate sms_gate(*store, clock, app.rate_limits, [&hall_service](int64_t ms) { return hall_service.dayStart(ms); });
  if (!hall_flags.sms_webhook.empty()) {
    auto target = http::Webhook::parseUrl(hall_flags.sms_webhook);
    if (!target) {
      std::cerr << "onedoor: --sms-webhook: " << target.status().message() << "\n";
      return 2;
    }
    sms = std::make_unique<http::Webhook>(*target);
    http::Webhook* hook = sms.get();
    services::connectSms(sms_gate, hall_service, &appointment_service,
                         [hook](const std::string& body) { return hook->post(body); });
  }
  api::exposeStoreMetrics(app);
  http::Router router;
  api::registerRoutes(router, app);
  if (hall_flags.test_clock) soak::registerSoakClockRoutes(router, app, clock);
  http::ServerOptions opts;
  opts.host = host;
  opts.port = static_cast<uint16_t>(port);
  opts.threads = threads;
  opts.max_connections = limits.max_connections;
  opts.max_connections_per_address = limits.max_connections_per_address;
  opts.ws_hub = &hub;
  opts.trusted_proxies = http::TrustedProxies(std::move(proxies));
  opts.hsts = https;
  opts.ws_resolve = [&app](const std::string& path) { return api::hallEventsEndpoint(app, path); };
  opts.web_root = web.empty() ? defaultResource(argv0, "web/dist", "index.html") : fs::path(web);
  if (!fs::exists(opts.web_root / "index.html"))
    spdlog::warn("web app not found at {} (run make build); the API still works", opts.web_root.string());
  http::Server server(opts, router, metrics, api::makeAuthorizer(app));
  uint16_t bound;
  try {
    bound = server.start();
  } catch (const std::exception& e) {
    std::cerr << "onedoor: cannot listen on " << host << ":" << port << ": " << e.what() << "\n";
    return 2;
  }
  if (demo_flag) printLogins();
  spdlog::info("open-file limit {}: at most {} connections, {} per address", fd_limit,
               server.connectionLimits().maxTotal(), server.connectionLimits().maxPerAddress());
  std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cout << "onedoor listening on http://" << shown_host << ":" << bound << std::endl;
  // Deadlines pass while nobody clicks: a sweeper escalates overdue cases and closes expired
  // confirmation windows once a minute.
  std::mutex sweep_mu;
  std::condition_variable sweep_cv;
  bool stopping = false;
  std::thread sweeper([&] {
    pthread_setname_np(pthread_self(), "od-sweeper");
    std::unique_lock lock(sweep_mu);
    while (!stopping) {
      lock.unlock();
      auto changed = appeal_service.sweep(*store);
      if (!changed) spdlog::warn("deadline sweep failed: {}", changed.status().message());
      else if (*changed > 0) spdlog::info("deadline sweep: {} cases escalated or closed", *changed);
      // Full buckets are the same as none: drop them so the table holds only recent clients.
      int64_t now = clock.nowMs();
      if (Status pruned = store->write([now](WriteTx& tx) { return pruneRateBuckets(tx, now); }); !pruned)
        spdlog::warn("rate-limit buckets not pruned: {}", pruned.message());
      auto reminded = appointment_service.sendDueReminders(*store);
      if (!reminded) spdlog::warn("appointment reminders failed: {}", reminded.status().message());
      else if (*reminded > 0) spdlog::info("appointment reminders: {} sent", *reminded);
      lock.lock();
      sweep_cv.wait_for(lock, std::chrono::seconds(60), [&] { return stopping; });
    }
  });
  std::unique_ptr<demo::DemoTraffic> traffic;
  if (demo_flag && !hall_flags.no_demo_traffic) {
    spdlog::info("demo traffic: simulated citizens and clerks play into the demo hall (--no-demo-traffic to stop)");
    traffic = std::make_unique<demo::DemoTraffic>(*store, hall_service);
    traffic->start();
  }
  server.runUntilSignal();
  if (traffic) traffic->stop();
  {
    std::lock_guard lock(sweep_mu);
    stopping = true;
  }
  sweep_cv.notify_all();
  sweeper.join();
  store->close();  // drains the write queue: every acknowledged write is durable
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // glibc returns freed memory at the top of each thread's heap to the kernel at once (madvise) and
  // takes page faults to get it back on the next request; under load the writer thread spent a
  // seventh of its time there (perf, docs/benchmarks.md). Keep up to 64 MiB per heap instead.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 8 << 20);
  initCrypto();
  auto logger = spdlog::stderr_color_mt("onedoor");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");

  CLI::App cli{"OneDoor 一扇门: service centres, hotlines and mailboxes"};
  cli.require_subcommand(1);
  std::string log_level = "info";
  cli.add_option("--log-level", log_level, "trace|debug|info|warn|error|off");

  DbOptions db;
  auto* serve = cli.add_subcommand("serve", "Serve the API and the web app");
  std::string host = "127.0.0.1";
  int port = 8080;
  bool demo_flag = false;
  std::string web;
  int threads = std::max(2u, std::thread::hardware_concurrency());
  addDbOptions(serve, db);
  serve->add_option("--host", host, "Address to listen on");
  serve->add_option("--port", port, "Port (0 picks a free one)")->check(CLI::Range(0, 65535));
  serve->add_flag("--demo", demo_flag, "Load the demo centre into a fresh database and print its logins");
  serve->add_option("--web", web, "Directory of the built web app (default web/dist)");
  serve->add_option("--threads", threads, "I/O threads")->check(CLI::Range(1, 64));
  std::string calendars;
  serve->add_option("--calendars", calendars, "Directory of working-day calendar files (default calendars/cn)");
  std::string jurisdiction;
  serve->add_option("--jurisdiction", jurisdiction,
                    "Open311 jurisdiction_id this server answers to (default: accept any)");

  HallFlags hall_flags;
  serve->add_option("--sms-webhook", hall_flags.sms_webhook,
                    "http:// URL that receives a JSON POST when a hall ticket is near the front (SMS gateway)");
  serve->add_option("--limit", hall_flags.limits,
                    "A rate limit, NAME=BURST/INTERVAL (e.g. appeal.address=20/3m) or NAME=CAP; repeatable "
                    "(docs/security/limits.md)");
  serve->add_flag("--no-demo-traffic", hall_flags.no_demo_traffic,
                  "With --demo: do not play simulated citizens into the demo hall");
  serve->add_flag("--test-clock", hall_flags.test_clock,
                  "Soak runs only (onedoor soak): an admin may move the server's clock forward (POST /api/v1/test/clock)");
  SecurityFlags security;
  serve->add_option("--secret-key-file", security.secret_key_file,
                    "The server key (64 hex digits) that hashes citizens' secrets; must exist. Default DATA/secret.key, "
                    "created on first start. PostgreSQL nodes sharing a database need the same file");
  serve->add_option("--trusted-proxy", security.trusted_proxies,
                    "Reverse proxy address or CIDR (repeatable, IPv4/IPv6) whose X-Forwarded-For / X-Real-IP is believed");
  serve->add_option("--public-url", security.public_url,
                    "The URL citizens use, e.g. https://onedoor.example.gov.cn (https: Secure cookies and HSTS)");
  LimitFlags limits;
  serve->add_option("--max-connections", limits.max_connections,
                    "Open connections at most (default 0: the open-file limit less 128)");
  serve->add_option("--max-connections-per-address", limits.max_connections_per_address,
                    "Open connections from one client address at most (default 128, 0: no cap; at most half the total)");
  serve->add_option("--sim-threads", limits.sim_threads, "Threads that run what-if simulations (default 1)")
      ->check(CLI::Range(1, 16));
  serve->add_option("--sim-queue", limits.sim_queue, "Simulations that may wait for a thread (default 4; more: 429)")
      ->check(CLI::Range(0, 100));
  serve->add_option("--sim-time-limit", limits.sim_time_limit_s, "Seconds one simulation may run (default 30)")
      ->check(CLI::Range(1, 3600));
  int store_timeout_ms = 5000;
  serve->add_option("--store-timeout", store_timeout_ms,
                    "Milliseconds a request waits for its write at most; then 503 (default 5000)")
      ->check(CLI::Range(100, 600000));

  StoreOptions serve_store;
  serve_store.quick_check = true;  // a damaged file is refused, not served as if healthy
  serve->add_flag("--init", serve_store.adopt,
                  "Start on an existing 0-byte file, or add OneDoor's tables to a database that holds other tables "
                  "(refused without it)");

  auto* demo_cmd = cli.add_subcommand("demo", "Load the demo centre into a fresh database");
  addDbOptions(demo_cmd, db);

  auto soak_cmd = soak::addSoakCommand(cli);
  auto* sim_cmd = cli.add_subcommand("sim", "Simulate a service hall scenario under the dispatch policies");
  sim::SimArgs sim_args;
  sim_cmd->add_option("--scenario", sim_args.scenario, "Scenario file (JSON, see docs/simulator.md)")->required();
  sim_cmd->add_option("--policy", sim_args.policy, "static|ordered|onedoor|pooled|all (default all)");
  sim_cmd->add_option("--seed", sim_args.seed, "Random seed (default 1)");
  sim_cmd->add_option("--reps", sim_args.reps, "Replications (default 1)")->check(CLI::Range(1, 10000));
  sim_cmd->add_flag("--json", sim_args.json, "Print JSON instead of the table");
  sim_cmd->add_flag("--advise", sim_args.advise, "Print the staffing advice per interval");
  sim_cmd->add_flag("--advise-training", sim_args.advise_training,
                    "Which single skill to teach to which clerk closes the most of the gap to pooled, then the next (3 steps)");
  sim_cmd->add_option("--open-at", sim_args.open_at_min, "onedoor: open a spare window when the predicted wait passes MIN (default: half the target)");
  sim_cmd->add_option("--close-idle", sim_args.close_idle_min, "onedoor: shut a window idle for MIN minutes (default 20)");
  sim_cmd->add_flag("--lean", sim_args.lean, "onedoor: also shut the scenario's own windows when idle (fewer window-hours, more glass-door minutes)");

  auto* ledger_cmd = cli.add_subcommand("ledger", "The hash-chained event log");
  ledger_cmd->require_subcommand(1);
  auto* verify = ledger_cmd->add_subcommand("verify", "Exit 0 when the chain is intact, else name the first bad link");
  addDbOptions(verify, db);
  auto* check_cmd = cli.add_subcommand(
      "check", "Check a database: every page and index (SQLite integrity_check) and the ledger's chain; exit 0 when sound");
  addDbOptions(check_cmd, db);

  auto* user_cmd = cli.add_subcommand("user", "Staff accounts");
  user_cmd->require_subcommand(1);
  auto* user_add = user_cmd->add_subcommand("add", "Add a staff account");
  addDbOptions(user_add, db);
  people::NewUserInput new_user;
  int64_t dept_id = 0;
  user_add->add_option("--username", new_user.username)->required();
  user_add->add_option("--password", new_user.password)->required();
  user_add->add_option("--role", new_user.role, "admin|supervisor|handler|clerk|operator")->required();
  user_add->add_option("--name", new_user.display_name, "Display name (default: the username)");
  user_add->add_option("--department", dept_id, "Department id");
  auto* user_list = user_cmd->add_subcommand("list", "List staff accounts");
  addDbOptions(user_list, db);
  auto* user_disable = user_cmd->add_subcommand("disable", "Disable a staff account");
  addDbOptions(user_disable, db);
  std::string disable_name;
  user_disable->add_option("--username", disable_name)->required();

  auto* apikey_cmd = cli.add_subcommand("apikey", "API keys of outside clients (Open311)");
  apikey_cmd->require_subcommand(1);
  auto* apikey_add = apikey_cmd->add_subcommand("add", "Issue a key for a client and print it (once)");
  addDbOptions(apikey_add, db);
  std::string client_name;
  apikey_add->add_option("--name", client_name, "The client, e.g. \"FixMyStreet\"")->required();
  auto* apikey_list = apikey_cmd->add_subcommand("list", "List keys (never the keys themselves)");
  addDbOptions(apikey_list, db);
  auto* apikey_revoke = apikey_cmd->add_subcommand("revoke", "Revoke a key by its id");
  addDbOptions(apikey_revoke, db);
  int64_t revoke_id = 0;
  apikey_revoke->add_option("--id", revoke_id, "The key's id (see apikey list)")->required();

  auto* migrate_cmd = cli.add_subcommand(
      "migrate-db", "Copy everything into another database (e.g. SQLite to PostgreSQL) and verify the ledger on both");
  std::string migrate_from, migrate_to;
  migrate_cmd->add_option("--from", migrate_from, "Source, e.g. sqlite:data/onedoor.db")->required();
  migrate_cmd->add_option("--to", migrate_to, "Target, e.g. postgresql://onedoor@db/onedoor (empty)")->required();

  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::from_str(log_level));

  if (*serve) {
    api::storeWaitLimitMs() = store_timeout_ms;
    return runServe(db, serve_store, host, port, demo_flag, web, threads, calendars, jurisdiction, argv[0], hall_flags, security,
                    limits);
  }

  if (*migrate_cmd) {
    // Stop the server first: writes made to the source during the copy would not be copied.
    auto report = copyDatabase(migrate_from, migrate_to);
    if (!report) {
      std::cerr << "onedoor migrate-db: " << report.status().message() << "\n";
      return report.status().code() == Code::kConflict || report.status().code() == Code::kInvalid ? 2 : 1;
    }
    for (const auto& t : report->tables) std::cout << t.name << "\t" << t.rows << "\n";
    std::cout << "已复制，账本两边一致 / copied; ledger verified on both sides: " << report->events
              << " events, last hash " << report->last_hash << "\n";
    return 0;
  }

  if (*apikey_add) {
    auto store = openOrDie(db);
    SystemClock clock;
    std::string key = services::newApiKey();
    auto out = std::make_shared<ApiKey>();
    Status st = store->write(services::createApiKeyWrite(client_name, key, "cli", clock.nowMs(), out));
    if (!st) {
      std::cerr << "onedoor apikey add: " << st.message() << "\n";
      return 1;
    }
    std::cerr << "API 密钥只显示这一次，请妥善转交 / The key is shown this once; hand it over safely:\n";
    std::cout << key << "\n";
    std::cerr << "(id " << out->id << ", " << out->name << ")\n";
    return 0;
  }

  if (*apikey_list) {
    auto store = openOrDie(db);
    std::ostringstream out;
    if (!readOk(*store, "apikey list", [&out](Reader& r) -> Status {
      out << "id\tname\tkey_prefix\tcreated_by\trevoked\n";
      for (const auto& k : r.listApiKeys()) {
        out << k.id << "\t" << k.name << "\t" << k.key_prefix << "\t" << k.created_by << "\t"
            << (k.revoked_at ? "yes" : "no") << "\n";
      }
      return Status::ok();
    }))
      return 1;
    std::cout << out.str();
    return 0;
  }

  if (*apikey_revoke) {
    auto store = openOrDie(db);
    SystemClock clock;
    Status st = store->write(services::revokeApiKeyWrite(revoke_id, "cli", clock.nowMs(), nullptr));
    if (!st) {
      std::cerr << "onedoor apikey revoke: " << st.message() << "\n";
      return 1;
    }
    std::cout << "revoked key " << revoke_id << "\n";
    return 0;
  }

  if (*sim_cmd) return sim::runSimCommand(sim_args, std::cout, std::cerr);
  if (soak_cmd->parsed()) return soak_cmd->run();

  if (*demo_cmd) {
    auto store = openOrDie(db, StoreOptions{});
    SystemClock clock;
    if (Status st = demo::loadDemoCentre(*store, clock); !st) {
      std::cerr << "onedoor demo: " << st.message() << "\n";
      return 1;
    }
    std::cout << "演示服务中心已载入 / Demo centre loaded into " << db.url() << "\n";
    printLogins();
    return 0;
  }

  if (*check_cmd) {
    // Pages first: a chain read from damaged pages would say little.
    if (Status st = checkDatabaseIntegrity(db.url()); !st) {
      std::cerr << "onedoor check: " << st.message() << "\n";
      return 2;
    }
    std::cout << "pages and indexes: ok\n";
    auto store = openOrDie(db);
    auto report = ledger::verifyStore(*store);
    if (!report) {
      std::cerr << "onedoor check: " << report.status().message() << "\n";
      return 2;
    }
    if (!report->ok) {
      std::cout << "ledger BROKEN at seq " << report->first_bad_seq << ": " << report->reason << "\n";
      return 1;
    }
    std::cout << "ledger intact: " << report->events << " events\n";
    return 0;
  }

  if (*verify) {
    auto store = openOrDie(db);
    auto report = ledger::verifyStore(*store);
    if (!report) {
      std::cerr << "onedoor ledger verify: " << report.status().message() << "\n";
      return 2;
    }
    if (report->ok) {
      std::cout << "ledger intact: " << report->events << " events\n";
      return 0;
    }
    std::cout << "ledger BROKEN at seq " << report->first_bad_seq << ": " << report->reason << " (" << report->events
              << " events checked)\n";
    return 1;
  }

  if (*user_add) {
    auto store = openOrDie(db);
    SystemClock clock;
    if (new_user.display_name.empty()) new_user.display_name = new_user.username;
    if (dept_id > 0) new_user.department_id = dept_id;
    auto prepared = services::prepareNewUser(new_user);
    if (!prepared) {
      std::cerr << "onedoor user add: " << prepared.status().message() << "\n";
      return 1;
    }
    auto out = std::make_shared<User>();
    Status st = store->write(services::createUserWrite(*prepared, "cli", clock.nowMs(), out));
    if (!st) {
      std::cerr << "onedoor user add: " << st.message() << "\n";
      return 1;
    }
    std::cout << "added " << out->username << " (id " << out->id << ", " << out->role << ")\n";
    return 0;
  }

  if (*user_list) {
    auto store = openOrDie(db);
    std::ostringstream out;
    if (!readOk(*store, "user list", [&out](Reader& r) -> Status {
      out << "id\tusername\trole\tdisabled\tpresence\tdisplay_name\n";
      for (const auto& u : r.listUsers()) {
        out << u.id << "\t" << u.username << "\t" << u.role << "\t" << (u.disabled ? "yes" : "no") << "\t"
            << u.presence << "\t" << u.display_name << "\n";
      }
      return Status::ok();
    }))
      return 1;
    std::cout << out.str();
    return 0;
  }

  if (*user_disable) {
    auto store = openOrDie(db);
    SystemClock clock;
    std::optional<User> u;
    if (!readOk(*store, "user disable", [&](Reader& r) -> Status {
      u = r.userByUsername(disable_name);
      return Status::ok();
    }))
      return 1;
    if (!u) {
      std::cerr << "onedoor user disable: no such user " << disable_name << "\n";
      return 1;
    }
    Status st = store->write(services::disableUserWrite(u->id, "cli", clock.nowMs(), nullptr));
    if (!st) {
      std::cerr << "onedoor user disable: " << st.message() << "\n";
      return 1;
    }
    std::cout << "disabled " << disable_name << "\n";
    return 0;
  }
  return 0;
}
