// The hall soak: the player (the onedoor policy of src/sim/engine.cc, step for step, each dispatcher
// action also sent to the live hall over HTTP), the reference model, the WebSocket listener and the
// checks.
#include "soak/soak.h"

#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <queue>
#include <set>
#include <sstream>
#include <thread>

#include "hall/dispatcher.h"
#include "hall/remedies.h"
#include "sim/citizens.h"
#include "sim/engine.h"

namespace onedoor::soak {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using nlohmann::json;

namespace {

int64_t steadyUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

// ---- Checker ----------------------------------------------------------------------------------

void Checker::failLocked(const std::string& what) {
  ++violation_count_;
  if (violations_.size() < 50) violations_.push_back(what);
}

void Checker::fail(const std::string& what) {
  std::lock_guard lock(mu_);
  failLocked(what);
}

void Checker::issued(const std::string& service, const std::string& number) {
  std::lock_guard lock(mu_);
  std::string key = service + "/" + number;
  auto it = std::lower_bound(seen_numbers_.begin(), seen_numbers_.end(), key);
  if (it != seen_numbers_.end() && *it == key) {
    failLocked("number " + number + " of service " + service + " issued twice today");
    return;
  }
  seen_numbers_.insert(it, key);
}

void Checker::called(const std::string& number, int window_number, bool recall, int64_t at_us) {
  std::lock_guard lock(mu_);
  http_calls_.push_back({number, window_number, recall, at_us});
  if (std::binary_search(gone_numbers_.begin(), gone_numbers_.end(), number))
    failLocked("ticket " + number + " called at window " + std::to_string(window_number) + " after it left the hall");
  if (recall) return;
  auto it = std::lower_bound(called_numbers_.begin(), called_numbers_.end(), number);
  if (it != called_numbers_.end() && *it == number) {
    failLocked("ticket " + number + " called a second time (window " + std::to_string(window_number) + ")");
    return;
  }
  called_numbers_.insert(it, number);
}

void Checker::gone(const std::string& number) {
  std::lock_guard lock(mu_);
  auto it = std::lower_bound(gone_numbers_.begin(), gone_numbers_.end(), number);
  if (it == gone_numbers_.end() || *it != number) gone_numbers_.insert(it, number);
}

void Checker::wsCall(const std::string& number, int window_number, bool recall, int64_t at_us) {
  std::lock_guard lock(mu_);
  ws_calls_.push_back({number, window_number, recall, at_us});
}

void Checker::finishWebSocket(int64_t max_delay_us) {
  std::lock_guard lock(mu_);
  size_t n = std::min(http_calls_.size(), ws_calls_.size());
  int64_t worst = 0;
  for (size_t i = 0; i < n; ++i) {
    const Call& h = http_calls_[i];
    const Call& w = ws_calls_[i];
    if (h.number != w.number || h.window != w.window || h.recall != w.recall) {
      failLocked("display call " + std::to_string(i + 1) + ": the WebSocket said " + w.number + " at window " +
                 std::to_string(w.window) + (w.recall ? " (recall)" : "") + ", the hall called " + h.number +
                 " at window " + std::to_string(h.window) + (h.recall ? " (recall)" : ""));
      return;  // once out of step every later pair differs: one violation says it
    }
    worst = std::max(worst, w.at_us - h.at_us);
    if (w.at_us - h.at_us > max_delay_us)
      failLocked("display call " + h.number + " at window " + std::to_string(h.window) + " reached the WebSocket " +
                 std::to_string((w.at_us - h.at_us) / 1000) + " ms after the call");
  }
  if (ws_calls_.size() < http_calls_.size())
    failLocked("the WebSocket missed " + std::to_string(http_calls_.size() - ws_calls_.size()) + " of " +
               std::to_string(http_calls_.size()) + " calls (first missing: " + http_calls_[ws_calls_.size()].number + ")");
  if (ws_calls_.size() > http_calls_.size())
    failLocked("the WebSocket showed " + std::to_string(ws_calls_.size() - http_calls_.size()) + " calls nobody made");
}

size_t Checker::violationCount() const {
  std::lock_guard lock(mu_);
  return violation_count_;
}

std::vector<std::string> Checker::violations() const {
  std::lock_guard lock(mu_);
  return violations_;
}

size_t Checker::calls() const {
  std::lock_guard lock(mu_);
  return http_calls_.size();
}

int64_t nextLocalMidnight(int64_t now_ms) {
  constexpr int64_t kDay = 86'400'000, kZone = 8 * 3'600'000;
  return ((now_ms + kZone) / kDay + 1) * kDay - kZone;
}

std::string Report::text() const {
  const Figures& f = figures;
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(2);
  o << "citizens " << f.citizens << ", served " << f.served << ", no-shows " << f.no_show << ", cancelled "
    << f.cancelled << ", rated " << f.rated << ", remote " << f.remote << " (priority confirmed at a window "
    << f.priority_confirmed << ")\n";
  o << "steps " << f.steps << ", requests " << f.requests << ", sign-ins " << f.sign_ins << ", sign-outs "
    << f.sign_outs << ", re-skills " << f.reskills << ", remedies " << f.remedies << ", recalls " << f.recalls
    << ", ledger events " << f.ledger_events << " (verify " << (f.ledger_ok ? "ok" : "FAILED") << ")\n";
  auto row = [&](const char* name, const sim::WaitStats& w) {
    o << "  " << name << ": served " << w.served << ", mean " << w.mean << " min, p50 " << w.p50 << ", p95 " << w.p95
      << ", max " << w.max << "\n";
  };
  row("live ", f.live);
  row("model", f.model);
  row("sim  ", f.sim);
  o.precision(4);
  o << "live/sim: mean " << f.mean_ratio() << ", p95 " << f.p95_ratio() << "; " << f.seconds << " s wall\n";
  o << "violations: " << violation_count << "\n";
  for (const auto& v : violations) o << "  - " << v << "\n";
  return o.str();
}

namespace {

// ---- a small keep-alive HTTP client ----------------------------------------------------------

struct Resp {
  unsigned status = 0;
  std::string body;
  std::string set_cookie;
  json j() const { return json::parse(body, nullptr, false); }
};

class Client {
 public:
  Client(std::string host, uint16_t port) : host_(std::move(host)), port_(port) {}

