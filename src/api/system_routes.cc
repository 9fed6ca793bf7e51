// Health, metrics, the OpenAPI document, and the top-level route registration.
#include <boost/asio/use_awaitable.hpp>
#include <sstream>

#include "api/json_body.h"
#include "api/openapi.h"
#include "api/route_groups.h"
#include "http/errors.h"

namespace onedoor::api {

using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;

void registerSystemRoutes(http::Router& router, App& app) {
  router.add({verb::get, "/healthz", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                // Cheap liveness: the process answers. The store is asked only for its queue depth.
                co_return jsonOk(ctx, {{"status", "ok"}, {"write_queue", app.store.stats().queue_depth}});
              },
              {"Liveness", "system"}});

  router.add({verb::get, "/metrics", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                http::Response res{http::bhttp::status::ok, ctx.req.version()};
                res.set(http::bhttp::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
                res.keep_alive(ctx.req.keep_alive());
                res.body() = app.metrics.render();
                res.prepare_payload();
                co_return res;
              },
              {"Prometheus metrics", "system"}});

  router.add({verb::get, "/api/openapi.json", {},
              [&router](http::RequestContext& ctx) -> Awaitable { co_return jsonOk(ctx, buildOpenApi(router)); },
              {"This OpenAPI 3.0 document", "system"}});
}

void registerRoutes(http::Router& router, App& app) {
  registerSystemRoutes(router, app);
  registerSessionRoutes(router, app);
  registerPeopleRoutes(router, app);
  registerLedgerRoutes(router, app);
  registerAppealRoutes(router, app);
  registerCalendarRoutes(router, app);
  registerPhotoRoutes(router, app);
  registerApiKeyRoutes(router, app);
  registerOpen311Routes(router, app);
  registerSimRoutes(router, app);
  registerHallRoutes(router, app);
  registerMatterRoutes(router, app);
  registerApplicationRoutes(router, app);
  registerAppointmentRoutes(router, app);
}

void exposeStoreMetrics(App& app) {
  app.metrics.setExtra([&app] {
    StoreStats s = app.store.stats();
    std::ostringstream os;
    os << "# HELP onedoor_store_write_queue_depth Writes waiting for the writer thread.\n"
          "# TYPE onedoor_store_write_queue_depth gauge\n"
       << "onedoor_store_write_queue_depth " << s.queue_depth << "\n"
       << "# HELP onedoor_store_commits_total Transactions committed by the writer thread.\n"
          "# TYPE onedoor_store_commits_total counter\n"
       << "onedoor_store_commits_total " << s.commits << "\n"
       << "# HELP onedoor_store_writes_total Writes run (several share one commit).\n"
          "# TYPE onedoor_store_writes_total counter\n"
       << "onedoor_store_writes_total " << s.writes << "\n"
       << "onedoor_store_failed_writes_total " << s.failed_writes << "\n"
       << "# HELP onedoor_store_syncs_total Syncs to disk that acknowledged writes (several commits share one).\n"
          "# TYPE onedoor_store_syncs_total counter\n"
       << "onedoor_store_syncs_total " << s.syncs << "\n"
       << "# HELP onedoor_store_synced_writes_total Writes made durable by those syncs.\n"
          "# TYPE onedoor_store_synced_writes_total counter\n"
       << "onedoor_store_synced_writes_total " << s.synced_writes << "\n"
       << "# HELP onedoor_store_commit_batch_size Writes per committed transaction (group commit).\n"
          "# TYPE onedoor_store_commit_batch_size histogram\n";
    static const char* kLe[] = {"1", "2", "4", "8", "16", "32", "64", "128", "+Inf"};
    int64_t cumulative = 0;
    for (size_t i = 0; i < s.batch_size_buckets.size() && i < 9; ++i) {
      cumulative += s.batch_size_buckets[i];
      os << "onedoor_store_commit_batch_size_bucket{le=\"" << kLe[i] << "\"} " << cumulative << "\n";
    }
    os << "onedoor_store_commit_batch_size_sum " << s.writes << "\n"
       << "onedoor_store_commit_batch_size_count " << s.commits << "\n";
    return os.str();
  });
}

}  // namespace onedoor::api
