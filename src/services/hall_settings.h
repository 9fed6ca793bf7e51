// Hall settings that admins and supervisors edit: priority-class weights (which the dispatcher turns
// into head starts), the clerks' weekly shifts (which the what-if scenario builder uses) and the
// places per appointment slot of each service (which the booking pages offer).
// Parsing and validation are pure; the WriteFns check against the rows and append ledger events.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace onedoor::services {

// The five priority classes, in display order.
const std::vector<std::string>& priorityClassCodes();

// {"priority_weights": {class: weight}} merged over `current`; kInvalid with the field named when a
// class is unknown, a weight is not a whole number from 1 to 10, or normal is not 1.
Result<std::map<std::string, int>> parsePriorityWeights(const nlohmann::json& body, std::map<std::string, int> current);

// {"shifts": [{"user_id", "weekdays": [1..7], "start": "HH:MM", "end": "HH:MM", "window"?: n,
// "services"?: [codes]}]}: shapes and times (on the half hour, end after start). Rows checks
// (clerk, skills, window, overlaps) are in saveShiftsWrite.
Result<std::vector<HallShiftRow>> parseShifts(const nlohmann::json& body);

// Checks each shift against the hall (a clerk or supervisor with recorded skills covering the
// services; a window of the hall; no two shifts of one person overlapping) and replaces the hall's
// shifts, with a hall.shifts_saved ledger event.
WriteFn saveShiftsWrite(int64_t hall_id, std::vector<HallShiftRow> shifts, std::string actor, int64_t now);

// Places per appointment slot of a hall service: 0 (walk-ins only) to this many.
constexpr int kMaxAppointmentCapacity = 50;

// {"capacity": {service code: places per appointment slot}}; kInvalid naming "capacity.<code>" when
// a value is not a whole number from 0 to kMaxAppointmentCapacity. The codes are checked against
// the hall in saveAppointmentCapacityWrite.
Result<std::map<std::string, int>> parseAppointmentCapacity(const nlohmann::json& body);

// Sets the places per slot of the given services of the hall (unknown codes: kInvalid, nothing
// changes), with one hall.appointment_capacity_set event holding the old and new values. Places
// already booked stay booked when the number goes down; only new bookings see the new number.
WriteFn saveAppointmentCapacityWrite(int64_t hall_id, std::map<std::string, int> capacity, std::string actor,
                                     int64_t now);

// Renderers: the hall's effective weights (stored or default) and its shifts with what the editor
// needs (staff with skills, windows).
nlohmann::json prioritySettingsJson(Reader& r, int64_t hall_id);
nlohmann::json shiftsJson(Reader& r, int64_t hall_id);
// {"hall", "default", "max", "services": [{"code", "name", "capacity"}]}: each service's places per
// appointment slot (the default when never set).
nlohmann::json appointmentCapacityJson(Reader& r, int64_t hall_id);

// "09:30" ↔ 570.
std::string hhmm(int minutes);

}  // namespace onedoor::services
