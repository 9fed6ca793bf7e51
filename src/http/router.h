// Router: method + path pattern with {params} → Route. Built once at start-up, then read-only
// (safe to share across io threads without locking).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/types.h"

namespace onedoor::http {

class Router {
 public:
  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool path_known = false;  // some route has this path, but not this method (→ 405)
  };

  // Throws std::invalid_argument on a malformed or duplicate pattern (start-up only).
  void add(Route route);
  Match match(bhttp::verb method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  static std::vector<std::string> split(const std::string& path);
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;  // parallel to routes_
};

}  // namespace onedoor::http
