// The demo centre: a fictional district service centre (明湖区) with departments and staff, so a
// fresh install has something real to click through. Later modules add their parts here.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "store/store.h"

namespace onedoor::demo {

struct DemoLogin {
  std::string username;
  std::string password;
  std::string role;
  std::string display_name;
};

inline const std::string kDemoPassword = "onedoor-demo";

// The logins the demo creates (for printing).
std::vector<DemoLogin> demoLogins();

// Loads the demo into an empty store; kConflict when staff accounts already exist.
// `fast_hash` uses the minimum argon2id cost (tests only).
Status loadDemoCentre(Store& store, const Clock& clock, bool fast_hash = false);

// True when the store has no staff yet (a fresh database).
bool isFresh(Store& store);

}  // namespace onedoor::demo
