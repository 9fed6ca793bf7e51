// The web root as an attacker sees it: no encoding of a path, no symlink and no random sequence of
// segments may serve a byte from outside web/dist (issue: `//etc/passwd` and `/%2Fetc/passwd` once
// served the file, and so did the live database by its absolute path). Raw bytes on the wire, so
// no client normalises the target first.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;

namespace {

constexpr const char* kMarker = "TOP-SECRET-OUTSIDE-THE-WEB-ROOT";

struct RawReply {
  int status = 0;
  std::string head;
  std::string body;
};

RawReply get(TestServer& s, const std::string& target) {
  std::string raw = s.raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  RawReply r;
  if (raw.size() >= 12) r.status = std::stoi(raw.substr(9, 3));
  auto p = raw.find("\r\n\r\n");
  r.head = raw.substr(0, p);
  if (p != std::string::npos) r.body = raw.substr(p + 4);
  return r;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// What a response may be: a refusal, or one of the files that really are in the web root.
class Oracle {
 public:
  explicit Oracle(TestServer& s) : index_(slurp(s.dir() / "web" / "index.html")),
                                   asset_(slurp(s.dir() / "web" / "assets" / "index-abc123.js")) {
    secret_file_ = s.dir() / "secret.txt";
    std::ofstream(secret_file_) << kMarker << "\n";
  }
  void check(const std::string& target, const RawReply& r) const {
    SCOPED_TRACE(target);
    EXPECT_NE(r.status, 0) << "no answer";
    EXPECT_EQ(r.body.find(kMarker), std::string::npos);
    EXPECT_EQ(r.body.find("root:x:0:0"), std::string::npos);
    EXPECT_EQ(r.body.find("SQLite format 3"), std::string::npos);
    if (r.status == 200) EXPECT_TRUE(r.body == index_ || r.body == asset_) << r.body.substr(0, 200);
    else EXPECT_TRUE(r.status == 400 || r.status == 404) << r.status;
  }
  const std::filesystem::path& secretFile() const { return secret_file_; }

 private:
  std::string index_, asset_;
  std::filesystem::path secret_file_;
};

std::string encodeAll(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '/') out += "%2F";
    else if (c == '.') out += "%2E";
    else out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

TEST(StaticFilesAttack, EveryEncodingOfAnEscapeIsRefused) {
  TestServer s;
  Oracle oracle(s);
  const std::string secret_abs = oracle.secretFile().string();  // "/tmp/onedoor-api-…/secret.txt"
  const std::string db_abs = (s.dir() / "onedoor.db").string();
  const std::vector<std::string> targets = {
      "//etc/passwd", "///etc/passwd", "/%2Fetc/passwd", "/%2fetc/passwd", "/%2F%2Fetc%2Fpasswd",
      "/%5Cetc%5Cpasswd", "/%5cetc/passwd", "/\\etc\\passwd", "/%252Fetc/passwd", "/%252fetc%252fpasswd",
      "/%25%32%46etc/passwd", "/..%2Fsecret.txt", "/..%2fsecret.txt", "/..%5Csecret.txt", "/%2E%2E/secret.txt",
      "/%2e%2e/secret.txt", "/.%2e/secret.txt", "/assets/..%2F..%2Fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
      "/assets/%252e%252e/%252e%252e/secret.txt", "/./secret.txt", "/assets/./../../secret.txt",
      "/%2F/etc//passwd", "/assets//etc/passwd", "/%00/etc/passwd", "/assets/index-abc123.js%00.html",
      "/%C0%AFetc/passwd", "/%C0%AE%C0%AE/secret.txt", "/%E0%80%AFetc/passwd",
      "/" + secret_abs, "/" + encodeAll(secret_abs), "/%2F" + secret_abs.substr(1), "//" + db_abs.substr(1),
      "/" + db_abs, "/" + encodeAll(db_abs), "/%5C" + db_abs.substr(1), "/.git/config", "/.env",
  };
  for (const auto& t : targets) oracle.check(t, get(s, t));
  // The absolute-path forms are refused outright, not answered with the app's index page.
  EXPECT_EQ(get(s, "//etc/passwd").status, 400);
  EXPECT_EQ(get(s, "/%2Fetc/passwd").status, 400);
  EXPECT_EQ(get(s, "/" + db_abs).status, 400);
  // The web root itself still works.
  EXPECT_EQ(get(s, "/assets/index-abc123.js").status, 200);
  EXPECT_EQ(get(s, "/desk/window").status, 200);
  EXPECT_EQ(get(s, "/desk/").status, 200);
}

TEST(StaticFilesAttack, SymlinksOutOfTheRootAreNotFollowed) {
  TestServer s;
  Oracle oracle(s);
  std::filesystem::create_symlink(oracle.secretFile(), s.dir() / "web" / "leak.txt");
  std::filesystem::create_directory_symlink(s.dir(), s.dir() / "web" / "up");
  std::filesystem::create_directory_symlink("/etc", s.dir() / "web" / "etc");
  for (const std::string t : {"/leak.txt", "/up/secret.txt", "/up/onedoor.db", "/etc/group.d"}) {
    auto r = get(s, t);
    oracle.check(t, r);
    EXPECT_NE(r.status, 200) << t;  // these have extensions: no index fallback, a refusal
  }
  // Without an extension the app's index answers (an app route), never the file behind the link.
  oracle.check("/etc/passwd", get(s, "/etc/passwd"));
  // Through a link that leads out and back in, the file is the root's own: that is allowed.
  oracle.check("/up/web/index.html", get(s, "/up/web/index.html"));
  // A link that stays inside the root is fine.
  std::filesystem::create_symlink(s.dir() / "web" / "assets" / "index-abc123.js", s.dir() / "web" / "alias.js");
  EXPECT_EQ(get(s, "/alias.js").status, 200);
}

TEST(StaticFilesAttack, RandomPathsNeverLeaveTheRoot) {
  TestServer s;
  Oracle oracle(s);
  std::filesystem::create_directory_symlink(s.dir(), s.dir() / "web" / "up");
  const std::string dir_rel = s.dir().string().substr(1);  // "tmp/onedoor-api-…"
  const std::vector<std::string> pieces = {
      "", ".", "..", "%2e", "%2E%2e", "%2F", "%2f", "%5C", "%5c", "\\", "%252F", "%25", "%00", "assets",
      "index-abc123.js", "index.html", "secret.txt", "onedoor.db", "etc", "passwd", "up", dir_rel, "%C0%AF", "~",
      ".git", "a.b", "%20", "%u002e", ";", "?x=1", "#f"};
  std::mt19937 rng(20261207);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1), len(1, 7);
  for (int i = 0; i < 1500; ++i) {
    std::string target;
    for (size_t n = len(rng); n > 0; --n) target += "/" + pieces[pick(rng)];
    if (rng() % 4 == 0) target = "/" + target;
    oracle.check(target, get(s, target));
  }
}

TEST(StaticFilesAttack, HtmlCarriesAContentSecurityPolicy) {
  TestServer s;
  auto page = s.request(verb::get, "/kiosk/1");
  ASSERT_EQ(page.status, 200u);
  const std::string csp = page.headers["content-security-policy"];
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(page.headers["x-frame-options"], "DENY");
  EXPECT_EQ(page.headers["referrer-policy"], "same-origin");
}
