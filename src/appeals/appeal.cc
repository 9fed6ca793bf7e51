// Names and labels of the appeal vocabularies (states, channels, ratings): the only spellings that
// go into the database, the API and events. Pure; thread-safe.
#include "appeals/appeal.h"

#include <array>
#include <utility>

namespace onedoor::appeals {
namespace {

// One table per vocabulary so a name and its parser can never drift apart.
constexpr std::array<std::pair<State, std::string_view>, 5> kStates{{
    {State::kReceived, "received"},
    {State::kAssigned, "assigned"},
    {State::kAccepted, "accepted"},
    {State::kReplied, "replied"},
    {State::kClosed, "closed"},
}};

constexpr std::array<std::pair<Channel, std::string_view>, 5> kChannels{{
    {Channel::kWeb, "web"},
    {Channel::kHotline, "hotline"},
    {Channel::kMailbox, "mailbox"},
    {Channel::kField, "field"},
    {Channel::kOpen311, "open311"},
}};

struct RatingNames {
  Rating rating;
  std::string_view name;
  std::string_view label;
};
constexpr std::array<RatingNames, 5> kRatings{{
    {Rating::kVerySatisfied, "very_satisfied", "非常满意"},
    {Rating::kSatisfied, "satisfied", "满意"},
    {Rating::kBasicallySatisfied, "basically_satisfied", "基本满意"},
    {Rating::kDissatisfied, "dissatisfied", "不满意"},
    {Rating::kVeryDissatisfied, "very_dissatisfied", "非常不满意"},
}};

template <typename E, size_t N>
std::string_view nameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";  // only reachable through a cast of an out-of-range integer
}

template <typename E, size_t N>
std::optional<E> parse(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) {
  for (const auto& [v, name] : table) {
    if (name == s) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view stateName(State s) { return nameOf(kStates, s); }
std::optional<State> parseState(std::string_view s) { return parse(kStates, s); }
std::string_view channelName(Channel c) { return nameOf(kChannels, c); }
std::optional<Channel> parseChannel(std::string_view s) { return parse(kChannels, s); }

std::string_view ratingName(Rating r) {
  for (const auto& entry : kRatings) {
    if (entry.rating == r) return entry.name;
  }
  return "unknown";
}

std::optional<Rating> parseRating(std::string_view s) {
  for (const auto& entry : kRatings) {
    if (entry.name == s) return entry.rating;
  }
  return std::nullopt;
}

std::string_view ratingLabel(Rating r) {
  for (const auto& entry : kRatings) {
    if (entry.rating == r) return entry.label;
  }
  return "未知";
}

}  // namespace onedoor::appeals
