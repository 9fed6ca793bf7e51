// The appeal vocabularies: the spellings stored in the database and shown to citizens.
#include <gtest/gtest.h>

#include "appeals/appeal.h"

using namespace onedoor::appeals;

TEST(AppealNames, StatesRoundTrip) {
  for (State s : {State::kReceived, State::kAssigned, State::kAccepted, State::kReplied, State::kClosed}) {
    EXPECT_EQ(parseState(stateName(s)), s) << stateName(s);
  }
  EXPECT_EQ(stateName(State::kAccepted), "accepted");
  EXPECT_FALSE(parseState("Accepted"));
  EXPECT_FALSE(parseState(""));
}

TEST(AppealNames, ChannelsRoundTrip) {
  for (Channel c : {Channel::kWeb, Channel::kHotline, Channel::kMailbox, Channel::kField, Channel::kOpen311}) {
    EXPECT_EQ(parseChannel(channelName(c)), c) << channelName(c);
  }
  EXPECT_EQ(channelName(Channel::kField), "field");
  EXPECT_FALSE(parseChannel("fax"));
}

TEST(AppealNames, RatingsSpeakTheFiveLevels) {
  EXPECT_EQ(ratingName(Rating::kVerySatisfied), "very_satisfied");
  EXPECT_EQ(ratingName(Rating::kBasicallySatisfied), "basically_satisfied");
  EXPECT_EQ(ratingName(Rating::kVeryDissatisfied), "very_dissatisfied");
  EXPECT_EQ(ratingLabel(Rating::kVerySatisfied), "非常满意");
  EXPECT_EQ(ratingLabel(Rating::kSatisfied), "满意");
  EXPECT_EQ(ratingLabel(Rating::kBasicallySatisfied), "基本满意");
  EXPECT_EQ(ratingLabel(Rating::kDissatisfied), "不满意");
  EXPECT_EQ(ratingLabel(Rating::kVeryDissatisfied), "非常不满意");
  for (int i = 1; i <= 5; ++i) {
    auto r = static_cast<Rating>(i);
    EXPECT_EQ(parseRating(ratingName(r)), r);
  }
  EXPECT_FALSE(parseRating("good"));
}
