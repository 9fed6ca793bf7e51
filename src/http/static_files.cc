// Static file serving for the web app.
#include "http/static_files.h"

#include <fstream>
#include <sstream>

#include "http/errors.h"
#include "http/gzip.h"

namespace onedoor::http {

namespace fs = std::filesystem;

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

std::string StaticFiles::mimeType(const std::string& ext) {
  static const std::unordered_map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"}, {".svg", "image/svg+xml"},
      {".png", "image/png"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"},
      {".webp", "image/webp"}, {".ico", "image/x-icon"}, {".woff", "font/woff"}, {".woff2", "font/woff2"},
      {".ttf", "font/ttf"}, {".txt", "text/plain; charset=utf-8"}, {".map", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json"}, {".wasm", "application/wasm"},
  };
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool StaticFiles::isSafePath(const std::string& p) {
  if (p.empty() || p[0] != '/') return false;
  if (p.find('\0') != std::string::npos || p.find('\\') != std::string::npos) return false;
  size_t i = 0;
  while (i < p.size()) {
    size_t j = p.find('/', i + 1);
    if (j == std::string::npos) j = p.size();
    std::string seg = p.substr(i + 1, j - i - 1);
    if (seg == ".." || seg == ".") return false;
    i = j;
  }
  return true;
}

static bool isTextual(const std::string& mime) {
  return mime.rfind("text/", 0) == 0 || mime.find("json") != std::string::npos ||
         mime.find("svg") != std::string::npos || mime.find("javascript") != std::string::npos;
}

std::optional<Response> StaticFiles::fileResponse(const Request& req, const fs::path& file, bool immutable) const {
  std::error_code ec;
  auto mtime = fs::last_write_time(file, ec);
  if (ec) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string body = ss.str();

  Response res{bhttp::status::ok, req.version()};
  std::string mime = mimeType(file.extension().string());
  res.set(bhttp::field::content_type, mime);
  // Hashed assets never change under the same name; everything else must be revalidated so a new
  // deployment is picked up at once.
  res.set(bhttp::field::cache_control, immutable ? "public, max-age=31536000, immutable" : "no-cache");
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(req.keep_alive());
  if (isTextual(mime) && body.size() > 256) {
    res.set(bhttp::field::vary, "Accept-Encoding");
    if (acceptsGzip(req[bhttp::field::accept_encoding])) {
      std::string key = file.string();
      std::lock_guard lock(mu_);
      auto it = gzip_cache_.find(key);
      if (it == gzip_cache_.end() || it->second.mtime != mtime) {
        auto gz = gzipCompress(body);
        if (gz) it = gzip_cache_.insert_or_assign(key, Cached{mtime, std::move(*gz)}).first;
      }
      if (it != gzip_cache_.end() && it->second.mtime == mtime) {
        body = it->second.gzipped;
        res.set(bhttp::field::content_encoding, "gzip");
      }
    }
  }
  // HEAD keeps the body here; the server strips it after routing and keeps Content-Length.
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::optional<Response> StaticFiles::serve(const Request& req, const std::string& path) const {
  if (path.rfind("/api/", 0) == 0 || path == "/api" || path.rfind("/open311/", 0) == 0) return std::nullopt;
  if (!isSafePath(path)) {
    return errorResponse(bhttp::status::bad_request, "invalid",
                         "路径不合法 / The path is not allowed", req.version(), req.keep_alive());
  }
  fs::path rel = fs::path(path.substr(1));
  fs::path file = root_ / rel;
  std::error_code ec;
  if (!path.empty() && path.back() != '/' && fs::is_regular_file(file, ec)) {
    bool immutable = path.rfind("/assets/", 0) == 0;
    if (auto r = fileResponse(req, file, immutable)) return r;
  }
  // App routes (no file extension) fall back to the single-page app's index.html.
  if (rel.extension().empty()) {
    if (auto r = fileResponse(req, root_ / "index.html", false)) return r;
    return errorResponse(bhttp::status::service_unavailable, "unavailable",
                         "网页尚未构建，请先运行 make build / The web app is not built; run make build",
                         req.version(), req.keep_alive());
  }
  return errorResponse(bhttp::status::not_found, "not_found", "找不到该文件 / File not found", req.version(),
                       req.keep_alive());
}

}  // namespace onedoor::http
