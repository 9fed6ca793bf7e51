// Pinyin for search: "社保卡" → full "shebaoka", initials "sbk" (ICU's Han-Latin transliterator;
// tone marks removed, lower case). Non-Han letters and digits pass through lower-cased; other
// characters are dropped. Thread-safe (each call may use a thread-local transliterator).
#pragma once

#include <string>

namespace onedoor::text {

struct Pinyin {
  std::string full;      // "shebaoka"
  std::string initials;  // "sbk"
};

Pinyin toPinyin(const std::string& utf8);

}  // namespace onedoor::text