  Resp request(bhttp::verb method, const std::string& target, const std::string& body,
               const std::vector<std::pair<std::string, std::string>>& headers) {
    for (int attempt = 0;; ++attempt) {
      try {
        if (!stream_) {
          stream_.emplace(ioc_);
          tcp::resolver resolver(ioc_);
          stream_->connect(resolver.resolve(host_, std::to_string(port_)));
        }
        bhttp::request<bhttp::string_body> req{method, target, 11};
        req.set(bhttp::field::host, host_);
        req.keep_alive(true);
        for (const auto& [k, v] : headers) req.set(k, v);
        if (!body.empty() || method == bhttp::verb::post) {
          req.set(bhttp::field::content_type, "application/json");
          req.body() = body;
        }
        req.prepare_payload();
        bhttp::write(*stream_, req);
        beast::flat_buffer buf;
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        bhttp::read(*stream_, buf, parser);
        auto res = parser.release();
        Resp out;
        out.status = res.result_int();
        out.body = std::move(res.body());
        for (const auto& f : res) {
          if (f.name() == bhttp::field::set_cookie) {
            if (!out.set_cookie.empty()) out.set_cookie += "\n";
            out.set_cookie += std::string(f.value());
          }
        }
        if (!res.keep_alive()) stream_.reset();
        return out;
      } catch (const std::exception&) {
        stream_.reset();
        if (attempt >= 2) throw;
      }
    }
  }

 private:
  std::string host_;
  uint16_t port_;
  asio::io_context ioc_;
  std::optional<beast::tcp_stream> stream_;
};

struct Session {
  std::string username;
  int node = 0;
  std::string cookie, csrf;
  int64_t user_id = 0;
};

// ---- the WebSocket display -------------------------------------------------------------------

class Display {
 public:
  Display(const std::string& host, uint16_t port, int64_t hall, Checker& checker) : checker_(checker), ws_(ioc_) {
    tcp::resolver resolver(ioc_);
    asio::connect(ws_.next_layer(), resolver.resolve(host, std::to_string(port)));
    ws_.handshake(host, "/api/v1/halls/" + std::to_string(hall) + "/events");
    beast::flat_buffer buf;
    ws_.read(buf);  // hello
    reader_ = std::thread([this] { run(); });
  }
  ~Display() { stop(); }

  void stop() {
    if (!reader_.joinable()) return;
    stopping_ = true;
    boost::system::error_code ec;
    ws_.next_layer().shutdown(tcp::socket::shutdown_both, ec);
    reader_.join();
  }
  int64_t events() const { return events_.load(); }

 private:
  void run() {
    for (;;) {
      beast::flat_buffer buf;
      boost::system::error_code ec;
      ws_.read(buf, ec);
      if (ec) return;
      int64_t at = steadyUs();
      ++events_;
      json e = json::parse(beast::buffers_to_string(buf.data()), nullptr, false);
      if (!e.is_object()) continue;
      std::string type = e.value("type", "");
      if (type == "ticket_called" || type == "ticket_recalled")
        checker_.wsCall(e.value("number", ""), e.value("window_number", 0), type == "ticket_recalled", at);
    }
  }

  Checker& checker_;
  asio::io_context ioc_;
  websocket::stream<tcp::socket> ws_;
  std::thread reader_;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> events_{0};
};

// ---- the player ------------------------------------------------------------------------------

using hall::Dispatcher;
using hall::SkillSet;
using hall::StaffIdx;
using hall::TicketIdx;
using hall::WindowIdx;
using hall::WindowState;
using sim::Citizen;

constexpr int64_t kMinMs = 60'000;
constexpr int64_t kRecallMs = 2 * kMinMs;  // as the simulator: a no-show holds the window 2 minutes
constexpr int64_t kOvertimeMs = 6 * 60 * kMinMs;
const char* const kClasses[] = {"normal", "elderly", "disabled", "pregnant", "military"};

enum class Ev : uint8_t { kEnd, kStaffIn, kStaffOut, kTick, kClose, kStop, kRecall };

struct Event {
  int64_t t;
  uint32_t seq;
  Ev type;
  uint32_t arg;
  bool operator>(const Event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
};

SkillSet toSkills(const std::vector<int>& v) {
  SkillSet s;
  for (int x : v) s.add(static_cast<hall::ServiceIdx>(x));
  return s;
}

struct LiveTicket {
  std::string code, number, holder;
  int64_t called_at = -1;  // epoch ms, from the live hall
};

class Player {
 public:
  Player(const sim::Scenario& sc, const Options& o, std::vector<Citizen> cz)
      : sc_(sc), o_(o), cz_(std::move(cz)), d_(makeDispatcher()) {
    for (uint16_t p : o.ports) clients_.push_back(std::make_unique<Client>(o.host, p));
  }

