// Photos with an appeal: the citizen adds them with the tracking code and secret; the citizen and
// staff view them. Bytes are checked by their signature, stored in the database and hashed into the
// ledger (see services::AppealService::photoWrite).
#include <boost/asio/use_awaitable.hpp>

#include "api/await_store.h"
#include "api/json_body.h"
#include "api/rate_guard.h"
#include "api/route_groups.h"
#include "services/appeal_service.h"
#include "services/case_access.h"

namespace onedoor::api {

namespace {

using Awaitable = boost::asio::awaitable<http::Response>;
using http::bhttp::verb;

// The picture as an HTTP response. Private: a citizen's photo may show a home or a face.
http::Response photoResponse(const http::RequestContext& ctx, const appeals::AppealPhoto& p) {
  http::Response res{http::bhttp::status::ok, ctx.req.version()};
  res.set(http::bhttp::field::content_type, p.mime);
  res.set(http::bhttp::field::cache_control, "private, max-age=3600");
  res.set(http::bhttp::field::content_disposition, "inline");
  res.body() = p.bytes;
  res.prepare_payload();
  res.keep_alive(ctx.req.keep_alive());
  return res;
}

// `allow` says whether this caller may see the case's photos (the citizen's secret, the staff
// member's need-to-know scope).
using PhotoCheck = std::function<Status(Reader&, const appeals::Appeal&)>;

Status readPhoto(Store& store, const std::function<std::optional<appeals::Appeal>(Reader&)>& find,
                 const PhotoCheck& allow, int64_t photo_id, appeals::AppealPhoto& out) {
  return store.read([&](Reader& r) -> Status {
    auto a = find(r);
    if (!a) return services::noSuchAppeal();
    if (Status st = allow(r, *a); !st) return st;
    auto p = r.appealPhoto(a->id, photo_id);
    if (!p) return notFound("找不到这张照片 / No such photo");
    out = std::move(*p);
    return Status::ok();
  });
}

}  // namespace

nlohmann::json photoListJson(const std::vector<appeals::AppealPhoto>& photos, const std::string& url_prefix) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : photos) {
    out.push_back({{"id", p.id},
                   {"mime", p.mime},
                   {"size", p.size},
                   {"created_at", p.created_at},
                   {"url", url_prefix + std::to_string(p.id)}});
  }
  return out;
}

void registerPhotoRoutes(http::Router& router, App& app) {
  http::Route add{
      verb::post, "/api/v1/appeals/{tracking_code}/photos", {},
      [&app](http::RequestContext& ctx) -> Awaitable {
        auto out = std::make_shared<appeals::AppealPhoto>();
        RateGuard limits = photoLimits(app, ctx);
        WriteFn fn = limits.guard(app.appeals->photoWrite(ctx.param("tracking_code"),
                                                          ctx.queryParam("secret").value_or(""), ctx.req.body(), out));
        Status st = co_await awaitWrite(app.store, std::move(fn));
        if (!st) co_return limits.errorOut(ctx, st);
        co_return jsonOk(ctx,
                         {{"id", out->id}, {"mime", out->mime}, {"size", out->size}, {"hash", out->hash},
                          {"url", "/api/v1/appeals/" + ctx.param("tracking_code") + "/photos/" + std::to_string(out->id)}},
                         201);
      },
      {"Add a photo (JPEG, PNG or WebP, at most 5 MB, 3 per case) to the citizen's appeal; the body is the "
       "image itself, ?secret= the appeal's secret; 429 with Retry-After past the per-address limit",
       "appeals", "", "", 201}};
  add.max_body = appeals::kMaxPhotoBytes;
  router.add(std::move(add));

  router.add({verb::get, "/api/v1/appeals/{tracking_code}/photos/{photo_id}", {},
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto photo_id = parseId(ctx.param("photo_id"), "photo_id");
                if (!photo_id) co_return errorOut(ctx, photo_id.status());
                std::string code = ctx.param("tracking_code");
                std::string secret = ctx.queryParam("secret").value_or("");
                appeals::AppealPhoto p;
                Status st = readPhoto(
                    app.store, [&](Reader& r) { return r.appealByTrackingCode(code); },
                    [&](Reader&, const appeals::Appeal& a) -> Status {
                      if (app.appeals->secretMatches(a, secret)) return Status::ok();
                      return {Code::kForbidden, "查询密码不正确 / The secret does not match this tracking code", "secret"};
                    },
                    *photo_id, p);
                if (!st) co_return errorOut(ctx, st);
                co_return photoResponse(ctx, p);
              },
              {"One photo of the citizen's appeal (needs ?secret=)", "appeals"}});

  router.add({verb::get, "/api/v1/cases/{id}/photos/{photo_id}", kAnyStaff,
              [&app](http::RequestContext& ctx) -> Awaitable {
                auto id = parseId(ctx.param("id"), "id");
                if (!id) co_return errorOut(ctx, id.status());
                auto photo_id = parseId(ctx.param("photo_id"), "photo_id");
                if (!photo_id) co_return errorOut(ctx, photo_id.status());
                appeals::Actor viewer{ctx.caller->user_id, ctx.caller->role, ctx.caller->department_id};
                appeals::AppealPhoto p;
                Status st = readPhoto(
                    app.store, [&](Reader& r) { return r.appealById(*id); },
                    [&](Reader& r, const appeals::Appeal& a) -> Status {
                      auto timeline = r.eventsBySubject("appeal:" + std::to_string(a.id));
                      return services::maySeePersonalData(viewer, a, timeline) ? Status::ok() : services::noSuchAppeal();
                    },
                    *photo_id, p);
                if (!st) co_return errorOut(ctx, st);
                st = co_await awaitWrite(app.store, services::personalReadWrite(ctx.caller->user_id, *id,
                                                                                services::PersonalRead::kPhoto,
                                                                                *photo_id, app.clock.nowMs()));
                if (!st) co_return errorOut(ctx, st);
                co_return photoResponse(ctx, p);
              },
              {"One photo of a case, for staff within need-to-know (404 otherwise); every read is a ledger event "
               "appeal.personal_data_read",
               "appeals"}});
}

}  // namespace onedoor::api
