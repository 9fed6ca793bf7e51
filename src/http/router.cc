// Router implementation: pre-split segments, bucketed by length and third segment (router.h).
#include "http/router.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string_view>

namespace onedoor::http {

static bool isParam(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}' && seg.find('{', 1) == std::string::npos;
}

static bool hasParam(const std::string& seg) { return seg.find('{') != std::string::npos; }

// Matches one path segment against a pattern segment mixing literals and {params}, such as
// "{id}.{format}" or "services.{format}". A parameter takes at least one character and as many as
// it can (so "road.damage.json" gives id "road.damage", format "json").
static bool matchMixed(std::string_view pat, std::string_view seg, std::map<std::string, std::string>& params) {
  if (pat.empty()) return seg.empty();
  if (pat.front() != '{') {
    size_t lit = std::min(pat.find('{'), pat.size());
    if (seg.substr(0, lit) != pat.substr(0, lit)) return false;
    return matchMixed(pat.substr(lit), seg.substr(lit), params);
  }
  size_t close = pat.find('}');
  if (close == std::string_view::npos) return false;
  std::string name(pat.substr(1, close - 1));
  std::string_view rest = pat.substr(close + 1);
  for (size_t n = seg.size(); n >= 1; --n) {
    if (matchMixed(rest, seg.substr(n), params)) {
      params[name] = std::string(seg.substr(0, n));
      return true;
    }
  }
  return false;
}

// The path's segments as views into it (no allocation per request).
static std::vector<std::string_view> splitView(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

constexpr size_t kBucketSegment = 2;  // the third: /api/v1/<resource>

std::string Router::bucketKey(size_t segment_count, std::string_view third) {
  std::string key = std::to_string(segment_count);
  key.push_back('/');
  key.append(third);
  return key;
}

void Router::add(Route route) {
  if (route.pattern.empty() || route.pattern[0] != '/')
    throw std::invalid_argument("route pattern must start with /: " + route.pattern);
  std::vector<std::string> segs;
  for (std::string_view seg : splitView(route.pattern)) segs.emplace_back(seg);
  for (const auto& seg : segs) {
    size_t open = 0, close = 0;
    for (char c : seg) {
      open += c == '{';
      close += c == '}';
    }
    if (open != close || seg.find("}{") != std::string::npos)
      throw std::invalid_argument("malformed parameter in route: " + route.pattern);
  }
  for (size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method == route.method && segments_[i] == segs)
      throw std::invalid_argument("duplicate route: " + route.pattern);
  }
  const bool literal_third = segs.size() > kBucketSegment && !hasParam(segs[kBucketSegment]);
  buckets_[bucketKey(segs.size(), literal_third ? segs[kBucketSegment] : "")].push_back(routes_.size());
  routes_.push_back(std::move(route));
  segments_.push_back(std::move(segs));
}

Router::Match Router::match(bhttp::verb method, const std::string& path) const {
  Match result;
  const auto segs = splitView(path);
  // The candidates: routes of this length with this third segment, and those with a parameter
  // there, in the order they were added (a tie in score goes to the first).
  static const std::vector<size_t> kNone;
  auto bucket = [&](std::string_view third) -> const std::vector<size_t>& {
    auto it = buckets_.find(bucketKey(segs.size(), third));
    return it == buckets_.end() ? kNone : it->second;
  };
  const std::vector<size_t>& exact = segs.size() > kBucketSegment ? bucket(segs[kBucketSegment]) : kNone;
  const std::vector<size_t>& open = bucket("");
  std::vector<size_t> candidates;
  candidates.reserve(exact.size() + open.size());
  std::merge(exact.begin(), exact.end(), open.begin(), open.end(), std::back_inserter(candidates));

  // Literal segments beat mixed ones ("services.{format}"), which beat bare parameters: each route
  // is scored and the best wins.
  int best_score = -1;
  for (size_t i : candidates) {
    const auto& pat = segments_[i];
    // Most candidates differ from the path in a literal segment: rule them out with plain
    // comparisons before the full check below (which would reject them too) builds its parameter map.
    bool literals_equal = true;
    for (size_t k = 0; k < pat.size() && literals_equal; ++k) {
      literals_equal = pat[k] == segs[k] || hasParam(pat[k]);
    }
    if (!literals_equal) continue;
    std::map<std::string, std::string> params;
    int score = 0;
    bool ok = true;
    for (size_t k = 0; k < pat.size() && ok; ++k) {
      if (isParam(pat[k])) {
        if (segs[k].empty()) ok = false;
        else params[pat[k].substr(1, pat[k].size() - 2)] = std::string(segs[k]);
      } else if (hasParam(pat[k])) {
        if (matchMixed(pat[k], segs[k], params)) score += 1;
        else ok = false;
      } else if (pat[k] == segs[k]) {
        score += 2;
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
