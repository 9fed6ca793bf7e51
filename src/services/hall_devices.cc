// Hall device pairing over the ledger (see hall_devices.h).
#include "services/hall_devices.h"

#include <nlohmann/json.hpp>

#include "core/random.h"

namespace onedoor::services {

using nlohmann::json;

namespace {

std::string subjectOf(DeviceKind kind, int64_t id) {
  return (kind == DeviceKind::kPad ? "pad:" : "kiosk:") + std::to_string(id);
}
const char* kindName(DeviceKind kind) { return kind == DeviceKind::kPad ? "pad" : "kiosk"; }

bool sameHash(const std::string& a, const std::string& b) {
  unsigned diff = a.size() ^ b.size();
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0 && !a.empty();
}

std::string payloadString(const Event& ev, const char* field) {
  auto p = json::parse(ev.payload_json, nullptr, false);
  return p.is_object() && p.contains(field) && p[field].is_string() ? p[field].get<std::string>() : std::string();
}

}  // namespace

WriteFn pairingCodeWrite(DeviceKind kind, int64_t target_id, std::string actor, int64_t now,
                         std::shared_ptr<PairingOutcome> out) {
  return [kind, target_id, actor = std::move(actor), now, out](WriteTx& tx) -> Status {
    // 8 characters of Crockford base32 (40 bits): typed once, good for 10 minutes.
    std::string code = randomBase32(8);
    json payload = {{"kind", kindName(kind)}, {"code_hash", blake2bHex(code)}, {"expires_at", now + kPairingCodeMs}};
    auto ev = tx.appendEvent(EventDraft{now, actor, "device.pairing_code_set", subjectOf(kind, target_id), payload.dump()});
    if (!ev) return ev.status();
    out->code = std::move(code);
    out->expires_at = now + kPairingCodeMs;
    return Status::ok();
  };
}

WriteFn pairWrite(DeviceKind kind, int64_t target_id, std::string code, int64_t now,
                  std::shared_ptr<PairingOutcome> out) {
  return [kind, target_id, code = std::move(code), now, out](WriteTx& tx) -> Status {
    const Status refused{Code::kForbidden, "配对码不正确或已失效，请工作人员重新生成 / The pairing code is wrong, used or "
                                           "expired; ask staff for a new one"};
    // Only the latest code counts, once, before it expires.
    auto events = tx.eventsBySubject(subjectOf(kind, target_id));
    const Event* latest = nullptr;
    bool used = false;
    for (const auto& ev : events) {
      if (ev.type == "device.pairing_code_set") latest = &ev, used = false;
      else if (ev.type == "device.paired") used = true;
    }
    if (!latest || used || code.empty() || code.size() > 16) return refused;
    auto p = json::parse(latest->payload_json, nullptr, false);
    if (!p.is_object() || p.value("expires_at", int64_t{0}) < now) return refused;
    if (!sameHash(payloadString(*latest, "code_hash"), blake2bHex(code))) return refused;
    std::string token = randomBase32(26);  // 130 bits
    json payload = {{"kind", kindName(kind)}, {"token_hash", blake2bHex(token)}};
    auto ev = tx.appendEvent(EventDraft{now, "device", "device.paired", subjectOf(kind, target_id), payload.dump()});
    if (!ev) return ev.status();
    out->token = std::move(token);
    return Status::ok();
  };
}

bool deviceTokenValid(Reader& r, DeviceKind kind, int64_t target_id, const std::string& token) {
  if (token.empty() || token.size() > 64) return false;
  const std::string want = blake2bHex(token);
  auto events = r.eventsBySubject(subjectOf(kind, target_id));
  // A pad: the window's latest paired device only. Kiosks: any paired one.
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (it->type != "device.paired") continue;
    if (sameHash(payloadString(*it, "token_hash"), want)) return true;
    if (kind == DeviceKind::kPad) return false;
  }
  return false;
}

}  // namespace onedoor::services
