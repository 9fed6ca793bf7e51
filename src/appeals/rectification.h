// A rectification (整改): opened when a citizen rates a case 不满意 or worse; it has a deadline and
// ends with a recorded follow-up call (回访) to the citizen (PRODUCT rule 8). Value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "appeals/appeal.h"

namespace onedoor::appeals {

struct Rectification {
  int64_t id = 0;
  std::string source = "appeal";     // "appeal": a case's verdict; "hall": a hall ticket's rating
  int64_t appeal_id = 0;             // 0 (NULL) for hall ratings
  std::optional<int64_t> ticket_id;  // the hall ticket, for source "hall"
  Rating rating = Rating::kDissatisfied;
  std::string comment;  // the citizen's words with the rating
  int64_t opened_at = 0;
  int64_t due = 0;
  bool done = false;
  std::optional<int64_t> followup_at;
  int64_t followup_by = 0;
  std::string followup_note;
  std::optional<bool> citizen_satisfied;  // after the rectification, asked on the follow-up call
};

}  // namespace onedoor::appeals
