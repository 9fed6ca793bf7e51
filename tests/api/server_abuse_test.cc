// The server under abuse (issue 18 items 5, 6, 7, 15), over real HTTP: invented methods do not grow
// /metrics, deep JSON is refused on every body reader, simulations are bounded and run off the io
// threads, the access log holds no credentials, and one address cannot freeze the server.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <future>
#include <random>
#include <sstream>

#include "api/sim_pool.h"
#include "core/random.h"
#include "test_server.h"

using namespace onedoor::testing;
using nlohmann::json;
using boost::beast::http::verb;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
namespace fs = std::filesystem;

namespace {

// A scenario that costs the simulator little in citizens and much in windows × intervals.
json manyWindows(int windows, int days) {
  json sc = {{"name", "wide"}, {"days", days}, {"hours", {{"open", "09:00"}, {"close", "17:00"}}}};
  sc["services"] = json::array({{{"code", "a"}, {"arrivals_per_hour", json::array({0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1})}}});
  sc["windows"] = json::array();
  for (int w = 1; w <= windows; ++w) sc["windows"].push_back({{"id", std::to_string(w)}, {"skills", {"a"}}});
  sc["staff"] = json::array({{{"id", "x"}, {"skills", {"a"}}, {"window", "1"}}});
  return sc;
}

// A run that takes the simulator a second or so: the largest shipped scenario (5 days, 32 windows)
// at 18 reps, just inside the 100,000 expected citizens.
json slowRun() { return {{"name", "district-day"}, {"reps", 18}}; }

// Captures what the server logs while it lives; restores the previous default logger.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() {
    spdlog::default_logger()->flush();
    return out_.str();
  }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream out_;
};

double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST(ServerAbuse, InventedMethodsAndPathsDoNotGrowMetrics) {
  TestServer s;
  std::mt19937 rng(18);
  auto word = [&](int n) {
    std::string w;
    for (int i = 0; i < n; ++i) w += static_cast<char>('A' + rng() % 26);
    return w;
  };
  // 3,000 requests with invented methods and paths, pipelined 100 to a connection.
  for (int batch = 0; batch < 30; ++batch) {
    std::string bytes;
    for (int i = 0; i < 100; ++i) {
      bytes += word(12) + " /" + (i % 2 ? "api/v1/" : "") + word(10) + " HTTP/1.1\r\nHost: x\r\n" +
               (i == 99 ? "Connection: close\r\n" : "") + "\r\n";
    }
    std::string answers = s.raw(bytes, 5000);
    EXPECT_NE(answers.find("HTTP/1.1"), std::string::npos);
  }
  auto m = s.request(verb::get, "/metrics");
  ASSERT_EQ(m.status, 200u);
  EXPECT_LT(m.body.size(), 20000u) << m.body.substr(0, 2000);
  EXPECT_NE(m.body.find(R"(method="other")"), std::string::npos);
  size_t series = 0;
  for (size_t at = m.body.find("onedoor_http_requests_total{"); at != std::string::npos;
       at = m.body.find("onedoor_http_requests_total{", at + 1))
    ++series;
  EXPECT_LT(series, 20u);
}

TEST(ServerAbuse, DeepJsonIsRefusedOnEveryBodyReader) {
  // The production body limit (1 MiB; the test servers' is 64 KiB), so the depth is what refuses.
  TestServer s({}, [](onedoor::http::ServerOptions& o) { o.body_limit = 1024 * 1024; });
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  // Valid JSON 100,000 levels deep (an object in an object …): the old server parsed it and then
  // overflowed its stack dumping the scenario.
  std::string deep_object = "{\"scenario\":";
  for (int i = 0; i < 100000; ++i) deep_object += "{\"a\":";
  deep_object += "1" + std::string(100000, '}') + "}";
  auto expect400 = [&](verb m, const std::string& target, const std::string& body, const Headers& h) {
    auto r = s.request(m, target, body, h);
    EXPECT_EQ(r.status, 400u) << target << " → " << r.body.substr(0, 300);
    EXPECT_NE(r.body.find("32"), std::string::npos) << target << " → " << r.body.substr(0, 300);
  };
  expect400(verb::post, "/api/v1/appeals", "{\"text\":" + deep + "}", {});
  auto sup = s.signIn("supervisor");
  expect400(verb::post, "/api/v1/sim/run", deep_object, sup);
  expect400(verb::put, "/api/v1/halls/1/settings", "{\"a\":" + deep + "}", sup);
  auto admin = s.signIn("admin");
  expect400(verb::post, "/api/v1/admin/matters", "{\"a\":" + deep + "}", admin);
  expect400(verb::put, "/api/v1/calendars/2026", "{\"year\":" + deep + "}", admin);
  // Still serving.
  EXPECT_EQ(s.request(verb::get, "/healthz").status, 200u);
}

