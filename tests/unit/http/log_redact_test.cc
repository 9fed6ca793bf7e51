// The access log's view of a target (issue 18 item 15): credentials never reach it.
#include <gtest/gtest.h>

#include "http/log_redact.h"

using onedoor::http::isCredentialName;
using onedoor::http::redactTargetForLog;

TEST(LogRedact, CredentialPathParametersOfTheRouteAreHidden) {
  EXPECT_EQ(redactTargetForLog("/api/v1/appointments/K7Q2M4XZ9A", "/api/v1/appointments/{code}"),
            "/api/v1/appointments/***");
  EXPECT_EQ(redactTargetForLog("/api/v1/appointments/K7Q2M4XZ9A.ics", "/api/v1/appointments/{code}.ics"),
            "/api/v1/appointments/***.ics");
  EXPECT_EQ(redactTargetForLog("/api/v1/appeals/01HZX3/verdict", "/api/v1/appeals/{tracking_code}/verdict"),
            "/api/v1/appeals/***/verdict");
  EXPECT_EQ(redactTargetForLog("/api/v1/applications/track/AB12CD", "/api/v1/applications/track/{code}"),
            "/api/v1/applications/track/***");
  // Ids are not credentials: they stay, the log is still useful.
  EXPECT_EQ(redactTargetForLog("/api/v1/cases/42", "/api/v1/cases/{id}"), "/api/v1/cases/42");
  EXPECT_EQ(redactTargetForLog("/api/v1/windows/3/pad", "/api/v1/windows/{window}/pad"), "/api/v1/windows/3/pad");
}

TEST(LogRedact, CredentialQueryValuesAreHiddenWhateverTheirSpelling) {
  EXPECT_EQ(redactTargetForLog("/api/v1/appeals/X?secret=hunter22&lang=zh", "/api/v1/appeals/{tracking_code}"),
            "/api/v1/appeals/***?secret=***&lang=zh");
  EXPECT_EQ(redactTargetForLog("/queue?t=1&token=abc&Api_Key=k&password=p&phone=13800138000&pairing_code=1234", ""),
            "/queue?t=1&token=***&Api_Key=***&password=***&phone=***&pairing_code=***");
  EXPECT_EQ(redactTargetForLog("/x?s%65cret=hunter22", ""), "/x?s%65cret=***");
  EXPECT_EQ(redactTargetForLog("/x?%zz=hunter22", ""), "/x?***");
  EXPECT_EQ(redactTargetForLog("/x?K7Q2M4XZ9A", ""), "/x?***");
  EXPECT_EQ(redactTargetForLog("/matters?q=sbk", ""), "/matters?q=sbk");
}

TEST(LogRedact, WithoutARouteCodeLikeSegmentsAreHidden) {
  EXPECT_EQ(redactTargetForLog("/api/v1/appointments/K7Q2M4XZ9A/nothing", ""), "/api/v1/appointments/***/nothing");
  EXPECT_EQ(redactTargetForLog("/q/3f9a0c2b7d1e4f60", ""), "/q/***");
  EXPECT_EQ(redactTargetForLog("/api/v1/appointments/K7Q2M4XZ9A.ics", ""), "/api/v1/appointments/***.ics");
  EXPECT_EQ(redactTargetForLog("/assets/index-4b2f.js", ""), "/assets/***.js");  // hashed names look alike
  EXPECT_EQ(redactTargetForLog("/favicon.ico", ""), "/favicon.ico");
  EXPECT_EQ(redactTargetForLog("/display/appointments/42", ""), "/display/appointments/42");
  EXPECT_LE(redactTargetForLog("/" + std::string(5000, 'a'), "").size(), 512u);
}

TEST(LogRedact, CredentialNames) {
  for (const char* n : {"secret", "token", "code", "password", "key", "api_key", "tracking_code", "session", "csrf",
                        "pin", "phone", "sig", "pair"})
    EXPECT_TRUE(isCredentialName(n)) << n;
  for (const char* n : {"id", "window", "hall", "lang", "q", "page", "department"}) EXPECT_FALSE(isCredentialName(n)) << n;
}
