// Need-to-know for staff (issue 18 item 11): who may see a case's personal data (the citizen's
// name, phone, address, coordinates, photos), and the ledger event every such read leaves.
//   supervisors, admins: every case;
//   handlers: cases of their department now or at any earlier point (transferred through them),
//             and cases assigned to them;
//   operators: the cases they filed themselves;
//   clerks: none.
// Pure functions and one WriteFn; thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "appeals/appeal.h"
#include "appeals/lifecycle.h"
#include "store/store.h"

namespace onedoor::services {

// Every department the case was routed, transferred or assigned to, from its timeline.
std::set<int64_t> departmentsOf(const std::vector<Event>& timeline);

// Whether `viewer` may see the personal data of case `a`. `timeline` is the case's events (empty
// when a list has not read them: then only the current department and handler count).
bool maySeePersonalData(const appeals::Actor& viewer, const appeals::Appeal& a, const std::vector<Event>& timeline);

// The ledger subject of the reads of one case ("access:appeal:12"): apart from "appeal:12", so the
// case's own timeline (the citizen's page, Open311 updates) does not list who looked at it.
std::string readSubject(int64_t appeal_id);

// A case outside the caller's scope answers as if it did not exist (404, not 403): the answer
// must not confirm that a case number is in use.
Status noSuchAppeal();

// What was read.
enum class PersonalRead { kCase, kPhoto };

// Appends "appeal.personal_data_read" (actor user:N, subject readSubject(id), payload {"what",
// "photo_id"?}).
WriteFn personalReadWrite(int64_t user_id, int64_t appeal_id, PersonalRead what, std::optional<int64_t> photo_id,
                          int64_t now);

// `write`, then in the same transaction the read event of case `appeal_id` if `viewer` may see its
// personal data afterwards (an action answers with the case page; a transfer may have moved the
// case out of reach). `*visible` says whether.
WriteFn thenPersonalRead(WriteFn write, appeals::Actor viewer, int64_t appeal_id, int64_t now,
                         std::shared_ptr<bool> visible);

}  // namespace onedoor::services
