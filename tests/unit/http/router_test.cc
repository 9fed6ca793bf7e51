// Router matching and static path safety.
#include <gtest/gtest.h>

#include "http/gzip.h"
#include "http/router.h"
#include "http/static_files.h"

using namespace onedoor::http;

static Route route(bhttp::verb m, std::string p) {
  return Route{m, std::move(p), {}, [](RequestContext&) -> boost::asio::awaitable<Response> { co_return Response{}; }, {}};
}

TEST(Router, MatchesParamsPrefersLiteralsAndKnows405) {
  Router r;
  r.add(route(bhttp::verb::get, "/api/v1/users/{id}"));
  r.add(route(bhttp::verb::get, "/api/v1/users/me"));
  r.add(route(bhttp::verb::post, "/api/v1/users/{id}/disable"));
  auto m = r.match(bhttp::verb::get, "/api/v1/users/42");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params["id"], "42");
  auto lit = r.match(bhttp::verb::get, "/api/v1/users/me");
  ASSERT_NE(lit.route, nullptr);
  EXPECT_EQ(lit.route->pattern, "/api/v1/users/me");
  auto wrong = r.match(bhttp::verb::get, "/api/v1/users/42/disable");
  EXPECT_EQ(wrong.route, nullptr);
  EXPECT_TRUE(wrong.path_known);
  EXPECT_FALSE(r.match(bhttp::verb::get, "/api/v1/nothing").path_known);
  EXPECT_NE(r.match(bhttp::verb::head, "/api/v1/users/1").route, nullptr);  // HEAD served by GET
  EXPECT_THROW(r.add(route(bhttp::verb::get, "/api/v1/users/{id}")), std::invalid_argument);
}

TEST(Router, MatchesParamsInsideASegment) {
  Router r;
  r.add(route(bhttp::verb::get, "/open311/v2/services.{format}"));
  r.add(route(bhttp::verb::get, "/open311/v2/services/{service_code}.{format}"));
  r.add(route(bhttp::verb::get, "/open311/v2/{anything}"));
  auto list = r.match(bhttp::verb::get, "/open311/v2/services.json");
  ASSERT_NE(list.route, nullptr);
  EXPECT_EQ(list.route->pattern, "/open311/v2/services.{format}");  // mixed beats a bare parameter
  EXPECT_EQ(list.params["format"], "json");
  auto one = r.match(bhttp::verb::get, "/open311/v2/services/road.damage.xml");
  ASSERT_NE(one.route, nullptr);
  EXPECT_EQ(one.params["service_code"], "road.damage");  // the parameter before the last dot takes the most
  EXPECT_EQ(one.params["format"], "xml");
  EXPECT_EQ(r.match(bhttp::verb::get, "/open311/v2/services/.xml").route, nullptr);  // parameters are never empty
  EXPECT_EQ(r.match(bhttp::verb::get, "/open311/v2/services/json").route, nullptr);
  auto bare = r.match(bhttp::verb::get, "/open311/v2/requests");
  ASSERT_NE(bare.route, nullptr);
  EXPECT_EQ(bare.params["anything"], "requests");
  EXPECT_THROW(r.add(route(bhttp::verb::get, "/x/{a}{b}")), std::invalid_argument);
  EXPECT_THROW(r.add(route(bhttp::verb::get, "/x/{a.json")), std::invalid_argument);
}

