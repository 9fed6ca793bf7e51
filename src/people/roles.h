// Staff roles and presence states: the closed vocabularies of the people module. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace onedoor::people {

inline const std::vector<std::string> kRoles = {"admin", "supervisor", "handler", "clerk", "operator"};
inline const std::vector<std::string> kPresence = {"on_duty", "break", "out", "off"};

bool isRole(std::string_view role);
bool isPresence(std::string_view presence);
// Chinese label for messages and listings, e.g. "窗口人员".
std::string roleLabel(std::string_view role);

}  // namespace onedoor::people
