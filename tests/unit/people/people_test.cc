// Passwords, account rules and the login limiter.
#include <gtest/gtest.h>

#include "core/random.h"
#include "people/login_limiter.h"
#include "people/password.h"
#include "people/users.h"

using namespace onedoor;
using namespace onedoor::people;

TEST(Password, Argon2idRoundTrip) {
  initCrypto();
  auto h = hashPassword("correct horse", HashCost::kFast);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verifyPassword(*h, "correct horse"));
  EXPECT_FALSE(verifyPassword(*h, "correct hors"));
  EXPECT_FALSE(verifyPassword("", "x"));
  EXPECT_NE(*hashPassword("correct horse", HashCost::kFast), *h);  // salted
}

TEST(Users, ValidationNamesTheField) {
  NewUserInput ok{"li.qiang", "long-password", "李强", "handler", 1, std::nullopt};
  EXPECT_TRUE(validateNewUser(ok));
  auto bad = ok;
  bad.username = "Li Qiang";
  EXPECT_EQ(validateNewUser(bad).field(), "username");
  bad = ok;
  bad.role = "mayor";
  EXPECT_EQ(validateNewUser(bad).field(), "role");
  bad = ok;
  bad.password = "short";
  EXPECT_EQ(validateNewUser(bad).field(), "password");
  bad = ok;
  bad.display_name = "";
  EXPECT_EQ(validateNewUser(bad).field(), "display_name");
}

TEST(LoginLimiter, SlidingWindowPerUserAndAddress) {
  LoginLimiter l({3, 5, 60'000});
  int64_t wait = 0;
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(l.allowed("clerk", "10.0.0.1", 1000 + i, &wait));
    l.recordFailure("clerk", "10.0.0.1", 1000 + i);
  }
  EXPECT_FALSE(l.allowed("clerk", "10.0.0.1", 2000, &wait));
  EXPECT_GT(wait, 0);
  EXPECT_TRUE(l.allowed("clerk", "10.0.0.1", 61'001, &wait));  // window passed
  l.recordFailure("a", "10.0.0.2", 0);
  l.recordFailure("b", "10.0.0.2", 0);
  l.recordFailure("c", "10.0.0.2", 0);
  l.recordFailure("d", "10.0.0.2", 0);
  l.recordFailure("e", "10.0.0.2", 0);
  EXPECT_FALSE(l.allowed("f", "10.0.0.2", 10, &wait));  // address limit
  l.recordSuccess("clerk");
  EXPECT_TRUE(l.allowed("clerk", "10.0.0.1", 2000, &wait));
}
