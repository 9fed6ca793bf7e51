// The ledger's hash chain: canonical encoding of an event, its BLAKE2b-256 hash, and verification
// of a whole chain read from any Store. Pure functions except verifyStore (reads the store).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "store/store.h"
#include "store/types.h"

namespace onedoor::ledger {

inline const std::string kGenesisHash(64, '0');

// Canonical JSON: parsed and re-serialised with sorted keys and no whitespace. kInvalid if not JSON.
Result<std::string> canonicalJson(const std::string& json);

// The exact bytes hashed: each field length-prefixed, in a fixed order, including prev_hash:
// "onedoor-ledger-v1" | seq | at | actor | type | subject | payload_json | prev_hash.
std::string canonicalEncoding(const Event& e);

// BLAKE2b-256 of canonicalEncoding(e), lowercase hex. e.hash is ignored.
std::string eventHash(const Event& e);

struct VerifyReport {
  bool ok = true;
  int64_t events = 0;        // events examined
  int64_t first_bad_seq = 0; // when !ok: the first sequence number where the chain breaks
  std::string reason;        // when !ok: English, e.g. "hash mismatch", "missing event", "prev_hash mismatch"
};

// Incremental verifier: feed events in ascending seq order.
class ChainVerifier {
 public:
  // Returns false at the first bad link; report() then says where and why.
  bool feed(const Event& e);
  const VerifyReport& report() const { return report_; }

 private:
  VerifyReport report_;
  int64_t expected_seq_ = 1;
  std::string prev_hash_ = kGenesisHash;
};

// Reads the whole ledger from the store in pages and verifies it.
Result<VerifyReport> verifyStore(Store& store);

}  // namespace onedoor::ledger
