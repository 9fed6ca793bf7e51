// Static-file resolution (http::StaticFiles::resolve and serve): whatever URL path comes in,
// nothing outside the web root is ever resolved or served. The root holds known files; a file beside it holds a sentinel, and every
// 200 must carry one of the root's own contents.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "core/text.h"
#include "fuzz_check.h"
#include "http/static_files.h"

namespace fs = std::filesystem;
using namespace onedoor;

namespace {

const char* kIndex = "<!doctype html><title>fuzz index</title>";
const char* kAsset = "console.log('fuzz asset')";

struct Root {
  fs::path dir;
  http::StaticFiles files;
  explicit Root(fs::path d) : dir(d), files(d / "dist") {}
};

Root& root() {
  static Root r = [] {
    fs::path d = fs::temp_directory_path() / ("onedoor-fuzz-static-" + std::to_string(::getpid()));
    fs::create_directories(d / "dist" / "assets");
    std::ofstream(d / "dist" / "index.html") << kIndex;
    std::ofstream(d / "dist" / "assets" / "app.js") << kAsset;
    std::ofstream(d / "outside.txt") << "SENTINEL-OUTSIDE-THE-ROOT";
    return Root(d);
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string raw(reinterpret_cast<const char*>(data), size);
  // As the server does: the path part, percent-decoded once, absolute and valid UTF-8.
  auto path = percentDecode(std::string_view(raw).substr(0, raw.find('?')), false);
  if (!path || path->empty() || (*path)[0] != '/' || !isValidUtf8(*path)) return 0;
  // resolve(): only the root's own regular files.
  if (auto file = root().files.resolve(*path)) {
    const fs::path dist = fs::canonical(root().dir / "dist");
    FUZZ_CHECK(*file == dist / "index.html" || *file == dist / "assets" / "app.js");
  }
  http::Request req{http::bhttp::verb::get, raw, 11};
  auto res = root().files.serve(req, *path);
  if (!res || res->result() != http::bhttp::status::ok) return 0;
  const std::string& body = res->body();
  FUZZ_CHECK(body == kIndex || body == kAsset);
  return 0;
}
