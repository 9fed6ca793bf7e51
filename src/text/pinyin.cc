// Implementation of pinyin.h: Han characters one at a time through ICU's Han-Latin transliterator,
// so each character yields its own syllable and therefore its own initial.
#include "text/pinyin.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "text/utf8.h"

namespace onedoor::text {

namespace {

// Creating a transliterator compiles its rules (milliseconds), and one instance is not safe to
// share between threads: hence one per thread, plus a per-thread cache of syllables already seen
// (a guide's matter names reuse a few hundred characters).
class HanLatin {
 public:
  HanLatin() {
    UErrorCode status = U_ZERO_ERROR;
    translit_.reset(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8("Han-Latin; Latin-ASCII; Lower"), UTRANS_FORWARD, status));
    if (U_FAILURE(status)) translit_.reset();  // no ICU data: Han characters are then dropped
  }

  // The toneless lower-case syllable of one Han character ("社" → "she"); empty when ICU has no
  // reading for it.
  const std::string& syllable(char32_t c) {
    auto it = cache_.find(c);
    if (it != cache_.end()) return it->second;
    std::string out;
    if (translit_) {
      icu::UnicodeString u(static_cast<UChar32>(c));
      translit_->transliterate(u);
      std::string utf8;
      u.toUTF8String(utf8);
      for (char ch : utf8) {
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out += ch;
      }
    }
    return cache_.emplace(c, std::move(out)).first->second;
  }

 private:
  std::unique_ptr<icu::Transliterator> translit_;
  std::unordered_map<char32_t, std::string> cache_;
};

HanLatin& hanLatin() {
  thread_local HanLatin h;
  return h;
}

}  // namespace

Pinyin toPinyin(const std::string& utf8) {
  Pinyin p;
  // normalizeWidth folds full-width letters and digits (typed with Chinese IMEs) to ASCII and
  // lower-cases A-Z, so "ＡＢＣ" and "ABC" give the same key.
  std::u32string cps = normalizeWidth(decodeUtf8(utf8));
  for (char32_t c : cps) {
    if ((c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9')) {
      p.full += static_cast<char>(c);
      p.initials += static_cast<char>(c);
    } else if (isHan(c)) {
      const std::string& s = hanLatin().syllable(c);
      if (s.empty()) continue;
      p.full += s;
      p.initials += s[0];
    }
  }
  return p;
}

}  // namespace onedoor::text
