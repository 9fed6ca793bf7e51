// SkillSet: a fixed-size set of service indices (at most kMaxServices), used for window and staff
// skills and for "services with someone waiting". Value type; no shared state.
#pragma once

#include <bit>
#include <cstdint>
#include <initializer_list>

namespace onedoor::hall {

using ServiceIdx = uint16_t;
constexpr int kMaxServices = 256;

class SkillSet {
 public:
  SkillSet() = default;
  SkillSet(std::initializer_list<ServiceIdx> services) {
    for (ServiceIdx s : services) add(s);
  }
  static SkillSet all(int n) {
    SkillSet out;
    for (int s = 0; s < n; ++s) out.add(static_cast<ServiceIdx>(s));
    return out;
  }

  bool has(ServiceIdx s) const { return (w_[s >> 6] >> (s & 63)) & 1u; }
  void add(ServiceIdx s) { w_[s >> 6] |= uint64_t{1} << (s & 63); }
  void remove(ServiceIdx s) { w_[s >> 6] &= ~(uint64_t{1} << (s & 63)); }
  bool any() const { return (w_[0] | w_[1] | w_[2] | w_[3]) != 0; }
  bool empty() const { return !any(); }
  int count() const {
    int n = 0;
    for (uint64_t w : w_) {
      if (w == 0) continue;  // usually all but the first word (halls have under 64 services)
      w = w - ((w >> 1) & 0x5555555555555555ull);  // SWAR popcount: no libgcc call without -mpopcnt
      w = (w & 0x3333333333333333ull) + ((w >> 2) & 0x3333333333333333ull);
      w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0full;
      n += static_cast<int>((w * 0x0101010101010101ull) >> 56);
    }
    return n;
  }
  // True when every service of this set is also in `other`.
  bool subsetOf(const SkillSet& other) const { return (*this & other) == *this; }
  bool intersects(const SkillSet& other) const { return (*this & other).any(); }

  friend SkillSet operator&(const SkillSet& a, const SkillSet& b) {
    SkillSet r;
    for (int i = 0; i < 4; ++i) r.w_[i] = a.w_[i] & b.w_[i];
    return r;
  }
  friend SkillSet operator|(const SkillSet& a, const SkillSet& b) {
    SkillSet r;
    for (int i = 0; i < 4; ++i) r.w_[i] = a.w_[i] | b.w_[i];
    return r;
  }
  friend bool operator==(const SkillSet&, const SkillSet&) = default;

  // Calls f(ServiceIdx) for each member in increasing order.
  template <typename F>
  void forEach(F&& f) const {
    for (int i = 0; i < 4; ++i) {
      uint64_t w = w_[i];
      while (w) {
        int b = std::countr_zero(w);
        f(static_cast<ServiceIdx>(i * 64 + b));
        w &= w - 1;
      }
    }
  }

 private:
  uint64_t w_[4] = {0, 0, 0, 0};
};

}  // namespace onedoor::hall
