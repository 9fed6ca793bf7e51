// The SQL behind the appeal parts of Reader and WriteTx for both backends: categories,
// routing rules and appeal cases. Thread-safety: as tx.h.
#include <nlohmann/json.hpp>

#include "store/sql/rows.h"
#include "store/sql/tx.h"

namespace onedoor::sql {

using appeals::Appeal;
using appeals::Category;
using appeals::RoutingRule;
using nlohmann::json;

namespace {

constexpr const char* kCategoryCols =
    "code, name, grp, pinyin, keywords, department_id, urgent, response_limit, resolution_limit, active";
constexpr const char* kAppealCols =
    "id, tracking_code, secret_hash, channel, category, title, text, address, lat, lng, phone, citizen_name, "
    "area, state, department_id, handler_id, created_at, created_by, response_due, resolution_due, accepted_at, "
    "replied_at, closed_at, transfers, assignment_final, reopen_count, escalation_level, reply, confirm_due, "
    "resolved, rating, verdict_comment, close_reason, missed_deadlines, api_key_id";

// Columns: id, category, area, department_id.
RoutingRule routingRuleFrom(const Statement& s) {
  return RoutingRule{s.columnInt(0), s.columnText(1), s.columnText(2), s.columnInt(3)};
}

Category categoryFrom(const Statement& st) {
  Category c;
  c.code = st.columnText(0);
  c.name = st.columnText(1);
  c.group = st.columnText(2);
  c.pinyin = st.columnText(3);
  c.keywords = st.columnText(4);
  c.department_id = st.columnInt(5);
  c.urgent = st.columnInt(6) != 0;
  c.response_limit = static_cast<int>(st.columnInt(7));
  c.resolution_limit = static_cast<int>(st.columnInt(8));
  c.active = st.columnInt(9) != 0;
  return c;
}

std::string replyToJson(const appeals::Reply& r) {
  return json{{"text", r.text},           {"action", r.action}, {"responsible", r.responsible},
              {"due", r.due},             {"at", r.at},         {"by_user", r.by_user},
              {"formulaic_override", r.formulaic_override}, {"override_reason", r.override_reason}}
      .dump();
}

std::optional<appeals::Reply> replyFromJson(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  appeals::Reply r;
  r.text = j.value("text", "");
  r.action = j.value("action", "");
  r.responsible = j.value("responsible", "");
  r.due = j.value("due", int64_t{0});
  r.at = j.value("at", int64_t{0});
  r.by_user = j.value("by_user", int64_t{0});
  r.formulaic_override = j.value("formulaic_override", false);
  r.override_reason = j.value("override_reason", "");
  return r;
}

Appeal appealFrom(const Statement& st) {
  Appeal a;
  a.id = st.columnInt(0);
  a.tracking_code = st.columnText(1);
  a.secret_hash = st.columnText(2);
  a.channel = appeals::parseChannel(st.columnText(3)).value_or(appeals::Channel::kWeb);
  a.category = st.columnText(4);
  a.title = st.columnText(5);
  a.text = st.columnText(6);
  a.address = st.columnText(7);
  a.lat = st.columnOptDouble(8);
  a.lng = st.columnOptDouble(9);
  a.phone = st.columnText(10);
  a.citizen_name = st.columnText(11);
  a.area = st.columnText(12);
  a.state = appeals::parseState(st.columnText(13)).value_or(appeals::State::kReceived);
  a.department_id = st.columnInt(14);
  a.handler_id = st.columnOptInt(15);
  a.created_at = st.columnInt(16);
  a.created_by = st.columnInt(17);
  a.response_due = st.columnInt(18);
  a.resolution_due = st.columnInt(19);
  a.accepted_at = st.columnOptInt(20);
  a.replied_at = st.columnOptInt(21);
  a.closed_at = st.columnOptInt(22);
  a.transfers = static_cast<int>(st.columnInt(23));
  a.assignment_final = st.columnInt(24) != 0;
  a.reopen_count = static_cast<int>(st.columnInt(25));
  a.escalation_level = static_cast<int>(st.columnInt(26));
  if (!st.columnIsNull(27)) a.reply = replyFromJson(st.columnText(27));
  a.confirm_due = st.columnInt(28);
  if (auto r = st.columnOptInt(29)) a.resolved = *r != 0;
  if (auto r = st.columnOptInt(30)) a.rating = static_cast<appeals::Rating>(*r);
  a.verdict_comment = st.columnText(31);
  a.close_reason = st.columnText(32);
  a.missed_deadlines = static_cast<int>(st.columnInt(33));
  a.api_key_id = st.columnOptInt(34);
  return a;
}

// Binds every column but id; shared by insert and update so the two cannot drift.
void bindAppeal(Statement& st, const Appeal& a) {
  st.bindText(":tracking_code", a.tracking_code)
      .bindText(":secret_hash", a.secret_hash)
      .bindText(":channel", appeals::channelName(a.channel))
      .bindText(":category", a.category)
      .bindText(":title", a.title)
      .bindText(":text", a.text)
      .bindText(":address", a.address)
      .bindOptDouble(":lat", a.lat)
      .bindOptDouble(":lng", a.lng)
      .bindText(":phone", a.phone)
      .bindText(":citizen_name", a.citizen_name)
      .bindText(":area", a.area)
      .bindText(":state", appeals::stateName(a.state))
      .bindInt(":department_id", a.department_id)
      .bindOptInt(":handler_id", a.handler_id)
      .bindInt(":created_at", a.created_at)
      .bindInt(":created_by", a.created_by)
      .bindInt(":response_due", a.response_due)
      .bindInt(":resolution_due", a.resolution_due)
      .bindOptInt(":accepted_at", a.accepted_at)
      .bindOptInt(":replied_at", a.replied_at)
      .bindOptInt(":closed_at", a.closed_at)
      .bindInt(":transfers", a.transfers)
      .bindInt(":assignment_final", a.assignment_final ? 1 : 0)
      .bindInt(":reopen_count", a.reopen_count)
      .bindInt(":escalation_level", a.escalation_level)
      .bindInt(":confirm_due", a.confirm_due)
      .bindOptInt(":resolved", a.resolved ? std::optional<int64_t>(*a.resolved ? 1 : 0) : std::nullopt)
      .bindOptInt(":rating", a.rating ? std::optional<int64_t>(static_cast<int64_t>(*a.rating)) : std::nullopt)
      .bindText(":verdict_comment", a.verdict_comment)
      .bindText(":close_reason", a.close_reason)
      .bindInt(":missed_deadlines", a.missed_deadlines)
      .bindOptInt(":api_key_id", a.api_key_id);
  if (a.reply) st.bindText(":reply", replyToJson(*a.reply));
  else st.bindNull(":reply");
}

}  // namespace


template <class Base>
std::vector<Category> ReaderImpl<Base>::listCategories() {
  static const std::string kSql = std::string("SELECT ") + kCategoryCols + " FROM categories ORDER BY grp, code";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  return allRows<Category>(st, categoryFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<Category> ReaderImpl<Base>::categoryByCode(const std::string& code) {
  static const std::string kSql = std::string("SELECT ") + kCategoryCols + " FROM categories WHERE code = :code";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindText(":code", code);
  return oneRow<Category>(st, categoryFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<RoutingRule> ReaderImpl<Base>::listRoutingRules() {
  ONEDOOR_READ_PREPARE(st, "SELECT id, category, area, department_id FROM routing_rules ORDER BY id", {});
  return allRows<RoutingRule>(st, routingRuleFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<RoutingRule> ReaderImpl<Base>::routingRulesFor(const std::string& category) {
  // The UNIQUE (category, area) index finds them.
  ONEDOOR_READ_PREPARE(st, "SELECT id, category, area, department_id FROM routing_rules WHERE category = :c ORDER BY id",
                       {});
  st.bindText(":c", category);
  return allRows<RoutingRule>(st, routingRuleFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<Appeal> ReaderImpl<Base>::appealById(int64_t id) {
  static const std::string kSql = std::string("SELECT ") + kAppealCols + " FROM appeals WHERE id = :id";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":id", id);
  return oneRow<Appeal>(st, appealFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<Appeal> ReaderImpl<Base>::appealByTrackingCode(const std::string& code) {
  static const std::string kSql = std::string("SELECT ") + kAppealCols + " FROM appeals WHERE tracking_code = :c";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindText(":c", code);
  return oneRow<Appeal>(st, appealFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<Appeal> ReaderImpl<Base>::listAppeals(const AppealQuery& q) {
  // One statement with optional filters ("CAST(:x AS T) IS NULL OR col = :x": the CAST tells PostgreSQL
  // the type) keeps the statement cache small;
  // list filters arrive as JSON arrays, opened in the connection's dialect.
  auto build = [](Dialect d) {
    return std::string("SELECT ") + kAppealCols +
           " FROM appeals WHERE (CAST(:state AS TEXT) IS NULL OR state = :state)"
           " AND (:open_only = 0 OR state <> 'closed')"
           " AND (CAST(:dept AS BIGINT) IS NULL OR department_id = :dept)"
           " AND (CAST(:handler AS BIGINT) IS NULL OR handler_id = :handler)"
           " AND (CAST(:overdue AS BIGINT) IS NULL OR (state IN ('received', 'assigned') AND response_due < :overdue)"
           "      OR (state IN ('received', 'assigned', 'accepted') AND resolution_due < :overdue))"
           " AND (:escalated = 0 OR escalation_level > 0)"
           " AND (CAST(:category AS TEXT) IS NULL OR category = :category)"
           " AND (CAST(:from AS BIGINT) IS NULL OR created_at >= :from)"
           " AND (CAST(:to AS BIGINT) IS NULL OR created_at < :to)"
           " AND (CAST(:channel AS TEXT) IS NULL OR channel = :channel)"
           " AND (CAST(:categories AS TEXT) IS NULL OR " + inJsonArray(d, "category", ":categories", false) + ")"
           " AND (CAST(:states AS TEXT) IS NULL OR " + inJsonArray(d, "state", ":states", false) + ")"
           " AND (CAST(:ids AS TEXT) IS NULL OR " + inJsonArray(d, "id", ":ids", true) + ")"
           " ORDER BY CASE WHEN :newest = 1 THEN -created_at ELSE resolution_due END,"
           " CASE WHEN :newest = 1 THEN -id ELSE id END LIMIT :limit OFFSET :offset";
  };
  static const std::string kSql[2] = {build(Dialect::kSqlite), build(Dialect::kPostgres)};
  ONEDOOR_READ_PREPARE(st, kSql[conn_.dialect() == Dialect::kPostgres], {});
  if (q.state) st.bindText(":state", appeals::stateName(*q.state));
  else st.bindNull(":state");
  st.bindInt(":open_only", q.open_only ? 1 : 0)
      .bindOptInt(":dept", q.department_id)
      .bindOptInt(":handler", q.handler_id)
      .bindOptInt(":overdue", q.overdue_at)
      .bindInt(":escalated", q.escalated_only ? 1 : 0)
      .bindOptInt(":from", q.created_from)
      .bindOptInt(":to", q.created_to)
      .bindInt(":newest", q.newest_first ? 1 : 0)
      .bindInt(":limit", q.limit)
      .bindInt(":offset", q.offset);
  if (q.category) st.bindText(":category", *q.category);
  else st.bindNull(":category");
  if (q.channel) st.bindText(":channel", appeals::channelName(*q.channel));
  else st.bindNull(":channel");
  if (q.categories.empty()) st.bindNull(":categories");
  else st.bindText(":categories", json(q.categories).dump());
  if (q.states.empty()) {
    st.bindNull(":states");
  } else {
    json names = json::array();
    for (auto s : q.states) names.push_back(std::string(appeals::stateName(s)));
    st.bindText(":states", names.dump());
  }
  if (q.ids.empty()) st.bindNull(":ids");
  else st.bindText(":ids", json(q.ids).dump());
  return allRows<Appeal>(st, appealFrom, [this](Status s) { fail(std::move(s)); });
}

constexpr const char* kRectCols =
    "id, appeal_id, rating, comment, opened_at, due, done, followup_at, followup_by, followup_note, citizen_satisfied, "
    "source, ticket_id";

appeals::Rectification rectificationFrom(const Statement& st) {
  appeals::Rectification r;
  r.id = st.columnInt(0);
  r.appeal_id = st.columnOptInt(1).value_or(0);
  r.rating = static_cast<appeals::Rating>(st.columnInt(2));
  r.comment = st.columnText(3);
  r.opened_at = st.columnInt(4);
  r.due = st.columnInt(5);
  r.done = st.columnInt(6) != 0;
  r.followup_at = st.columnOptInt(7);
  r.followup_by = st.columnInt(8);
  r.followup_note = st.columnText(9);
  if (auto v = st.columnOptInt(10)) r.citizen_satisfied = *v != 0;
  r.source = st.columnText(11);
  r.ticket_id = st.columnOptInt(12);
  return r;
}

template <class Base>
std::vector<appeals::Rectification> ReaderImpl<Base>::listRectifications(bool open_only, int64_t limit) {
  static const std::string kSql = std::string("SELECT ") + kRectCols +
                                  " FROM rectifications WHERE (:open = 0 OR done = 0) ORDER BY id DESC LIMIT :limit";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindInt(":open", open_only ? 1 : 0).bindInt(":limit", limit);
  return allRows<appeals::Rectification>(st, rectificationFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<appeals::Rectification> ReaderImpl<Base>::rectificationById(int64_t id) {
  static const std::string kSql = std::string("SELECT ") + kRectCols + " FROM rectifications WHERE id = :id";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":id", id);
  return oneRow<appeals::Rectification>(st, rectificationFrom, [this](Status s) { fail(std::move(s)); });
}

constexpr const char* kPhotoCols = "id, appeal_id, mime, size, hash, created_at";

appeals::AppealPhoto photoFrom(const Statement& st) {
  appeals::AppealPhoto p;
  p.id = st.columnInt(0);
  p.appeal_id = st.columnInt(1);
  p.mime = st.columnText(2);
  p.size = st.columnInt(3);
  p.hash = st.columnText(4);
  p.created_at = st.columnInt(5);
  return p;
}

template <class Base>
std::vector<appeals::AppealPhoto> ReaderImpl<Base>::listAppealPhotos(int64_t appeal_id) {
  static const std::string kSql =
      std::string("SELECT ") + kPhotoCols + " FROM appeal_photos WHERE appeal_id = :a ORDER BY id";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindInt(":a", appeal_id);
  return allRows<appeals::AppealPhoto>(st, photoFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<appeals::AppealPhoto> ReaderImpl<Base>::appealPhoto(int64_t appeal_id, int64_t photo_id) {
  static const std::string kSql =
      std::string("SELECT ") + kPhotoCols + ", bytes FROM appeal_photos WHERE appeal_id = :a AND id = :id";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":a", appeal_id).bindInt(":id", photo_id);
  auto from = [](const Statement& s) {
    appeals::AppealPhoto p = photoFrom(s);
    p.bytes = s.columnBlob(6);
    return p;
  };
  return oneRow<appeals::AppealPhoto>(st, from, [this](Status s) { fail(std::move(s)); });
}

#define ONEDOOR_INSTANTIATE(Base)                                                              \
  template std::vector<appeals::Rectification> ReaderImpl<Base>::listRectifications(bool, int64_t); \
  template std::optional<appeals::Rectification> ReaderImpl<Base>::rectificationById(int64_t); \
  template std::vector<Category> ReaderImpl<Base>::listCategories();                     \
  template std::optional<Category> ReaderImpl<Base>::categoryByCode(const std::string&); \
  template std::vector<RoutingRule> ReaderImpl<Base>::listRoutingRules();                \
  template std::vector<RoutingRule> ReaderImpl<Base>::routingRulesFor(const std::string&); \
  template std::optional<Appeal> ReaderImpl<Base>::appealById(int64_t);                  \
  template std::optional<Appeal> ReaderImpl<Base>::appealByTrackingCode(const std::string&); \
  template std::vector<Appeal> ReaderImpl<Base>::listAppeals(const AppealQuery&);            \
  template std::vector<appeals::AppealPhoto> ReaderImpl<Base>::listAppealPhotos(int64_t);   \
  template std::optional<appeals::AppealPhoto> ReaderImpl<Base>::appealPhoto(int64_t, int64_t);
ONEDOOR_INSTANTIATE(Reader)
ONEDOOR_INSTANTIATE(WriteTx)
#undef ONEDOOR_INSTANTIATE


// The routing reads of the writer, kept for the batch (see RoutingRowsCache).
std::optional<Category> WriteTxImpl::categoryByCode(const std::string& code) {
  return cachedRow(routing_rows_.categories, code, [&] { return ReaderImpl<WriteTx>::categoryByCode(code); });
}

std::vector<RoutingRule> WriteTxImpl::routingRulesFor(const std::string& category) {
  return cachedRow(routing_rows_.rules, category, [&] { return ReaderImpl<WriteTx>::routingRulesFor(category); });
}

std::vector<User> WriteTxImpl::departmentHandlers(int64_t department_id) {
  return cachedRow(routing_rows_.handlers, department_id,
                   [&] { return ReaderImpl<WriteTx>::departmentHandlers(department_id); });
}

std::optional<Department> WriteTxImpl::departmentById(int64_t id) {
  return cachedRow(routing_rows_.departments, id, [&] { return ReaderImpl<WriteTx>::departmentById(id); });
}

Status WriteTxImpl::upsertCategory(const Category& c) {
  routing_rows_.clear();
  if (c.code.empty()) return invalid("类别编码不能为空 / category code is required", "code");
  if (c.name.empty()) return invalid("类别名称不能为空 / category name is required", "name");
  if (c.response_limit <= 0 || c.resolution_limit <= 0)
    return invalid("办理时限必须大于 0 / time limits must be positive", "resolution_limit");
  ONEDOOR_WRITE_PREPARE(st,
                  "INSERT INTO categories(code, name, grp, pinyin, keywords, department_id, urgent, response_limit, "
                  "resolution_limit, active) VALUES (:code, :name, :grp, :pinyin, :keywords, :dept, :urgent, "
                  ":resp, :resol, :active) ON CONFLICT(code) DO UPDATE SET name = excluded.name, grp = excluded.grp, "
                  "pinyin = excluded.pinyin, keywords = excluded.keywords, department_id = excluded.department_id, "
                  "urgent = excluded.urgent, response_limit = excluded.response_limit, "
                  "resolution_limit = excluded.resolution_limit, active = excluded.active");
  Status s = st.bindText(":code", c.code)
                 .bindText(":name", c.name)
                 .bindText(":grp", c.group)
                 .bindText(":pinyin", c.pinyin)
                 .bindText(":keywords", c.keywords)
                 .bindInt(":dept", c.department_id)
                 .bindInt(":urgent", c.urgent ? 1 : 0)
                 .bindInt(":resp", c.response_limit)
                 .bindInt(":resol", c.resolution_limit)
                 .bindInt(":active", c.active ? 1 : 0)
                 .run();
  if (s.code() == Code::kInvalid) return invalid("默认承办部门不存在 / the department does not exist", "department_id");
  return check(s);
}

Result<int64_t> WriteTxImpl::insertRoutingRule(const RoutingRule& r) {
  routing_rows_.clear();
  ONEDOOR_WRITE_PREPARE(st, "INSERT INTO routing_rules(category, area, department_id) VALUES (:c, :a, :d) ON CONFLICT DO NOTHING RETURNING id");
  Result<int64_t> id = st.bindText(":c", r.category).bindText(":a", r.area).bindInt(":d", r.department_id).runReturningId();
  Status s = id.status();
  if (s.code() == Code::kConflict) return conflict("该类别和区域已有分派规则 / a rule for this category and area exists");
  if (s.code() == Code::kInvalid) return invalid("类别或部门不存在 / unknown category or department", "category");
  if (!s) return check(s);
  return *id;
}

static const char* kAppealValues =
    ":tracking_code, :secret_hash, :channel, :category, :title, :text, :address, :lat, :lng, :phone, :citizen_name, "
    ":area, :state, :department_id, :handler_id, :created_at, :created_by, :response_due, :resolution_due, "
    ":accepted_at, :replied_at, :closed_at, :transfers, :assignment_final, :reopen_count, :escalation_level, :reply, "
    ":confirm_due, :resolved, :rating, :verdict_comment, :close_reason, :missed_deadlines, :api_key_id";

Result<int64_t> WriteTxImpl::insertAppeal(const Appeal& a) {
  static const std::string kSql = std::string("INSERT INTO appeals(") + (kAppealCols + 4) + ") VALUES (" +
                                  kAppealValues + ") ON CONFLICT DO NOTHING RETURNING id";
  ONEDOOR_WRITE_PREPARE(st, kSql);
  bindAppeal(st, a);
  Result<int64_t> id = st.runReturningId();
  Status s = id.status();
  if (s.code() == Code::kConflict) return conflict("查询码重复 / tracking code already exists", "tracking_code");
  if (s.code() == Code::kInvalid) return invalid("类别、部门或承办人不存在 / unknown category, department or handler");
  if (!s) return check(s);
  return *id;
}

Status WriteTxImpl::updateAppeal(const Appeal& a) {
  static const std::string kSql = [] {
    // "col = :col" for every column but id, from the same column list as the reads.
    std::string cols = kAppealCols + 4, set;
    size_t i = 0;
    while (i < cols.size()) {
      size_t j = cols.find(',', i);
      if (j == std::string::npos) j = cols.size();
      std::string c = cols.substr(i, j - i);
      while (!c.empty() && c.front() == ' ') c.erase(0, 1);
      if (!set.empty()) set += ", ";
      set += c + " = :" + c;
      i = j + 1;
    }
    return "UPDATE appeals SET " + set + " WHERE id = :id";
  }();
  ONEDOOR_WRITE_PREPARE(st, kSql);
  bindAppeal(st, a);
  st.bindInt(":id", a.id);
  Status s = st.run();
  if (!s) return check(s);
  if (conn_.changes() == 0) return notFound("找不到该诉求 / No such appeal");
  return Status::ok();
}

static void bindRectification(Statement& st, const appeals::Rectification& r) {
  st.bindOptInt(":appeal_id", r.appeal_id > 0 ? std::optional<int64_t>(r.appeal_id) : std::nullopt)
      .bindText(":source", r.source)
      .bindOptInt(":ticket_id", r.ticket_id)
      .bindInt(":rating", static_cast<int64_t>(r.rating))
      .bindText(":comment", r.comment)
      .bindInt(":opened_at", r.opened_at)
      .bindInt(":due", r.due)
      .bindInt(":done", r.done ? 1 : 0)
      .bindOptInt(":followup_at", r.followup_at)
      .bindInt(":followup_by", r.followup_by)
      .bindText(":followup_note", r.followup_note)
      .bindOptInt(":citizen_satisfied",
                  r.citizen_satisfied ? std::optional<int64_t>(*r.citizen_satisfied ? 1 : 0) : std::nullopt);
}

Result<int64_t> WriteTxImpl::insertRectification(const appeals::Rectification& r) {
  ONEDOOR_WRITE_PREPARE(st,
                  "INSERT INTO rectifications(source, appeal_id, ticket_id, rating, comment, opened_at, due, done, followup_at, "
                  "followup_by, followup_note, citizen_satisfied) VALUES (:source, :appeal_id, :ticket_id, :rating, :comment, :opened_at, "
                  ":due, :done, :followup_at, :followup_by, :followup_note, :citizen_satisfied) ON CONFLICT DO NOTHING RETURNING id");
  bindRectification(st, r);
  Result<int64_t> id = st.runReturningId();
  Status s = id.status();
  if (s.code() == Code::kInvalid) return invalid("诉求不存在 / the appeal does not exist", "appeal_id");
  if (!s) return check(s);
  return *id;
}

Status WriteTxImpl::updateRectification(const appeals::Rectification& r) {
  ONEDOOR_WRITE_PREPARE(st,
                  "UPDATE rectifications SET source = :source, appeal_id = :appeal_id, ticket_id = :ticket_id, rating = :rating, comment = :comment, "
                  "opened_at = :opened_at, due = :due, done = :done, followup_at = :followup_at, "
                  "followup_by = :followup_by, followup_note = :followup_note, citizen_satisfied = :citizen_satisfied "
                  "WHERE id = :id");
  bindRectification(st, r);
  st.bindInt(":id", r.id);
  Status s = st.run();
  if (!s) return check(s);
  if (conn_.changes() == 0) return notFound("找不到该整改 / No such rectification");
  return Status::ok();
}


Result<int64_t> WriteTxImpl::insertAppealPhoto(const appeals::AppealPhoto& p) {
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO appeal_photos(appeal_id, mime, size, hash, created_at, bytes) "
                        "VALUES (:appeal_id, :mime, :size, :hash, :created_at, :bytes) ON CONFLICT DO NOTHING RETURNING id");
  Result<int64_t> id = st.bindInt(":appeal_id", p.appeal_id)
                 .bindText(":mime", p.mime)
                 .bindInt(":size", static_cast<int64_t>(p.bytes.size()))
                 .bindText(":hash", p.hash)
                 .bindInt(":created_at", p.created_at)
                 .bindBlob(":bytes", p.bytes)
                 .runReturningId();
  Status s = id.status();
  if (s.code() == Code::kInvalid) return invalid("诉求不存在 / the appeal does not exist", "appeal_id");
  if (!s) return check(s);
  return *id;
}

}  // namespace onedoor::sql
