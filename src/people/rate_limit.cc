// Token buckets (GCRA form), the limit table and the bucket keys.
#include "people/rate_limit.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace onedoor::people {

RateTake takeToken(const RateLimit& limit, std::optional<int64_t> full_at, int64_t now_ms) {
  if (limit.burst <= 0 || limit.refill_ms <= 0) return {true, full_at.value_or(now_ms), 0};
  // Each token taken pushes full_at one interval further; a bucket may run up to (burst - 1)
  // intervals ahead of now, so the burst-th token in a row is the last one allowed.
  int64_t tat = std::max(full_at.value_or(now_ms), now_ms);
  int64_t slack = static_cast<int64_t>(limit.burst - 1) * limit.refill_ms;
  if (tat - now_ms > slack) return {false, full_at.value_or(now_ms), tat - slack - now_ms};
  return {true, tat + limit.refill_ms, 0};
}

const std::vector<LimitName>& limitNames() {
  static const std::vector<LimitName> kNames = {
      {"appeal.address", "诉求提交", "appeals", "同一网络地址", "this network address"},
      {"appeal.phone", "诉求提交", "appeals", "同一手机号", "this phone number"},
      {"photo.address", "照片上传", "photo uploads", "同一网络地址", "this network address"},
      {"ticket.address", "远程取号", "remote tickets", "同一网络地址", "this network address"},
      {"ticket.phone", "远程取号", "remote tickets", "同一手机号", "this phone number"},
      {"booking.address", "预约", "bookings", "同一网络地址", "this network address"},
      {"booking.phone", "预约", "bookings", "同一手机号", "this phone number"},
      {"sms.phone", "短信", "text messages", "同一手机号", "one phone number"},
      {"sms.phone.day", "短信", "text messages", "同一手机号每天", "one phone number per day"},
      {"tickets.phone.active", "未办结的号", "active tickets", "同一手机号在一个大厅", "one phone number in a hall"},
      {"places.phone.day", "预约名额", "booked places", "同一手机号每天", "one phone number per day"},
  };
  return kNames;
}

const LimitName* limitName(const std::string& name) {
  for (const auto& n : limitNames())
    if (name == n.name) return &n;
  return nullptr;
}

namespace {

RateLimit* bucketOf(RateLimits& l, const std::string& name) {
  if (name == "appeal.address") return &l.appeal_address;
  if (name == "appeal.phone") return &l.appeal_phone;
  if (name == "photo.address") return &l.photo_address;
  if (name == "ticket.address") return &l.ticket_address;
  if (name == "ticket.phone") return &l.ticket_phone;
  if (name == "booking.address") return &l.booking_address;
  if (name == "booking.phone") return &l.booking_phone;
  if (name == "sms.phone") return &l.sms_phone;
  return nullptr;
}

int* capOf(RateLimits& l, const std::string& name) {
  if (name == "sms.phone.day") return &l.sms_phone_day;
  if (name == "tickets.phone.active") return &l.tickets_phone_active;
  if (name == "places.phone.day") return &l.places_phone_day;
  return nullptr;
}

// A whole number in [0, max]; nullopt for anything else.
std::optional<int64_t> number(const std::string& s, int64_t max) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v > max) return std::nullopt;
  return v;
}

}  // namespace

