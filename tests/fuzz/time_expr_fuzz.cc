// The time-expression reader (text::findTimeExpressions) over any UTF-8 bytes as the checkers feed
// it: matches lie inside the text and are never empty.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "text/time_expr.h"
#include "text/utf8.h"

using namespace onedoor::text;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::u32string> kWords = {U"今天", U"明天", U"下周", U"月底", U"本周", U"昨日", U"年底"};
  std::u32string s = normalizeWidth(decodeUtf8(std::string_view(reinterpret_cast<const char*>(data), size)));
  for (const TimeMatch& m : findTimeExpressions(s, kWords)) FUZZ_CHECK(m.begin < m.end && m.end <= s.size());
  return 0;
}
