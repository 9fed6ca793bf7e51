// Registered hall devices: a window's rating pad and a hall's kiosks. Staff set a one-time pairing
// code (a clerk seated at the window or a supervisor/admin for a pad; a supervisor/admin for a
// kiosk); the device exchanges it once for a device token, which it then sends with every request
// (header X-Device-Token). Codes and tokens live in the ledger as BLAKE2b hashes only
// (device.pairing_code_set, device.paired under the subject "pad:<window id>" or
// "kiosk:<hall id>"), so pairing is audited and a leaked database gives no usable token.
// Pure functions over a transaction or a reader; thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "store/store.h"

namespace onedoor::services {

enum class DeviceKind { kPad, kKiosk };

constexpr int64_t kPairingCodeMs = 10 * 60'000;  // a pairing code is good for 10 minutes, once

struct PairingOutcome {
  std::string code;  // pairingCodeWrite: the code to type on the device
  int64_t expires_at = 0;
  std::string token;  // pairWrite: the device's token, returned once
};

// A new pairing code for the pad of window `target_id` or the kiosks of hall `target_id` (the
// caller checked who may ask); the previous unused code stops working.
WriteFn pairingCodeWrite(DeviceKind kind, int64_t target_id, std::string actor, int64_t now,
                         std::shared_ptr<PairingOutcome> out);
// The device's exchange of a code for its token: kForbidden for a wrong, used or expired code.
// A pad's new token replaces the window's previous pad; each kiosk keeps its own token.
WriteFn pairWrite(DeviceKind kind, int64_t target_id, std::string code, int64_t now,
                  std::shared_ptr<PairingOutcome> out);
// Whether `token` is a paired device's token for this window's pad / this hall's kiosks.
bool deviceTokenValid(Reader& r, DeviceKind kind, int64_t target_id, const std::string& token);

}  // namespace onedoor::services
