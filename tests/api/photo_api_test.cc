// Photos with an appeal over HTTP: the citizen adds them with the secret, sees them on the tracking
// page, staff see them on the case page; every refusal leaves nothing stored.
#include <gtest/gtest.h>

#include "core/random.h"
#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using nlohmann::json;

namespace {

// A PNG signature with a small body: the server judges a picture by its first bytes.
std::string pngBytes(char fill) {
  std::string b("\x89PNG\r\n\x1A\n", 8);
  b += std::string(2000, fill);
  return b;
}

struct Created {
  std::string code, secret;
  int64_t id = 0;
};

Created submitLampCase(TestServer& s) {
  json body = {{"category", "city.streetlight"},
               {"text", "幸福路 12 号门口路灯不亮一周了，晚上很黑"},
               {"phone", "13812345678"},
               {"address", "西城街道幸福路 12 号"}};
  auto r = s.request(verb::post, "/api/v1/appeals", body.dump());
  EXPECT_EQ(r.status, 201u) << r.body;
  return {r.json()["tracking_code"], r.json()["secret"], r.json()["id"]};
}

int photoCount(TestServer& s, const Created& c) {
  auto page = s.request(verb::get, "/api/v1/appeals/" + c.code + "?secret=" + c.secret);
  return static_cast<int>(page.json()["photos"].size());
}

}  // namespace

TEST(PhotoApi, CitizenAddsAPhotoThatBothSidesCanSee) {
  TestServer s;
  Created c = submitLampCase(s);
  const std::string photo = pngBytes('a');
  auto added = s.request(verb::post, "/api/v1/appeals/" + c.code + "/photos?secret=" + c.secret, photo,
                         {{"Content-Type", "image/png"}});
  ASSERT_EQ(added.status, 201u) << added.body;
  EXPECT_EQ(added.json()["mime"], "image/png");
  EXPECT_EQ(added.json()["size"], static_cast<int64_t>(photo.size()));
  EXPECT_EQ(added.json()["hash"], blake2bHex(photo));

  auto page = s.request(verb::get, "/api/v1/appeals/" + c.code + "?secret=" + c.secret);
  ASSERT_EQ(page.json()["photos"].size(), 1u);
  std::string url = page.json()["photos"][0]["url"];
  EXPECT_EQ(page.json()["timeline"].back()["type"], "appeal.photo_added");
  EXPECT_EQ(page.json()["timeline"].back()["label"], "已补充照片");

  auto got = s.request(verb::get, url + "?secret=" + c.secret);
  ASSERT_EQ(got.status, 200u);
  EXPECT_EQ(got.headers["content-type"], "image/png");
  EXPECT_EQ(got.body, photo);
  EXPECT_EQ(s.request(verb::get, url + "?secret=WRONGWRONG").status, 403u);
  EXPECT_EQ(s.request(verb::get, url).status, 403u);

  // Staff see it on the case page, only when signed in.
  auto staff_url = "/api/v1/cases/" + std::to_string(c.id) + "/photos/" + std::to_string(added.json()["id"].get<int64_t>());
  EXPECT_EQ(s.request(verb::get, staff_url).status, 401u);
  // Only staff who need it: a handler of another department (housing) finds no such case.
  auto housing = s.signIn("handler2");
  EXPECT_EQ(s.request(verb::get, staff_url, "", housing).status, 404u);
  auto [cookie, csrf] = s.login("urban1");  // 城管局: street lights are theirs
  auto case_page = s.request(verb::get, "/api/v1/cases/" + std::to_string(c.id), "", {{"Cookie", cookie}});
  ASSERT_EQ(case_page.json()["photos"].size(), 1u);
  EXPECT_EQ(case_page.json()["photos"][0]["url"], staff_url);
  auto staff_got = s.request(verb::get, staff_url, "", {{"Cookie", cookie}});
  ASSERT_EQ(staff_got.status, 200u);
  EXPECT_EQ(staff_got.body, photo);

  // The ledger holds the photo's hash, so a swapped picture would be noticed.
  bool found = false;
  s.store().read([&](Reader& r) {
    for (const auto& e : r.eventsBySubject("appeal:" + std::to_string(c.id))) {
      if (e.type != "appeal.photo_added") continue;
      found = json::parse(e.payload_json)["hash"] == blake2bHex(photo);
    }
    return Status::ok();
  });
  EXPECT_TRUE(found);
}

TEST(PhotoApi, RefusalsStoreNothing) {
  TestServer s;
  Created c = submitLampCase(s);
  const std::string base = "/api/v1/appeals/" + c.code + "/photos";
  EXPECT_EQ(s.request(verb::post, base + "?secret=WRONGWRONG", pngBytes('b')).status, 403u);
  EXPECT_EQ(s.request(verb::post, base, pngBytes('b')).status, 403u);
  EXPECT_EQ(s.request(verb::post, "/api/v1/appeals/ZZZZZZZZZZ/photos?secret=" + c.secret, pngBytes('b')).status, 404u);
  auto not_image = s.request(verb::post, base + "?secret=" + c.secret, "<html>not a picture</html>");
  EXPECT_EQ(not_image.status, 400u);
  EXPECT_EQ(not_image.json()["error"]["field"], "photo");
  EXPECT_EQ(s.request(verb::post, base + "?secret=" + c.secret, "").status, 400u);
  EXPECT_EQ(photoCount(s, c), 0);

  // Too large: refused from the header alone, before the body is sent.
  std::string raw = s.raw("POST " + base + "?secret=" + c.secret +
                          " HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: 6000000\r\n\r\n");
  EXPECT_EQ(raw.substr(9, 3), "413") << raw.substr(0, 200);
  // Other routes keep the small default limit.
  std::string raw2 = s.raw("POST /api/v1/appeals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Length: 2000000\r\n\r\n");
  EXPECT_EQ(raw2.substr(9, 3), "413") << raw2.substr(0, 200);

  // At most three.
  for (char f : {'1', '2', '3'}) {
    EXPECT_EQ(s.request(verb::post, base + "?secret=" + c.secret, pngBytes(f)).status, 201u);
  }
  auto fourth = s.request(verb::post, base + "?secret=" + c.secret, pngBytes('4'));
  EXPECT_EQ(fourth.status, 409u);
  EXPECT_EQ(photoCount(s, c), 3);
  auto page = s.request(verb::get, "/api/v1/appeals/" + c.code + "?secret=" + c.secret);
  EXPECT_FALSE(page.json()["can_add_photo"].get<bool>());
}

TEST(PhotoApi, JpegAndWebpAreRecognisedByTheirBytes) {
  TestServer s;
  Created c = submitLampCase(s);
  const std::string base = "/api/v1/appeals/" + c.code + "/photos?secret=" + c.secret;
  std::string jpeg("\xFF\xD8\xFF\xE0", 4);
  jpeg += std::string(100, 'j');
  std::string webp = "RIFF" + std::string("\x10\x00\x00\x00", 4) + "WEBPVP8 " + std::string(100, 'w');
  // The client's Content-Type does not matter; the bytes do.
  auto j = s.request(verb::post, base, jpeg, {{"Content-Type", "image/png"}});
  ASSERT_EQ(j.status, 201u) << j.body;
  EXPECT_EQ(j.json()["mime"], "image/jpeg");
  auto w = s.request(verb::post, base, webp);
  ASSERT_EQ(w.status, 201u) << w.body;
  EXPECT_EQ(w.json()["mime"], "image/webp");
}