  Report run() {
    auto t0 = std::chrono::steady_clock::now();
    Report rep;
    try {
      prepare();
      display_ = std::make_unique<Display>(o_.host, o_.ports.front(), o_.hall_id, checker_);
      play();
      // Give the display a moment for the last calls, then compare.
      size_t calls = checker_.calls();
      for (int i = 0; i < 100; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        (void)calls;
      }
      display_->stop();
      checker_.finishWebSocket();
      checkLedger();
    } catch (const std::exception& e) {
      checker_.fail(std::string("the soak stopped: ") + e.what());
      if (display_) display_->stop();
    }
    compareWaits();
    f_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rep.figures = f_;
    rep.violations = checker_.violations();
    rep.violation_count = checker_.violationCount();
    return rep;
  }

 private:
  // ---- HTTP helpers ----
  Resp call(int node, bhttp::verb m, const std::string& target, const json& body, const Session* s,
            const std::vector<std::pair<std::string, std::string>>& extra = {}) {
    std::vector<std::pair<std::string, std::string>> h = extra;
    if (s) {
      h.emplace_back("Cookie", s->cookie);
      h.emplace_back("X-CSRF-Token", s->csrf);
    }
    ++f_.requests;
    return clients_[static_cast<size_t>(node) % clients_.size()]->request(m, target, body.is_null() ? "" : body.dump(), h);
  }
  Resp post(const Session& s, const std::string& target, const json& body = json::object()) {
    return call(s.node, bhttp::verb::post, target, body, &s);
  }
  Resp must(Resp r, const std::string& what, unsigned want = 200) {
    if (r.status != want) throw std::runtime_error(what + ": HTTP " + std::to_string(r.status) + " " + r.body);
    return r;
  }
  std::string windowPath(WindowIdx w, const char* what) {
    return "/api/v1/windows/" + std::to_string(window_ids_[w]) + "/" + what;
  }

  Session login(const std::string& username, int node) {
    Session s{username, node, "", "", 0};
    Resp r = call(node, bhttp::verb::post, "/api/v1/session", json{{"username", username}, {"password", o_.password}}, nullptr);
    must(r, "sign in as " + username);
    size_t i = 0;
    const std::string& all = r.set_cookie;
    while (i < all.size()) {
      size_t j = all.find('\n', i);
      if (j == std::string::npos) j = all.size();
      std::string pair = all.substr(i, j - i);
      pair = pair.substr(0, pair.find(';'));
      i = j + 1;
      if (!s.cookie.empty()) s.cookie += "; ";
      s.cookie += pair;
      if (pair.rfind("onedoor_csrf=", 0) == 0) s.csrf = pair.substr(13);
    }
    s.user_id = r.j()["user"]["id"].get<int64_t>();
    return s;
  }

  void at(int64_t sim_ms) { o_.set_clock(o_.day_start_ms + sim_ms); }
  void log(const std::string& line) {
    if (o_.log) o_.log(line);
  }

  Dispatcher makeDispatcher() {
    std::vector<hall::ServiceDef> services;
    for (const auto& s : sc_.services) services.push_back({s.code, s.code, s.service_min.mean});
    hall::Rules rules;
    rules.ordering = hall::Ordering::kAging;  // the live hall's ordering, the simulator's onedoor policy
    return Dispatcher(std::move(services), hall::defaultPriorityClasses(), rules);
  }

  // Sign everyone in; the hall as the scenario lays it out before opening, all its clerks away.
  void prepare() {
    if (o_.ports.empty() || !o_.set_clock) throw std::runtime_error("no server or no clock control");
    at(int64_t{sc_.open_min} * kMinMs - 60 * kMinMs);
    supervisor_ = login(o_.supervisor, 0);
    Resp seq = must(call(0, bhttp::verb::get, "/api/v1/events?desc=1&limit=1", nullptr, &supervisor_), "ledger head");
    json evs = seq.j()["events"];
    first_seq_ = evs.empty() ? 0 : evs[0]["seq"].get<int64_t>();
    Resp st = must(call(0, bhttp::verb::get, "/api/v1/halls/" + std::to_string(o_.hall_id) + "/state", nullptr, nullptr),
                   "hall state");
    json state = st.j();
    std::map<std::string, int64_t> by_number;
    std::map<std::string, std::vector<std::string>> skills_now;
    std::map<std::string, bool> staffed;
    for (const auto& w : state["windows"]) {
      std::string n = std::to_string(w["number"].get<int>());
      by_number[n] = w["id"].get<int64_t>();
      skills_now[n] = w["skills"].get<std::vector<std::string>>();
      staffed[n] = w["state"] != "shut";
    }
    for (const auto& s : state["services"]) {
      bool found = false;
      for (const auto& sp : sc_.services) found = found || sp.code == s["code"].get<std::string>();
      if (!found) log("note: live service " + s["code"].get<std::string>() + " is not in the scenario");
      if (s.value("waiting", 0) != 0) throw std::runtime_error("the hall has tickets waiting: start from an empty hall");
    }
    for (size_t s = 0; s < sc_.services.size(); ++s) service_codes_.push_back(sc_.services[s].code);
    for (const auto& w : sc_.windows) {
      auto it = by_number.find(w.id);
      if (it == by_number.end()) throw std::runtime_error("scenario window " + w.id + " is not a window of the hall");
      window_ids_.push_back(it->second);
      window_numbers_.push_back(std::stoi(w.id));
    }
    // Everyone the scenario names, each on a node (two-node runs split the clerks).
    for (size_t k = 0; k < sc_.staff.size(); ++k)
      staff_.push_back(login(sc_.staff[k].id, static_cast<int>(k % o_.ports.size())));
    // Windows back to the layout: whoever sits there signs out (the supervisor does it), skills as planned.
    for (size_t w = 0; w < sc_.windows.size(); ++w) {
      const std::string& id = sc_.windows[w].id;
      if (staffed[id]) must(post(supervisor_, windowPath(static_cast<WindowIdx>(w), "sign-out")), "sign-out " + id), ++f_.sign_outs;
      std::vector<std::string> want = codes(toSkills(sc_.windows[w].skills));
      if (want != skills_now[id]) reskillLive(static_cast<WindowIdx>(w), want);
    }
    for (const auto& s : staff_) must(post(s, "/api/v1/me/presence", {{"status", "off"}}), "presence off");
    // The hall's kiosk, registered by the supervisor.
    Resp code = must(post(supervisor_, "/api/v1/halls/" + std::to_string(o_.hall_id) + "/kiosk/pairing-code"),
                     "kiosk pairing code", 201);
    Resp paired = must(call(0, bhttp::verb::post, "/api/v1/halls/" + std::to_string(o_.hall_id) + "/kiosk/pair",
                            {{"code", code.j()["code"]}}, nullptr),
                       "kiosk pairing", 201);
    kiosk_token_ = paired.j()["device_token"].get<std::string>();
    for (const auto& w : sc_.windows) d_.addWindow(w.id, toSkills(w.skills));
    for (const auto& st : sc_.staff) d_.addStaff(st.id, toSkills(st.skills));
    live_.resize(cz_.size());
    live_arrival_.assign(cz_.size(), 0);
  }

