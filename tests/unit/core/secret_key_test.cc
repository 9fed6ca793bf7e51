// The server key file: created once with mode 0600, read back the same, refused when malformed or
// (for an explicit path) missing; keyed hashes differ per key.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/random.h"
#include "core/secret_key.h"

using namespace onedoor;
namespace fs = std::filesystem;

TEST(SecretKey, CreatedOnceWithOwnerOnlyModeAndReadBackTheSame) {
  initCrypto();
  fs::path dir = fs::temp_directory_path() / ("onedoor-key-" + randomHex(6));
  fs::create_directories(dir);
  fs::path file = dir / "secret.key";
  EXPECT_FALSE(SecretKey::loadOrCreate(file, false));  // missing, and not to be created
  auto made = SecretKey::loadOrCreate(file, true);
  ASSERT_TRUE(made) << made.status().message();
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = SecretKey::loadOrCreate(file, true);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->hashHex("ABCD"), made->hashHex("ABCD"));
  EXPECT_EQ(again->fingerprint(), made->fingerprint());
  EXPECT_NE(made->hashHex("ABCD"), blake2bHex("ABCD"));  // keyed, not the plain hash

  auto other = SecretKey::fromBytes(std::string(SecretKey::kBytes, 'x'));
  EXPECT_NE(other.hashHex("ABCD"), made->hashHex("ABCD"));
  EXPECT_NE(other.fingerprint(), made->fingerprint());

  std::ofstream(dir / "short.key") << "abcd\n";
  auto bad = SecretKey::loadOrCreate(dir / "short.key", true);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.status().message().find("64 hex"), std::string::npos) << bad.status().message();
  std::ofstream(dir / "nothex.key") << std::string(64, 'g') << "\n";
  EXPECT_FALSE(SecretKey::loadOrCreate(dir / "nothex.key", true));
  fs::remove_all(dir);
}
