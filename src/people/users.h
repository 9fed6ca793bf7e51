// Rules for staff accounts (usernames, display names, roles). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"

namespace onedoor::people {

struct NewUserInput {
  std::string username;
  std::string password;
  std::string display_name;
  std::string role;
  std::optional<int64_t> department_id;
  std::optional<int64_t> backup_user_id;
};

// Username: 3–32 of a-z 0-9 . _ -; display name: 1–40 characters; role from kRoles; password rules.
Status validateNewUser(const NewUserInput& input);

}  // namespace onedoor::people