  std::vector<std::string> codes(const SkillSet& s) const {
    std::vector<std::string> out;
    for (size_t i = 0; i < service_codes_.size(); ++i)
      if (s.has(static_cast<hall::ServiceIdx>(i))) out.push_back(service_codes_[i]);
    return out;
  }

  void reskillLive(WindowIdx w, const std::vector<std::string>& services) {
    must(post(supervisor_, windowPath(w, "skills"), {{"services", services}}), "re-skill window");
    ++f_.reskills;
  }

  // ---- the day (src/sim/engine.cc's Day, onedoor policy, with every action sent live) ----
  void push(int64_t t, Ev type, uint32_t arg = 0) { heap_.push({t, seq_++, type, arg}); }

  void play() {
    open_ms_ = int64_t{sc_.open_min} * kMinMs;
    close_ms_ = int64_t{sc_.close_min} * kMinMs;
    leaving_.assign(std::max(sc_.staff.size(), sc_.windows.size()), 0);
    opened_by_policy_.assign(sc_.windows.size(), 0);
    no_show_at_.assign(sc_.windows.size(), 0);
    eff_.assign(sc_.windows.size(), SkillSet{});
    for (size_t k = 0; k < sc_.staff.size(); ++k) {
      const sim::StaffSpec& st = sc_.staff[k];
      push(std::max<int64_t>(int64_t{st.shift_start_min} * kMinMs, 0), Ev::kStaffIn, static_cast<uint32_t>(k));
      if (st.shift_end_min < sc_.close_min) push(int64_t{st.shift_end_min} * kMinMs, Ev::kStaffOut, static_cast<uint32_t>(k));
    }
    push(close_ms_, Ev::kClose);
    push(close_ms_ + kOvertimeMs, Ev::kStop);
    push(open_ms_, Ev::kTick);

    size_t next = 0;
    int64_t hour = -1;
    while (!stopped_) {
      bool have_arrival = next < cz_.size() && cz_[next].arrival_ms < close_ms_;
      if (heap_.empty() && !have_arrival && abandon_.empty()) break;
      if (!abandon_.empty()) {
        int64_t due = static_cast<int64_t>(abandon_.top() >> 24);
        if ((heap_.empty() || due < heap_.top().t) && (!have_arrival || due < cz_[next].arrival_ms)) {
          auto t = static_cast<TicketIdx>(abandon_.top() & 0xFFFFFF);
          abandon_.pop();
          if (d_.ticket(t).state == hall::TicketState::kWaiting) {
            advance(due);
            cancel(t);
            afterStep();
          }
          continue;
        }
      }
      if (heap_.empty() && !have_arrival) break;
      if (!heap_.empty() && (!have_arrival || heap_.top().t <= cz_[next].arrival_ms)) {
        Event ev = heap_.top();
        heap_.pop();
        advance(ev.t);
        handle(ev);
      } else {
        advance(cz_[next].arrival_ms);
        arrive(static_cast<TicketIdx>(next));
        ++next;
      }
      afterStep();
      if (now_ / (60 * kMinMs) != hour) {
        hour = now_ / (60 * kMinMs);
        log(sim::clockText(static_cast<int>(now_ / kMinMs)) + ": " + std::to_string(next) + " citizens, " +
            std::to_string(d_.waitingTotal()) + " waiting, " + std::to_string(f_.requests) + " requests, " +
            std::to_string(checker_.violationCount()) + " violations");
      }
      if (checker_.violationCount() > 200) throw std::runtime_error("too many violations");
    }
  }

  void advance(int64_t t) {
    now_ = t;
    at(t);
  }

  void afterStep() {
    ++f_.steps;
    if (o_.check_every_step) checkState();
  }

