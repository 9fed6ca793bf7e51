// A QR code (libqrencode) of a text rendered as a small SVG document. Pure; thread-safe (libqrencode
// keeps no shared state in QRcode_encodeString8bit).
#pragma once

#include <string>

#include "core/result.h"

namespace onedoor::api {

Result<std::string> qrSvg(const std::string& text, int module_px = 6);

}  // namespace onedoor::api
