// Photos a citizen sends with an appeal (a broken streetlight, a blocked drain): what is accepted,
// and the record kept of each. Pure value code; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onedoor::appeals {

// Phones take 3–8 MB pictures; the web form shrinks them to about 1600 px before sending, so 5 MB
// is room for other clients without letting one request hold much memory.
inline constexpr size_t kMaxPhotoBytes = 5 * 1024 * 1024;
inline constexpr int kMaxPhotosPerAppeal = 3;

struct AppealPhoto {
  int64_t id = 0;
  int64_t appeal_id = 0;
  std::string mime;  // image/jpeg | image/png | image/webp
  int64_t size = 0;
  std::string hash;  // BLAKE2b-256 hex of the bytes, also written to the ledger event
  int64_t created_at = 0;
  std::string bytes;  // empty in listings
};

// The image type told by the file's first bytes (not by what the client claims), or nullopt when
// the bytes are not a JPEG, PNG or WebP picture.
std::optional<std::string> imageMimeOf(std::string_view bytes);

}  // namespace onedoor::appeals
