// Appeal categories (what a citizen can complain or ask about) with their deadline policy and
// default department, and the routing rules that map category + area to a department. Value types.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace onedoor::appeals {

struct Category {
  std::string code;            // stable id, e.g. "road.damage"
  std::string name;            // 道路破损
  std::string group;           // 城市管理
  std::string pinyin;          // initials for the operator's quick search, e.g. "dlps"
  std::string keywords;        // space-separated extra search words
  int64_t department_id = 0;   // default department
  bool urgent = false;         // urgent ones count in working hours, not days
  int response_limit = 1;      // working days (or hours when urgent) to accept
  int resolution_limit = 5;    // working days (or hours when urgent) to reply
  bool active = true;
};

// category + area → department. An empty area matches any area; the most specific rule wins.
struct RoutingRule {
  int64_t id = 0;
  std::string category;  // category code
  std::string area;      // street or community name as citizens write it, e.g. 东湖街道
  int64_t department_id = 0;
};

// An extra question a category asks (Open311 service definition attribute), e.g. the size of a
// pothole. `values` lists the choices of singlevaluelist / multivaluelist as (key, name).
struct CategoryAttribute {
  std::string category;  // category code
  std::string code;      // unique within the category
  int order = 1;         // 1 is shown first
  bool variable = true;  // false: information shown to the citizen, no input
  std::string datatype;  // string | number | datetime | text | singlevaluelist | multivaluelist
  bool required = false;
  std::string datatype_description;
  std::string description;
  std::vector<std::pair<std::string, std::string>> values;
};

}  // namespace onedoor::appeals
