// OpenAPI 3.0 document generated from the router's table, so the two cannot drift. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include "http/router.h"

namespace onedoor::api {

nlohmann::json buildOpenApi(const http::Router& router);

}  // namespace onedoor::api
