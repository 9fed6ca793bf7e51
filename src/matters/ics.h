// An RFC 5545 iCalendar writer for one appointment: a VCALENDAR with one VEVENT and two VALARMs
// (1 day and 1 hour before). CRLF line endings, content lines folded at 75 octets (never inside a
// UTF-8 character), TEXT values escaped. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace onedoor::matters {

struct IcsEvent {
  std::string uid;          // globally unique, e.g. "CODE@onedoor"
  int64_t dtstamp = 0;      // when the object was created (UTC epoch ms)
  int64_t start = 0;        // UTC epoch ms
  int64_t end = 0;
  std::string summary;
  std::string location;
  std::string description;  // free text; the tracking URL is appended on its own line
  std::string url;          // the tracking page; also the URL property
};

// The whole calendar object, CRLF-terminated lines.
std::string writeIcs(const IcsEvent& e);

// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline ("\n"; CR dropped).
std::string icsEscape(std::string_view text);
// One content line folded so each physical line has at most 75 octets, joined by CRLF + space;
// no trailing CRLF.
std::string icsFold(std::string_view line);
// UTC DATE-TIME form, "20261127T013000Z".
std::string icsUtc(int64_t ms);

}  // namespace onedoor::matters
