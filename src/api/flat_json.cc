// Implementation of flat_json.h. Anything outside the subset returns nullopt at once: the subset
// must produce exactly nlohmann's document, so it stays small.
#include "api/flat_json.h"

#include <cstdint>
#include <string>

namespace onedoor::api {

namespace {

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  void skipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool eat(char c) {
    skipSpace();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool atEnd() {
    skipSpace();
    return i_ == s_.size();
  }

  // A string without escapes or control characters, the reader on its opening quote.
  std::optional<std::string_view> plainString() {
    skipSpace();
    if (i_ >= s_.size() || s_[i_] != '"') return std::nullopt;
    const size_t start = ++i_;
    for (; i_ < s_.size(); ++i_) {
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') return s_.substr(start, i_++ - start);
      if (c == '\\' || c < 0x20) return std::nullopt;
    }
    return std::nullopt;
  }

  std::optional<nlohmann::json> scalar() {
    skipSpace();
    if (i_ >= s_.size()) return std::nullopt;
    const char c = s_[i_];
    if (c == '"') {
      auto text = plainString();
      if (!text) return std::nullopt;
      return nlohmann::json(std::string(*text));
    }
    if (literal("true")) return nlohmann::json(true);
    if (literal("false")) return nlohmann::json(false);
    if (literal("null")) return nlohmann::json(nullptr);
    if (c == '-' || (c >= '0' && c <= '9')) return integer();
    return std::nullopt;
  }

 private:
  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;  // what follows is checked by the caller (',' or '}')
  }

  // -?(0|[1-9][0-9]*) not followed by a fraction or exponent. nlohmann keeps a non-negative one
  // as unsigned and a negative one as signed; so does this.
  std::optional<nlohmann::json> integer() {
    const bool negative = s_[i_] == '-';
    if (negative) ++i_;
    const size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    const size_t digits = i_ - start;
    if (digits == 0 || digits > 18 || (s_[start] == '0' && digits > 1)) return std::nullopt;
    if (i_ < s_.size() && (s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E')) return std::nullopt;
    uint64_t v = 0;
    for (size_t k = start; k < i_; ++k) v = v * 10 + static_cast<uint64_t>(s_[k] - '0');
    if (negative) return nlohmann::json(-static_cast<int64_t>(v));
    return nlohmann::json(v);
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::optional<nlohmann::json> parseFlatObject(std::string_view text) {
  Reader r(text);
  if (!r.eat('{')) return std::nullopt;
  nlohmann::json doc = nlohmann::json::object();
  if (!r.eat('}')) {
    for (;;) {
      auto key = r.plainString();
      if (!key || !r.eat(':')) return std::nullopt;
      auto value = r.scalar();
      if (!value) return std::nullopt;
      doc[std::string(*key)] = std::move(*value);  // a repeated key keeps its last value, as in nlohmann
      if (r.eat(',')) continue;
      if (r.eat('}')) break;
      return std::nullopt;
    }
  }
  if (!r.atEnd()) return std::nullopt;
  return doc;
}

}  // namespace onedoor::api
