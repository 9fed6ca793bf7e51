// Serves the built web app (web/dist): safe paths, MIME types, cache headers, gzip, SPA fallback.
// Thread-safe: the gzip cache is guarded by a mutex.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
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
  // Rejects "..", NUL, backslashes and anything else that could leave the root.
  static bool isSafePath(const std::string& decoded_path);

 private:
  struct Cached {
    std::filesystem::file_time_type mtime;
    std::string gzipped;
  };
  std::optional<Response> fileResponse(const Request& req, const std::filesystem::path& file, bool immutable) const;

  std::filesystem::path root_;
  mutable std::mutex mu_;
  mutable std::unordered_map<std::string, Cached> gzip_cache_;  // by absolute file path
};

}  // namespace onedoor::http
