// Plain rows that cross the Store interface. Value types; no shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace onedoor {

// Departments form a tree: district → street → community; "office" for units inside a level.
struct Department {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> parent_id;
  std::string level;  // district | street | community | office
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string role;           // admin | supervisor | handler | clerk | operator
  std::string password_hash;  // argon2id, libsodium's encoded string
  std::optional<int64_t> department_id;
  std::optional<int64_t> backup_user_id;  // the B post of this user's A post (AB岗)
  bool disabled = false;
  std::string presence = "off";  // on_duty | break | out | off
  int64_t created_at = 0;        // epoch ms
};

// A signed-in session. The token itself is never stored, only its BLAKE2b hash.
struct SessionRow {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

// What a caller asks to append to the ledger; seq and hashes are assigned by the store.
struct EventDraft {
  int64_t at = 0;            // epoch ms
  std::string actor;         // "user:12", "system", "citizen:<tracking code>"
  std::string type;          // dotted, e.g. "user.created", "staff.presence_changed"
  std::string subject;       // what the event is about, e.g. "user:12"
  std::string payload_json;  // any JSON; stored in canonical form (sorted keys, no spaces)
};

// One ledger entry: hash = BLAKE2b-256(canonical encoding incl. prev_hash), see ledger/ledger.h.
struct Event {
  int64_t seq = 0;
  int64_t at = 0;
  std::string actor;
  std::string type;
  std::string subject;
  std::string payload_json;
  std::string prev_hash;
  std::string hash;
};

// An API key of an outside client (an Open311 app, FixMyStreet). The key itself is shown once;
// only its BLAKE2b hash is stored. Revoked keys stay, so old appeals still name their client.
struct ApiKey {
  int64_t id = 0;
  std::string name;        // the client, e.g. "FixMyStreet 明湖"
  std::string key_hash;    // BLAKE2b-256 hex of the key
  std::string key_prefix;  // the key's first characters, to tell keys apart in listings
  int64_t created_at = 0;
  std::string created_by;  // ledger actor: "user:1", "cli"
  std::optional<int64_t> revoked_at;
};

// What an Open311 client sent beyond what an appeal holds (GeoReport v2 POST requests).
// The email and names are personal data: stored for the handler, never published.
struct Open311Submission {
  int64_t appeal_id = 0;
  std::string email;
  std::string device_id;
  std::string account_id;
  std::string first_name;
  std::string last_name;
  std::string media_url;
  std::string address_id;
  std::string attributes_json = "{}";  // {"CODE": "value" | ["v1", "v2"]}
};

}  // namespace onedoor
