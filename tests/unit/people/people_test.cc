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

TEST(LoginLimiter, AddressLimitRefusesForTheWindow) {
  LoginLimiter l({3, 5, 60'000});
  int64_t wait = 0;
  for (const char* u : {"a", "b", "c", "d", "e"}) l.recordFailure(u, "10.0.0.2", 0);
  EXPECT_FALSE(l.allowed("f", "10.0.0.2", 10, &wait));  // address limit, whatever the account
  EXPECT_EQ(wait, 60'000 - 10);
  EXPECT_TRUE(l.allowed("f", "10.0.0.3", 10, &wait));
  EXPECT_TRUE(l.allowed("f", "10.0.0.2", 60'001, &wait));  // window passed
}

TEST(LoginLimiter, AccountFailuresSlowDownStrangersWithAGrowingDelay) {
  LoginLimits limits{3, 100, 600'000, 1000, 4000};
  LoginLimiter l(limits);
  int64_t wait = 0;
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(l.allowed("clerk", "10.0.0.1", 1000 + i, &wait));
    l.recordFailure("clerk", "10.0.0.1", 1000 + i);
  }
  // Past the limit: a delay after the last failure, not a lock for the window.
  EXPECT_FALSE(l.allowed("clerk", "10.0.0.9", 1500, &wait));
  EXPECT_EQ(wait, 1002 + 1000 - 1500);
  EXPECT_TRUE(l.allowed("clerk", "10.0.0.9", 2002, &wait));
  l.recordFailure("clerk", "10.0.0.9", 2002);
  EXPECT_FALSE(l.allowed("clerk", "10.0.0.9", 3500, &wait));  // doubled: 2 s
  EXPECT_TRUE(l.allowed("clerk", "10.0.0.9", 4002, &wait));
  for (int i = 0; i < 5; ++i) l.recordFailure("clerk", "10.0.0.9", 5000);
  EXPECT_FALSE(l.allowed("clerk", "10.0.0.9", 8999, &wait));
  EXPECT_EQ(wait, 1);  // capped at 4 s
  EXPECT_TRUE(l.allowed("clerk", "10.0.0.9", 9000, &wait));
  // Another account is not slowed by the clerk's failures.
  EXPECT_TRUE(l.allowed("operator", "10.0.0.9", 5001, &wait));
}

TEST(LoginLimiter, KnownAddressesAreNotHeldBackByStrangersFailures) {
  LoginLimiter l({3, 100, 600'000, 1000, 4000});
  int64_t wait = 0;
  l.recordSuccess("clerk", "10.0.0.1");  // the holder's desk
  for (int i = 0; i < 10; ++i) l.recordFailure("clerk", "203.0.113.9", 1000);
  EXPECT_FALSE(l.allowed("clerk", "203.0.113.9", 1001, &wait));
  EXPECT_FALSE(l.allowed("clerk", "10.0.0.2", 1001, &wait));
  EXPECT_TRUE(l.allowed("clerk", "10.0.0.1", 1001, &wait));
  // The holder's success clears the account's failures for everyone.
  l.recordSuccess("clerk", "10.0.0.1");
  EXPECT_TRUE(l.allowed("clerk", "10.0.0.2", 1002, &wait));
}
