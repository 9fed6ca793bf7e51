// Router implementation: linear match over pre-split segments (a few dozen routes; no need for a trie).
#include "http/router.h"

#include <stdexcept>

namespace onedoor::http {

std::vector<std::string> Router::split(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

static bool isParam(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

void Router::add(Route route) {
  if (route.pattern.empty() || route.pattern[0] != '/')
    throw std::invalid_argument("route pattern must start with /: " + route.pattern);
  auto segs = split(route.pattern);
  for (size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method == route.method && segments_[i] == segs)
      throw std::invalid_argument("duplicate route: " + route.pattern);
  }
  routes_.push_back(std::move(route));
  segments_.push_back(std::move(segs));
}

Router::Match Router::match(bhttp::verb method, const std::string& path) const {
  Match result;
  auto segs = split(path);
  // Literal segments beat parameters: try exact-literal routes first by scoring.
  int best_score = -1;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const auto& pat = segments_[i];
    if (pat.size() != segs.size()) continue;
    std::map<std::string, std::string> params;
    int score = 0;
    bool ok = true;
    for (size_t k = 0; k < pat.size() && ok; ++k) {
      if (isParam(pat[k])) {
        if (segs[k].empty()) ok = false;
        else params[pat[k].substr(1, pat[k].size() - 2)] = segs[k];
      } else if (pat[k] == segs[k]) {
        ++score;
      } else {
        ok = false;
      }
    }
    if (!ok) continue;
    result.path_known = true;
    // HEAD is served by GET routes.
    bool method_ok = routes_[i].method == method ||
                     (method == bhttp::verb::head && routes_[i].method == bhttp::verb::get);
    if (method_ok && score > best_score) {
      best_score = score;
      result.route = &routes_[i];
      result.params = std::move(params);
    }
  }
  return result;
}

}  // namespace onedoor::http
