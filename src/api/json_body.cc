// Strict body parsing.
#include "api/json_body.h"

#include "api/flat_json.h"
#include "core/json_depth.h"
#include "core/text.h"
#include "http/errors.h"

namespace onedoor::api {

using nlohmann::json;

static const char* typeNameZh(FieldType t) {
  switch (t) {
    case FieldType::kString: return "文字";
    case FieldType::kInteger: return "整数";
    case FieldType::kBoolean: return "true 或 false";
    case FieldType::kNumber: return "数字";
    case FieldType::kArray: return "列表";
  }
  return "";
}

static const char* typeNameEn(FieldType t) {
  switch (t) {
    case FieldType::kString: return "a string";
    case FieldType::kInteger: return "an integer";
    case FieldType::kBoolean: return "a boolean";
    case FieldType::kNumber: return "a number";
    case FieldType::kArray: return "a list";
  }
  return "";
}

Result<json> parseJsonBody(const http::Request& req, std::initializer_list<FieldSpec> fields) {
  return parseJsonBodySpecs(req, std::vector<FieldSpec>(fields));
}

Result<json> parseJsonBodySpecs(const http::Request& req, const std::vector<FieldSpec>& fields) {
  auto ct = req[http::bhttp::field::content_type];
  if (ct.substr(0, ct.find(';')) != "application/json")
    return invalid("请以 JSON 格式提交（Content-Type: application/json） / Send the body as application/json");
  const std::string& body = req.body();
  if (body.empty()) return invalid("请求内容为空 / The request body is empty");
  if (!isValidUtf8(body)) return invalid("内容不是有效的 UTF-8 文本 / The body is not valid UTF-8 text");
  if (!jsonDepthWithin(body)) return invalid(kJsonTooDeepMessage);
  std::optional<json> flat = parseFlatObject(body);
  json j = flat ? std::move(*flat) : json::parse(body, nullptr, false);
  if (j.is_discarded()) return invalid("JSON 格式不正确 / The body is not valid JSON");
  if (!j.is_object()) return invalid("请求内容应为 JSON 对象 / The body must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (const auto& f : fields) known = known || key == f.name;
    if (!known) return invalid("不认识的字段：" + key + " / Unknown field: " + key, key);
  }
  for (const auto& f : fields) {
    auto it = j.find(f.name);
    if (it == j.end() || (it->is_null() && !f.nullable)) {
      if (f.required) return invalid(std::string("缺少字段：") + f.name + " / Missing field: " + f.name, f.name);
      if (it != j.end()) j.erase(f.name);
      continue;
    }
    if (it->is_null()) continue;
    bool ok = (f.type == FieldType::kString && it->is_string()) ||
              (f.type == FieldType::kInteger && it->is_number_integer()) ||
              (f.type == FieldType::kBoolean && it->is_boolean()) ||
              (f.type == FieldType::kNumber && it->is_number()) ||
              (f.type == FieldType::kArray && it->is_array());
    if (!ok)
      return invalid(std::string("字段 ") + f.name + " 应为" + typeNameZh(f.type) + " / Field " + f.name +
                         " must be " + typeNameEn(f.type),
                     f.name);
    if (f.type == FieldType::kString) {
      const auto& s = it->get_ref<const std::string&>();
      if (f.required && s.empty())
        return invalid(std::string("字段 ") + f.name + " 不能为空 / Field " + f.name + " is empty", f.name);
      if (codePointCount(s) > f.max_chars)
        return invalid(std::string("字段 ") + f.name + " 太长（最多 " + std::to_string(f.max_chars) + " 字） / Field " +
                           f.name + " is too long",
                       f.name);
    }
  }
  return j;
}

http::Response jsonOk(const http::RequestContext& ctx, const json& body, int status) {
  return http::jsonResponse(static_cast<http::bhttp::status>(status),
                            body.dump(-1, ' ', false, json::error_handler_t::replace), ctx.req.version(),
                            ctx.req.keep_alive());
}

http::Response jsonOk(const http::RequestContext& ctx, const CanonicalJsonObject& body, int status) {
  Result<std::string> text = body.text();
  if (!text) return errorOut(ctx, internalError("响应内容无法编码 / The response could not be encoded"));
  return http::jsonResponse(static_cast<http::bhttp::status>(status), std::move(*text), ctx.req.version(),
                            ctx.req.keep_alive());
}

http::Response errorOut(const http::RequestContext& ctx, const Status& st) {
  return http::errorResponse(st, ctx.req.version(), ctx.req.keep_alive());
}

Result<int64_t> parseId(const std::string& text, const std::string& field) {
  if (text.empty() || text.size() > 18) return invalid("编号不正确 / Invalid number in " + field, field);
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return invalid("编号不正确 / Invalid number in " + field, field);
    v = v * 10 + (c - '0');
  }
  return v;
}

Result<std::vector<std::string>> materialIdList(const nlohmann::json& body, const char* field, size_t max_items) {
  std::vector<std::string> out;
  if (!body.contains(field)) return out;
  const nlohmann::json& arr = body.at(field);
  if (arr.size() > max_items)
    return invalid(std::string(field) + " 最多 " + std::to_string(max_items) + " 项 / " + field + " has too many items",
                   field);
  for (const auto& v : arr) {
    if (!v.is_string() || v.get<std::string>().size() > 64)
      return invalid(std::string(field) + " 应为材料编号列表 / " + field + " must be a list of material ids", field);
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace onedoor::api
