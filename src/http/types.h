// Request/response types shared by the server, the router and the API handlers.
// A RequestContext lives on one connection's strand for one request; not shared across threads.
#pragma once

#include <utility>  // before Asio (asio#944)

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace onedoor::http {

namespace bhttp = boost::beast::http;
using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;

// Who is calling, once the API's authenticator has resolved the session cookie.
struct Caller {
  int64_t user_id = 0;
  std::string username;
  std::string role;
  std::optional<int64_t> department_id;
  std::string csrf_token;
  std::string token_hash;
};

struct RequestContext {
  const Request& req;
  std::string request_id;
  std::string remote_address;
  std::string path;                           // target without the query string, percent-decoded
  std::map<std::string, std::string> params;  // path parameters, e.g. {id} → "12"
  std::map<std::string, std::string> query;   // decoded query parameters (last one wins)
  std::optional<Caller> caller;

  std::string param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  }
  std::optional<std::string> queryParam(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
};

using Handler = std::function<boost::asio::awaitable<Response>(RequestContext&)>;

// Documentation of a route for OpenAPI; the route table is the single source of truth.
struct RouteDoc {
  std::string summary;
  std::string tag;
  std::string request_schema;   // JSON Schema text of the body, empty when none
  std::string response_schema;  // JSON Schema text of the 2xx body, empty for a generic object
  int success_status = 200;
};

struct Route {
  bhttp::verb method = bhttp::verb::get;
  std::string pattern;             // "/api/v1/users/{id}/disable"
  std::vector<std::string> roles;  // empty: public; otherwise only these roles may call it
  Handler handler;
  RouteDoc doc;
  // Largest request body this route takes; 0 means the server's default (ServerOptions::body_limit).
  // Only uploads (photos) raise it, so every other route keeps the small default.
  size_t max_body = 0;
};

}  // namespace onedoor::http
