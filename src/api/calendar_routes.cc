// The working-day calendar for admins: list the loaded years, save a year (next year's holidays
// are published each November by the State Council General Office).
#include <boost/asio/use_awaitable.hpp>

#include "api/await_store.h"
#include "api/json_body.h"
#include "api/route_groups.h"
#include "calendar/year_calendar.h"
#include "services/calendar_sync.h"
#include "services/appeal_service.h"
#include "services/people_service.h"

namespace onedoor::api {

using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;

namespace {

json yearJson(const calendar::YearCalendar& y, const calendar::WorkingCalendar& cal) {
  // serializeYear is the file format; the API adds the number of working days as a check figure.
  json j = json::parse(calendar::serializeYear(y));
  int working = 0;
  for (auto d = std::chrono::sys_days(calendar::Date(std::chrono::year(y.year), std::chrono::January, std::chrono::day(1)));
       d <= std::chrono::sys_days(calendar::Date(std::chrono::year(y.year), std::chrono::December, std::chrono::day(31)));
       d += std::chrono::days(1)) {
    working += cal.isWorkingDay(calendar::Date(d)) ? 1 : 0;
  }
  j["working_days"] = working;
  return j;
}

// Built outside the coroutine: GCC 12 miscompiles capturing lambdas created inside a co_await
// expression (the captures are freed twice), see docs/architecture.md.
WriteFn calendarSavedWrite(json payload, int64_t now, std::string actor) {
  return [payload = std::move(payload), now, actor = std::move(actor)](WriteTx& tx) -> Status {
    auto ev = tx.appendEvent(EventDraft{now, actor, "calendar.saved",
                                        "calendar:" + payload["region"].get<std::string>() + ":" +
                                            std::to_string(payload["year"].get<int>()),
                                        payload.dump()});
    return ev ? Status::ok() : ev.status();
  };
}

}  // namespace

void registerCalendarRoutes(http::Router& router, App& app) {
  router.add({verb::get, "/api/v1/calendars", kAdminOnly,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto cal = app.appeals->calendar();
                json years = json::array();
                for (int y : cal->loadedYears()) years.push_back(yearJson(*cal->year(y), *cal));
                co_return jsonOk(ctx, {{"region", cal->region()}, {"years", years}});
              },
              {"The working-day calendars in force: public holidays and make-up working days per year", "calendar"}});

  router.add({verb::put, "/api/v1/calendars/{year}", kAdminOnly,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto year = parseId(ctx.param("year"), "year");
                if (!year || *year < 1900 || *year > 9999)
                  co_return errorOut(ctx, invalid("年份不正确 / Invalid year", "year"));
                // Shape first (strict fields), then the calendar's own rules in parseYear.
                auto body = parseJsonBody(ctx.req, {{"year", FieldType::kInteger, true},
                                                    {"region", FieldType::kString, true, 16},
                                                    {"source", FieldType::kString, true, 300},
                                                    {"holidays", FieldType::kArray, true},
                                                    {"workdays", FieldType::kArray, true}});
                if (!body) co_return errorOut(ctx, body.status());
                auto saved = const_cast<services::CalendarBook&>(app.appeals->calendars())
                                 .saveYear(static_cast<int>(*year), ctx.req.body());
                if (!saved) co_return errorOut(ctx, saved.status());
                // The whole year goes into the ledger: the record of what changed, and what the
                // other nodes apply (services/calendar_sync.h).
                json payload = {{"year", saved->year},
                                {"region", saved->region},
                                {"source", saved->source},
                                {"holidays", saved->holidays.size()},
                                {"workdays", saved->workdays.size()},
                                {"calendar", json::parse(calendar::serializeYear(*saved))}};
                int64_t now = app.clock.nowMs();
                std::string actor = services::userActor(ctx.caller->user_id);
                Status st = co_await awaitWrite(app.store, calendarSavedWrite(std::move(payload), now, std::move(actor)));
                if (!st) co_return errorOut(ctx, st);
                app.store.notifyNodes(services::kCalendarChannel, "calendar");
                auto cal = app.appeals->calendar();
                co_return jsonOk(ctx, {{"year", yearJson(*saved, *cal)}});
              },
              {"Save one year's holidays and make-up working days; deadlines use it at once", "calendar",
               R"({"type":"object","required":["year","region","source","holidays","workdays"],"properties":{"year":{"type":"integer"},"region":{"type":"string"},"source":{"type":"string"},"holidays":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"from":{"type":"string","format":"date"},"to":{"type":"string","format":"date"}}}},"workdays":{"type":"array","items":{"type":"object","properties":{"date":{"type":"string","format":"date"},"name":{"type":"string"}}}}}})"}});
}

}  // namespace onedoor::api
