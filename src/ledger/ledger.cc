// The ledger's hash chain (see ledger.h): canonical JSON, the canonical byte encoding of an event,
// its BLAKE2b-256 hash and chain verification. Pure functions; a ChainVerifier is single-threaded.
#include "ledger/ledger.h"

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

#include "core/random.h"

namespace onedoor::ledger {

namespace {

// RFC 3629 UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. Checked over the whole
// input before parsing so that the caller gets a precise message instead of a generic syntax error.
bool validUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c == 0xE0) {
      len = 3, lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      len = 3;
    } else if (c == 0xED) {
      len = 3, hi = 0x9F;  // excludes UTF-16 surrogates
    } else if (c == 0xF0) {
      len = 4, lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = 4;
    } else if (c == 0xF4) {
      len = 4, hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return false;
    }
    if (i + len > n) return false;
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 < lo || c1 > hi) return false;
    for (size_t k = 2; k < len; ++k) {
      const auto ck = static_cast<unsigned char>(s[i + k]);
      if (ck < 0x80 || ck > 0xBF) return false;
    }
    i += len;
  }
  return true;
}

// Length as 8 bytes big-endian, then the bytes: unambiguous however the fields are chosen, and
// easy to reproduce in any language for an independent audit.
void putField(std::string& out, std::string_view v) {
  const uint64_t n = v.size();
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
  out.append(v);
}

}  // namespace

Result<std::string> canonicalJson(const std::string& json) {
  if (!validUtf8(json)) {
    return invalid("内容含有无效的 UTF-8 字符 / content is not valid UTF-8", "payload_json");
  }
  // nlohmann's default object type is std::map, so dump() emits keys sorted by their UTF-8 bytes.
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return invalid("内容不是有效的 JSON / content is not valid JSON", "payload_json");
  }
  try {
    // strict: any invalid UTF-8 left over (e.g. from escapes) is an error, never silently replaced.
    return doc.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception&) {
    return invalid("内容含有无效的 UTF-8 字符 / content is not valid UTF-8", "payload_json");
  }
}

std::string canonicalEncoding(const Event& e) {
  std::string out;
  out.reserve(17 + e.actor.size() + e.type.size() + e.subject.size() + e.payload_json.size() +
              e.prev_hash.size() + 8 * 8 + 40);
  putField(out, "onedoor-ledger-v1");
  putField(out, std::to_string(e.seq));  // integers as decimal ASCII
  putField(out, std::to_string(e.at));
  putField(out, e.actor);
  putField(out, e.type);
  putField(out, e.subject);
  putField(out, e.payload_json);
  putField(out, e.prev_hash);
  return out;
}

std::string eventHash(const Event& e) { return blake2bHex(canonicalEncoding(e)); }

bool ChainVerifier::feed(const Event& e) {
  if (!report_.ok) return false;
  ++report_.events;
  auto fail = [&](int64_t seq, const char* reason) {
    report_.ok = false;
    report_.first_bad_seq = seq;
    report_.reason = reason;
    return false;
  };
  if (e.seq > expected_seq_) return fail(expected_seq_, "missing event");
  if (e.seq < expected_seq_) return fail(expected_seq_, "sequence out of order");
  if (e.prev_hash != prev_hash_) return fail(e.seq, "prev_hash mismatch");
  if (eventHash(e) != e.hash) return fail(e.seq, "hash mismatch");
  ++expected_seq_;
  prev_hash_ = e.hash;
  return true;
}

Result<VerifyReport> verifyStore(Store& store) {
  // Pages, each in its own read snapshot: the ledger is append-only, so pages taken at different
  // moments still form one prefix of the chain, and no read transaction stays open for long.
  constexpr int64_t kPage = 1000;
  ChainVerifier verifier;
  int64_t after = 0;
  for (;;) {
    std::vector<Event> page;
    Status s = store.read([&](Reader& r) {
      page = r.eventsAfter(after, kPage);
      return Status::ok();
    });
    if (!s) return s;
    for (const Event& e : page) {
      if (!verifier.feed(e)) return verifier.report();
    }
    if (static_cast<int64_t>(page.size()) < kPage) break;
    after = page.back().seq;
  }
  return verifier.report();
}

}  // namespace onedoor::ledger
