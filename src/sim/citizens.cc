// Drawing a day's citizens: per-service NHPP arrivals and per-citizen attributes, in a fixed order
// of draws so that one attribute's share never shifts another's random numbers.
#include "sim/citizens.h"

#include <algorithm>
#include <cmath>

namespace onedoor::sim {

std::vector<Citizen> drawCitizens(const Scenario& sc, uint64_t seed, int rep, int day) {
  std::vector<Citizen> out;
  out.reserve(4096);
  const int64_t slot_ms = int64_t{sc.interval_min} * 60'000;
  const int64_t open_ms = int64_t{sc.open_min} * 60'000;
  for (size_t s = 0; s < sc.services.size(); ++s) {
    const ServiceSpec& spec = sc.services[s];
    Rng rng = Rng::stream(seed, static_cast<uint64_t>(rep) + 1, static_cast<uint64_t>(day) + 1, s + 1);
    PreparedDistribution service_time(spec.service_min);
    PreparedDistribution patience_dist(sc.patience_min.value_or(Distribution{}));
    for (size_t k = 0; k < spec.arrivals_per_hour.size(); ++k) {
      double rate = spec.arrivals_per_hour[k];
      if (rate <= 0) continue;
      double mean_gap_ms = 3'600'000.0 / rate;
      int64_t start = open_ms + static_cast<int64_t>(k) * slot_ms;
      double t = static_cast<double>(start);
      for (;;) {
        t += rng.exponential(mean_gap_ms);
        if (t >= static_cast<double>(start + slot_ms)) break;
        Citizen c;
        c.arrival_ms = static_cast<int64_t>(t);
        c.service = static_cast<uint16_t>(s);
        c.service_ms = std::max<int64_t>(1000, std::llround(service_time.sample(rng) * 60'000.0));
        double patience = sc.patience_min ? patience_dist.sample(rng) : 0.0;
        c.patience_ms = sc.patience_min ? std::max<int64_t>(1000, std::llround(patience * 60'000.0)) : kForever;
        double u_priority = rng.uniform(), u_class = rng.uniform();
        c.priority_class = 0;
        if (u_priority < sc.priority_share) {
          // elderly 50 %, disabled 20 %, pregnant 15 %, military 15 %
          c.priority_class = u_class < 0.5 ? 1 : u_class < 0.7 ? 2 : u_class < 0.85 ? 3 : 4;
        }
        double u_appt = rng.uniform(), u_offset = rng.uniform();
        // Appointment holders come up to 15 minutes early for a slot on the quarter hour.
        c.appointment_ms = -1;
        if (u_appt < sc.appointment_share) {
          int64_t slot = (c.arrival_ms + static_cast<int64_t>(u_offset * 900'000.0)) / 900'000 * 900'000 + 900'000;
          c.appointment_ms = slot;
        }
        c.no_show = rng.uniform() < sc.no_show_share;
        out.push_back(c);
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Citizen& a, const Citizen& b) { return a.arrival_ms < b.arrival_ms; });
  return out;
}

}  // namespace onedoor::sim
