// gzip via zlib's deflate with a gzip wrapper (windowBits 15 + 16).
#include "http/gzip.h"

#include <zlib.h>

#include <cctype>

namespace onedoor::http {

std::optional<std::string> gzipCompress(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  size_t produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(produced);
  return out;
}

bool acceptsGzip(std::string_view ae) {
  // Tokens separated by commas, each "coding[;q=x]".
  size_t i = 0;
  while (i < ae.size()) {
    size_t j = ae.find(',', i);
    if (j == std::string_view::npos) j = ae.size();
    std::string_view tok = ae.substr(i, j - i);
    i = j + 1;
    while (!tok.empty() && std::isspace(static_cast<unsigned char>(tok.front()))) tok.remove_prefix(1);
    size_t semi = tok.find(';');
    std::string_view coding = tok.substr(0, semi);
    while (!coding.empty() && std::isspace(static_cast<unsigned char>(coding.back()))) coding.remove_suffix(1);
    if (coding != "gzip" && coding != "*") continue;
    if (semi != std::string_view::npos) {
      std::string_view params = tok.substr(semi + 1);
      size_t q = params.find("q=");
      if (q != std::string_view::npos) {
        std::string_view v = params.substr(q + 2);
        bool all_zero = true;
        for (char c : v) {
          if (c == ' ' || c == ';') break;
          if (c != '0' && c != '.') all_zero = false;
        }
        if (all_zero) return false;
      }
    }
    return true;
  }
  return false;
}

}  // namespace onedoor::http
