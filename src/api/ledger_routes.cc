// Reading and verifying the ledger (the hash-chained event log).
#include <boost/asio/use_awaitable.hpp>

#include "api/json_body.h"
#include "api/route_groups.h"
#include "ledger/ledger.h"

namespace onedoor::api {

using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;

static json eventJson(const Event& e) {
  json payload = json::parse(e.payload_json, nullptr, false);
  return {{"seq", e.seq},         {"at", e.at},          {"actor", e.actor}, {"type", e.type},
          {"subject", e.subject}, {"payload", payload},  {"hash", e.hash},   {"prev_hash", e.prev_hash}};
}

void registerLedgerRoutes(http::Router& router, App& app) {
  router.add({verb::get, "/api/v1/events", kOversight,
              [&app](http::RequestContext& ctx) -> Awaitable {
                int64_t after = 0, limit = 50;
                if (auto a = ctx.queryParam("after")) {
                  auto v = parseId(*a, "after");
                  if (!v) co_return errorOut(ctx, v.status());
                  after = *v;
                }
                if (auto l = ctx.queryParam("limit")) {
                  auto v = parseId(*l, "limit");
                  if (!v || *v < 1 || *v > 1000)
                    co_return errorOut(ctx, invalid("limit 应在 1 到 1000 之间 / limit must be 1..1000", "limit"));
                  limit = *v;
                }
                bool desc = ctx.queryParam("desc").value_or("0") == "1";
                json events = json::array();
                Status st = app.store.read([&](Reader& r) -> Status {
                  auto list = desc ? r.latestEvents(limit) : r.eventsAfter(after, limit);
                  for (const auto& e : list) events.push_back(eventJson(e));
                  return Status::ok();
                });
                if (!st) co_return errorOut(ctx, st);
                co_return jsonOk(ctx, {{"events", events}});
              },
              {"Ledger events after a sequence number (ascending), or the latest with desc=1", "ledger"}});

  router.add({verb::get, "/api/v1/ledger/verify", kOversight,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto report = ledger::verifyStore(app.store);
                if (!report) co_return errorOut(ctx, report.status());
                json body = {{"ok", report->ok}, {"events", report->events}};
                if (!report->ok) {
                  body["first_bad_seq"] = report->first_bad_seq;
                  body["reason"] = report->reason;
                }
                co_return jsonOk(ctx, body);
              },
              {"Recompute the hash chain and report the first bad link, if any", "ledger"}});
}

}  // namespace onedoor::api
