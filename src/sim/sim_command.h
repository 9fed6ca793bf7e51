// `onedoor sim`: reads a scenario file, runs the policies (and the staffing advice) and prints the
// table or the JSON. Kept out of src/cli/main.cc so tests can call it in-process.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

namespace onedoor::sim {

struct SimArgs {
  std::string scenario;
  std::string policy = "all";
  uint64_t seed = 1;
  int reps = 1;
  bool json = false;
  bool advise = false;
  bool progress = true;  // drawn on stderr only when it is a terminal and the run is long
};

// Returns the process exit code: 0, or 2 for a bad scenario or argument (message on err).
int runSimCommand(const SimArgs& args, std::ostream& out, std::ostream& err);

}  // namespace onedoor::sim