  // The live hall against the model: waiting per service, each window's state and current number,
  // and no open staffed window idle while a ticket it may serve waits.
  void checkState() {
    int node = last_node_;
    Resp r = call(node, bhttp::verb::get, "/api/v1/halls/" + std::to_string(o_.hall_id) + "/state", nullptr, nullptr);
    if (r.status != 200) {
      checker_.fail("hall state: HTTP " + std::to_string(r.status));
      return;
    }
    json s = r.j();
    std::string when = sim::clockText(static_cast<int>(now_ / kMinMs));
    std::map<std::string, int> waiting;
    for (const auto& sv : s["services"]) waiting[sv["code"].get<std::string>()] = sv.value("waiting", 0);
    for (size_t i = 0; i < service_codes_.size(); ++i) {
      int want = d_.waiting(static_cast<hall::ServiceIdx>(i));
      if (waiting[service_codes_[i]] != want)
        checker_.fail(when + ": service " + service_codes_[i] + " has " + std::to_string(waiting[service_codes_[i]]) +
                      " waiting, the model " + std::to_string(want));
    }
    std::map<int64_t, json> by_id;
    for (const auto& w : s["windows"]) by_id[w["id"].get<int64_t>()] = w;
    for (size_t w = 0; w < window_ids_.size(); ++w) {
      const json& lw = by_id[window_ids_[w]];
      const hall::Window& mw = d_.windows()[w];
      std::string lstate = lw.value("state", "");
      std::string mstate = mw.state == WindowState::kOpen ? "open" : mw.state == WindowState::kPaused ? "paused" : "shut";
      if (lstate != mstate)
        checker_.fail(when + ": window " + sc_.windows[w].id + " is " + lstate + ", the model says " + mstate);
      std::string lnum = lw.contains("current") && lw["current"].is_object() ? lw["current"].value("number", "") : "";
      std::string mnum = mw.serving == hall::kNoTicket ? "" : live_[mw.serving].number;
      if (lnum != mnum)
        checker_.fail(when + ": window " + sc_.windows[w].id + " serves '" + lnum + "', the model '" + mnum + "'");
      // No glass door at an open staffed window: idle while a ticket it (and its clerk) may serve waits.
      if (lstate == "open" && lnum.empty() && mw.staff != hall::kNoIdx16) {
        SkillSet eff = d_.staff()[mw.staff].skills;
        for (const auto& code : lw["skills"]) {
          auto si = d_.serviceByCode(code.get<std::string>());
          if (si && eff.has(*si) && waiting[code.get<std::string>()] > 0)
            checker_.fail(when + ": window " + sc_.windows[w].id + " stands idle while " + code.get<std::string>() +
                          " tickets wait");
        }
      }
    }
  }

  void openWindow(WindowIdx w, StaffIdx st, bool reskill_to_staff, const hall::Remedy* remedy = nullptr) {
    if (!d_.seat(st, w).isOk()) return;
    const Session& s = staff_[st];
    if (remedy) {
      must(post(supervisor_, "/api/v1/halls/" + std::to_string(o_.hall_id) + "/remedies",
                {{"kind", "open_window"}, {"window", window_ids_[w]}, {"staff_user_id", s.user_id},
                 {"service", service_codes_[remedy->service]}}),
           "remedy open_window");
      ++f_.remedies;
    } else {
      must(post(s, windowPath(w, "sign-in")), "sign-in " + s.username);
      ++f_.sign_ins;
    }
    last_node_ = remedy ? 0 : s.node;
    if (reskill_to_staff) (void)d_.reskill(w, d_.staff()[st].skills);
    eff_[w] = d_.effectiveSkills(w);
    reskillLive(w, codes(d_.windows()[w].skills));
    if (!d_.setState(w, WindowState::kOpen, now_).isOk()) return;
    tryCall(w);
  }

  void shutWindow(WindowIdx w, bool leave) {
    StaffIdx st = d_.windows()[w].staff;
    if (!d_.unseat(w, now_).isOk()) return;
    const Session& s = staff_[st];
    must(post(s, windowPath(w, "sign-out")), "sign-out " + s.username);
    ++f_.sign_outs;
    last_node_ = s.node;
    opened_by_policy_[w] = 0;
    if (leave && st != hall::kNoIdx16) {
      (void)d_.setPresent(st, false);
      must(post(s, "/api/v1/me/presence", {{"status", "off"}}), "presence off");
    }
  }

  void tryCall(WindowIdx w) {
    auto t = d_.callNext(w, now_);
    const Session& s = staff_[d_.windows()[w].staff];
    Resp r = post(s, windowPath(w, "call-next"));
    last_node_ = s.node;
    int64_t at_us = steadyUs();
    if (r.status != 200) {
      checker_.fail("call-next at window " + sc_.windows[w].id + ": HTTP " + std::to_string(r.status) + " " + r.body);
      return;
    }
    json j = r.j();
    std::string live_number = j["ticket"].is_object() ? j["ticket"].value("number", "") : "";
    std::string model_number = t ? live_[*t].number : "";
    if (live_number != model_number) {
      checker_.fail(sim::clockText(static_cast<int>(now_ / kMinMs)) + ": window " + sc_.windows[w].id + " called '" +
                    live_number + "', the model '" + model_number + "'");
    }
    if (!live_number.empty()) checker_.called(live_number, window_numbers_[w], false, at_us);
    if (!t) return;
    const Citizen& c = cz_[*t];
    if (j["ticket"].is_object() && j["ticket"]["called_at"].is_number()) live_[*t].called_at = j["ticket"]["called_at"].get<int64_t>();
    if (c.no_show) {
      ++f_.no_show;
      no_show_at_[w] = 1;
      for (int k = 1; k <= 3; ++k) push(now_ + kRecallMs * k / 4, Ev::kRecall, w);
      push(now_ + kRecallMs, Ev::kEnd, w);
      return;
    }
    int64_t from = std::max(c.arrival_ms, c.appointment_ms);
    model_waits_.push_back(static_cast<float>(static_cast<double>(std::max<int64_t>(0, now_ - from)) / kMinMs));
    if (live_[*t].called_at >= 0) {
      int64_t live_from = o_.day_start_ms + from;  // the live arrival is checked below, against this
      live_waits_.push_back(static_cast<float>(static_cast<double>(std::max<int64_t>(0, live_[*t].called_at - live_arrival_[*t])) / kMinMs));
      int64_t diff = (live_[*t].called_at - live_arrival_[*t]) - (now_ - from);
      if (std::llabs(diff) > o_.wait_tolerance_ms || std::llabs(live_arrival_[*t] - live_from) > o_.wait_tolerance_ms)
        checker_.fail("ticket " + live_[*t].number + " waited " + std::to_string(live_[*t].called_at - live_arrival_[*t]) +
                      " ms live, " + std::to_string(now_ - from) + " ms in the model");
    }
    must(post(s, windowPath(w, "start")), "start");
    push(now_ + c.service_ms, Ev::kEnd, w);
  }

