// gzip compression of response bodies (zlib). Pure function; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace onedoor::http {

// Returns the gzip-compressed bytes, or nullopt if zlib fails.
std::optional<std::string> gzipCompress(std::string_view data);

// True when the Accept-Encoding header value allows gzip (and does not give it q=0).
bool acceptsGzip(std::string_view accept_encoding);

}  // namespace onedoor::http
