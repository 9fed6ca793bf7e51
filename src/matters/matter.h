// A matter (事项): one thing a citizen can get done at the centre, with its guide in plain words,
// the materials it needs and the promises made about it (time, trips). Pure data; see
// docs/matters-api.md for the JSON shape and rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace onedoor::matters {

// One required (or optional) material. `id` ("m1", "m2", …) is unique within the matter and stays
// the same across versions, so checklists and missing-materials lists keep their meaning.
struct Material {
  std::string id;
  std::string name;
  std::string description;  // what it looks like
  std::string example;
  bool original = true;     // the original must be shown
  int copies = 0;           // photocopies to hand in (0 = none)
  std::string issuer;       // who issues it, where to get it
  std::vector<std::string> alternatives;  // accepted instead
  bool optional = false;
};

enum class Channels { kOnline, kWindow, kBoth };

struct Matter {
  int64_t id = 0;
  std::string code;  // "SB-001"
  std::string name;
  std::string name_en;  // optional, for the English switch
  std::string summary;  // plain language, 1–3 sentences
  std::string summary_en;
  std::string who;      // who may apply
  std::vector<std::string> conditions;
  std::vector<Material> materials;
  std::string fee;      // "免费" when free
  std::vector<std::string> legal_basis;
  std::optional<int> statutory_days;  // working days
  std::optional<int> promised_days;   // working days; 0 = on the spot (即办)
  Channels channels = Channels::kBoth;
  int promised_trips = 1;             // 0 or 1
  int64_t department_id = 0;
  std::vector<std::string> hall_services;  // hall service codes that handle it
  std::vector<std::string> keywords;       // extra search words
  int version = 0;                         // published version this is (0: a draft never published)
  int64_t published_at = 0;
  int64_t published_by = 0;  // user id
};

const char* channelsName(Channels c);  // "online" | "window" | "both"
std::optional<Channels> parseChannels(const std::string& s);

}  // namespace onedoor::matters