  void arrive(TicketIdx i) {
    const Citizen& c = cz_[i];
    const std::string& code = service_codes_[c.service];
    bool remote = o_.remote_every > 0 && i % static_cast<TicketIdx>(o_.remote_every) == static_cast<TicketIdx>(o_.remote_every - 1);
    json body = {{"service", code}, {"channel", remote ? "remote" : "kiosk"}, {"priority", kClasses[c.priority_class]}};
    int node = remote ? static_cast<int>(i % clients_.size()) : 0;
    std::vector<std::pair<std::string, std::string>> h;
    if (!remote) h.emplace_back("X-Device-Token", kiosk_token_);
    Resp r = call(node, bhttp::verb::post, "/api/v1/halls/" + std::to_string(o_.hall_id) + "/tickets", body, nullptr, h);
    last_node_ = node;
    must(r, "issue a ticket", 201);
    json j = r.j();
    LiveTicket& lt = live_[i];
    lt.code = j["ticket_id"].get<std::string>();
    lt.number = j["number"].get<std::string>();
    lt.holder = j["holder_token"].get<std::string>();
    live_arrival_[i] = j["arrival"].get<int64_t>();
    checker_.issued(code, lt.number);
    if (remote) {
      ++f_.remote;
      if (c.priority_class != 0) {
        // Claimed from a phone: waits as normal until a clerk sees proof at a window and confirms it.
        if (j.value("priority", "") != "normal") checker_.fail("remote ticket " + lt.number + " counted its priority before confirmation");
        must(post(supervisor_, windowPath(0, "confirm-priority"), {{"number", lt.number}, {"priority", kClasses[c.priority_class]}}),
             "confirm priority");
        ++f_.priority_confirmed;
      }
    }
    hall::NewTicket nt{c.service, c.priority_class, c.arrival_ms};
    if (c.appointment_ms >= 0) nt.appointment = c.appointment_ms;
    nt.tag = i;
    d_.add(nt);
    if (c.patience_ms < sim::kForever && i < (1u << 24))
      abandon_.push(static_cast<uint64_t>(c.arrival_ms + c.patience_ms) << 24 | i);
    if (d_.waiting(c.service) > 1) return;
    // The clerk the simulator's engine would send: the dispatcher's own choice of idle window.
    if (auto w = d_.routeArrival(c.service)) tryCall(*w);
  }

  void cancel(TicketIdx t) {
    (void)d_.remove(t);
    Resp r = call(0, bhttp::verb::post, "/api/v1/tickets/" + live_[t].code + "/cancel", {{"holder_token", live_[t].holder}}, nullptr);
    last_node_ = 0;
    must(r, "cancel " + live_[t].number);
    ++f_.cancelled;
    checker_.gone(live_[t].number);
  }

  void handle(const Event& ev) {
    switch (ev.type) {
      case Ev::kEnd: endService(static_cast<WindowIdx>(ev.arg)); break;
      case Ev::kRecall: {
        auto w = static_cast<WindowIdx>(ev.arg);
        const Session& s = staff_[d_.windows()[w].staff];
        Resp r = post(s, windowPath(w, "recall"));
        last_node_ = s.node;
        must(r, "recall");
        ++f_.recalls;
        checker_.called(r.j()["ticket"].value("number", ""), window_numbers_[w], true, steadyUs());
        break;
      }
      case Ev::kStaffIn: staffIn(static_cast<StaffIdx>(ev.arg)); break;
      case Ev::kStaffOut: staffOut(static_cast<StaffIdx>(ev.arg)); break;
      case Ev::kTick: tick(); break;
      case Ev::kClose: closeHall(); break;
      case Ev::kStop: stopped_ = true; break;
    }
  }

  void endService(WindowIdx w) {
    TicketIdx t = d_.windows()[w].serving;
    (void)d_.finish(w, now_);
    const Session& s = staff_[d_.windows()[w].staff];
    if (no_show_at_[w]) {
      no_show_at_[w] = 0;
      must(post(s, windowPath(w, "no-show")), "no-show");
    } else {
      must(post(s, windowPath(w, "finish")), "finish");
      ++f_.served;
      rate(t);
    }
    last_node_ = s.node;
    checker_.gone(live_[t].number);
    StaffIdx st = d_.windows()[w].staff;
    if (st != hall::kNoIdx16 && leaving_[st]) {
      leaving_[st] = 0;
      shutWindow(w, true);
      return;
    }
    tryCall(w);
    if (closed_ && d_.windows()[w].serving == hall::kNoTicket) shutWindow(w, true);
  }

  void rate(TicketIdx t) {
    static const char* const kLevels[] = {"very_satisfied", "very_satisfied", "satisfied", "very_satisfied", "satisfied",
                                          "basically_satisfied", "very_satisfied", "satisfied", "very_satisfied", "satisfied"};
    if (t % 4 == 3) return;  // not everyone rates
    std::string level = t % 97 == 41 ? "dissatisfied" : kLevels[t % 10];
    Resp r = call(0, bhttp::verb::post, "/api/v1/tickets/" + live_[t].code + "/rating",
                  {{"rating", level}, {"holder_token", live_[t].holder}}, nullptr);
    must(r, "rate " + live_[t].number);
    ++f_.rated;
  }

