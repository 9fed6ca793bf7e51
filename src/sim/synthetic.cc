// The generated hall of src/sim/synthetic.h.
#include "sim/synthetic.h"

#include <algorithm>
#include <string>

namespace onedoor::sim {

Scenario syntheticHall(int windows, int services, int days) {
  Scenario sc;
  sc.name = "synthetic-" + std::to_string(windows) + "w";
  sc.days = days;
  const double profile[8] = {0.75, 1.05, 1.2, 0.6, 0.5, 0.9, 1.0, 0.7};
  const int departments = std::max(1, services / 4);
  double peak_erlangs = 0.9 * windows;
  double mean_service = 10.0;
  double peak_rate = peak_erlangs * 60.0 / mean_service;  // arrivals per hour at the peak
  for (int s = 0; s < services; ++s) {
    ServiceSpec sp;
    sp.code = "s" + std::to_string(s);
    sp.name = sp.code;
    sp.service_min = {Distribution::Kind::kLognormal, 6.0 + (s * 7) % 9, 0.7 + 0.1 * (s % 5)};
    double share = 1.0 / services;
    double scale = mean_service / sp.service_min.mean;  // every service carries the same load
    for (double p : profile) sp.arrivals_per_hour.push_back(peak_rate * share * scale * p / 1.2);
    sc.services.push_back(std::move(sp));
  }
  auto deptServices = [&](int d) {
    std::vector<int> out;
    for (int s = d * 4; s < std::min(services, d * 4 + 4); ++s) out.push_back(s);
    if (d == departments - 1)
      for (int s = departments * 4; s < services; ++s) out.push_back(s);
    return out;
  };
  int spares = std::max(1, windows / 8);
  for (int w = 0; w < windows + spares; ++w) {
    int d = w % departments;
    auto own = deptServices(d);
    WindowSpec ws{std::to_string(w + 1), {own[0], own[(1 + w / departments) % own.size()]}, w < windows};
    if (ws.skills[0] == ws.skills[1]) ws.skills.pop_back();
    sc.windows.push_back(std::move(ws));
    StaffSpec st;
    st.id = "st" + std::to_string(w + 1);
    for (int dd : {d, (d + 1) % departments, (d + departments - 1) % departments})
      for (int s : deptServices(dd))
        if (std::find(st.skills.begin(), st.skills.end(), s) == st.skills.end()) st.skills.push_back(s);
    st.shift_start_min = sc.open_min;
    st.shift_end_min = sc.close_min;
    st.window = w < windows ? w : -1;
    sc.staff.push_back(std::move(st));
  }
  sc.priority_share = 0.08;
  sc.appointment_share = 0.1;
  sc.patience_min = Distribution{Distribution::Kind::kExponential, 120, 1};
  sc.no_show_share = 0.03;
  return sc;
}

}  // namespace onedoor::sim
