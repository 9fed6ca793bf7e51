// The SQL behind the appointment parts of Reader and WriteTx for both backends. The capacity
// of a slot is counted inside the writer's transaction before a booking or a move, which is what
// keeps concurrent bookings from overbooking (there is one writer). Thread-safety: as tx.h.
#include "store/sql/rows.h"
#include "store/sql/tx.h"

namespace onedoor::sql {

namespace {

constexpr const char* kCols =
    "id, code, matter_id, hall_id, service_code, slot_start, slot_end, name, phone, state, ticket_id, "
    "reminder_due, reminder_sent_at, created_at";

AppointmentRow appointmentFrom(const Statement& st) {
  AppointmentRow a;
  a.id = st.columnInt(0);
  a.code = st.columnText(1);
  a.matter_id = st.columnInt(2);
  a.hall_id = st.columnInt(3);
  a.service_code = st.columnText(4);
  a.slot_start = st.columnInt(5);
  a.slot_end = st.columnInt(6);
  a.name = st.columnText(7);
  a.phone = st.columnText(8);
  a.state = st.columnText(9);
  a.ticket_id = st.columnOptInt(10);
  a.reminder_due = st.columnInt(11);
  a.reminder_sent_at = st.columnOptInt(12);
  a.created_at = st.columnInt(13);
  return a;
}

void bindAppointment(Statement& st, const AppointmentRow& a) {
  st.bindText(":code", a.code)
      .bindInt(":matter_id", a.matter_id)
      .bindInt(":hall_id", a.hall_id)
      .bindText(":service", a.service_code)
      .bindInt(":slot_start", a.slot_start)
      .bindInt(":slot_end", a.slot_end)
      .bindText(":name", a.name)
      .bindText(":phone", a.phone)
      .bindText(":state", a.state)
      .bindOptInt(":ticket_id", a.ticket_id)
      .bindInt(":reminder_due", a.reminder_due)
      .bindOptInt(":reminder_sent_at", a.reminder_sent_at)
      .bindInt(":created_at", a.created_at);
}

bool holdsPlace(const std::string& state) { return state == "booked" || state == "checked_in"; }

const char* kSlotFull = "该时段已约满，请选择其他时段 / This slot is fully booked; choose another";

}  // namespace

template <class Base>
std::optional<AppointmentRow> ReaderImpl<Base>::appointmentById(int64_t id) {
  static const std::string kSql = std::string("SELECT ") + kCols + " FROM appointments WHERE id = :id";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":id", id);
  return oneRow<AppointmentRow>(st, appointmentFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<AppointmentRow> ReaderImpl<Base>::appointmentByCode(const std::string& code) {
  static const std::string kSql = std::string("SELECT ") + kCols + " FROM appointments WHERE code = :c";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindText(":c", code);
  return oneRow<AppointmentRow>(st, appointmentFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<std::pair<int64_t, int>> ReaderImpl<Base>::bookedPerSlot(int64_t hall_id, const std::string& service,
                                                                           int64_t from, int64_t to) {
  ONEDOOR_READ_PREPARE(st,
                       "SELECT slot_start, count(*) FROM appointments WHERE hall_id = :h AND service_code = :s "
                       "AND state IN ('booked', 'checked_in') AND slot_start >= :from AND slot_start < :to "
                       "GROUP BY slot_start ORDER BY slot_start",
                       {});
  st.bindInt(":h", hall_id).bindText(":s", service).bindInt(":from", from).bindInt(":to", to);
  auto from_row = [](const Statement& s) { return std::make_pair(s.columnInt(0), static_cast<int>(s.columnInt(1))); };
  return allRows<std::pair<int64_t, int>>(st, from_row, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
int ReaderImpl<Base>::appointmentCapacity(int64_t hall_id, const std::string& service) {
  ONEDOOR_READ_PREPARE(st, "SELECT capacity FROM appointment_capacity WHERE hall_id = :h AND service_code = :s",
                       kDefaultAppointmentCapacity);
  st.bindInt(":h", hall_id).bindText(":s", service);
  auto cap = oneRow<int>(st, [](const Statement& s) { return static_cast<int>(s.columnInt(0)); },
                         [this](Status s) { fail(std::move(s)); });
  return cap.value_or(kDefaultAppointmentCapacity);
}

template <class Base>
std::vector<AppointmentRow> ReaderImpl<Base>::dueAppointmentReminders(int64_t now, int64_t limit) {
  static const std::string kSql = std::string("SELECT ") + kCols +
                                  " FROM appointments WHERE state = 'booked' AND reminder_sent_at IS NULL AND "
                                  "reminder_due <= :now ORDER BY reminder_due, id LIMIT :limit";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindInt(":now", now).bindInt(":limit", limit);
  return allRows<AppointmentRow>(st, appointmentFrom, [this](Status s) { fail(std::move(s)); });
}

#define ONEDOOR_INSTANTIATE(Base)                                                                             \
  template std::optional<AppointmentRow> ReaderImpl<Base>::appointmentById(int64_t);                   \
  template std::optional<AppointmentRow> ReaderImpl<Base>::appointmentByCode(const std::string&);      \
  template std::vector<std::pair<int64_t, int>> ReaderImpl<Base>::bookedPerSlot(int64_t, const std::string&, \
                                                                                      int64_t, int64_t);      \
  template int ReaderImpl<Base>::appointmentCapacity(int64_t, const std::string&);                     \
  template std::vector<AppointmentRow> ReaderImpl<Base>::dueAppointmentReminders(int64_t, int64_t);
ONEDOOR_INSTANTIATE(Reader)
ONEDOOR_INSTANTIATE(WriteTx)
#undef ONEDOOR_INSTANTIATE

namespace {

// Places taken in the slot by others than `except_id`.
Result<int> placesTaken(Connection& conn, const AppointmentRow& a, int64_t except_id) {
  Result<Statement> st = conn.prepare(
      "SELECT count(*) FROM appointments WHERE hall_id = :h AND service_code = :s AND slot_start = :t "
      "AND state IN ('booked', 'checked_in') AND id != :except");
  if (!st) return st.status();
  st->bindInt(":h", a.hall_id).bindText(":s", a.service_code).bindInt(":t", a.slot_start).bindInt(":except", except_id);
  Result<bool> row = st->step();
  if (!row) return row.status();
  return static_cast<int>(st->columnInt(0));
}

}  // namespace

Result<int64_t> WriteTxImpl::insertAppointment(const AppointmentRow& a) {
  if (holdsPlace(a.state)) {
    Result<int> taken = placesTaken(conn_, a, 0);
    if (!taken) return check(taken.status());
    if (*taken >= appointmentCapacity(a.hall_id, a.service_code)) return conflict(kSlotFull, "slot_start");
    if (!error().isOk()) return error();
  }
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO appointments(code, matter_id, hall_id, service_code, slot_start, slot_end, name, "
                        "phone, state, ticket_id, reminder_due, reminder_sent_at, created_at) VALUES (:code, "
                        ":matter_id, :hall_id, :service, :slot_start, :slot_end, :name, :phone, :state, :ticket_id, "
                        ":reminder_due, :reminder_sent_at, :created_at) ON CONFLICT DO NOTHING RETURNING id");
  bindAppointment(st, a);
  Result<int64_t> id = st.runReturningId();
  Status s = id.status();
  if (s.code() == Code::kConflict) return conflict("预约码重复 / Duplicate appointment code", "code");
  if (!s) return check(s);
  return *id;
}

Status WriteTxImpl::updateAppointment(const AppointmentRow& a) {
  auto old = appointmentById(a.id);
  if (!error().isOk()) return error();
  if (!old) return notFound("找不到该预约 / No such appointment");
  bool moves_in = holdsPlace(a.state) && (!holdsPlace(old->state) || old->slot_start != a.slot_start ||
                                          old->hall_id != a.hall_id || old->service_code != a.service_code);
  if (moves_in) {
    Result<int> taken = placesTaken(conn_, a, a.id);
    if (!taken) return check(taken.status());
    if (*taken >= appointmentCapacity(a.hall_id, a.service_code)) return conflict(kSlotFull, "slot_start");
    if (!error().isOk()) return error();
  }
  ONEDOOR_WRITE_PREPARE(st,
                        "UPDATE appointments SET code = :code, matter_id = :matter_id, hall_id = :hall_id, "
                        "service_code = :service, slot_start = :slot_start, slot_end = :slot_end, name = :name, "
                        "phone = :phone, state = :state, ticket_id = :ticket_id, reminder_due = :reminder_due, "
                        "reminder_sent_at = :reminder_sent_at, created_at = :created_at WHERE id = :id");
  bindAppointment(st, a);
  st.bindInt(":id", a.id);
  return check(st.run());
}

Status WriteTxImpl::setAppointmentCapacity(int64_t hall_id, const std::string& service, int capacity) {
  if (capacity < 0) return invalid("容量不能为负 / Capacity cannot be negative", "capacity");
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO appointment_capacity(hall_id, service_code, capacity) VALUES (:h, :s, :c) "
                        "ON CONFLICT(hall_id, service_code) DO UPDATE SET capacity = excluded.capacity");
  return check(st.bindInt(":h", hall_id).bindText(":s", service).bindInt(":c", capacity).run());
}

}  // namespace onedoor::sql
