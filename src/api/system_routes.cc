// Health, metrics, the OpenAPI document, and the top-level route registration.
#include <boost/asio/use_awaitable.hpp>
#include <atomic>
#include <sstream>

#include "api/json_body.h"
#include "api/openapi.h"
#include "api/route_groups.h"
#include "http/errors.h"
#include "store/rate_buckets.h"

namespace onedoor::api {

using nlohmann::json;
using http::bhttp::verb;
using Awaitable = boost::asio::awaitable<http::Response>;

namespace {

// While writes fail for a passing reason (disk full, the database restarting) and no client
// writes, nothing would ever find out that they work again: /healthz sends a small real write
// (a row of the rate-limit table, pruned later) at most once a second.
void probeWrites(App& app) {
  static std::atomic<int64_t> last_probe_ms{0};
  const int64_t now = app.clock.nowMs();
  int64_t last = last_probe_ms.load();
  if (now - last < 1000 || !last_probe_ms.compare_exchange_strong(last, now)) return;
  app.store.submit(
      [now](WriteTx& tx) -> Status {
        auto taken = takeRateToken(tx, "probe", "healthz", people::RateLimit{1000000, 1}, now);
        return taken ? Status::ok() : taken.status();
      },
      [](Status) {});
}

}  // namespace

void registerSystemRoutes(http::Router& router, App& app) {
  router.add({verb::get, "/livez", {},
              [](http::RequestContext& ctx) -> Awaitable { co_return jsonOk(ctx, {{"status", "ok"}}); },
              {"Liveness: the process answers (restart it when this fails)", "system"}});

  router.add({verb::get, "/healthz", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                // Readiness: can this node take writes? The store knows whether its last batch
                // committed; never 200 while writes fail (a load balancer must take it out).
                StoreStats stats = app.store.stats();
                if (stats.write_problem.empty())
                  co_return jsonOk(ctx, {{"status", "ok"}, {"write_queue", stats.queue_depth}});
                if (!stats.writes_stopped) probeWrites(app);
                json body = {{"status", stats.writes_stopped ? "writes_stopped" : "cannot_write"},
                             {"reason", stats.write_problem},
                             {"write_queue", stats.queue_depth}};
                http::Response res = http::jsonResponse(http::bhttp::status::service_unavailable, body.dump(),
                                                        ctx.req.version(), ctx.req.keep_alive());
                res.set(http::bhttp::field::retry_after, "5");
                co_return res;
              },
              {"Readiness: 200 while this node can write; 503 with the reason when it cannot (disk full, database "
               "gone, a failed sync)",
               "system"}});

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
