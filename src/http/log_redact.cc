// Implementation of log_redact.h.
#include "http/log_redact.h"

#include <array>
#include <vector>

#include "core/text.h"

namespace onedoor::http {

namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

// A code or token rather than a word or a number: appointment codes are upper-case base32,
// session and ticket tokens mixed letters and digits.
bool looksLikeToken(std::string_view seg) {
  if (seg.size() < 8) return false;
  bool digit = false, upper = false, lower = false;
  for (char c : seg) {
    if (c >= '0' && c <= '9') digit = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= 'a' && c <= 'z') lower = true;
    else if (c != '-' && c != '_' && c != '%') return false;
  }
  return (digit && (upper || lower)) || (upper && !lower);
}

}  // namespace

bool isCredentialName(std::string_view name) {
  std::string lower;
  for (char c : name) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  static constexpr std::array<std::string_view, 14> kParts = {"secret", "token", "password", "pass", "key",
                                                             "code",   "pin",   "session",  "csrf", "auth",
                                                             "sig",    "pair",  "otp",      "phone"};
  for (std::string_view p : kParts)
    if (lower.find(p) != std::string::npos) return true;
  return false;
}

std::string redactTargetForLog(std::string_view target, std::string_view route_pattern) {
  const size_t q = target.find('?');
  std::vector<std::string_view> segs = split(target.substr(0, q), '/');
  std::vector<std::string_view> pattern = route_pattern.empty() ? std::vector<std::string_view>{} : split(route_pattern, '/');
  const bool by_route = pattern.size() == segs.size();
  std::string out;
  for (size_t i = 0; i < segs.size(); ++i) {
    if (i > 0) out += '/';
    bool hide = false;
    std::string_view suffix;
    if (by_route) {
      std::string_view p = pattern[i];
      size_t close = p.find('}');
      if (!p.empty() && p[0] == '{' && close != std::string_view::npos) {
        hide = isCredentialName(p.substr(1, close - 1));
        suffix = p.substr(close + 1);  // "{code}.ics" keeps its ".ics"
      }
    } else {
      // "K7Q2M4XZ9A.ics": the stem decides, the extension stays.
      const size_t dot = segs[i].find('.');
      hide = looksLikeToken(segs[i].substr(0, dot));
      if (dot != std::string_view::npos) suffix = segs[i].substr(dot);
    }
    if (hide) out += "***" + std::string(suffix);
    else out += segs[i];
  }
  if (q != std::string_view::npos) {
    out += '?';
    std::vector<std::string_view> pairs = split(target.substr(q + 1), '&');
    for (size_t i = 0; i < pairs.size(); ++i) {
      if (i > 0) out += '&';
      std::string_view pair = pairs[i];
      const size_t eq = pair.find('=');
      std::string_view raw_name = pair.substr(0, eq);
      // The server reads the decoded name, so "s%65cret" is a secret too; an undecodable name is
      // hidden whole.
      auto name = percentDecode(raw_name, true);
      if (!name) out += "***";
      else if (eq == std::string_view::npos) out += isCredentialName(*name) || looksLikeToken(pair) ? "***" : std::string(pair);
      else out += isCredentialName(*name) ? std::string(raw_name) + "=***" : std::string(pair);
    }
  }
  if (out.size() > 512) out = out.substr(0, 509) + "...";
  return out;
}

}  // namespace onedoor::http
