// POST /api/v1/sim/run for supervisors and admins (the "what if" page): runs the hall simulator on
// a scenario given inline or a shipped one by name and answers what `onedoor sim --json` prints.
// The request is checked on the io thread (shape, nesting, cost); the run itself is seconds of CPU,
// so it goes to the simulation pool (api/sim_pool.h) with a time limit, and a full pool answers 429.
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>
#include <fstream>
#include <sstream>

#include "api/json_body.h"
#include "api/route_groups.h"
#include "api/sim_pool.h"
#include "core/json_depth.h"
#include "sim/report.h"
#include "services/hall_scenario.h"
#include "sim/scenario.h"
#include "sim/skill_graph.h"

namespace onedoor::api {

using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;

namespace {

constexpr int kMaxReps = 20;
constexpr double kMaxCitizens = 100000;  // expected citizens over all days and replications
// The engine's work grows with the simulated window-intervals as much as with citizens (each
// interval re-plans every window): days × intervals × windows × reps bounds it. The largest shipped
// scenario (district-day) at the most reps its citizens allow (18) is 23,040.
constexpr double kMaxCost = 60000;

// A shipped scenario's file name from its stem: lower-case letters, digits and dashes only.
Result<std::string> readNamed(const std::filesystem::path& dir, const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  if (!ok) return invalid("场景名称不正确 / Invalid scenario name", "name");
  if (dir.empty()) return notFound("未配置场景目录 / No scenarios directory is configured");
  std::ifstream f(dir / (name + ".json"), std::ios::binary);
  if (!f) return notFound("无此场景 / No such scenario: " + name);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The scenario of a live hall (what-if from the hall's own configuration and history).
Result<std::string> readHall(App& app, const json& id) {
  if (!id.is_number_integer() || id.get<int64_t>() <= 0) return invalid("hall 须为大厅编号 / hall must be a hall id", "hall");
  Result<json> sc = Status(Code::kInternal, "");
  Status st = app.store.read([&](Reader& r) -> Status {
    sc = services::scenarioFromHall(r, id.get<int64_t>(), app.clock.nowMs());
    return Status::ok();
  });
  if (!st) return st;
  if (!sc) return sc.status();
  return sc->dump();
}

// A checked request, ready to run.
struct SimJob {
  sim::Scenario scenario;
  sim::RunOptions options;
  bool advise_training = false;  // also: which single skill to teach to which clerk (skill_graph.h)
};

Result<SimJob> prepareRequest(App& app, const std::string& body) {
  const std::filesystem::path& dir = app.scenarios_dir;
  if (!jsonDepthWithin(body)) return invalid(kJsonTooDeepMessage);
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return invalid("请求体须为 JSON 对象 / The body must be a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    if (k != "scenario" && k != "name" && k != "hall" && k != "seed" && k != "reps" && k != "policy" &&
        k != "advise_training")
      return invalid("未知字段 / Unknown field: " + k, k);
  }
  if (int(j.contains("scenario")) + int(j.contains("name")) + int(j.contains("hall")) != 1)
    return invalid("须给出 scenario、name 或 hall 之一 / Give exactly one of scenario, name and hall", "scenario");
  std::string text;
  if (j.contains("hall")) {
    auto t = readHall(app, j["hall"]);
    if (!t) return t.status();
    text = *t;
  } else if (j.contains("name")) {
    if (!j["name"].is_string()) return invalid("name 须为字符串 / name must be a string", "name");
    auto t = readNamed(dir, j["name"].get<std::string>());
    if (!t) return t.status();
    text = *t;
  } else {
    if (!j["scenario"].is_object()) return invalid("scenario 须为对象 / scenario must be an object", "scenario");
    text = j["scenario"].dump();
  }
  sim::RunOptions o;
  if (j.contains("seed")) {
    if (!j["seed"].is_number_unsigned()) return invalid("seed 须为非负整数 / seed must be a non-negative integer", "seed");
    o.seed = j["seed"].get<uint64_t>();
  }
  if (j.contains("reps")) {
    if (!j["reps"].is_number_integer() || j["reps"].get<int64_t>() < 1 || j["reps"].get<int64_t>() > kMaxReps)
      return invalid("reps 须在 1 到 20 之间 / reps must be between 1 and 20", "reps");
    o.reps = j["reps"].get<int>();
  }
  if (j.contains("policy")) {
    sim::Policy p;
    if (!j["policy"].is_string()) return invalid("policy 须为字符串 / policy must be a string", "policy");
    std::string name = j["policy"].get<std::string>();
    if (name != "all") {
      if (!sim::parsePolicy(name, p)) return invalid("未知策略 / Unknown policy: " + name, "policy");
      o.policies = {p};
    }
  }
  bool advise_training = false;
  if (j.contains("advise_training")) {
    if (!j["advise_training"].is_boolean()) return invalid("advise_training 须为 true 或 false / advise_training must be a boolean", "advise_training");
    advise_training = j["advise_training"].get<bool>();
  }
  auto sc = sim::parseScenario(text);
  if (!sc) {
    Status st = sc.status();
    std::string field = j.contains("scenario") ? "scenario" + (st.field() == "/" ? "" : st.field()) : (j.contains("hall") ? "hall" : "name");
    return invalid(st.message(), field);
  }
  double expected = 0;
  for (const auto& s : sc->services)
    for (double r : s.arrivals_per_hour) expected += r * sc->interval_min / 60.0;
  expected *= sc->days * o.reps;
  if (expected > kMaxCitizens)
    return Status(Code::kTooLarge, "推演规模过大（市民数 × 天数 × 重复次数）/ The run is too large (citizens × days × reps > 100,000)", "reps");
  const double cost = double(sc->days) * sc->intervals() * double(std::max<size_t>(1, sc->windows.size())) * o.reps;
  if (cost > kMaxCost)
    return Status(Code::kTooLarge,
                  "推演规模过大（天数 × 时段数 × 窗口数 × 重复次数 = " + std::to_string(int64_t(cost)) +
                      "，上限 60000）/ The run is too large (days × intervals × windows × reps = " +
                      std::to_string(int64_t(cost)) + ", at most 60,000)",
                  "reps");
  return SimJob{std::move(*sc), std::move(o), advise_training};
}

// On a pool worker: the run, stopped at the pool's time limit.
Result<json> runJob(SimJob& job, std::chrono::milliseconds time_limit) {
  job.options.deadline = std::chrono::steady_clock::now() + time_limit;
  sim::RunReport report = sim::runScenario(job.scenario, job.options);
  if (report.timed_out) {
    std::ostringstream secs;
    secs << time_limit.count() / 1000.0;
    return Status(Code::kTooLarge,
                  "推演超过时限（" + secs.str() + " 秒），请减少天数或重复次数 / The run passed its time limit of " +
                      secs.str() + " s; use fewer days or reps",
                  "reps");
  }
  auto out = sim::toJson(report);
  if (job.advise_training) {
    // The advice runs onedoor on each shortlisted change: at most 5 replications, same time limit.
    sim::TrainingAdvice a = sim::adviseTraining(
        job.scenario, {.seed = job.options.seed, .reps = std::min(job.options.reps, 5), .deadline = job.options.deadline});
    if (a.timed_out) {
      std::ostringstream secs;
      secs << time_limit.count() / 1000.0;
      return Status(Code::kTooLarge,
                    "培训建议超过时限（" + secs.str() + " 秒），请减少重复次数 / The training advice passed the time limit of " +
                        secs.str() + " s; use fewer reps",
                    "reps");
    }
    out["training"] = sim::trainingJson(a, job.scenario);
  }
  return json::parse(out.dump());  // same content; keys sorted
}

// The 429 of a full pool: retry once a run or two has finished.
http::Response poolFull(const http::RequestContext& ctx) {
  http::Response res = errorOut(ctx, Status(Code::kTooMany, "推演排队已满，请稍后再试 / Too many simulations are running or waiting; retry shortly"));
  res.set(http::bhttp::field::retry_after, "5");
  return res;
}

// The work handed to the pool, built outside the coroutine (GCC 12 coroutine bug with lambdas
// inside co_await expressions).
std::function<Result<json>()> poolWork(std::shared_ptr<SimJob> job, std::chrono::milliseconds time_limit) {
  return [job, time_limit] { return runJob(*job, time_limit); };
}

}  // namespace

void registerSimRoutes(http::Router& router, App& app) {
  if (!app.sim_pool) app.sim_pool = std::make_shared<SimPool>(SimPool::Options{});
  router.add({verb::get, "/api/v1/sim/scenarios", kOversight,
              [&app](http::RequestContext& ctx) -> Awaitable {
                // The shipped scenarios, for the what-if page's picker; a file that does not parse
                // is listed with its error rather than hidden.
                json list = json::array();
                std::vector<std::filesystem::path> files;
                std::error_code ec;
                if (!app.scenarios_dir.empty()) {
                  for (const auto& e : std::filesystem::directory_iterator(app.scenarios_dir, ec)) {
                    if (e.path().extension() == ".json") files.push_back(e.path());
                  }
                }
                std::sort(files.begin(), files.end());
                for (const auto& f : files) {
                  std::string name = f.stem().string();
                  auto text = readNamed(app.scenarios_dir, name);
                  if (!text) continue;
                  auto sc = sim::parseScenario(*text);
                  json item = {{"name", name}};
                  if (!sc) {
                    item["error"] = sc.status().message();
                  } else {
                    json raw = json::parse(*text, nullptr, false);
                    item["description"] = raw.is_object() ? raw.value("description", "") : "";
                    item["days"] = sc->days;
                    item["services"] = sc->services.size();
                    item["windows"] = sc->windows.size();
                    item["staff"] = sc->staff.size();
                  }
                  list.push_back(std::move(item));
                }
                co_return jsonOk(ctx, {{"scenarios", list}});
              },
              {"The shipped hall scenarios (name, description, size) for the what-if page", "sim"}});
  router.add({verb::post, "/api/v1/sim/run", kOversight,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto prepared = prepareRequest(app, ctx.req.body());
                if (!prepared) co_return errorOut(ctx, prepared.status());
                std::shared_ptr<SimPool> pool = app.sim_pool;
                auto work = poolWork(std::make_shared<SimJob>(std::move(*prepared)), pool->options().time_limit);
                std::optional<Result<json>> out = co_await awaitOnPool<Result<json>>(*pool, std::move(work));
                if (!out) co_return poolFull(ctx);
                if (!*out) co_return errorOut(ctx, out->status());
                co_return jsonOk(ctx, **out);
              },
              {"Simulate a service hall under the four dispatch policies (body: scenario or name, seed, reps ≤ 20, "
               "policy, advise_training: also which single skill to teach to which clerk, 3 steps). Bounds: JSON nesting ≤ 32 (400); expected citizens ≤ 100,000 and days × intervals × "
               "windows × reps ≤ 60,000 (413, field reps). Runs go to a small pool off the io threads: 429 with "
               "Retry-After when it is full, 413 when a run passes the time limit (--sim-time-limit)", "sim"}});
}

}  // namespace onedoor::api
