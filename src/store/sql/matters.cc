// The SQL behind the matters parts of Reader and WriteTx for both backends: matters with their
// drafts and published versions, the jargon list, applications with notifications and visits.
// Matter content is stored as the contract's JSON (matters/matter_json.h). Thread-safety: as tx.h.
#include <nlohmann/json.hpp>

#include "matters/matter_json.h"
#include "store/sql/rows.h"
#include "store/sql/tx.h"

namespace onedoor::sql {

using matters::Application;
using matters::Matter;
using matters::MatterRecord;
using nlohmann::json;

namespace {

constexpr const char* kMatterCols =
    "m.id, m.code, m.draft, m.draft_dirty, m.current_version, m.created_at, m.updated_at, "
    "v.published_at, v.published_by";
constexpr const char* kMatterFrom =
    " FROM matters m LEFT JOIN matter_versions v ON v.matter_id = m.id AND v.version = m.current_version";
constexpr const char* kAppCols =
    "id, code, matter_id, matter_version, department_id, state, applicant_name, applicant_phone, appointment_code, "
    "have, missing, trips, promised_trips, violations, submitted_at, accepted_at, due, finished_at, reason, created_by";

// A stored matter document; the row's id, code and version win over what the document says.
Matter matterFromText(const std::string& text, int64_t id, const std::string& code) {
  Matter m;
  json j = json::parse(text, nullptr, false);
  if (auto r = matters::matterFromJson(j)) m = std::move(*r);
  m.id = id;
  m.code = code;
  return m;
}

MatterRecord recordFrom(const Statement& st) {
  MatterRecord r;
  r.draft = matterFromText(st.columnText(2), st.columnInt(0), st.columnText(1));
  r.draft_dirty = st.columnInt(3) != 0;
  r.current_version = static_cast<int>(st.columnInt(4));
  r.created_at = st.columnInt(5);
  r.updated_at = st.columnInt(6);
  r.published_at = st.columnOptInt(7).value_or(0);
  r.published_by = st.columnOptInt(8).value_or(0);
  r.draft.version = r.current_version;
  r.draft.published_at = r.published_at;
  r.draft.published_by = r.published_by;
  return r;
}

// SELECT matter_id, version, body, published_at, published_by, code
Matter versionFrom(const Statement& st) {
  Matter m = matterFromText(st.columnText(2), st.columnInt(0), st.columnText(5));
  m.version = static_cast<int>(st.columnInt(1));
  m.published_at = st.columnInt(3);
  m.published_by = st.columnInt(4);
  return m;
}

Application appFrom(const Statement& st) {
  Application a;
  a.id = st.columnInt(0);
  a.code = st.columnText(1);
  a.matter_id = st.columnInt(2);
  a.matter_version = static_cast<int>(st.columnInt(3));
  a.department_id = st.columnInt(4);
  a.state = st.columnText(5);
  a.applicant_name = st.columnText(6);
  a.applicant_phone = st.columnText(7);
  a.appointment_code = st.columnText(8);
  a.have = stringsFromJson(st.columnText(9));
  a.missing = stringsFromJson(st.columnText(10));
  a.trips = static_cast<int>(st.columnInt(11));
  a.promised_trips = static_cast<int>(st.columnInt(12));
  a.violations = static_cast<int>(st.columnInt(13));
  a.submitted_at = st.columnInt(14);
  a.accepted_at = st.columnOptInt(15);
  a.due = st.columnOptInt(16);
  a.finished_at = st.columnOptInt(17);
  a.reason = st.columnText(18);
  a.created_by = st.columnInt(19);
  return a;
}

void bindApp(Statement& st, const Application& a) {
  st.bindText(":code", a.code)
      .bindInt(":matter_id", a.matter_id)
      .bindInt(":matter_version", a.matter_version)
      .bindInt(":department_id", a.department_id)
      .bindText(":state", a.state)
      .bindText(":name", a.applicant_name)
      .bindText(":phone", a.applicant_phone)
      .bindText(":appointment", a.appointment_code)
      .bindText(":have", json(a.have).dump())
      .bindText(":missing", json(a.missing).dump())
      .bindInt(":trips", a.trips)
      .bindInt(":promised_trips", a.promised_trips)
      .bindInt(":violations", a.violations)
      .bindInt(":submitted_at", a.submitted_at)
      .bindOptInt(":accepted_at", a.accepted_at)
      .bindOptInt(":due", a.due)
      .bindOptInt(":finished_at", a.finished_at)
      .bindText(":reason", a.reason)
      .bindInt(":created_by", a.created_by);
}

matters::Notification notificationFrom(const Statement& st) {
  matters::Notification n;
  n.at = st.columnInt(0);
  n.items = stringsFromJson(st.columnText(1));
  n.new_items = stringsFromJson(st.columnText(2));
  n.violation = st.columnInt(3) != 0;
  n.by = st.columnInt(4);
  return n;
}

matters::Visit visitFrom(const Statement& st) {
  matters::Visit v;
  v.at = st.columnInt(0);
  v.purpose = st.columnText(1);
  v.have = stringsFromJson(st.columnText(2));
  v.by = st.columnInt(3);
  return v;
}

// Fills in each application's notifications and visits.
template <class Fail>
void loadChildren(Connection& conn, std::vector<Application>& apps, Fail fail) {
  for (auto& a : apps) {
    {
      Result<Statement> st = conn.prepare(
          "SELECT at, items, new_items, violation, by_user FROM application_notifications "
          "WHERE application_id = :id ORDER BY seq");
      if (!st) return fail(st.status());
      st->bindInt(":id", a.id);
      a.notifications = allRows<matters::Notification>(*st, notificationFrom, fail);
    }
    Result<Statement> st = conn.prepare(
        "SELECT at, purpose, have, by_user FROM application_visits WHERE application_id = :id ORDER BY seq");
    if (!st) return fail(st.status());
    st->bindInt(":id", a.id);
    a.visits = allRows<matters::Visit>(*st, visitFrom, fail);
  }
}

// The one application a bound by-id or by-code statement finds, with its children.
template <class Fail>
std::optional<Application> oneApplication(Connection& conn, Statement& st, Fail fail) {
  auto a = oneRow<Application>(st, appFrom, fail);
  if (!a) return a;
  std::vector<Application> one{std::move(*a)};
  loadChildren(conn, one, fail);
  return std::move(one[0]);
}

}  // namespace

template <class Base>
std::vector<MatterRecord> ReaderImpl<Base>::listMatters() {
  static const std::string kSql = std::string("SELECT ") + kMatterCols + kMatterFrom + " ORDER BY m.code";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  return allRows<MatterRecord>(st, recordFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<MatterRecord> ReaderImpl<Base>::matterById(int64_t id) {
  static const std::string kSql = std::string("SELECT ") + kMatterCols + kMatterFrom + " WHERE m.id = :id";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":id", id);
  return oneRow<MatterRecord>(st, recordFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<Matter> ReaderImpl<Base>::publishedMatter(int64_t id) {
  ONEDOOR_READ_PREPARE(st,
                       "SELECT v.matter_id, v.version, v.body, v.published_at, v.published_by, m.code FROM matters m "
                       "JOIN matter_versions v ON v.matter_id = m.id AND v.version = m.current_version WHERE m.id = :id",
                       std::nullopt);
  st.bindInt(":id", id);
  return oneRow<Matter>(st, versionFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<Matter> ReaderImpl<Base>::publishedMatterVersion(int64_t id, int version) {
  ONEDOOR_READ_PREPARE(st,
                       "SELECT v.matter_id, v.version, v.body, v.published_at, v.published_by, m.code FROM matters m "
                       "JOIN matter_versions v ON v.matter_id = m.id WHERE m.id = :id AND v.version = :v",
                       std::nullopt);
  st.bindInt(":id", id).bindInt(":v", version);
  return oneRow<Matter>(st, versionFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<Matter> ReaderImpl<Base>::listPublishedMatters() {
  ONEDOOR_READ_PREPARE(st,
                       "SELECT v.matter_id, v.version, v.body, v.published_at, v.published_by, m.code FROM matters m "
                       "JOIN matter_versions v ON v.matter_id = m.id AND v.version = m.current_version ORDER BY m.code",
                       {});
  return allRows<Matter>(st, versionFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<matters::MatterVersionInfo> ReaderImpl<Base>::listMatterVersions(int64_t id) {
  ONEDOOR_READ_PREPARE(st,
                       "SELECT version, published_at, published_by FROM matter_versions WHERE matter_id = :id "
                       "ORDER BY version DESC",
                       {});
  st.bindInt(":id", id);
  return allRows<matters::MatterVersionInfo>(
      st,
      [](const Statement& s) {
        return matters::MatterVersionInfo{static_cast<int>(s.columnInt(0)), s.columnInt(1), s.columnInt(2)};
      },
      [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<std::vector<matters::JargonEntry>> ReaderImpl<Base>::jargonTerms() {
  ONEDOOR_READ_PREPARE(saved, "SELECT saved_at FROM jargon_lists WHERE id = 1", std::nullopt);
  auto any = oneRow<int64_t>(saved, [](const Statement& s) { return s.columnInt(0); },
                             [this](Status s) { fail(std::move(s)); });
  if (!any) return std::nullopt;
  ONEDOOR_READ_PREPARE(st, "SELECT term, plain FROM jargon_terms ORDER BY ord", std::nullopt);
  return allRows<matters::JargonEntry>(
      st, [](const Statement& s) { return matters::JargonEntry{s.columnText(0), s.columnText(1)}; },
      [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<Application> ReaderImpl<Base>::applicationById(int64_t id) {
  static const std::string kSql = std::string("SELECT ") + kAppCols + " FROM applications WHERE id = :id";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":id", id);
  return oneApplication(conn_, st, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<Application> ReaderImpl<Base>::applicationByCode(const std::string& code) {
  static const std::string kSql = std::string("SELECT ") + kAppCols + " FROM applications WHERE code = :code";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindText(":code", code);
  return oneApplication(conn_, st, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<Application> ReaderImpl<Base>::listApplications(const matters::ApplicationQuery& q) {
  static const std::string kSql =
      std::string("SELECT ") + kAppCols +
      " FROM applications WHERE (CAST(:state AS TEXT) IS NULL OR state = :state) AND (CAST(:matter AS BIGINT) IS NULL OR matter_id = :matter) "
      "AND (CAST(:dept AS BIGINT) IS NULL OR department_id = :dept) ORDER BY submitted_at DESC, id DESC LIMIT :limit";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  if (q.state) st.bindText(":state", *q.state);
  else st.bindNull(":state");
  st.bindOptInt(":matter", q.matter_id).bindOptInt(":dept", q.department_id).bindInt(":limit", q.limit);
  auto fail_fn = [this](Status s) { fail(std::move(s)); };
  auto out = allRows<Application>(st, appFrom, fail_fn);
  loadChildren(conn_, out, fail_fn);
  return out;
}

template <class Base>
std::vector<Application> ReaderImpl<Base>::finishedApplications(int64_t from_ms, int64_t to_ms) {
  static const std::string kSql =
      std::string("SELECT ") + kAppCols +
      " FROM applications WHERE finished_at IS NOT NULL AND finished_at >= :from AND finished_at < :to "
      "ORDER BY finished_at, id";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindInt(":from", from_ms).bindInt(":to", to_ms);
  // The index needs only the columns (trips, promised_trips, violations), not the children.
  return allRows<Application>(st, appFrom, [this](Status s) { fail(std::move(s)); });
}

#define ONEDOOR_INSTANTIATE(Base)                                                                         \
  template std::vector<MatterRecord> ReaderImpl<Base>::listMatters();                               \
  template std::optional<MatterRecord> ReaderImpl<Base>::matterById(int64_t);                       \
  template std::optional<Matter> ReaderImpl<Base>::publishedMatter(int64_t);                        \
  template std::optional<Matter> ReaderImpl<Base>::publishedMatterVersion(int64_t, int);            \
  template std::vector<Matter> ReaderImpl<Base>::listPublishedMatters();                            \
  template std::vector<matters::MatterVersionInfo> ReaderImpl<Base>::listMatterVersions(int64_t);   \
  template std::optional<std::vector<matters::JargonEntry>> ReaderImpl<Base>::jargonTerms();        \
  template std::optional<Application> ReaderImpl<Base>::applicationById(int64_t);                   \
  template std::optional<Application> ReaderImpl<Base>::applicationByCode(const std::string&);      \
  template std::vector<Application> ReaderImpl<Base>::listApplications(const matters::ApplicationQuery&); \
  template std::vector<Application> ReaderImpl<Base>::finishedApplications(int64_t, int64_t);
ONEDOOR_INSTANTIATE(Reader)
ONEDOOR_INSTANTIATE(WriteTx)
#undef ONEDOOR_INSTANTIATE

namespace {
// The stored document: the content only (id, code and publication live in columns).
std::string draftText(const Matter& m) {
  json j = matters::matterToJson(m);
  for (const char* k : {"id", "version", "published_at", "published_by"}) j.erase(k);
  return j.dump();
}

// A matter row's constraint failures (the code's UNIQUE, the department's FOREIGN KEY) in the
// admin's words; any other status as it is.
Status matterRowError(const Status& s) {
  if (s.code() == Code::kConflict) return conflict("事项编码已存在 / a matter with this code exists", "code");
  if (s.code() == Code::kInvalid) return invalid("部门不存在 / no such department", "department_id");
  return s;
}
}  // namespace

Result<int64_t> WriteTxImpl::insertMatter(const Matter& draft, int64_t at) {
  if (draft.code.empty()) return invalid("事项编码不能为空 / the matter code is required", "code");
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO matters(code, name, department_id, draft, draft_dirty, current_version, "
                        "created_at, updated_at) VALUES (:code, :name, :dept, :draft, 1, 0, :at, :at) ON CONFLICT DO NOTHING RETURNING id");
  Result<int64_t> id = st.bindText(":code", draft.code)
                 .bindText(":name", draft.name)
                 .bindInt(":dept", draft.department_id)
                 .bindText(":draft", draftText(draft))
                 .bindInt(":at", at)
                 .runReturningId();
  Status s = id.status();
  if (!s) return check(matterRowError(s));
  return *id;
}

Status WriteTxImpl::saveMatterDraft(const Matter& draft, int64_t at) {
  if (draft.code.empty()) return invalid("事项编码不能为空 / the matter code is required", "code");
  ONEDOOR_WRITE_PREPARE(st,
                        "UPDATE matters SET code = :code, name = :name, department_id = :dept, draft = :draft, "
                        "draft_dirty = 1, updated_at = :at WHERE id = :id");
  Status s = st.bindText(":code", draft.code)
                 .bindText(":name", draft.name)
                 .bindInt(":dept", draft.department_id)
                 .bindText(":draft", draftText(draft))
                 .bindInt(":at", at)
                 .bindInt(":id", draft.id)
                 .run();
  if (!s) return check(matterRowError(s));
  if (conn_.changes() == 0) return notFound("找不到该事项 / No such matter");
  return Status::ok();
}

Result<Matter> WriteTxImpl::publishMatter(int64_t id, int64_t at, int64_t by_user) {
  auto rec = matterById(id);
  if (!error().isOk()) return error();
  if (!rec) return notFound("找不到该事项 / No such matter");
  int version = rec->current_version + 1;
  {
    ONEDOOR_WRITE_PREPARE(ins,
                          "INSERT INTO matter_versions(matter_id, version, body, published_at, published_by) "
                          "VALUES (:id, :v, :body, :at, :by)");
    Status s = ins.bindInt(":id", id)
                   .bindInt(":v", version)
                   .bindText(":body", draftText(rec->draft))
                   .bindInt(":at", at)
                   .bindInt(":by", by_user)
                   .run();
    if (!s) return check(s);
  }
  ONEDOOR_WRITE_PREPARE(up,
                        "UPDATE matters SET current_version = :v, draft_dirty = 0, updated_at = :at WHERE id = :id");
  Status s = up.bindInt(":v", version).bindInt(":at", at).bindInt(":id", id).run();
  if (!s) return check(s);
  Matter m = rec->draft;
  m.version = version;
  m.published_at = at;
  m.published_by = by_user;
  return m;
}

Status WriteTxImpl::setJargonTerms(const std::vector<matters::JargonEntry>& terms, int64_t at) {
  for (size_t i = 0; i < terms.size(); ++i) {
    if (terms[i].term.empty())
      return invalid("术语不能为空 / a term is empty", "terms[" + std::to_string(i) + "].term");
  }
  if (Status s = check(conn_.run("DELETE FROM jargon_terms")); !s) return s;
  for (size_t i = 0; i < terms.size(); ++i) {
    ONEDOOR_WRITE_PREPARE(st, "INSERT INTO jargon_terms(ord, term, plain) VALUES (:ord, :term, :plain)");
    Status s = st.bindInt(":ord", static_cast<int64_t>(i) + 1)
                   .bindText(":term", terms[i].term)
                   .bindText(":plain", terms[i].plain)
                   .run();
    if (s.code() == Code::kConflict)
      return invalid("术语重复：" + terms[i].term + " / duplicate term: " + terms[i].term,
                     "terms[" + std::to_string(i) + "].term");
    if (!s) return check(s);
  }
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO jargon_lists(id, saved_at) VALUES (1, :at) "
                        "ON CONFLICT(id) DO UPDATE SET saved_at = excluded.saved_at");
  return check(st.bindInt(":at", at).run());
}

Result<int64_t> WriteTxImpl::insertApplication(const Application& a) {
  static const std::string kSql =
      "INSERT INTO applications(code, matter_id, matter_version, department_id, state, applicant_name, "
      "applicant_phone, appointment_code, have, missing, trips, promised_trips, violations, submitted_at, accepted_at, "
      "due, finished_at, reason, created_by) VALUES (:code, :matter_id, :matter_version, :department_id, :state, "
      ":name, :phone, :appointment, :have, :missing, :trips, :promised_trips, :violations, :submitted_at, "
      ":accepted_at, :due, :finished_at, :reason, :created_by) ON CONFLICT DO NOTHING RETURNING id";
  ONEDOOR_WRITE_PREPARE(st, kSql);
  bindApp(st, a);
  Result<int64_t> id = st.runReturningId();
  Status s = id.status();
  if (s.code() == Code::kConflict) return conflict("办件编号重复 / this application code exists", "code");
  if (s.code() == Code::kInvalid) return invalid("事项不存在或状态不正确 / unknown matter or state", "matter_id");
  if (!s) return check(s);
  return *id;
}

Status WriteTxImpl::updateApplication(const Application& a) {
  static const std::string kSql =
      "UPDATE applications SET code = :code, matter_id = :matter_id, matter_version = :matter_version, "
      "department_id = :department_id, state = :state, applicant_name = :name, applicant_phone = :phone, "
      "appointment_code = :appointment, have = :have, missing = :missing, trips = :trips, "
      "promised_trips = :promised_trips, violations = :violations, submitted_at = :submitted_at, "
      "accepted_at = :accepted_at, due = :due, finished_at = :finished_at, reason = :reason, created_by = :created_by "
      "WHERE id = :id";
  ONEDOOR_WRITE_PREPARE(st, kSql);
  bindApp(st, a);
  st.bindInt(":id", a.id);
  Status s = st.run();
  if (s.code() == Code::kInvalid) return invalid("办件状态不正确 / invalid application state", "state");
  if (!s) return check(s);
  if (conn_.changes() == 0) return notFound("找不到该办件 / No such application");
  return Status::ok();
}

Status WriteTxImpl::insertNotification(int64_t application_id, const matters::Notification& n) {
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO application_notifications(application_id, seq, at, items, new_items, violation, "
                        "by_user) VALUES (:id, (SELECT coalesce(max(seq), 0) + 1 FROM application_notifications "
                        "WHERE application_id = :id), :at, :items, :new_items, :violation, :by)");
  Status s = st.bindInt(":id", application_id)
                 .bindInt(":at", n.at)
                 .bindText(":items", json(n.items).dump())
                 .bindText(":new_items", json(n.new_items).dump())
                 .bindInt(":violation", n.violation ? 1 : 0)
                 .bindInt(":by", n.by)
                 .run();
  if (s.code() == Code::kInvalid) return invalid("办件不存在 / no such application", "application_id");
  return check(s);
}

Status WriteTxImpl::insertVisit(int64_t application_id, const matters::Visit& v) {
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO application_visits(application_id, seq, at, purpose, have, by_user) VALUES (:id, "
                        "(SELECT coalesce(max(seq), 0) + 1 FROM application_visits WHERE application_id = :id), :at, "
                        ":purpose, :have, :by)");
  Status s = st.bindInt(":id", application_id)
                 .bindInt(":at", v.at)
                 .bindText(":purpose", v.purpose)
                 .bindText(":have", json(v.have).dump())
                 .bindInt(":by", v.by)
                 .run();
  if (s.code() == Code::kInvalid) return invalid("办件不存在 / no such application", "application_id");
  return check(s);
}

}  // namespace onedoor::sql
