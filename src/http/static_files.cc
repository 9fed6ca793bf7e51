// Static file serving for the web app.
#include "http/static_files.h"

#include <fstream>
#include <sstream>

#include "http/errors.h"
#include "http/gzip.h"

namespace onedoor::http {

namespace fs = std::filesystem;

namespace {

// The canonical form of the web root, resolved once: every file served must lie under it after its
// own symlinks are resolved. A root that does not exist yet stays as given (nothing resolves under it).
fs::path canonicalRoot(const fs::path& root) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(root, ec), ec);
  return ec ? root : c;
}

// True when `p` is `root` itself or lies beneath it, compared component by component (so that
// /srv/dist-old is not "under" /srv/dist).
bool liesUnder(const fs::path& p, const fs::path& root) {
  auto r = root.begin(), q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (r->empty() && std::next(r) == root.end()) break;  // a trailing separator on the root
    if (q == p.end() || *q != *r) return false;
  }
  return true;
}

}  // namespace

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)), canonical_root_(canonicalRoot(root_)) {}

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

bool StaticFiles::isSafePath(std::string_view p) {
  // The decoded path must be "/" followed by plain segments. Refused: empty segments ("//etc/passwd"
  // would make the rest absolute and drop the root), "." and "..", dot-files, backslashes (a
  // decoded %5C), NUL and other control bytes, and '%' (a double-encoded path, decoded once already).
  // One trailing slash is allowed for app routes ("/desk/").
  if (p.empty() || p[0] != '/') return false;
  for (unsigned char c : p) {
    if (c < 0x20 || c == 0x7f || c == '\\' || c == '%') return false;
  }
  size_t i = 1;
  while (i < p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    std::string_view seg = p.substr(i, j - i);
    if (seg.empty() || seg[0] == '.') return false;
    if (j + 1 == p.size()) break;  // the one trailing slash
    i = j + 1;
  }
  return true;
}

std::optional<fs::path> StaticFiles::resolve(std::string_view url_path) const {
  if (!isSafePath(url_path) || url_path.back() == '/') return std::nullopt;
  fs::path candidate = canonical_root_ / fs::path(url_path.substr(1));
  // Resolve symlinks and check again: a link inside the web root must not lead out of it.
  std::error_code ec;
  fs::path real = fs::canonical(candidate, ec);
  if (ec || !liesUnder(real, canonical_root_) || !fs::is_regular_file(real, ec) || ec) return std::nullopt;
  return real;
}

const char* StaticFiles::contentSecurityPolicy() {
  // No inline or evaluated script. Inline style attributes stay allowed: Element Plus positions its
  // popovers with them. 'self' in connect-src covers the same-origin WebSocket (CSP level 3).
  return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
         "font-src 'self' data:; connect-src 'self'; media-src 'self' blob: data:; object-src 'none'; "
         "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
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
  if (mime.rfind("text/html", 0) == 0) {
    res.set("Content-Security-Policy", contentSecurityPolicy());
    res.set("X-Frame-Options", "DENY");
    // Page URLs can carry a holder's capability (a ticket's phone page): never send them elsewhere.
    res.set("Referrer-Policy", "same-origin");
  }
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
  if (auto file = resolve(path)) {
    bool immutable = path.rfind("/assets/", 0) == 0;
    if (auto r = fileResponse(req, *file, immutable)) return r;
  }
  // App routes (no file extension) fall back to the single-page app's index.html.
  if (fs::path(path).extension().empty()) {
    if (auto r = fileResponse(req, canonical_root_ / "index.html", false)) return r;
    return errorResponse(bhttp::status::service_unavailable, "unavailable",
                         "网页尚未构建，请先运行 make build / The web app is not built; run make build",
                         req.version(), req.keep_alive());
  }
  return errorResponse(bhttp::status::not_found, "not_found", "找不到该文件 / File not found", req.version(),
                       req.keep_alive());
}

}  // namespace onedoor::http
