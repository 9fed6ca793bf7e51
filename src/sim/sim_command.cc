// `onedoor sim`: scenario file → report (table or JSON) and, with --advise, the staffing plan.
#include "sim/sim_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "sim/advise.h"
#include "sim/report.h"
#include "sim/skill_graph.h"

namespace onedoor::sim {

namespace {

// A one-line bar on stderr, drawn only for runs that last more than a second.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO)), start_(Clock::now()) {}
  ~ProgressBar() {
    if (drawn_) std::fprintf(stderr, "\r%60s\r", "");
  }
  void operator()(double f) {
    if (!enabled_) return;
    auto now = Clock::now();
    if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    drawn_ = true;
    int filled = static_cast<int>(f * 40);
    std::fprintf(stderr, "\r[%.*s%*s] %3d%%", filled, "########################################", 40 - filled, "",
                 static_cast<int>(f * 100));
    std::fflush(stderr);
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_, last_;
};

}  // namespace

int runSimCommand(const SimArgs& args, std::ostream& out, std::ostream& err) {
  std::ifstream f(args.scenario, std::ios::binary);
  if (!f) {
    err << "onedoor sim: cannot read " << args.scenario << "\n";
    return 2;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  auto sc = parseScenario(ss.str());
  if (!sc) {
    err << "onedoor sim: " << args.scenario << ": " << sc.status().message() << "\n";
    return 2;
  }
  RunOptions o;
  o.seed = args.seed;
  o.reps = args.reps;
  if (args.policy != "all") {
    Policy p;
    if (!parsePolicy(args.policy, p)) {
      err << "onedoor sim: unknown policy \"" << args.policy << "\" (static, ordered, onedoor, pooled or all)\n";
      return 2;
    }
    o.policies = {p};
  }
  if (args.open_at_min >= 0) o.knobs.open_when_wait_min = args.open_at_min;
  if (args.close_idle_min >= 0) o.knobs.close_idle_min = args.close_idle_min;
  o.knobs.close_planned_windows = args.lean;
  ProgressBar bar(args.progress);
  RunReport report = runScenario(*sc, o, [&](double fr) { bar(fr); });
  std::optional<Advice> advice;
  if (args.advise) advice = adviseStaffing(*sc, {.seed = args.seed, .reps = std::max(args.reps, 10)});
  std::optional<TrainingAdvice> training;
  if (args.advise_training) training = adviseTraining(*sc, {.seed = args.seed, .reps = std::max(args.reps, 5)});
  if (args.json) {
    auto j = toJson(report);
    if (advice) j["advice"] = adviceJson(*advice, *sc);
    if (training) j["training"] = trainingJson(*training, *sc);
    out << j.dump(2) << "\n";
  } else {
    out << toTable(report);
    if (advice) out << "\n" << adviceTable(*advice, *sc);
    if (training) out << "\n" << trainingTable(*training, *sc);
  }
  return 0;
}

}  // namespace onedoor::sim