  void staffIn(StaffIdx st) {
    (void)d_.setPresent(st, true);
    must(post(staff_[st], "/api/v1/me/presence", {{"status", "on_duty"}}), "presence on duty");
    int w = sc_.staff[st].window;
    if (w >= 0 && sc_.windows[w].open && d_.windows()[w].staff == hall::kNoIdx16)
      openWindow(static_cast<WindowIdx>(w), st, true);
  }

  void staffOut(StaffIdx st) {
    WindowIdx w = d_.staff()[st].window;
    if (w == hall::kNoIdx16) {
      (void)d_.setPresent(st, false);
      must(post(staff_[st], "/api/v1/me/presence", {{"status", "off"}}), "presence off");
    } else if (d_.windows()[w].serving != hall::kNoTicket) {
      leaving_[st] = 1;
    } else {
      shutWindow(w, true);
    }
  }

  void closeHall() {
    closed_ = true;
    for (size_t w = 0; w < d_.windows().size(); ++w) {
      const auto& win = d_.windows()[w];
      if (win.staff != hall::kNoIdx16 && win.serving == hall::kNoTicket) shutWindow(static_cast<WindowIdx>(w), true);
    }
    if (d_.waitingTotal() == 0) backOfficeHome();
  }

  void backOfficeHome() {
    for (size_t k = 0; k < d_.staff().size(); ++k)
      if (d_.staff()[k].window == hall::kNoIdx16 && d_.staff()[k].present) {
        (void)d_.setPresent(static_cast<StaffIdx>(k), false);
        must(post(staff_[k], "/api/v1/me/presence", {{"status", "off"}}), "presence off");
      }
  }

  void tick() {
    sim::OnedoorKnobs kn;
    double open_at = kn.open_when_wait_min >= 0 ? kn.open_when_wait_min : sc_.target_p95_wait_min / 2;
    for (const auto& r : hall::suggestRemedies(d_, {.target_min = open_at})) {
      if (r.kind == hall::Remedy::Kind::kOpenWindow) {
        opened_by_policy_[r.window] = 1;
        openWindow(r.window, r.staff, true, &r);
      } else {
        // The supervisor applies the switch, then gives the window its clerk's full skills (as the simulator).
        must(post(supervisor_, "/api/v1/halls/" + std::to_string(o_.hall_id) + "/remedies",
                  {{"kind", "switch_window"}, {"window", window_ids_[r.window]}, {"service", service_codes_[r.service]}}),
             "remedy switch_window");
        ++f_.remedies;
        (void)d_.reskill(r.window, d_.staff()[r.staff].skills);
        reskillLive(r.window, codes(d_.windows()[r.window].skills));
        last_node_ = 0;
        eff_[r.window] = d_.effectiveSkills(r.window);
        tryCall(r.window);
      }
    }
    idle_copy_.assign(d_.idleWindows().begin(), d_.idleWindows().end());
    std::sort(idle_copy_.begin(), idle_copy_.end());
    for (WindowIdx w : idle_copy_) {
      if (!opened_by_policy_[w]) continue;
      const auto& win = d_.windows()[w];
      if (now_ - win.idle_since >= static_cast<int64_t>(kn.close_idle_min * kMinMs) && !eff_[w].intersects(d_.servicesWaiting()))
        shutWindow(w, false);
    }
    bool busy = false;
    if (closed_)
      for (const auto& win : d_.windows()) busy = busy || win.serving != hall::kNoTicket;
    if (!closed_ || d_.waitingTotal() > 0 || busy) push(now_ + int64_t{kn.tick_s} * 1000, Ev::kTick);
    if (closed_ && d_.waitingTotal() == 0) backOfficeHome();
  }

  // ---- the end of the day ----
  void checkLedger() {
    supervisor_ = login(o_.supervisor, 0);  // the day may have outlived the morning's session
    Resp v = must(call(0, bhttp::verb::get, "/api/v1/ledger/verify", nullptr, &supervisor_), "ledger verify");
    f_.ledger_ok = v.j().value("ok", false);
    if (!f_.ledger_ok) checker_.fail("ledger verify failed: " + v.body);
    std::map<std::string, int64_t> count;
    int64_t after = first_seq_;
    for (;;) {
      Resp r = must(call(0, bhttp::verb::get, "/api/v1/events?after=" + std::to_string(after) + "&limit=1000", nullptr, &supervisor_),
                    "ledger events");
      json evs = r.j()["events"];
      if (evs.empty()) break;
      for (const auto& e : evs) {
        ++count[e["type"].get<std::string>()];
        after = e["seq"].get<int64_t>();
      }
      f_.ledger_events += static_cast<int64_t>(evs.size());
    }
    auto expect = [&](const char* type, int64_t want) {
      if (count[type] != want)
        checker_.fail(std::string("ledger: ") + std::to_string(count[type]) + " " + type + " events, " +
                      std::to_string(want) + " changes made");
    };
    int64_t issued = 0;
    for (const auto& t : live_) issued += t.number.empty() ? 0 : 1;
    expect("ticket.issued", issued);
    expect("ticket.called", static_cast<int64_t>(checker_.calls()) - f_.recalls);
    expect("ticket.recalled", f_.recalls);
    expect("ticket.no_show", f_.no_show);
    expect("ticket.finished", f_.served);
    expect("ticket.started", f_.served);
    expect("ticket.cancelled", f_.cancelled);
    expect("ticket.rated", f_.rated);
    expect("ticket.priority_confirmed", f_.priority_confirmed);
    expect("window.signed_in", f_.sign_ins);
    expect("window.signed_out", f_.sign_outs);
    expect("window.reskilled", f_.reskills);
    expect("hall.remedy_applied", f_.remedies);
  }

