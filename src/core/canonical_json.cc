// Implementation of canonical_json.h.
#include "core/canonical_json.h"

#include <algorithm>

#include "core/text.h"

namespace onedoor {

namespace {

// nlohmann's dump(ensure_ascii=false): the two-character escapes it knows, \u00xx (lowercase) for
// the other control characters, every other byte (UTF-8 included, DEL too) as is.
void appendQuoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied: runs that need no escape go in one append
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

}  // namespace

CanonicalJsonObject& CanonicalJsonObject::add(std::string_view key, std::string value) {
  if (!isValidUtf8(key)) valid_utf8_ = false;
  for (auto& m : members_) {
    if (m.first == key) {
      m.second = std::move(value);
      return *this;
    }
  }
  if (members_.empty()) members_.reserve(8);  // an event payload or a response: a handful of members
  members_.emplace_back(std::string(key), std::move(value));
  return *this;
}

CanonicalJsonObject& CanonicalJsonObject::addString(std::string_view key, std::string_view value) {
  if (!isValidUtf8(value)) valid_utf8_ = false;
  std::string quoted;
  quoted.reserve(value.size() + 2);
  appendQuoted(quoted, value);
  return add(key, std::move(quoted));
}

CanonicalJsonObject& CanonicalJsonObject::addInt(std::string_view key, int64_t value) {
  return add(key, std::to_string(value));
}

CanonicalJsonObject& CanonicalJsonObject::addBool(std::string_view key, bool value) {
  return add(key, value ? "true" : "false");
}

CanonicalJsonObject& CanonicalJsonObject::addNull(std::string_view key) { return add(key, "null"); }

Result<std::string> CanonicalJsonObject::text() const {
  if (!valid_utf8_) return invalid("内容含有无效的 UTF-8 字符 / content is not valid UTF-8", "payload_json");
  std::vector<const std::pair<std::string, std::string>*> sorted;
  sorted.reserve(members_.size());
  size_t size = 2;
  for (const auto& m : members_) {
    sorted.push_back(&m);
    size += m.first.size() + m.second.size() + 4;
  }
  // std::string compares bytes as unsigned char: the order of nlohmann's std::map keys.
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string out;
  out.reserve(size);
  out.push_back('{');
  for (const auto* m : sorted) {
    if (out.size() > 1) out.push_back(',');
    appendQuoted(out, m->first);
    out.push_back(':');
    out += m->second;
  }
  out.push_back('}');
  return out;
}

}  // namespace onedoor
