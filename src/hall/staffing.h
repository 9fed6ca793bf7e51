// Queueing formulas for staffing a hall: Erlang B (stable recursion), Erlang C, M/M/c waits and
// tails, Halfin–Whitt square-root staffing, and the feasibility of a skills matrix (max-flow over
// services and staff, which checks every set of services at once). Pure functions.
#pragma once

#include <string>
#include <vector>

namespace onedoor::hall {

// Erlang B blocking probability for c servers and offered load a (erlangs), by the recursion
// B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), which never overflows.
double erlangB(int c, double a);
// Erlang C: probability that an arrival waits, M/M/c with load a; 1 when a >= c.
double erlangC(int c, double a);
// M/M/c mean wait in queue, in the unit of mean_service; +inf when a >= c.
double mmcMeanWait(int c, double a, double mean_service);
// P(wait > t) in M/M/c: C(c,a) · exp(−(c − a) · t / mean_service).
double mmcWaitTail(int c, double a, double mean_service, double t);
// The smallest c with P(wait > target) <= 1 − quantile (e.g. quantile 0.95 for a p95 target). A
// service-time CV other than 1 scales the waits by (1 + cv²) / 2 (Allen–Cunneen).
int staffForTarget(double a, double mean_service, double target, double quantile = 0.95, double cv = 1.0);
// Halfin–Whitt square-root staffing: ceil(a + beta·sqrt(a)).
int squareRootStaffing(double a, double beta);
// The beta whose Halfin–Whitt delay probability 1 / (1 + beta·Φ(beta)/φ(beta)) equals `delay_prob`.
double halfinWhittBeta(double delay_prob);

// Feasibility of a hall: load[s] erlangs per service, skills[k] = services staff member k may serve
// (each staff member is one server). Feasible when every set of services has more servers able to
// serve it than its load, which holds iff a max flow saturates every service (Hall's condition).
struct Feasibility {
  bool feasible = true;
  double load = 0;                // total erlangs
  double capacity = 0;            // flow that fits
  std::vector<int> worst_set;     // services of a violating set (min cut), empty when feasible
  double worst_set_load = 0;      // its load
  double worst_set_servers = 0;   // servers able to serve it
};
Feasibility checkFeasibility(const std::vector<double>& load, const std::vector<std::vector<int>>& skills,
                             double max_utilisation = 0.98);

}  // namespace onedoor::hall
