// qrSvg: one <rect> per dark module run in a row, with a 4-module quiet zone.
#include "api/qr_svg.h"

#include <qrencode.h>

namespace onedoor::api {

Result<std::string> qrSvg(const std::string& text, int px) {
  QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (!code) return internalError("二维码生成失败 / QR encoding failed");
  const int n = code->width, quiet = 4, size = (n + 2 * quiet) * px;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(size) + "\" height=\"" +
                    std::to_string(size) + "\" viewBox=\"0 0 " + std::to_string(size) + " " + std::to_string(size) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><g fill=\"#000\">";
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n;) {
      if (!(code->data[y * n + x] & 1)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < n && (code->data[y * n + x + run] & 1)) ++run;
      out += "<rect x=\"" + std::to_string((x + quiet) * px) + "\" y=\"" + std::to_string((y + quiet) * px) +
             "\" width=\"" + std::to_string(run * px) + "\" height=\"" + std::to_string(px) + "\"/>";
      x += run;
    }
  }
  out += "</g></svg>";
  QRcode_free(code);
  return out;
}

}  // namespace onedoor::api
