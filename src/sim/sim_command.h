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
  bool advise_training = false;  // which single skill to teach to which clerk (src/sim/skill_graph.h)
  double open_at_min = -1;     // onedoor: open a spare window past this predicted wait (default target/2)
  double close_idle_min = -1;  // onedoor: shut a window idle this long (default 20)
  bool lean = false;           // onedoor: may also shut windows open in the scenario when idle
  bool progress = true;  // drawn on stderr only when it is a terminal and the run is long
};

// Returns the process exit code: 0, or 2 for a bad scenario or argument (message on err).
int runSimCommand(const SimArgs& args, std::ostream& out, std::ostream& err);

}  // namespace onedoor::sim
