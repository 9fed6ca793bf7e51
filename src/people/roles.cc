// Role and presence vocabularies.
#include "people/roles.h"

#include <algorithm>

namespace onedoor::people {

bool isRole(std::string_view role) { return std::find(kRoles.begin(), kRoles.end(), role) != kRoles.end(); }

bool isPresence(std::string_view p) { return std::find(kPresence.begin(), kPresence.end(), p) != kPresence.end(); }

std::string roleLabel(std::string_view role) {
  if (role == "admin") return "系统管理员";
  if (role == "supervisor") return "督查/大厅管理";
  if (role == "handler") return "承办人";
  if (role == "clerk") return "窗口人员";
  if (role == "operator") return "话务员";
  return std::string(role);
}

}  // namespace onedoor::people
