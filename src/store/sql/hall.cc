// The SQL behind the hall parts of Reader and WriteTx for both backends: halls, services,
// windows, staff skills, tickets and ratings. Thread-safety: as tx.h.
#include <nlohmann/json.hpp>

#include "store/sql/rows.h"
#include "store/sql/tx.h"

namespace onedoor::sql {

using nlohmann::json;

namespace {

constexpr const char* kHallCols =
    "id, code, name, target_p95_min, no_show_recalls, notify_ahead, staff_away_max_min, version, glass_door_day, "
    "glass_door_min, glass_door_at, glass_door_count";
constexpr const char* kServiceCols = "id, hall_id, code, name, prefix, mean_service_min, next_number, number_day";
constexpr const char* kWindowCols = "id, hall_id, number, name, skills, state, staff_user_id, idle_since, away_since";
constexpr const char* kTicketCols =
    "id, hall_id, public_code, number, service, services_left, priority, state, arrival, issued_at, appointment, "
    "window_id, redirect_window_id, called_at, started_at, finished_at, recalls, channel, phone, notified";

HallRow hallFrom(const Statement& st) {
  HallRow h;
  h.id = st.columnInt(0);
  h.code = st.columnText(1);
  h.name = st.columnText(2);
  h.target_p95_min = st.columnOptDouble(3).value_or(15);
  h.no_show_recalls = static_cast<int>(st.columnInt(4));
  h.notify_ahead = static_cast<int>(st.columnInt(5));
  h.staff_away_max_min = static_cast<int>(st.columnInt(6));
  h.version = st.columnInt(7);
  h.glass_door_day = st.columnInt(8);
  h.glass_door_min = st.columnOptDouble(9).value_or(0);
  h.glass_door_at = st.columnInt(10);
  h.glass_door_count = static_cast<int>(st.columnInt(11));
  return h;
}

HallServiceRow serviceFrom(const Statement& st) {
  HallServiceRow s;
  s.id = st.columnInt(0);
  s.hall_id = st.columnInt(1);
  s.code = st.columnText(2);
  s.name = st.columnText(3);
  s.prefix = st.columnText(4);
  s.mean_service_min = st.columnOptDouble(5).value_or(10);
  s.next_number = st.columnInt(6);
  s.number_day = st.columnInt(7);
  return s;
}

WindowRow windowFrom(const Statement& st) {
  WindowRow w;
  w.id = st.columnInt(0);
  w.hall_id = st.columnInt(1);
  w.number = static_cast<int>(st.columnInt(2));
  w.name = st.columnText(3);
  w.skills = stringsFromJson(st.columnText(4));
  w.state = st.columnText(5);
  w.staff_user_id = st.columnOptInt(6);
  w.idle_since = st.columnInt(7);
  w.away_since = st.columnOptInt(8);
  return w;
}

TicketRow ticketFrom(const Statement& st) {
  TicketRow t;
  t.id = st.columnInt(0);
  t.hall_id = st.columnInt(1);
  t.public_code = st.columnText(2);
  t.number = st.columnText(3);
  t.service = st.columnText(4);
  t.services_left = stringsFromJson(st.columnText(5));
  t.priority = st.columnText(6);
  t.state = st.columnText(7);
  t.arrival = st.columnInt(8);
  t.issued_at = st.columnInt(9);
  t.appointment = st.columnOptInt(10);
  t.window_id = st.columnOptInt(11);
  t.redirect_window_id = st.columnOptInt(12);
  t.called_at = st.columnOptInt(13);
  t.started_at = st.columnOptInt(14);
  t.finished_at = st.columnOptInt(15);
  t.recalls = static_cast<int>(st.columnInt(16));
  t.channel = st.columnText(17);
  t.phone = st.columnText(18);
  t.notified = st.columnInt(19) != 0;
  return t;
}

void bindHall(Statement& st, const HallRow& h) {
  st.bindText(":code", h.code)
      .bindText(":name", h.name)
      .bindOptDouble(":target", h.target_p95_min)
      .bindInt(":recalls", h.no_show_recalls)
      .bindInt(":ahead", h.notify_ahead)
      .bindInt(":away", h.staff_away_max_min)
      .bindInt(":version", h.version)
      .bindInt(":gd_day", h.glass_door_day)
      .bindOptDouble(":gd_min", h.glass_door_min)
      .bindInt(":gd_at", h.glass_door_at)
      .bindInt(":gd_count", h.glass_door_count);
}

void bindService(Statement& st, const HallServiceRow& s) {
  st.bindInt(":hall_id", s.hall_id)
      .bindText(":code", s.code)
      .bindText(":name", s.name)
      .bindText(":prefix", s.prefix)
      .bindOptDouble(":mean", s.mean_service_min)
      .bindInt(":next", s.next_number)
      .bindInt(":day", s.number_day);
}

void bindWindow(Statement& st, const WindowRow& w) {
  st.bindInt(":hall_id", w.hall_id)
      .bindInt(":number", w.number)
      .bindText(":name", w.name)
      .bindText(":skills", json(w.skills).dump())
      .bindText(":state", w.state)
      .bindOptInt(":staff", w.staff_user_id)
      .bindInt(":idle_since", w.idle_since)
      .bindOptInt(":away_since", w.away_since);
}

void bindTicket(Statement& st, const TicketRow& t) {
  st.bindInt(":hall_id", t.hall_id)
      .bindText(":code", t.public_code)
      .bindText(":number", t.number)
      .bindText(":service", t.service)
      .bindText(":left", json(t.services_left).dump())
      .bindText(":priority", t.priority)
      .bindText(":state", t.state)
      .bindInt(":arrival", t.arrival)
      .bindInt(":issued_at", t.issued_at)
      .bindOptInt(":appointment", t.appointment)
      .bindOptInt(":window_id", t.window_id)
      .bindOptInt(":redirect", t.redirect_window_id)
      .bindOptInt(":called_at", t.called_at)
      .bindOptInt(":started_at", t.started_at)
      .bindOptInt(":finished_at", t.finished_at)
      .bindInt(":recalls", t.recalls)
      .bindText(":channel", t.channel)
      .bindText(":phone", t.phone)
      .bindInt(":notified", t.notified ? 1 : 0);
}

}  // namespace

template <class Base>
std::vector<HallRow> ReaderImpl<Base>::listHalls() {
  static const std::string kSql = std::string("SELECT ") + kHallCols + " FROM halls ORDER BY id";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  return allRows<HallRow>(st, hallFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<HallRow> ReaderImpl<Base>::hallById(int64_t id) {
  static const std::string kSql = std::string("SELECT ") + kHallCols + " FROM halls WHERE id = :id";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":id", id);
  return oneRow<HallRow>(st, hallFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<HallServiceRow> ReaderImpl<Base>::listHallServices(int64_t hall_id) {
  static const std::string kSql = std::string("SELECT ") + kServiceCols + " FROM hall_services WHERE hall_id = :h ORDER BY id";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindInt(":h", hall_id);
  return allRows<HallServiceRow>(st, serviceFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<WindowRow> ReaderImpl<Base>::listWindows(int64_t hall_id) {
  static const std::string kSql = std::string("SELECT ") + kWindowCols + " FROM hall_windows WHERE hall_id = :h ORDER BY number";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindInt(":h", hall_id);
  return allRows<WindowRow>(st, windowFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<WindowRow> ReaderImpl<Base>::windowById(int64_t id) {
  static const std::string kSql = std::string("SELECT ") + kWindowCols + " FROM hall_windows WHERE id = :id";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":id", id);
  return oneRow<WindowRow>(st, windowFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<StaffSkillRow> ReaderImpl<Base>::listStaffSkills(int64_t hall_id) {
  ONEDOOR_READ_PREPARE(st, "SELECT hall_id, user_id, services FROM hall_staff_skills WHERE hall_id = :h ORDER BY user_id",
                       {});
  st.bindInt(":h", hall_id);
  auto from = [](const Statement& s) {
    return StaffSkillRow{s.columnInt(0), s.columnInt(1), stringsFromJson(s.columnText(2))};
  };
  return allRows<StaffSkillRow>(st, from, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<TicketRow> ReaderImpl<Base>::listLiveTickets(int64_t hall_id) {
  static const std::string kSql = std::string("SELECT ") + kTicketCols +
                                  " FROM tickets WHERE hall_id = :h AND state IN ('waiting', 'called', 'serving') "
                                  "ORDER BY id";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindInt(":h", hall_id);
  return allRows<TicketRow>(st, ticketFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<TicketRow> ReaderImpl<Base>::ticketById(int64_t id) {
  static const std::string kSql = std::string("SELECT ") + kTicketCols + " FROM tickets WHERE id = :id";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":id", id);
  return oneRow<TicketRow>(st, ticketFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<TicketRow> ReaderImpl<Base>::ticketByCode(const std::string& code) {
  static const std::string kSql = std::string("SELECT ") + kTicketCols + " FROM tickets WHERE public_code = :c";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindText(":c", code);
  return oneRow<TicketRow>(st, ticketFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<TicketRow> ReaderImpl<Base>::lastFinishedAtWindow(int64_t window_id) {
  static const std::string kSql = std::string("SELECT ") + kTicketCols +
                                  " FROM tickets WHERE window_id = :w AND finished_at IS NOT NULL "
                                  "ORDER BY finished_at DESC, id DESC LIMIT 1";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":w", window_id);
  return oneRow<TicketRow>(st, ticketFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<TicketRow> ReaderImpl<Base>::recentCalls(int64_t hall_id, int64_t since, int64_t limit) {
  static const std::string kSql = std::string("SELECT ") + kTicketCols +
                                  " FROM tickets WHERE hall_id = :h AND called_at >= :since "
                                  "ORDER BY called_at DESC, id DESC LIMIT :limit";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindInt(":h", hall_id).bindInt(":since", since).bindInt(":limit", limit);
  return allRows<TicketRow>(st, ticketFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<TicketRatingRow> ReaderImpl<Base>::ticketRating(int64_t ticket_id) {
  ONEDOOR_READ_PREPARE(st,
                       "SELECT ticket_id, rating, comment, at, window_id, staff_user_id FROM ticket_ratings "
                       "WHERE ticket_id = :t",
                       std::nullopt);
  st.bindInt(":t", ticket_id);
  auto from = [](const Statement& s) {
    return TicketRatingRow{s.columnInt(0), static_cast<int>(s.columnInt(1)), s.columnText(2),
                           s.columnInt(3), s.columnOptInt(4),                s.columnOptInt(5)};
  };
  return oneRow<TicketRatingRow>(st, from, [this](Status s) { fail(std::move(s)); });
}

// ---- hall settings: shifts and priority weights ----

template <class Base>
std::map<std::string, int> ReaderImpl<Base>::hallPriorityWeights(int64_t hall_id) {
  ONEDOOR_READ_PREPARE(st, "SELECT priority_class, weight FROM hall_priority_weights WHERE hall_id = :h", {});
  st.bindInt(":h", hall_id);
  auto from = [](const Statement& s) { return std::make_pair(s.columnText(0), static_cast<int>(s.columnInt(1))); };
  std::map<std::string, int> out;
  for (auto& [k, v] : allRows<std::pair<std::string, int>>(st, from, [this](Status s) { fail(std::move(s)); }))
    out[k] = v;
  return out;
}

template <class Base>
std::vector<HallShiftRow> ReaderImpl<Base>::listHallShifts(int64_t hall_id) {
  ONEDOOR_READ_PREPARE(st,
                       "SELECT id, hall_id, user_id, weekdays, start_min, end_min, window_number, services "
                       "FROM hall_shifts WHERE hall_id = :h ORDER BY user_id, start_min, id",
                       {});
  st.bindInt(":h", hall_id);
  auto from = [](const Statement& s) {
    HallShiftRow r;
    r.id = s.columnInt(0);
    r.hall_id = s.columnInt(1);
    r.user_id = s.columnInt(2);
    json days = json::parse(s.columnText(3), nullptr, false);
    if (days.is_array())
      for (const auto& d : days)
        if (d.is_number_integer()) r.weekdays.push_back(d.get<int>());
    r.start_min = static_cast<int>(s.columnInt(4));
    r.end_min = static_cast<int>(s.columnInt(5));
    if (auto w = s.columnOptInt(6)) r.window_number = static_cast<int>(*w);
    r.services = stringsFromJson(s.columnText(7));
    return r;
  };
  return allRows<HallShiftRow>(st, from, [this](Status s) { fail(std::move(s)); });
}

#define ONEDOOR_INSTANTIATE(Base)                                                                         \
  template std::vector<HallRow> ReaderImpl<Base>::listHalls();                                     \
  template std::optional<HallRow> ReaderImpl<Base>::hallById(int64_t);                             \
  template std::vector<HallServiceRow> ReaderImpl<Base>::listHallServices(int64_t);                \
  template std::vector<WindowRow> ReaderImpl<Base>::listWindows(int64_t);                          \
  template std::optional<WindowRow> ReaderImpl<Base>::windowById(int64_t);                         \
  template std::vector<StaffSkillRow> ReaderImpl<Base>::listStaffSkills(int64_t);                  \
  template std::vector<TicketRow> ReaderImpl<Base>::listLiveTickets(int64_t);                      \
  template std::optional<TicketRow> ReaderImpl<Base>::ticketById(int64_t);                         \
  template std::optional<TicketRow> ReaderImpl<Base>::ticketByCode(const std::string&);            \
  template std::optional<TicketRow> ReaderImpl<Base>::lastFinishedAtWindow(int64_t);               \
  template std::vector<TicketRow> ReaderImpl<Base>::recentCalls(int64_t, int64_t, int64_t);        \
  template std::optional<TicketRatingRow> ReaderImpl<Base>::ticketRating(int64_t);                 \
  template std::map<std::string, int> ReaderImpl<Base>::hallPriorityWeights(int64_t);              \
  template std::vector<HallShiftRow> ReaderImpl<Base>::listHallShifts(int64_t);
ONEDOOR_INSTANTIATE(Reader)
ONEDOOR_INSTANTIATE(WriteTx)
#undef ONEDOOR_INSTANTIATE

Result<int64_t> WriteTxImpl::insertHall(const HallRow& h) {
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO halls(code, name, target_p95_min, no_show_recalls, notify_ahead, staff_away_max_min, "
                        "version, glass_door_day, glass_door_min, glass_door_at, glass_door_count) VALUES (:code, "
                        ":name, :target, :recalls, :ahead, :away, :version, :gd_day, :gd_min, :gd_at, :gd_count) ON CONFLICT DO NOTHING RETURNING id");
  bindHall(st, h);
  Result<int64_t> id = st.runReturningId();
  if (!id) return check(id.status());
  return *id;
}

Status WriteTxImpl::updateHall(const HallRow& h) {
  ONEDOOR_WRITE_PREPARE(st,
                        "UPDATE halls SET code = :code, name = :name, target_p95_min = :target, no_show_recalls = "
                        ":recalls, notify_ahead = :ahead, staff_away_max_min = :away, version = :version, "
                        "glass_door_day = :gd_day, glass_door_min = :gd_min, glass_door_at = :gd_at, "
                        "glass_door_count = :gd_count WHERE id = :id");
  bindHall(st, h);
  st.bindInt(":id", h.id);
  if (Status s = st.run(); !s) return check(s);
  if (conn_.changes() == 0) return notFound("找不到该大厅 / No such hall");
  return Status::ok();
}

Result<int64_t> WriteTxImpl::insertHallService(const HallServiceRow& s) {
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO hall_services(hall_id, code, name, prefix, mean_service_min, next_number, "
                        "number_day) VALUES (:hall_id, :code, :name, :prefix, :mean, :next, :day) ON CONFLICT DO NOTHING RETURNING id");
  bindService(st, s);
  Result<int64_t> id = st.runReturningId();
  if (!id) return check(id.status());
  return *id;
}

Status WriteTxImpl::updateHallService(const HallServiceRow& s) {
  ONEDOOR_WRITE_PREPARE(st,
                        "UPDATE hall_services SET hall_id = :hall_id, code = :code, name = :name, prefix = :prefix, "
                        "mean_service_min = :mean, next_number = :next, number_day = :day WHERE id = :id");
  bindService(st, s);
  st.bindInt(":id", s.id);
  if (Status r = st.run(); !r) return check(r);
  if (conn_.changes() == 0) return notFound("找不到该业务 / No such service");
  return Status::ok();
}

Result<int64_t> WriteTxImpl::insertWindow(const WindowRow& w) {
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO hall_windows(hall_id, number, name, skills, state, staff_user_id, idle_since, "
                        "away_since) VALUES (:hall_id, :number, :name, :skills, :state, :staff, :idle_since, :away_since) ON CONFLICT DO NOTHING RETURNING id");
  bindWindow(st, w);
  Result<int64_t> id = st.runReturningId();
  if (!id) return check(id.status());
  return *id;
}

Status WriteTxImpl::updateWindow(const WindowRow& w) {
  ONEDOOR_WRITE_PREPARE(st,
                        "UPDATE hall_windows SET hall_id = :hall_id, number = :number, name = :name, skills = :skills, "
                        "state = :state, staff_user_id = :staff, idle_since = :idle_since, away_since = :away_since "
                        "WHERE id = :id");
  bindWindow(st, w);
  st.bindInt(":id", w.id);
  if (Status r = st.run(); !r) return check(r);
  if (conn_.changes() == 0) return notFound("找不到该窗口 / No such window");
  return Status::ok();
}

Status WriteTxImpl::setStaffSkills(const StaffSkillRow& s) {
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO hall_staff_skills(hall_id, user_id, services) VALUES (:h, :u, :s) "
                        "ON CONFLICT(hall_id, user_id) DO UPDATE SET services = excluded.services");
  return check(st.bindInt(":h", s.hall_id).bindInt(":u", s.user_id).bindText(":s", json(s.services).dump()).run());
}

Result<int64_t> WriteTxImpl::insertTicket(const TicketRow& t) {
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO tickets(hall_id, public_code, number, service, services_left, priority, state, "
                        "arrival, issued_at, appointment, window_id, redirect_window_id, called_at, started_at, "
                        "finished_at, recalls, channel, phone, notified) VALUES (:hall_id, :code, :number, :service, "
                        ":left, :priority, :state, :arrival, :issued_at, :appointment, :window_id, :redirect, "
                        ":called_at, :started_at, :finished_at, :recalls, :channel, :phone, :notified) ON CONFLICT DO NOTHING RETURNING id");
  bindTicket(st, t);
  Result<int64_t> id = st.runReturningId();
  if (!id) return check(id.status());
  return *id;
}

Status WriteTxImpl::updateTicket(const TicketRow& t) {
  ONEDOOR_WRITE_PREPARE(st,
                        "UPDATE tickets SET hall_id = :hall_id, public_code = :code, number = :number, service = "
                        ":service, services_left = :left, priority = :priority, state = :state, arrival = :arrival, "
                        "issued_at = :issued_at, appointment = :appointment, window_id = :window_id, "
                        "redirect_window_id = :redirect, called_at = :called_at, started_at = :started_at, "
                        "finished_at = :finished_at, recalls = :recalls, channel = :channel, phone = :phone, "
                        "notified = :notified WHERE id = :id");
  bindTicket(st, t);
  st.bindInt(":id", t.id);
  if (Status r = st.run(); !r) return check(r);
  if (conn_.changes() == 0) return notFound("找不到该号票 / No such ticket");
  return Status::ok();
}

Status WriteTxImpl::insertTicketRating(const TicketRatingRow& r) {
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO ticket_ratings(ticket_id, rating, comment, at, window_id, staff_user_id) "
                        "VALUES (:t, :r, :c, :at, :w, :u)");
  Status s = st.bindInt(":t", r.ticket_id)
                 .bindInt(":r", r.rating)
                 .bindText(":c", r.comment)
                 .bindInt(":at", r.at)
                 .bindOptInt(":w", r.window_id)
                 .bindOptInt(":u", r.staff_user_id)
                 .run();
  if (s.code() == Code::kConflict) return conflict("这次办理已经评价过了 / This visit has already been rated", "rating");
  return check(s);
}

Status WriteTxImpl::setHallPriorityWeights(int64_t hall_id, const std::map<std::string, int>& weights) {
  {
    ONEDOOR_WRITE_PREPARE(del, "DELETE FROM hall_priority_weights WHERE hall_id = :h");
    if (Status s = check(del.bindInt(":h", hall_id).run()); !s) return s;
  }
  for (const auto& [cls, weight] : weights) {
    ONEDOOR_WRITE_PREPARE(st, "INSERT INTO hall_priority_weights(hall_id, priority_class, weight) VALUES (:h, :c, :w)");
    if (Status s = check(st.bindInt(":h", hall_id).bindText(":c", cls).bindInt(":w", weight).run()); !s) return s;
  }
  return Status::ok();
}

Status WriteTxImpl::replaceHallShifts(int64_t hall_id, const std::vector<HallShiftRow>& shifts) {
  {
    ONEDOOR_WRITE_PREPARE(del, "DELETE FROM hall_shifts WHERE hall_id = :h");
    if (Status s = check(del.bindInt(":h", hall_id).run()); !s) return s;
  }
  for (const auto& r : shifts) {
    ONEDOOR_WRITE_PREPARE(st,
                          "INSERT INTO hall_shifts(hall_id, user_id, weekdays, start_min, end_min, window_number, "
                          "services) VALUES (:h, :u, :d, :s, :e, :w, :sv)");
    std::optional<int64_t> window;
    if (r.window_number) window = *r.window_number;
    Status s = st.bindInt(":h", hall_id)
                   .bindInt(":u", r.user_id)
                   .bindText(":d", json(r.weekdays).dump())
                   .bindInt(":s", r.start_min)
                   .bindInt(":e", r.end_min)
                   .bindOptInt(":w", window)
                   .bindText(":sv", json(r.services).dump())
                   .run();
    if (Status c = check(s); !c) return c;
  }
  return Status::ok();
}

}  // namespace onedoor::sql