TEST(SimLimits, TooCostlyRunIsRefusedWithTheReason) {
  TestServer s;
  auto sup = s.signIn("supervisor");
  // 40 windows × 8 intervals × 10 days × 20 reps = 64,000 window-intervals, though only ~160 citizens.
  auto r = s.request(verb::post, "/api/v1/sim/run", json{{"scenario", manyWindows(40, 10)}, {"reps", 20}}.dump(), sup);
  EXPECT_EQ(r.status, 413u) << r.body.substr(0, 300);
  EXPECT_EQ(r.json()["error"]["field"], "reps");
  EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("days × intervals × windows × reps"), std::string::npos);
  // The same scenario within the bound runs.
  auto ok = s.request(verb::post, "/api/v1/sim/run", json{{"scenario", manyWindows(40, 1)}, {"reps", 2}}.dump(), sup);
  EXPECT_EQ(ok.status, 200u) << ok.body.substr(0, 300);
}

// Holds every worker of a simulation pool busy until released, so a test decides when the pool
// is full instead of racing a run that may finish sooner on a fast machine.
class PoolGate {
 public:
  PoolGate(onedoor::api::SimPool& pool, int workers) {
    for (int i = 0; i < workers; ++i)
      EXPECT_TRUE(pool.trySubmit([this] { std::unique_lock l(mu_); cv_.wait(l, [&] { return open_; }); },
                                 [this] { std::lock_guard l(mu_); ++done_; cv_.notify_all(); }));
    workers_ = workers;
  }
  void release() {
    std::unique_lock l(mu_);
    open_ = true;
    cv_.notify_all();
    cv_.wait(l, [&] { return done_ == workers_; });  // the places are free again
  }
  ~PoolGate() { if (!open_) release(); }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  int done_ = 0, workers_ = 0;
};