  void compareWaits() {
    sim::Tally tally;
    sim::DayInput in{sc_, cz_, sim::Policy::kOnedoor, sim::OnedoorKnobs{}};
    sim::simulateDay(in, tally);
    std::vector<float> all;
    for (const auto& v : tally.waits) all.insert(all.end(), v.begin(), v.end());
    f_.citizens = static_cast<int64_t>(cz_.size());
    f_.sim = sim::waitStats(all);
    f_.model = sim::waitStats(model_waits_);
    f_.live = sim::waitStats(live_waits_);
    if (f_.live.served != f_.sim.served)
      checker_.fail("served live " + std::to_string(f_.live.served) + ", the simulator " + std::to_string(f_.sim.served));
    auto within = [&](const char* what, double live, double simulated) {
      double tol = std::max(0.05 * simulated, 0.01);  // 5 %, and 0.6 s when the prediction is ~0
      if (std::fabs(live - simulated) > tol)
        checker_.fail(std::string(what) + " wait live " + std::to_string(live) + " min, the simulator " +
                      std::to_string(simulated) + " min (more than 5 % apart)");
    };
    within("mean", f_.live.mean, f_.sim.mean);
    within("p95", f_.live.p95, f_.sim.p95);
  }

  const sim::Scenario& sc_;
  const Options& o_;
  std::vector<Citizen> cz_;
  Dispatcher d_;
  Checker checker_;
  Figures f_;
  std::vector<std::unique_ptr<Client>> clients_;
  std::unique_ptr<Display> display_;
  Session supervisor_;
  std::vector<Session> staff_;
  std::string kiosk_token_;
  int64_t first_seq_ = 0;
  int last_node_ = 0;
  std::vector<std::string> service_codes_;
  std::vector<int64_t> window_ids_;
  std::vector<int> window_numbers_;
  std::vector<LiveTicket> live_;
  std::vector<int64_t> live_arrival_;
  std::vector<float> model_waits_, live_waits_;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> heap_;
  std::priority_queue<uint64_t, std::vector<uint64_t>, std::greater<uint64_t>> abandon_;
  uint32_t seq_ = 0;
  int64_t now_ = 0, open_ms_ = 0, close_ms_ = 0;
  bool closed_ = false, stopped_ = false;
  std::vector<uint8_t> leaving_, opened_by_policy_, no_show_at_;
  std::vector<SkillSet> eff_;
  std::vector<WindowIdx> idle_copy_;
};

}  // namespace

ServerClock serverClock(const std::string& host, const std::vector<uint16_t>& ports, const std::string& admin,
                        const std::string& password) {
  struct Node {
    std::unique_ptr<Client> client;
    std::string cookie, csrf;
  };
  // Signs in (again: a jump past the session's lifetime ends it, so a 401 signs in once more).
  auto signIn = [admin, password](Node& n) {
    Resp r = n.client->request(bhttp::verb::post, "/api/v1/session",
                               json{{"username", admin}, {"password", password}}.dump(), {});
    if (r.status != 200) throw std::runtime_error("sign in as " + admin + ": HTTP " + std::to_string(r.status) + " " + r.body);
    n.cookie.clear();
    size_t i = 0;
    while (i < r.set_cookie.size()) {
      size_t j = r.set_cookie.find('\n', i);
      if (j == std::string::npos) j = r.set_cookie.size();
      std::string pair = r.set_cookie.substr(i, j - i);
      pair = pair.substr(0, pair.find(';'));
      i = j + 1;
      if (!n.cookie.empty()) n.cookie += "; ";
      n.cookie += pair;
      if (pair.rfind("onedoor_csrf=", 0) == 0) n.csrf = pair.substr(13);
    }
  };
  auto nodes = std::make_shared<std::vector<Node>>();
  for (uint16_t port : ports) {
    Node n{std::make_unique<Client>(host, port), "", ""};
    signIn(n);
    nodes->push_back(std::move(n));
  }
  ServerClock c;
  c.set_clock = [nodes, signIn](int64_t t) {
    for (auto& n : *nodes) {
      for (int attempt = 0;; ++attempt) {
        Resp r = n.client->request(bhttp::verb::post, "/api/v1/test/clock", json{{"now_ms", t}}.dump(),
                                   {{"Cookie", n.cookie}, {"X-CSRF-Token", n.csrf}});
        if (r.status == 200) break;
        if (r.status == 401 && attempt == 0) {
          signIn(n);
          continue;
        }
        throw std::runtime_error("moving the server clock (serve --test-clock?): HTTP " + std::to_string(r.status));
      }
    }
  };
  c.now_ms = [nodes]() -> int64_t {
    Node& n = nodes->front();
    Resp r = n.client->request(bhttp::verb::get, "/api/v1/test/clock", "", {{"Cookie", n.cookie}});
    if (r.status != 200) throw std::runtime_error("reading the server clock (serve --test-clock?): HTTP " + std::to_string(r.status));
    return r.j()["now_ms"].get<int64_t>();
  };
  return c;
}

Report runSoak(const sim::Scenario& sc, const Options& o) {
  std::vector<Citizen> cz = sim::drawCitizens(sc, o.seed, 0, 0);
  Player p(sc, o, std::move(cz));
  return p.run();
}

}  // namespace onedoor::soak
