// Appeal secrets: 13 Crockford characters shown grouped, typed back loosely, stored keyed; old
// unkeyed hashes upgraded so their secrets still match.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "appeals/secret.h"
#include "core/random.h"

using namespace onedoor;
using namespace onedoor::appeals;

namespace {
const SecretKey kKey = SecretKey::fromBytes(std::string(SecretKey::kBytes, 'k'));
}

TEST(AppealSecret, ThirteenCrockfordCharactersGrouped) {
  initCrypto();
  const std::regex grouped("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{5}$");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string s = newSecret();
    EXPECT_TRUE(std::regex_match(s, grouped)) << s;
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_GE(kSecretChars * 5, 64u);  // at least 64 bits
}

TEST(AppealSecret, NormalizesCaseSeparatorsAndLookAlikes) {
  EXPECT_EQ(normalizeSecret("ab1c-d2ef-g3hjk"), "AB1CD2EFG3HJK");
  EXPECT_EQ(normalizeSecret(" AB1C D2EF G3HJK "), "AB1CD2EFG3HJK");
  EXPECT_EQ(normalizeSecret("oOiIlL"), "001111");
  EXPECT_FALSE(normalizeSecret("ABCU"));      // U is not in Crockford's alphabet
  EXPECT_FALSE(normalizeSecret("AB_C"));
  EXPECT_FALSE(normalizeSecret("--"));
  EXPECT_FALSE(normalizeSecret(std::string(40, 'A')));
  EXPECT_FALSE(normalizeSecret("密码"));
}

TEST(AppealSecret, StoredKeyedAndMatchedHoweverTyped) {
  initCrypto();
  std::string secret = newSecret();  // e.g. 7K2M-Q9XA-B4T0Z
  std::string stored = secretHash(kKey, secret);
  EXPECT_EQ(stored.rfind("k1:", 0), 0u);
  std::string plain = *normalizeSecret(secret);
  // A copy of the database without the key does not give the secret away.
  EXPECT_EQ(stored.find(blake2bHex(secret)), std::string::npos);
  EXPECT_EQ(stored.find(blake2bHex(plain)), std::string::npos);
  EXPECT_TRUE(secretMatches(kKey, stored, secret));
  EXPECT_TRUE(secretMatches(kKey, stored, plain));
  std::string lower = secret;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(secretMatches(kKey, stored, lower));
  std::string spaced = plain.substr(0, 4) + " " + plain.substr(4, 4) + " " + plain.substr(8);
  EXPECT_TRUE(secretMatches(kKey, stored, spaced));
  std::string wrong = plain;
  wrong[12] = wrong[12] == '0' ? '1' : '0';
  EXPECT_FALSE(secretMatches(kKey, stored, wrong));
  EXPECT_FALSE(secretMatches(kKey, stored, ""));
  EXPECT_FALSE(secretMatches(kKey, stored, std::string(100, 'A')));
  EXPECT_FALSE(secretMatches(SecretKey::fromBytes(std::string(SecretKey::kBytes, 'z')), stored, secret));
  // A bare hash (no version marker) opens nothing.
  EXPECT_FALSE(secretMatches(kKey, stored.substr(3), secret));
}

TEST(AppealSecret, LegacyUnkeyedHashesUpgradeAndStillMatch) {
  initCrypto();
  const std::string old_secret = "7K2MQ9XA";  // the 8-character secrets of older releases
  const std::string old_row = blake2bHex(old_secret);
  auto upgraded = legacyHashUpgrade(kKey, old_row);
  ASSERT_TRUE(upgraded);
  EXPECT_EQ(upgraded->rfind("k0:", 0), 0u);
  EXPECT_EQ(upgraded->find(old_row), std::string::npos);
  EXPECT_TRUE(secretMatches(kKey, *upgraded, old_secret));
  EXPECT_TRUE(secretMatches(kKey, *upgraded, "7k2m-q9xa"));
  EXPECT_FALSE(secretMatches(kKey, *upgraded, "7K2MQ9XB"));
  EXPECT_FALSE(secretMatches(kKey, old_row, old_secret));  // never compared unkeyed
  EXPECT_FALSE(legacyHashUpgrade(kKey, *upgraded));          // already keyed
  EXPECT_FALSE(legacyHashUpgrade(kKey, secretHash(kKey, old_secret)));
}
