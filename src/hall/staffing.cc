// Erlang B/C, square-root staffing and the max-flow feasibility check of src/hall/staffing.h.
#include "hall/staffing.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

namespace onedoor::hall {

double erlangB(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

double erlangC(int c, double a) {
  if (c <= 0 || a >= c) return 1.0;
  if (a <= 0) return 0.0;
  double b = erlangB(c, a);
  double rho = a / c;
  return b / (1.0 - rho + rho * b);
}

double mmcMeanWait(int c, double a, double mean_service) {
  if (c <= 0 || a >= c) return std::numeric_limits<double>::infinity();
  return erlangC(c, a) * mean_service / (c - a);
}

double mmcWaitTail(int c, double a, double mean_service, double t) {
  if (c <= 0 || a >= c) return 1.0;
  return erlangC(c, a) * std::exp(-(c - a) * t / mean_service);
}

int staffForTarget(double a, double mean_service, double target, double quantile, double cv) {
  double scale = (1.0 + cv * cv) / 2.0;  // waits grow with service-time variability
  double t = target / std::max(scale, 1e-9);
  int c = std::max(1, static_cast<int>(std::floor(a)) + 1);
  while (c < 100000 && mmcWaitTail(c, a, mean_service, t) > 1.0 - quantile) ++c;
  return c;
}

int squareRootStaffing(double a, double beta) {
  return static_cast<int>(std::ceil(a + beta * std::sqrt(std::max(a, 0.0))));
}

double halfinWhittBeta(double delay_prob) {
  auto delay = [](double beta) {
    double phi = std::exp(-beta * beta / 2) / std::sqrt(2 * M_PI);
    double Phi = 0.5 * std::erfc(-beta / std::sqrt(2.0));
    return 1.0 / (1.0 + beta * Phi / phi);
  };
  double lo = 1e-6, hi = 5.0;  // delay() falls from 1 towards 0 as beta grows
  for (int i = 0; i < 100; ++i) {
    double mid = (lo + hi) / 2;
    (delay(mid) > delay_prob ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

namespace {

// Dinic-free Edmonds–Karp on a small dense graph: source → services → staff → sink.
struct Flow {
  int n;
  std::vector<std::vector<double>> cap;
  explicit Flow(int nodes) : n(nodes), cap(nodes, std::vector<double>(nodes, 0.0)) {}
  double run(int s, int t) {
    double total = 0;
    for (;;) {
      std::vector<int> prev(n, -1);
      prev[s] = s;
      std::queue<int> q;
      q.push(s);
      while (!q.empty() && prev[t] < 0) {
        int u = q.front();
        q.pop();
        for (int v = 0; v < n; ++v)
          if (prev[v] < 0 && cap[u][v] > 1e-12) prev[v] = u, q.push(v);
      }
      if (prev[t] < 0) return total;
      double f = std::numeric_limits<double>::infinity();
      for (int v = t; v != s; v = prev[v]) f = std::min(f, cap[prev[v]][v]);
      for (int v = t; v != s; v = prev[v]) cap[prev[v]][v] -= f, cap[v][prev[v]] += f;
      total += f;
    }
  }
  std::vector<bool> reachable(int s) const {
    std::vector<bool> seen(n, false);
    std::queue<int> q;
    q.push(s);
    seen[s] = true;
    while (!q.empty()) {
      int u = q.front();
      q.pop();
      for (int v = 0; v < n; ++v)
        if (!seen[v] && cap[u][v] > 1e-12) seen[v] = true, q.push(v);
    }
    return seen;
  }
};

}  // namespace

Feasibility checkFeasibility(const std::vector<double>& load, const std::vector<std::vector<int>>& skills,
                             double max_utilisation) {
  Feasibility out;
  int ns = static_cast<int>(load.size());
  int nk = static_cast<int>(skills.size());
  int src = ns + nk, sink = src + 1;
  Flow g(ns + nk + 2);
  for (int s = 0; s < ns; ++s) {
    g.cap[src][s] = load[s];
    out.load += load[s];
  }
  for (int k = 0; k < nk; ++k) {
    g.cap[ns + k][sink] = max_utilisation;
    for (int s : skills[k])
      if (s >= 0 && s < ns) g.cap[s][ns + k] = std::numeric_limits<double>::infinity();
  }
  out.capacity = g.run(src, sink);
  out.feasible = out.capacity >= out.load - 1e-9;
  if (!out.feasible) {
    // Services still reachable from the source form a set whose able staff are all saturated.
    auto seen = g.reachable(src);
    std::vector<bool> able(nk, false);
    for (int s = 0; s < ns; ++s) {
      if (!seen[s] || load[s] <= 0) continue;
      out.worst_set.push_back(s);
      out.worst_set_load += load[s];
      for (int k = 0; k < nk; ++k)
        if (std::find(skills[k].begin(), skills[k].end(), s) != skills[k].end()) able[k] = true;
    }
    for (int k = 0; k < nk; ++k) out.worst_set_servers += able[k] ? 1 : 0;
  }
  return out;
}

}  // namespace onedoor::hall
