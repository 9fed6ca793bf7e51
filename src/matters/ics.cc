// The iCalendar writer; see ics.h.
#include "matters/ics.h"

#include <chrono>
#include <cstdio>

namespace onedoor::matters {

std::string icsEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;  // CRLF in the input becomes one "\n"
      default: out += c;
    }
  }
  return out;
}

std::string icsFold(std::string_view line) {
  std::string out;
  size_t limit = 75;  // the first physical line; continuations carry a leading space
  size_t used = 0;
  size_t i = 0;
  while (i < line.size()) {
    // The length of the UTF-8 sequence starting here, so a character is never split.
    unsigned char c = static_cast<unsigned char>(line[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + n > line.size()) n = line.size() - i;
    if (used + n > limit) {
      out += "\r\n ";
      used = 1;
    }
    out.append(line.substr(i, n));
    used += n;
    i += n;
  }
  return out;
}

std::string icsUtc(int64_t ms) {
  using namespace std::chrono;
  sys_seconds t{seconds{ms >= 0 ? ms / 1000 : (ms - 999) / 1000}};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss hms{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string writeIcs(const IcsEvent& e) {
  std::string out;
  auto line = [&out](std::string_view l) {
    out += icsFold(l);
    out += "\r\n";
  };
  auto text = [&line](std::string_view name, std::string_view value) {
    line(std::string(name) + ":" + icsEscape(value));
  };
  std::string description = e.description;
  if (!e.url.empty()) description += (description.empty() ? "" : "\n") + e.url;
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//OneDoor//Appointments//ZH");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  line("BEGIN:VEVENT");
  text("UID", e.uid);
  line("DTSTAMP:" + icsUtc(e.dtstamp));
  line("DTSTART:" + icsUtc(e.start));
  line("DTEND:" + icsUtc(e.end));
  text("SUMMARY", e.summary);
  if (!e.location.empty()) text("LOCATION", e.location);
  text("DESCRIPTION", description);
  // URL is a URI value, not TEXT: written as it is (our URLs have no characters needing care).
  if (!e.url.empty()) line("URL:" + e.url);
  for (const char* trigger : {"-P1D", "-PT1H"}) {
    line("BEGIN:VALARM");
    line("ACTION:DISPLAY");
    text("DESCRIPTION", e.summary);
    line(std::string("TRIGGER:") + trigger);
    line("END:VALARM");
  }
  line("END:VEVENT");
  line("END:VCALENDAR");
  return out;
}

}  // namespace onedoor::matters
