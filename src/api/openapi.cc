// Builds paths from every /api route: method, path parameters, roles (x-roles), body and response
// schemas, and the shared error response.
#include "api/openapi.h"

#include <regex>

namespace onedoor::api {

using nlohmann::json;

static json errorSchemaRef() { return {{"$ref", "#/components/schemas/Error"}}; }

nlohmann::json buildOpenApi(const http::Router& router) {
  json doc = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "OneDoor API"},
        {"version", "1"},
        {"description", "一扇门 OneDoor: service centres, hotlines and mailboxes. Every /api route is listed here, "
                        "generated from the server's route table."}}},
      {"paths", json::object()},
      {"components",
       {{"schemas",
         {{"Error",
           {{"type", "object"},
            {"required", {"error"}},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"required", {"code", "message"}},
                {"properties",
                 {{"code", {{"type", "string"}}},
                  {"message", {{"type", "string"}, {"description", "中文 / English"}}},
                  {"field", {{"type", "string"}, {"nullable", true}}}}}}}}}}}}},
        {"securitySchemes",
         {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "onedoor_session"}}},
          {"csrf", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-CSRF-Token"}}}}}}}};
  static const std::regex kParam(R"(\{([a-z_]+)\})");
  for (const auto& r : router.routes()) {
    if (r.pattern.rfind("/api/", 0) != 0) continue;
    std::string method = std::string(http::bhttp::to_string(r.method));
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json op = {{"summary", r.doc.summary}, {"tags", {r.doc.tag.empty() ? "system" : r.doc.tag}}};
    op["x-roles"] = r.roles;
    op["operationId"] = method + std::regex_replace(r.pattern, std::regex("[^A-Za-z0-9]+"), "_");
    json params = json::array();
    for (auto it = std::sregex_iterator(r.pattern.begin(), r.pattern.end(), kParam); it != std::sregex_iterator(); ++it) {
      params.push_back({{"name", (*it)[1].str()}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (!r.roles.empty()) {
      bool write = r.method != http::bhttp::verb::get && r.method != http::bhttp::verb::head;
      op["security"] = write ? json::array({{{"session", json::array()}, {"csrf", json::array()}}})
                             : json::array({{{"session", json::array()}}});
    } else {
      op["security"] = json::array();
    }
    if (!r.doc.request_schema.empty()) {
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", json::parse(r.doc.request_schema)}}}}}};
    }
    json responses = json::object();
    std::string ok = std::to_string(r.doc.success_status);
    if (r.doc.success_status == 204) {
      responses[ok] = {{"description", "Done"}};
    } else {
      json schema = r.doc.response_schema.empty() ? json{{"type", "object"}} : json::parse(r.doc.response_schema);
      responses[ok] = {{"description", "OK"}, {"content", {{"application/json", {{"schema", schema}}}}}};
    }
    responses["default"] = {{"description", "Error"}, {"content", {{"application/json", {{"schema", errorSchemaRef()}}}}}};
    op["responses"] = responses;
    doc["paths"][r.pattern][method] = op;
  }
  return doc;
}

}  // namespace onedoor::api
