// Writes about staff: accounts, sessions and presence, each with its ledger event in the same
// transaction. Shared by the HTTP API, the CLI and the demo loader. The returned WriteFns run on
// the store's writer thread; results are passed back through the shared_ptr outputs.
#pragma once

#include <memory>
#include <string>

#include "people/users.h"
#include "store/store.h"

namespace onedoor::services {

// Actor strings in the ledger.
std::string userActor(int64_t user_id);
inline const std::string kSystemActor = "system";

// Inserts the user (password already hashed in `user.password_hash`), checking that the department
// and backup exist. `out` receives the stored user.
WriteFn createUserWrite(User user, std::string actor, int64_t now, std::shared_ptr<User> out);

// Disables the account and ends its sessions. kNotFound when absent; kConflict when already disabled.
WriteFn disableUserWrite(int64_t user_id, std::string actor, int64_t now, std::shared_ptr<User> out);

// Changes presence (on_duty | break | out | off). `out_seq` receives the event's sequence number.
WriteFn setPresenceWrite(int64_t user_id, std::string presence, std::string actor, int64_t now,
                         std::shared_ptr<int64_t> out_seq);

WriteFn openSessionWrite(SessionRow session, int64_t now);
WriteFn closeSessionWrite(std::string token_hash, int64_t user_id, int64_t now);

WriteFn createDepartmentWrite(Department d, std::string actor, int64_t now, std::shared_ptr<int64_t> out_id);

// Hashes the password and returns a User ready for createUserWrite.
Result<User> prepareNewUser(const people::NewUserInput& input, bool fast_hash = false);

}  // namespace onedoor::services
