// Matter JSON: see matter_json.h.
#include "matters/matter_json.h"

namespace onedoor::matters {

using nlohmann::json;

namespace {

json optDays(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

Status wrongType(const std::string& field, const char* zh_type, const char* en_type) {
  return invalid(field + " 应为" + zh_type + " / " + field + " must be " + en_type, field);
}

// Field readers: absent or null keeps the default; a wrong type is an error naming the field.
Status readString(const json& j, const char* key, const std::string& prefix, std::string& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::ok();
  if (!it->is_string()) return wrongType(prefix + key, "文字", "a string");
  out = it->get<std::string>();
  return Status::ok();
}

Status readStrings(const json& j, const char* key, const std::string& prefix, std::vector<std::string>& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::ok();
  if (!it->is_array()) return wrongType(prefix + key, "文字列表", "an array of strings");
  out.clear();
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    if (!v.is_string()) return wrongType(prefix + key + "[" + std::to_string(i) + "]", "文字", "a string");
    out.push_back(v.get<std::string>());
  }
  return Status::ok();
}

Status readBool(const json& j, const char* key, const std::string& prefix, bool& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::ok();
  if (!it->is_boolean()) return wrongType(prefix + key, "是或否", "a boolean");
  out = it->get<bool>();
  return Status::ok();
}

Status readInt(const json& j, const char* key, const std::string& prefix, int& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::ok();
  if (!it->is_number_integer() || it->get<int64_t>() < -1000000 || it->get<int64_t>() > 1000000)
    return wrongType(prefix + key, "整数", "an integer");
  out = static_cast<int>(it->get<int64_t>());
  return Status::ok();
}

Status readOptInt(const json& j, const char* key, std::optional<int>& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    out.reset();
    return Status::ok();
  }
  int v = 0;
  if (Status s = readInt(j, key, "", v); !s) return s;
  out = v;
  return Status::ok();
}

Result<Material> materialFromJson(const json& j, const std::string& prefix) {
  if (!j.is_object()) return wrongType(prefix.substr(0, prefix.size() - 1), "对象", "an object");
  Material m;
  Status s;
  if (!(s = readString(j, "id", prefix, m.id))) return s;
  if (!(s = readString(j, "name", prefix, m.name))) return s;
  if (!(s = readString(j, "description", prefix, m.description))) return s;
  if (!(s = readString(j, "example", prefix, m.example))) return s;
  if (!(s = readBool(j, "original", prefix, m.original))) return s;
  if (!(s = readInt(j, "copies", prefix, m.copies))) return s;
  if (!(s = readString(j, "issuer", prefix, m.issuer))) return s;
  if (!(s = readStrings(j, "alternatives", prefix, m.alternatives))) return s;
  if (!(s = readBool(j, "optional", prefix, m.optional))) return s;
  return m;
}

}  // namespace

json materialToJson(const Material& m) {
  return {{"id", m.id},         {"name", m.name},     {"description", m.description},   {"example", m.example},
          {"original", m.original}, {"copies", m.copies}, {"issuer", m.issuer}, {"alternatives", m.alternatives},
          {"optional", m.optional}};
}

json matterToJson(const Matter& m) {
  json materials = json::array();
  for (const auto& x : m.materials) materials.push_back(materialToJson(x));
  return {{"id", m.id},
          {"code", m.code},
          {"name", m.name},
          {"name_en", m.name_en},
          {"summary", m.summary},
          {"summary_en", m.summary_en},
          {"who", m.who},
          {"conditions", m.conditions},
          {"materials", materials},
          {"fee", m.fee},
          {"legal_basis", m.legal_basis},
          {"statutory_days", optDays(m.statutory_days)},
          {"promised_days", optDays(m.promised_days)},
          {"channels", channelsName(m.channels)},
          {"promised_trips", m.promised_trips},
          {"department_id", m.department_id},
          {"hall_services", m.hall_services},
          {"keywords", m.keywords},
          {"version", m.version},
          {"published_at", m.published_at},
          {"published_by", m.published_by}};
}

Result<Matter> matterFromJson(const json& j) {
  if (!j.is_object()) return invalid("事项应为 JSON 对象 / a matter must be a JSON object");
  Matter m;
  const std::string p;
  Status s;
  if (!(s = readString(j, "code", p, m.code))) return s;
  if (!(s = readString(j, "name", p, m.name))) return s;
  if (!(s = readString(j, "name_en", p, m.name_en))) return s;
  if (!(s = readString(j, "summary", p, m.summary))) return s;
  if (!(s = readString(j, "summary_en", p, m.summary_en))) return s;
  if (!(s = readString(j, "who", p, m.who))) return s;
  if (!(s = readStrings(j, "conditions", p, m.conditions))) return s;
  if (!(s = readString(j, "fee", p, m.fee))) return s;
  if (!(s = readStrings(j, "legal_basis", p, m.legal_basis))) return s;
  if (!(s = readOptInt(j, "statutory_days", m.statutory_days))) return s;
  if (!(s = readOptInt(j, "promised_days", m.promised_days))) return s;
  if (!(s = readInt(j, "promised_trips", p, m.promised_trips))) return s;
  if (!(s = readStrings(j, "hall_services", p, m.hall_services))) return s;
  if (!(s = readStrings(j, "keywords", p, m.keywords))) return s;
  std::string channels = channelsName(m.channels);
  if (!(s = readString(j, "channels", p, channels))) return s;
  auto ch = parseChannels(channels);
  if (!ch) return invalid("办理渠道应为 online、window 或 both / channels must be online, window or both", "channels");
  m.channels = *ch;
  if (auto it = j.find("department_id"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer()) return wrongType("department_id", "整数", "an integer");
    m.department_id = it->get<int64_t>();
  }
  if (auto it = j.find("materials"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return wrongType("materials", "材料列表", "an array of materials");
    for (size_t i = 0; i < it->size(); ++i) {
      auto mat = materialFromJson((*it)[i], "materials[" + std::to_string(i) + "].");
      if (!mat) return mat.status();
      m.materials.push_back(std::move(*mat));
    }
  }
  // Stored forms carry these; an editor's copies of them are ignored by the service.
  auto readI64 = [&](const char* key, int64_t& out) {
    if (auto it = j.find(key); it != j.end() && it->is_number_integer()) out = it->get<int64_t>();
  };
  readI64("id", m.id);
  readI64("published_at", m.published_at);
  readI64("published_by", m.published_by);
  if (auto it = j.find("version"); it != j.end() && it->is_number_integer()) m.version = it->get<int>();
  return m;
}

}  // namespace onedoor::matters
