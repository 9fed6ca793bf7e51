// `onedoor soak`: plays a scenario's day against running servers (`onedoor serve --demo
// --no-demo-traffic --test-clock --limit all=off`) and checks it (src/soak/soak.h). Kept out of
// src/cli/main.cc, which only registers it.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace onedoor::soak {

struct SoakArgs {
  std::string scenario;
  std::vector<std::string> urls{"http://127.0.0.1:8080"};  // one per node
  uint64_t seed = 1;
  int64_t hall = 1;
  std::string admin = "admin";
  std::string password = "onedoor-demo";
  bool quiet = false;
};

struct SoakCommand {
  CLI::App* cmd = nullptr;
  SoakArgs args;
  bool parsed() const { return cmd && cmd->parsed(); }
  int run() const;  // 0 when every check passed, 1 on a violation, 2 on a bad argument
};

// Adds the `soak` subcommand to the CLI (the one-line hook in main.cc).
std::unique_ptr<SoakCommand> addSoakCommand(CLI::App& cli);

}  // namespace onedoor::soak
