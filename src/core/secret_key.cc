// Implementation of secret_key.h on libsodium and POSIX files.
#include "core/secret_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace onedoor {

namespace {

Status keyError(const std::filesystem::path& file, const std::string& zh, const std::string& en) {
  return {Code::kInvalid, "服务器密钥文件 " + file.string() + " " + zh + " / Server key file " + file.string() + ": " + en};
}

Status writeNewKey(const std::filesystem::path& file, const std::array<unsigned char, SecretKey::kBytes>& key) {
  char hex[SecretKey::kBytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
  std::string text = std::string(hex) + "\n";
  // O_EXCL: two nodes starting at once on a shared directory never overwrite each other's key.
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return keyError(file, "无法创建", std::string("cannot create: ") + std::strerror(errno));
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  int saved = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(file.c_str());
    return keyError(file, "写入失败", std::string("cannot write: ") + std::strerror(saved));
  }
  return Status::ok();
}

}  // namespace

Result<SecretKey> SecretKey::loadOrCreate(const std::filesystem::path& file, bool create) {
  SecretKey k;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    if (!create) return keyError(file, "不存在", "does not exist");
    randombytes_buf(k.key_.data(), k.key_.size());
    if (Status st = writeNewKey(file, k.key_); !st) {
      // Another process created it in the meantime: use theirs.
      if (!std::filesystem::exists(file, ec)) return st;
      return loadOrCreate(file, false);
    }
    return k;
  }
  std::ifstream in(file);
  std::string text;
  if (!in || !std::getline(in, text)) return keyError(file, "无法读取", "cannot be read");
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.pop_back();
  size_t len = 0;
  if (text.size() != kBytes * 2 ||
      sodium_hex2bin(k.key_.data(), k.key_.size(), text.data(), text.size(), nullptr, &len, nullptr) != 0 ||
      len != kBytes)
    return keyError(file, "格式不对（应为 64 位十六进制）", "must hold 64 hex digits");
  return k;
}

SecretKey SecretKey::fromBytes(std::string_view bytes) {
  SecretKey k;
  std::memcpy(k.key_.data(), bytes.data(), std::min(bytes.size(), kBytes));
  return k;
}

std::string SecretKey::hashHex(std::string_view data) const {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(data.data()), data.size(), key_.data(),
                     key_.size());
  char hex[sizeof h * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

std::string SecretKey::fingerprint() const { return hashHex("onedoor server key fingerprint v1"); }

}  // namespace onedoor