Status setLimit(RateLimits& limits, const std::string& setting) {
  auto eq = setting.find('=');
  std::string name = setting.substr(0, eq);
  Status bad = invalid("限额设置应为 名称=次数/间隔（如 appeal.address=20/3m）或 名称=上限 / a limit is NAME=BURST/INTERVAL "
                       "(e.g. appeal.address=20/3m) or NAME=CAP: " + setting,
                       "limit");
  if (eq == std::string::npos) return bad;
  std::string value = setting.substr(eq + 1);
  // Benchmarks and load tests drive the write path from one address.
  if (name == "all") {
    if (value != "off") return bad;
    for (const auto& n : limitNames()) setLimit(limits, std::string(n.name) + "=off");
    return Status::ok();
  }
  if (int* cap = capOf(limits, name)) {
    auto n = value == "off" ? std::optional<int64_t>(0) : number(value, 100000);
    if (!n) return bad;
    *cap = static_cast<int>(*n);
    return Status::ok();
  }
  RateLimit* bucket = bucketOf(limits, name);
  if (!bucket) return invalid("未知的限额名称 / unknown limit name: " + name, "limit");
  if (value == "0" || value == "off") {
    *bucket = {};
    return Status::ok();
  }
  auto slash = value.find('/');
  if (slash == std::string::npos || slash + 2 > value.size()) return bad;
  auto burst = number(value.substr(0, slash), 100000);
  std::string interval = value.substr(slash + 1);
  int64_t unit = 0;
  switch (interval.back()) {
    case 's': unit = 1000; break;
    case 'm': unit = 60 * 1000; break;
    case 'h': unit = 3600 * 1000; break;
    case 'd': unit = 24 * 3600 * 1000; break;
    default: return bad;
  }
  auto count = number(interval.substr(0, interval.size() - 1), 1000000);
  if (!burst || *burst < 1 || !count || *count < 1) return bad;
  *bucket = {static_cast<int>(*burst), *count * unit};
  return Status::ok();
}

namespace {

// Rounds up to the unit the duration is best read in.
std::pair<int64_t, int> roundedDuration(int64_t ms) {
  int64_t s = std::max<int64_t>(1, (ms + 999) / 1000);
  if (s < 120) return {s, 0};
  int64_t m = (s + 59) / 60;
  if (m < 120) return {m, 1};
  return {(m + 59) / 60, 2};
}

}  // namespace

std::string durationZh(int64_t ms) {
  auto [n, unit] = roundedDuration(ms);
  static const char* kUnits[] = {" 秒", " 分钟", " 小时"};
  return std::to_string(n) + kUnits[unit];
}

std::string durationEn(int64_t ms) {
  auto [n, unit] = roundedDuration(ms);
  static const char* kUnits[] = {" second", " minute", " hour"};
  return std::to_string(n) + kUnits[unit] + (n == 1 ? "" : "s");
}

std::string refusalMessage(const std::string& name, const RateLimit& limit, int64_t retry_after_ms) {
  const LimitName* n = limitName(name);
  if (!n) return "请求过于频繁，请稍后再试 / Too many requests; try again later";
  return std::string(n->what_zh) + "过于频繁：" + n->who_zh + "最多连续 " + std::to_string(limit.burst) + " 次，之后每 " +
         durationZh(limit.refill_ms) + " 1 次。请 " + durationZh(retry_after_ms) + "后再试 / Too many " + n->what_en +
         " from " + n->who_en + ": at most " + std::to_string(limit.burst) + " in a row, then one every " +
         durationEn(limit.refill_ms) + ". Please try again in " + durationEn(retry_after_ms) + ".";
}

std::string addressKey(const std::string& address) {
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return address;
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) != 1) return address;
  const unsigned char* b = v6.s6_addr;
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char text[INET6_ADDRSTRLEN];
  if (std::equal(kMapped, kMapped + 12, b)) {
    std::snprintf(text, sizeof text, "%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
    return text;
  }
  in6_addr prefix{};
  std::copy(b, b + 8, prefix.s6_addr);
  inet_ntop(AF_INET6, &prefix, text, sizeof text);
  return std::string(text) + "/64";
}

std::string phoneKey(const std::string& phone) {
  std::string digits;
  for (char c : phone)
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  if (digits.size() == 15 && digits.rfind("0086", 0) == 0) return digits.substr(4);
  if (digits.size() == 13 && digits.rfind("86", 0) == 0) return digits.substr(2);
  return digits;
}

}  // namespace onedoor::people
