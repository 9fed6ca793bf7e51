// Account rules.
#include "people/users.h"

#include "core/text.h"
#include "people/password.h"
#include "people/roles.h"

namespace onedoor::people {

Status validateNewUser(const NewUserInput& in) {
  if (in.username.size() < 3 || in.username.size() > 32)
    return invalid("用户名需要 3 到 32 个字符 / The username needs 3 to 32 characters", "username");
  for (char c : in.username) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok)
      return invalid("用户名只能用小写字母、数字和 . _ - / The username may only use a-z, 0-9 and . _ -", "username");
  }
  if (!isValidUtf8(in.display_name) || in.display_name.empty() || codePointCount(in.display_name) > 40)
    return invalid("姓名需要 1 到 40 个字 / The display name needs 1 to 40 characters", "display_name");
  if (!isRole(in.role))
    return invalid("角色不正确，可选 admin、supervisor、handler、clerk、operator / Unknown role", "role");
  return checkPasswordRules(in.password);
}

}  // namespace onedoor::people
