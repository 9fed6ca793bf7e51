// Implementation of tx.h (core part): the SQL behind Reader and WriteTx for both backends.
// Thread-safety: as tx.h.
#include "store/sql/tx.h"

#include <utility>

#include <nlohmann/json.hpp>

#include "core/canonical_json.h"
#include "ledger/ledger.h"
#include "store/sql/rows.h"

namespace onedoor::sql {

namespace {

constexpr const char* kUserCols =
    "id, username, display_name, role, password_hash, department_id, backup_user_id, disabled, "
    "presence, created_at";
constexpr const char* kDeptCols = "id, name, parent_id, level";
constexpr const char* kEventCols = "seq, at, actor, type, subject, payload, prev_hash, hash";

User userFrom(const Statement& st) {
  User u;
  u.id = st.columnInt(0);
  u.username = st.columnText(1);
  u.display_name = st.columnText(2);
  u.role = st.columnText(3);
  u.password_hash = st.columnText(4);
  u.department_id = st.columnOptInt(5);
  u.backup_user_id = st.columnOptInt(6);
  u.disabled = st.columnInt(7) != 0;
  u.presence = st.columnText(8);
  u.created_at = st.columnInt(9);
  return u;
}

Department departmentFrom(const Statement& st) {
  Department d;
  d.id = st.columnInt(0);
  d.name = st.columnText(1);
  d.parent_id = st.columnOptInt(2);
  d.level = st.columnText(3);
  return d;
}

Event eventFrom(const Statement& st) {
  Event e;
  e.seq = st.columnInt(0);
  e.at = st.columnInt(1);
  e.actor = st.columnText(2);
  e.type = st.columnText(3);
  e.subject = st.columnText(4);
  e.payload_json = st.columnText(5);
  e.prev_hash = st.columnText(6);
  e.hash = st.columnText(7);
  return e;
}

bool knownLevel(const std::string& s) {
  return s == "district" || s == "street" || s == "community" || s == "office";
}
bool knownRole(const std::string& s) {
  return s == "admin" || s == "supervisor" || s == "handler" || s == "clerk" || s == "operator";
}
bool knownPresence(const std::string& s) {
  return s == "on_duty" || s == "break" || s == "out" || s == "off";
}

}  // namespace

Result<ChainHead> loadChainHead(Connection& conn) {
  Result<Statement> st = conn.prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1");
  if (!st) return st.status();
  Result<bool> row = st->step();
  if (!row) return row.status();
  if (!*row) return ChainHead{0, ledger::kGenesisHash};
  return ChainHead{st->columnInt(0), st->columnText(1)};
}

// ---- Reader ----


template <class Base>
std::optional<User> ReaderImpl<Base>::userById(int64_t id) {
  static const std::string kSql = std::string("SELECT ") + kUserCols + " FROM users WHERE id = :id";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":id", id);
  return oneRow<User>(st, userFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<User> ReaderImpl<Base>::userByUsername(const std::string& username) {
  static const std::string kSql = std::string("SELECT ") + kUserCols + " FROM users WHERE username = :u";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindText(":u", username);
  return oneRow<User>(st, userFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<User> ReaderImpl<Base>::listUsers() {
  static const std::string kSql = std::string("SELECT ") + kUserCols + " FROM users ORDER BY id";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  return allRows<User>(st, userFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<User> ReaderImpl<Base>::departmentHandlers(int64_t department_id) {
  // users_by_department finds them; the rest of the filter is listUsers()' rows as routing skips them.
  static const std::string kSql = std::string("SELECT ") + kUserCols +
                                  " FROM users WHERE department_id = :d AND role = 'handler' AND disabled = 0 ORDER BY id";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindInt(":d", department_id);
  return allRows<User>(st, userFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<Department> ReaderImpl<Base>::departmentById(int64_t id) {
  static const std::string kSql = std::string("SELECT ") + kDeptCols + " FROM departments WHERE id = :id";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":id", id);
  return oneRow<Department>(st, departmentFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<Department> ReaderImpl<Base>::listDepartments() {
  static const std::string kSql = std::string("SELECT ") + kDeptCols + " FROM departments ORDER BY id";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  return allRows<Department>(st, departmentFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<SessionRow> ReaderImpl<Base>::sessionByTokenHash(const std::string& token_hash) {
  static const std::string kSql =
      "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = :t";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindText(":t", token_hash);
  auto from = [](const Statement& s) {
    SessionRow r;
    r.token_hash = s.columnText(0);
    r.user_id = s.columnInt(1);
    r.csrf_token = s.columnText(2);
    r.created_at = s.columnInt(3);
    r.expires_at = s.columnInt(4);
    return r;
  };
  return oneRow<SessionRow>(st, from, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<Event> ReaderImpl<Base>::eventsAfter(int64_t after_seq, int64_t limit) {
  if (limit <= 0) return {};
  static const std::string kSql =
      std::string("SELECT ") + kEventCols + " FROM events WHERE seq > :after ORDER BY seq LIMIT :limit";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindInt(":after", after_seq).bindInt(":limit", limit);
  return allRows<Event>(st, eventFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<Event> ReaderImpl<Base>::latestEvents(int64_t limit) {
  if (limit <= 0) return {};
  static const std::string kSql =
      std::string("SELECT ") + kEventCols + " FROM events ORDER BY seq DESC LIMIT :limit";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindInt(":limit", limit);
  return allRows<Event>(st, eventFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<Event> ReaderImpl<Base>::eventsBySubject(const std::string& subject) {
  static const std::string kSql =
      std::string("SELECT ") + kEventCols + " FROM events WHERE subject = :subject ORDER BY seq";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindText(":subject", subject);
  return allRows<Event>(st, eventFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<Event> ReaderImpl<Base>::eventsBetween(int64_t from_ms, int64_t to_ms,
                                                         const std::string& subject_prefix, int64_t limit) {
  if (limit <= 0) return {};
  // substr rather than LIKE: a prefix with % or _ must match literally.
  static const std::string kSql = std::string("SELECT ") + kEventCols +
                                  " FROM events WHERE at >= :from AND at < :to AND substr(subject, 1, length(:prefix)) = "
                                  ":prefix ORDER BY seq LIMIT :limit";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindInt(":from", from_ms).bindInt(":to", to_ms).bindText(":prefix", subject_prefix).bindInt(":limit", limit);
  return allRows<Event>(st, eventFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
int64_t ReaderImpl<Base>::lastSeq() {
  // ORDER BY the rowid alias with LIMIT 1 is one B-tree seek.
  ONEDOOR_READ_PREPARE(st, "SELECT seq FROM events ORDER BY seq DESC LIMIT 1", 0);
  std::optional<int64_t> seq =
      oneRow<int64_t>(st, [](const Statement& s) { return s.columnInt(0); }, [this](Status s) { fail(std::move(s)); });
  return seq.value_or(0);
}

template class ReaderImpl<Reader>;
template class ReaderImpl<WriteTx>;

// ---- WriteTx ----

Status WriteTxImpl::check(Status s) {
  if (s.code() == Code::kInternal || s.code() == Code::kUnavailable) fail(s);
  return s;
}


// What every event needs besides its payload.
static Status checkDraft(const EventDraft& draft) {
  if (draft.type.empty()) return invalid("事件类型不能为空 / event type is required", "type");
  if (draft.actor.empty()) return invalid("事件操作者不能为空 / event actor is required", "actor");
  return Status::ok();
}

Result<Event> WriteTxImpl::appendEvent(const EventDraft& draft) {
  if (Status s = checkDraft(draft); !s) return s;
  Result<std::string> payload = ledger::canonicalJson(draft.payload_json);
  if (!payload) return payload.status();
  return appendCanonical(draft, std::move(*payload));
}

Result<Event> WriteTxImpl::appendJsonEvent(const EventDraft& draft, const nlohmann::json& payload) {
  if (Status s = checkDraft(draft); !s) return s;
  std::string canonical;
  try {
    // Exactly what canonicalJson(payload.dump()) returns: nlohmann's objects are std::maps (keys
    // sorted by their UTF-8 bytes), numbers print so that they parse back to the same value, and
    // strict UTF-8 handling refuses what canonicalJson refuses.
    canonical = payload.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception&) {
    return invalid("内容含有无效的 UTF-8 字符 / content is not valid UTF-8", "payload_json");
  }
  return appendCanonical(draft, std::move(canonical));
}

Result<Event> WriteTxImpl::appendObjectEvent(const EventDraft& draft, const CanonicalJsonObject& payload) {
  if (Status s = checkDraft(draft); !s) return s;
  Result<std::string> text = payload.text();
  if (!text) return text.status();
  return appendCanonical(draft, std::move(*text));
}

Result<Event> WriteTxImpl::appendCanonical(const EventDraft& draft, std::string payload) {
  Event e;
  e.seq = head_.seq + 1;
  e.at = draft.at;
  e.actor = draft.actor;
  e.type = draft.type;
  e.subject = draft.subject;
  e.payload_json = std::move(payload);
  e.prev_hash = head_.hash;
  e.hash = ledger::eventHash(e);

  ONEDOOR_WRITE_PREPARE(st,
                  "INSERT INTO events(seq, at, actor, type, subject, payload, prev_hash, hash) "
                  "VALUES (:seq, :at, :actor, :type, :subject, :payload, :prev_hash, :hash)");
  st.bindInt(":seq", e.seq)
      .bindInt(":at", e.at)
      .bindText(":actor", e.actor)
      .bindText(":type", e.type)
      .bindText(":subject", e.subject)
      .bindText(":payload", e.payload_json)
      .bindText(":prev_hash", e.prev_hash)
      .bindText(":hash", e.hash);
  Status s = st.run();
  // A failed INSERT of the next seq is never a domain error: the cached head disagrees with the
  // database, so the whole WriteFn must go.
  if (!s) return fail(s);
  // Only now, so a failed insert leaves the head as it was; the store restores the head if the
  // WriteFn as a whole is rolled back later.
  head_.seq = e.seq;
  head_.hash = e.hash;
  return e;
}

Result<int64_t> WriteTxImpl::insertDepartment(const Department& d) {
  routing_rows_.clear();
  if (d.name.empty()) return invalid("部门名称不能为空 / department name is required", "name");
  if (!knownLevel(d.level)) {
    return invalid("部门层级无效 / department level must be district, street, community or office", "level");
  }
  ONEDOOR_WRITE_PREPARE(st, "INSERT INTO departments(name, parent_id, level) VALUES (:name, :parent, :level) ON CONFLICT DO NOTHING RETURNING id");
  Result<int64_t> id = st.bindText(":name", d.name).bindOptInt(":parent", d.parent_id).bindText(":level", d.level).runReturningId();
  Status s = id.status();
  if (s.code() == Code::kInvalid) return invalid("上级部门不存在 / parent department does not exist", "parent_id");
  if (!s) return check(s);
  return *id;
}

Result<int64_t> WriteTxImpl::insertUser(const User& u) {
  routing_rows_.clear();
  if (u.username.empty()) return invalid("用户名不能为空 / username is required", "username");
  if (!knownRole(u.role)) return invalid("角色无效 / unknown role", "role");
  if (!knownPresence(u.presence)) return invalid("在岗状态无效 / unknown presence", "presence");
  ONEDOOR_WRITE_PREPARE(st,
                  "INSERT INTO users(username, display_name, role, password_hash, department_id, "
                  "backup_user_id, disabled, presence, created_at) VALUES (:username, :display_name, "
                  ":role, :password_hash, :department_id, :backup_user_id, :disabled, :presence, "
                  ":created_at) ON CONFLICT DO NOTHING RETURNING id");
  Result<int64_t> id = st.bindText(":username", u.username)
                 .bindText(":display_name", u.display_name)
                 .bindText(":role", u.role)
                 .bindText(":password_hash", u.password_hash)
                 .bindOptInt(":department_id", u.department_id)
                 .bindOptInt(":backup_user_id", u.backup_user_id)
                 .bindInt(":disabled", u.disabled ? 1 : 0)
                 .bindText(":presence", u.presence)
                 .bindInt(":created_at", u.created_at)
                 .runReturningId();
  Status s = id.status();
  if (s.code() == Code::kConflict) return conflict("用户名已存在 / username already exists", "username");
  if (s.code() == Code::kInvalid) {
    return invalid("所属部门或 B 岗用户不存在 / department or backup user does not exist", "department_id");
  }
  if (!s) return check(s);
  return *id;
}

Status WriteTxImpl::setUserDisabled(int64_t user_id, bool disabled) {
  routing_rows_.clear();
  ONEDOOR_WRITE_PREPARE(st, "UPDATE users SET disabled = :disabled WHERE id = :id");
  Status s = st.bindInt(":disabled", disabled ? 1 : 0).bindInt(":id", user_id).run();
  if (!s) return check(s);
  if (conn_.changes() == 0) return notFound("用户不存在 / user not found");
  return Status::ok();
}

Status WriteTxImpl::setUserPresence(int64_t user_id, const std::string& presence) {
  routing_rows_.clear();
  if (!knownPresence(presence)) {
    return invalid("在岗状态无效 / presence must be on_duty, break, out or off", "presence");
  }
  ONEDOOR_WRITE_PREPARE(st, "UPDATE users SET presence = :presence WHERE id = :id");
  Status s = st.bindText(":presence", presence).bindInt(":id", user_id).run();
  if (!s) return check(s);
  if (conn_.changes() == 0) return notFound("用户不存在 / user not found");
  return Status::ok();
}

Status WriteTxImpl::insertSession(const SessionRow& r) {
  ONEDOOR_WRITE_PREPARE(st,
                  "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at) "
                  "VALUES (:token_hash, :user_id, :csrf, :created_at, :expires_at)");
  Status s = st.bindText(":token_hash", r.token_hash)
                 .bindInt(":user_id", r.user_id)
                 .bindText(":csrf", r.csrf_token)
                 .bindInt(":created_at", r.created_at)
                 .bindInt(":expires_at", r.expires_at)
                 .run();
  if (s.code() == Code::kConflict) return conflict("会话已存在 / session already exists", "token_hash");
  if (s.code() == Code::kInvalid) return invalid("用户不存在 / user does not exist", "user_id");
  return check(s);
}

Status WriteTxImpl::deleteSession(const std::string& token_hash) {
  ONEDOOR_WRITE_PREPARE(st, "DELETE FROM sessions WHERE token_hash = :t");
  return check(st.bindText(":t", token_hash).run());
}

Status WriteTxImpl::deleteSessionsOfUser(int64_t user_id) {
  ONEDOOR_WRITE_PREPARE(st, "DELETE FROM sessions WHERE user_id = :u");
  return check(st.bindInt(":u", user_id).run());
}


}  // namespace onedoor::sql
