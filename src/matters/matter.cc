// Matter enums as text.
#include "matters/matter.h"

namespace onedoor::matters {

const char* channelsName(Channels c) {
  switch (c) {
    case Channels::kOnline: return "online";
    case Channels::kWindow: return "window";
    case Channels::kBoth: return "both";
  }
  return "both";
}

std::optional<Channels> parseChannels(const std::string& s) {
  if (s == "online") return Channels::kOnline;
  if (s == "window") return Channels::kWindow;
  if (s == "both") return Channels::kBoth;
  return std::nullopt;
}

}  // namespace onedoor::matters