TEST(Router, BucketsByLengthAndThirdSegmentKeepOrderAndScore) {
  Router r;
  r.add(route(bhttp::verb::get, "/"));
  r.add(route(bhttp::verb::get, "/healthz"));
  r.add(route(bhttp::verb::get, "/a/b/{x}/y"));  // parameter in the third segment: checked for every 4-segment path
  r.add(route(bhttp::verb::get, "/a/b/c/{z}"));
  r.add(route(bhttp::verb::post, "/a/b/c"));
  r.add(route(bhttp::verb::get, "/a/b/{x}"));
  EXPECT_EQ(r.match(bhttp::verb::get, "/").route->pattern, "/");
  EXPECT_EQ(r.match(bhttp::verb::get, "/healthz").route->pattern, "/healthz");
  // Equal scores across the two buckets: the route added first wins, as before the index.
  auto tie = r.match(bhttp::verb::get, "/a/b/c/y");
  ASSERT_NE(tie.route, nullptr);
  EXPECT_EQ(tie.route->pattern, "/a/b/{x}/y");
  EXPECT_EQ(tie.params["x"], "c");
  EXPECT_EQ(r.match(bhttp::verb::get, "/a/b/d/y").route->pattern, "/a/b/{x}/y");
  EXPECT_EQ(r.match(bhttp::verb::get, "/a/b/c/q").route->pattern, "/a/b/c/{z}");
  // A literal third segment of another method still makes the path known; the GET with a
  // parameter there serves it.
  auto get_c = r.match(bhttp::verb::get, "/a/b/c");
  ASSERT_NE(get_c.route, nullptr);
  EXPECT_EQ(get_c.route->pattern, "/a/b/{x}");
  EXPECT_EQ(r.match(bhttp::verb::post, "/a/b/c").route->pattern, "/a/b/c");
  auto put_c = r.match(bhttp::verb::put, "/a/b/c");
  EXPECT_EQ(put_c.route, nullptr);
  EXPECT_TRUE(put_c.path_known);
  EXPECT_FALSE(r.match(bhttp::verb::get, "/a/b/c/d/e").path_known);
  EXPECT_FALSE(r.match(bhttp::verb::get, "/a/x/c/y").path_known);
}

TEST(StaticFiles, RejectsEscapes) {
  EXPECT_TRUE(StaticFiles::isSafePath("/assets/index-abc.js"));
  EXPECT_TRUE(StaticFiles::isSafePath("/"));
  EXPECT_FALSE(StaticFiles::isSafePath("/../etc/passwd"));
  EXPECT_FALSE(StaticFiles::isSafePath("/assets/../../x"));
  EXPECT_FALSE(StaticFiles::isSafePath("/a\\..\\b"));
  EXPECT_FALSE(StaticFiles::isSafePath(std::string("/a\0b", 4)));
  EXPECT_FALSE(StaticFiles::isSafePath("relative"));
  // Empty segments would turn the rest into an absolute path; dot-files, '%' (a second encoding)
  // and control bytes are never part of the built app.
  EXPECT_FALSE(StaticFiles::isSafePath("//etc/passwd"));
  EXPECT_FALSE(StaticFiles::isSafePath("/assets//x.js"));
  EXPECT_FALSE(StaticFiles::isSafePath("/a%2Fb"));
  EXPECT_FALSE(StaticFiles::isSafePath("/.git/config"));
  EXPECT_FALSE(StaticFiles::isSafePath("/a/\x01"));
  EXPECT_FALSE(StaticFiles::isSafePath("/a\r\n"));
  EXPECT_TRUE(StaticFiles::isSafePath("/desk/"));
  EXPECT_FALSE(StaticFiles::isSafePath("/desk//"));
  EXPECT_EQ(StaticFiles::mimeType(".js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(StaticFiles::mimeType(".woff2"), "font/woff2");
  EXPECT_EQ(StaticFiles::mimeType(".exe"), "application/octet-stream");
}

TEST(Gzip, AcceptEncodingParsing) {
  EXPECT_TRUE(acceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(acceptsGzip("br;q=1.0, gzip;q=0.8"));
  EXPECT_FALSE(acceptsGzip("gzip;q=0"));
  EXPECT_FALSE(acceptsGzip("br"));
  EXPECT_FALSE(acceptsGzip(""));
  auto gz = gzipCompress(std::string(1000, 'a'));
  ASSERT_TRUE(gz);
  EXPECT_LT(gz->size(), 100u);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);
}