TEST(SimLimits, SlowRunsDoNotBlockHealthz) {
  auto pool = std::make_shared<onedoor::api::SimPool>(onedoor::api::SimPool::Options{1, 4, std::chrono::seconds(30)});
  TestServer s([pool](onedoor::http::Router&, onedoor::api::App& app) { app.sim_pool = pool; });
  auto sup = s.signIn("supervisor");
  PoolGate gate(*pool, 1);
  // As many runs as the server has io threads (2), both waiting for the held worker: had they run
  // on the io threads, /healthz could not be answered until they ended.
  std::vector<std::future<HttpResult>> runs;
  for (int i = 0; i < 2; ++i)
    runs.push_back(std::async(std::launch::async, [&] { return s.request(verb::post, "/api/v1/sim/run", slowRun().dump(), sup); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto health = std::async(std::launch::async, [&] { return s.request(verb::get, "/healthz"); });
  bool answered = health.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  gate.release();
  ASSERT_TRUE(answered) << "/healthz waited for the simulation runs";
  EXPECT_EQ(health.get().status, 200u);
  for (auto& f : runs) {
    auto r = f.get();
    EXPECT_EQ(r.status, 200u) << r.body.substr(0, 200);
  }
}

TEST(SimLimits, FullPoolAnswers429WithRetryAfter) {
  auto pool = std::make_shared<onedoor::api::SimPool>(onedoor::api::SimPool::Options{1, 0, std::chrono::seconds(30)});
  TestServer s([pool](onedoor::http::Router&, onedoor::api::App& app) { app.sim_pool = pool; });
  auto sup = s.signIn("supervisor");
  {
    PoolGate gate(*pool, 1);  // the only worker is busy and no run may wait
    auto refused = s.request(verb::post, "/api/v1/sim/run", slowRun().dump(), sup);
    EXPECT_EQ(refused.status, 429u) << refused.body.substr(0, 300);
    EXPECT_EQ(refused.headers["retry-after"], "5");
  }
  // Free again once the run is done.
  EXPECT_EQ(s.request(verb::post, "/api/v1/sim/run", json{{"name", "seed-hall"}}.dump(), sup).status, 200u);
}

TEST(SimLimits, RunPastTheTimeLimitStops) {
  TestServer s([](onedoor::http::Router&, onedoor::api::App& app) {
    app.sim_pool = std::make_shared<onedoor::api::SimPool>(onedoor::api::SimPool::Options{1, 2, std::chrono::milliseconds(5)});
  });
  auto sup = s.signIn("supervisor");
  auto t0 = std::chrono::steady_clock::now();
  auto r = s.request(verb::post, "/api/v1/sim/run", slowRun().dump(), sup);
  EXPECT_EQ(r.status, 413u) << r.body.substr(0, 300);
  EXPECT_NE(r.body.find("time limit"), std::string::npos);
  EXPECT_LT(msSince(t0), 2000.0);
}

TEST(ServerAbuse, AccessLogHoldsNoCredentials) {
  LogCapture log;
  {
    TestServer s;
    s.request(verb::get, "/api/v1/appointments/K7Q2M4XZ9A");
    s.request(verb::get, "/api/v1/appointments/K7Q2M4XZ9A.ics");
    s.request(verb::post, "/api/v1/appointments/K7Q2M4XZ9A/cancel", "{}");
    s.request(verb::get, "/api/v1/appeals/P9W3E7R5T1?secret=hunter22secret");
    s.request(verb::get, "/api/v1/applications/track/P9W3E7R5T1");
    s.request(verb::get, "/queue?token=T0KENabcdef123&phone=13800138000");
    s.request(verb::get, "/api/v1/appointments/K7Q2M4XZ9A/no-such-thing");
  }  // the server is gone: every access-log line is written
  std::string text = log.text();
  EXPECT_NE(text.find("/api/v1/appointments/***"), std::string::npos) << text;
  EXPECT_NE(text.find("secret=***"), std::string::npos) << text;
  for (const char* secret : {"K7Q2M4XZ9A", "hunter22secret", "T0KENabcdef123", "P9W3E7R5T1", "13800138000"})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in:\n" << text;
}

// One address holds 1,000 connections against a server whose open-file limit is 256 (the old
// accept loop spun on EMFILE, logged every failure and stopped answering): /healthz from another
// address still answers within 100 ms, and the log stays small.
TEST(ConnectionCaps, OneAddressCannotFreezeTheServer) {
  fs::path dir = fs::temp_directory_path() / ("onedoor-caps-" + onedoor::randomHex(6));
  fs::create_directories(dir);
  fs::path log_path = dir / "server.log";
  int out_pipe[2];
  ASSERT_EQ(pipe(out_pipe), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The child: a lowered limit it cannot raise again (soft and hard), then the real binary.
    rlimit rl{256, 256};
    setrlimit(RLIMIT_NOFILE, &rl);
    dup2(out_pipe[1], 1);
    int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(log_fd, 2);
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    ::close(log_fd);
    for (int fd = 3; fd < 1024; ++fd) ::close(fd);
    std::string data = (dir / "data").string();
    execl(ONEDOOR_BIN, ONEDOOR_BIN, "serve", "--data", data.c_str(), "--port", "0", "--threads", "2", nullptr);
    _exit(127);
  }
  ::close(out_pipe[1]);
  // The port, from "onedoor listening on http://127.0.0.1:PORT".
  std::string out;
  char buf[256];
  uint16_t port = 0;
  while (port == 0) {
    ssize_t n = ::read(out_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    auto at = out.find("listening on http://127.0.0.1:");
    if (at != std::string::npos && out.find('\n', at) != std::string::npos)
      port = static_cast<uint16_t>(std::stoi(out.substr(at + 30)));
  }
  ASSERT_NE(port, 0) << out;

  // The test process needs a descriptor per held connection.
  rlimit mine{};
  getrlimit(RLIMIT_NOFILE, &mine);
  rlimit raised = mine;
  raised.rlim_cur = mine.rlim_max;
  setrlimit(RLIMIT_NOFILE, &raised);
  ASSERT_GE(raised.rlim_cur, 1100u) << "the test needs 1,100 descriptors";

  asio::io_context ioc;
  const tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
  std::vector<std::unique_ptr<tcp::socket>> held;
  auto t_flood = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000 && msSince(t_flood) < 20000; ++i) {
    auto sock = std::make_unique<tcp::socket>(ioc);
    boost::system::error_code ec;
    sock->connect(server, ec);  // a refused or closed one still counts as an attempt
    held.push_back(std::move(sock));
  }
  EXPECT_EQ(held.size(), 1000u);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  // /healthz from 127.0.0.2 (loopback answers the whole of 127/8).
  auto healthz = [&]() -> std::pair<int, double> {
    auto t0 = std::chrono::steady_clock::now();
    tcp::socket sock(ioc);
    boost::system::error_code ec;
    sock.open(tcp::v4(), ec);
    sock.bind(tcp::endpoint(asio::ip::make_address("127.0.0.2"), 0), ec);
    sock.connect(server, ec);
    if (ec) return {0, msSince(t0)};
    std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    asio::write(sock, asio::buffer(req), ec);
    std::string resp;
    sock.non_blocking(true);
    while (msSince(t0) < 3000) {
      size_t n = sock.read_some(asio::buffer(buf), ec);
      if (ec == asio::error::would_block) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        continue;
      }
      if (ec) break;
      resp.append(buf, n);
    }
    return {resp.rfind("HTTP/1.1 200", 0) == 0 ? 200 : 0, msSince(t0)};
  };
  std::vector<double> times;
  for (int i = 0; i < 5; ++i) {
    auto [status, ms] = healthz();
    EXPECT_EQ(status, 200) << "attempt " << i;
    times.push_back(ms);
  }
  std::sort(times.begin(), times.end());
  EXPECT_LT(times[2], 100.0) << "median /healthz time with 1,000 connections held from 127.0.0.1";

  held.clear();
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  ::close(out_pipe[0]);
  const auto log_size = fs::file_size(log_path);
  std::ifstream f(log_path);
  std::stringstream ss;
  ss << f.rdbuf();
  EXPECT_LT(log_size, 64u * 1024) << ss.str().substr(0, 4000);
  EXPECT_NE(ss.str().find("refused"), std::string::npos) << ss.str().substr(0, 4000);
  fs::remove_all(dir);
}
