// Serves the built web app (web/dist): safe paths, MIME types, cache headers, gzip, SPA fallback.
// Thread-safe: the gzip cache is guarded by a mutex.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/types.h"

namespace onedoor::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // nullopt when `path` is not ours (e.g. under /api); otherwise a response (file, index.html
  // fallback for app routes, or a JSON 404/400 error).
  std::optional<Response> serve(const Request& req, const std::string& decoded_path) const;

  static std::string mimeType(const std::string& extension);
  // The syntactic check of a decoded URL path: "/" and plain segments only. Rejects empty segments,
  // ".", "..", dot-files, backslashes, '%' (double encoding), NUL and control bytes.
  static bool isSafePath(std::string_view decoded_path);
  // The regular file a decoded URL path names, with symlinks resolved, if it lies under the web root;
  // nullopt for anything else (unsafe path, missing file, directory, a link leading out of the root).
  std::optional<std::filesystem::path> resolve(std::string_view decoded_path) const;
  // The Content-Security-Policy of every HTML page: the app's own scripts, styles and connections only.
  static const char* contentSecurityPolicy();

 private:
  struct Cached {
    std::filesystem::file_time_type mtime;
    std::string gzipped;
  };
  std::optional<Response> fileResponse(const Request& req, const std::filesystem::path& file, bool immutable) const;

  std::filesystem::path root_;
  std::filesystem::path canonical_root_;
  mutable std::mutex mu_;
  mutable std::unordered_map<std::string, Cached> gzip_cache_;  // by absolute file path
};

}  // namespace onedoor::http
