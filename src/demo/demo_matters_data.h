// The demo catalogue of matters (事项) of the 明湖区 service centre: about three dozen common
// things citizens come for, written in plain words. Data only; whoever loads the demo parses it.
#pragma once

#include <string>

namespace onedoor::demo {

// A JSON array of matters in the shape of docs/matters-api.md, except that each names its
// department by the demo department key ("department_code", e.g. "hrss") instead of an id.
const std::string& demoMattersJson();

}  // namespace onedoor::demo
