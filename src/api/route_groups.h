// Internal to src/api: one registration function per resource group, and shared renderers.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "api/app.h"
#include "appeals/photo.h"

namespace onedoor::services {
struct HallOutcome;
}

namespace onedoor::api {

void registerSystemRoutes(http::Router& router, App& app);
void registerSessionRoutes(http::Router& router, App& app);
void registerPeopleRoutes(http::Router& router, App& app);
void registerLedgerRoutes(http::Router& router, App& app);
void registerAppealRoutes(http::Router& router, App& app);
void registerCalendarRoutes(http::Router& router, App& app);
void registerPhotoRoutes(http::Router& router, App& app);

// Photos of a case for the citizen's and the staff views; each url is url_prefix + photo id.
nlohmann::json photoListJson(const std::vector<appeals::AppealPhoto>& photos, const std::string& url_prefix);
void registerOpen311Routes(http::Router& router, App& app);
void registerApiKeyRoutes(http::Router& router, App& app);
void registerSimRoutes(http::Router& router, App& app);
void registerHallRoutes(http::Router& router, App& app);
// The done callback of a hall write (hall_routes.cc), used by the hall and hall-settings routes:
// built in a plain function, outside any co_await (GCC 12 coroutine bug).
std::function<void(const Status&)> hallDone(App& app, const std::shared_ptr<services::HallOutcome>& out);
void registerMatterRoutes(http::Router& router, App& app);       // matter_routes.cc
void registerApplicationRoutes(http::Router& router, App& app);  // application_routes.cc (+ spring-door index)
void registerAppointmentRoutes(http::Router& router, App& app);

// The double-submit CSRF check, for public routes that a signed-in caller uses as staff.
Status checkCsrf(const http::RequestContext& ctx);

// Role sets used in route declarations.
inline const std::vector<std::string> kAnyStaff = {"admin", "supervisor", "handler", "clerk", "operator"};
inline const std::vector<std::string> kAdminOnly = {"admin"};
inline const std::vector<std::string> kOversight = {"supervisor", "admin"};
inline const std::vector<std::string> kDesk = {"clerk", "supervisor", "admin"};  // the applications desk

// A user as the API shows it (never the password hash).
nlohmann::json userJson(const User& u, const std::optional<Department>& dept = std::nullopt);

}  // namespace onedoor::api
