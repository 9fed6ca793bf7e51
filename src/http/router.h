// Router: method + path pattern with {params} → Route. Built once at start-up, then read-only
// (safe to share across io threads without locking). Routes are indexed by their number of
// segments and their third segment (the resource of /api/v1/<resource>/...), so a request is
// checked against the few routes that can match, not all of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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
  static std::string bucketKey(size_t segment_count, std::string_view third);
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;  // parallel to routes_
  // bucketKey(segment count, literal third segment or "") → indexes into routes_, ascending. A
  // route whose third segment holds a parameter is filed under "" and checked for every path of
  // its length.
  std::unordered_map<std::string, std::vector<size_t>> buckets_;
};

}  // namespace onedoor::http
