// `onedoor soak`.
#include "soak/soak_command.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "soak/soak.h"

namespace onedoor::soak {

std::unique_ptr<SoakCommand> addSoakCommand(CLI::App& cli) {
  auto c = std::make_unique<SoakCommand>();
  c->cmd = cli.add_subcommand("soak", "Play a scenario's day against running servers (serve --test-clock) and check every step");
  SoakArgs& a = c->args;
  c->cmd->add_option("--scenario", a.scenario, "Scenario file (the onedoor sim format) naming the hall's services, windows and staff")->required();
  c->cmd->add_option("--url", a.urls, "Base URL of each node (default http://127.0.0.1:8080); clerks are spread over them");
  c->cmd->add_option("--seed", a.seed, "Random seed of the citizens (default 1)");
  c->cmd->add_option("--hall", a.hall, "Hall id (default 1, the demo hall)");
  c->cmd->add_option("--admin", a.admin, "Admin account that moves the servers' clocks (default admin)");
  c->cmd->add_option("--password", a.password, "Password of every account used (default the demo's)");
  c->cmd->add_flag("--quiet", a.quiet, "No progress lines");
  return c;
}

int SoakCommand::run() const {
  const SoakArgs& a = args;
  std::ifstream in(a.scenario);
  if (!in) {
    std::cerr << "onedoor soak: cannot read " << a.scenario << "\n";
    return 2;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto sc = sim::parseScenario(ss.str());
  if (!sc) {
    std::cerr << "onedoor soak: bad scenario field " << sc.status().field() << ": " << sc.status().message() << "\n";
    return 2;
  }
  Options o;
  for (const auto& url : a.urls) {
    // http://HOST:PORT only (the soak talks to its own servers on the loopback).
    const std::string prefix = "http://";
    size_t colon = url.rfind(':');
    if (url.rfind(prefix, 0) != 0 || colon == std::string::npos || colon < prefix.size()) {
      std::cerr << "onedoor soak: --url must be http://HOST:PORT\n";
      return 2;
    }
    o.host = url.substr(prefix.size(), colon - prefix.size());
    try {
      o.ports.push_back(static_cast<uint16_t>(std::stoi(url.substr(colon + 1))));
    } catch (...) {
      std::cerr << "onedoor soak: --url must be http://HOST:PORT\n";
      return 2;
    }
  }
  o.hall_id = a.hall;
  o.seed = a.seed;
  o.password = a.password;
  try {
    ServerClock clock = serverClock(o.host, o.ports, a.admin, a.password);
    o.set_clock = clock.set_clock;
    o.day_start_ms = nextLocalMidnight(clock.now_ms());
  } catch (const std::exception& e) {
    std::cerr << "onedoor soak: " << e.what() << "\n";
    return 2;
  }
  if (!a.quiet) o.log = [](const std::string& line) { std::cerr << "soak " << line << "\n"; };
  Report r = runSoak(*sc, o);
  std::cout << r.text();
  return r.ok() ? 0 : 1;
}

}  // namespace onedoor::soak
