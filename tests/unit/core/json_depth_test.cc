// The JSON nesting bound (issue 18 item 7).
#include <gtest/gtest.h>

#include <string>

#include "core/json_depth.h"

using onedoor::jsonDepthWithin;

TEST(JsonDepth, CountsOpenContainersOutsideStrings) {
  EXPECT_TRUE(jsonDepthWithin(R"({"a":[{"b":1}]})", 3));
  EXPECT_FALSE(jsonDepthWithin(R"({"a":[{"b":1}]})", 2));
  EXPECT_TRUE(jsonDepthWithin(R"({"a":"[[[[[[{{{{"})", 1));
  EXPECT_TRUE(jsonDepthWithin(R"({"a":"\"[[[["})", 1));  // an escaped quote does not end the string
  EXPECT_TRUE(jsonDepthWithin("[][][][][]", 1));         // siblings, not nesting
  EXPECT_TRUE(jsonDepthWithin("]]]][", 1));              // stray closers do not buy depth
  EXPECT_TRUE(jsonDepthWithin(std::string(32, '['), 32));
  EXPECT_FALSE(jsonDepthWithin(std::string(33, '['), 32));
  EXPECT_FALSE(jsonDepthWithin(std::string(100000, '[') + std::string(100000, ']')));
  EXPECT_TRUE(jsonDepthWithin(""));
  EXPECT_TRUE(jsonDepthWithin("\"\\"));  // a trailing escape does not read past the end
}
