// The Reader (read snapshots) and WriteTx (the writer's transactions) of both backends, written
// once over sql::Connection; the SQL per domain is in src/store/sql/*.cc.
// Thread-safety: none; a transaction object lives inside one read() or one WriteFn call.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "people/rate_limit.h"
#include "store/sql/statement.h"
#include "store/store.h"

namespace onedoor::sql {

// The writer's cached view of the end of the ledger, so appendEvent needs no SELECT.
struct ChainHead {
  int64_t seq = 0;
  std::string hash;  // ledger::kGenesisHash when seq == 0
};

// Reads the newest event's seq and hash from the database.
Result<ChainHead> loadChainHead(Connection& conn);

// The rows every appeal intake reads on the writer (its category, the category's routing rules,
// the routed department and its handlers), kept from one WriteFn to the next: under load all the
// intakes of a batch read the same few rows. Whoever owns it clears it when a batch begins (other
// processes or nodes may have written since) and when a WriteFn is rolled back; every write to
// departments, users, categories or routing_rules clears it too.
struct RoutingRowsCache {
  std::map<std::string, std::optional<appeals::Category>> categories;
  std::map<std::string, std::vector<appeals::RoutingRule>> rules;
  std::map<int64_t, std::vector<User>> handlers;
  std::map<int64_t, std::optional<Department>> departments;
  void clear() {
    categories.clear();
    rules.clear();
    handlers.clear();
    departments.clear();
  }
};


// The Reader methods, shared by the read and the write transaction. Reader methods cannot return
// an error, so a database error is remembered here ("sticky") and the store turns it into the
// status of the whole read() or WriteFn once the callback returns.
template <class Base>
class ReaderImpl : public Base {
 public:
  explicit ReaderImpl(Connection& conn) : conn_(conn) {}

  std::optional<User> userById(int64_t id) override;
  std::optional<User> userByUsername(const std::string& username) override;
  std::vector<User> listUsers() override;
  std::optional<Department> departmentById(int64_t id) override;
  std::vector<Department> listDepartments() override;
  std::optional<SessionRow> sessionByTokenHash(const std::string& token_hash) override;
  std::vector<Event> eventsAfter(int64_t after_seq, int64_t limit) override;
  std::vector<Event> latestEvents(int64_t limit) override;
  int64_t lastSeq() override;
  std::vector<Event> eventsBySubject(const std::string& subject) override;

  // Appeals (sql/appeals.cc).
  std::vector<appeals::Category> listCategories() override;
  std::optional<appeals::Category> categoryByCode(const std::string& code) override;
  std::vector<appeals::RoutingRule> listRoutingRules() override;
  std::vector<appeals::RoutingRule> routingRulesFor(const std::string& category) override;
  std::vector<User> departmentHandlers(int64_t department_id) override;
  std::optional<appeals::Appeal> appealById(int64_t id) override;
  std::optional<appeals::Appeal> appealByTrackingCode(const std::string& code) override;
  std::vector<appeals::Appeal> listAppeals(const AppealQuery& q) override;
  std::vector<appeals::Rectification> listRectifications(bool open_only, int64_t limit) override;
  std::optional<appeals::Rectification> rectificationById(int64_t id) override;
  std::vector<appeals::AppealPhoto> listAppealPhotos(int64_t appeal_id) override;
  std::optional<appeals::AppealPhoto> appealPhoto(int64_t appeal_id, int64_t photo_id) override;
  std::vector<Event> eventsBetween(int64_t from_ms, int64_t to_ms, const std::string& subject_prefix,
                                   int64_t limit) override;

  // Open311 (sql/open311.cc).
  std::vector<ApiKey> listApiKeys() override;
  std::optional<ApiKey> apiKeyById(int64_t id) override;
  std::optional<ApiKey> apiKeyByHash(const std::string& key_hash) override;
  std::vector<appeals::CategoryAttribute> listCategoryAttributes(const std::string& category) override;
  std::optional<Open311Submission> open311Submission(int64_t appeal_id) override;

  // Hall (sql/hall.cc).
  std::vector<HallRow> listHalls() override;
  std::optional<HallRow> hallById(int64_t id) override;
  std::vector<HallServiceRow> listHallServices(int64_t hall_id) override;
  std::vector<WindowRow> listWindows(int64_t hall_id) override;
  std::optional<WindowRow> windowById(int64_t id) override;
  std::vector<StaffSkillRow> listStaffSkills(int64_t hall_id) override;
  std::vector<TicketRow> listLiveTickets(int64_t hall_id) override;
  std::optional<TicketRow> ticketById(int64_t id) override;
  std::optional<TicketRow> ticketByCode(const std::string& public_code) override;
  std::optional<TicketRow> lastFinishedAtWindow(int64_t window_id) override;
  std::vector<TicketRow> recentCalls(int64_t hall_id, int64_t since, int64_t limit) override;
  std::optional<TicketRatingRow> ticketRating(int64_t ticket_id) override;
  std::map<std::string, int> hallPriorityWeights(int64_t hall_id) override;
  std::vector<HallShiftRow> listHallShifts(int64_t hall_id) override;

  // Matters and applications (sql/matters.cc).
  std::vector<matters::MatterRecord> listMatters() override;
  std::optional<matters::MatterRecord> matterById(int64_t id) override;
  std::optional<matters::Matter> publishedMatter(int64_t id) override;
  std::optional<matters::Matter> publishedMatterVersion(int64_t id, int version) override;
  std::vector<matters::Matter> listPublishedMatters() override;
  std::vector<matters::MatterVersionInfo> listMatterVersions(int64_t id) override;
  std::optional<std::vector<matters::JargonEntry>> jargonTerms() override;
  std::optional<matters::Application> applicationById(int64_t id) override;
  std::optional<matters::Application> applicationByCode(const std::string& code) override;
  std::vector<matters::Application> listApplications(const matters::ApplicationQuery& q) override;
  std::vector<matters::Application> finishedApplications(int64_t from_ms, int64_t to_ms) override;

  // Appointments (sql/appointments.cc).
  std::optional<AppointmentRow> appointmentById(int64_t id) override;
  std::optional<AppointmentRow> appointmentByCode(const std::string& code) override;
  std::vector<std::pair<int64_t, int>> bookedPerSlot(int64_t hall_id, const std::string& service, int64_t from,
                                                     int64_t to) override;
  int appointmentCapacity(int64_t hall_id, const std::string& service) override;
  std::vector<AppointmentRow> dueAppointmentReminders(int64_t now, int64_t limit) override;

  // The first database error met by any method, or ok.
  const Status& error() const { return error_; }

 protected:
  // Records `s` as the sticky error (the first one wins) and returns it.
  Status fail(Status s) {
    if (error_.isOk()) error_ = s;
    return s;
  }

  Connection& conn_;
  Status error_;
};

using ReadTxImpl = ReaderImpl<Reader>;

// One WriteFn's view of the writer's transaction. Domain errors (duplicate, not found, invalid
// input) are returned to the WriteFn, which may handle them; storage errors are also sticky, so
// a WriteFn that ignores them is still rolled back.
class WriteTxImpl final : public ReaderImpl<WriteTx> {
 public:
  WriteTxImpl(Connection& conn, ChainHead& head, RoutingRowsCache& routing_rows)
      : ReaderImpl<WriteTx>(conn), head_(head), routing_rows_(routing_rows) {}

  // The routing reads, through the batch's RoutingRowsCache.
  std::optional<appeals::Category> categoryByCode(const std::string& code) override;
  std::vector<appeals::RoutingRule> routingRulesFor(const std::string& category) override;
  std::vector<User> departmentHandlers(int64_t department_id) override;
  std::optional<Department> departmentById(int64_t id) override;

  int64_t lastSeq() override { return head_.seq; }
  Result<Event> appendEvent(const EventDraft& draft) override;
  Result<Event> appendJsonEvent(const EventDraft& draft, const nlohmann::json& payload) override;
  Result<Event> appendObjectEvent(const EventDraft& draft, const CanonicalJsonObject& payload) override;
  Result<int64_t> insertDepartment(const Department& d) override;
  Result<int64_t> insertUser(const User& u) override;
  Status setUserDisabled(int64_t user_id, bool disabled) override;
  Status setUserPresence(int64_t user_id, const std::string& presence) override;
  Status insertSession(const SessionRow& s) override;
  Status deleteSession(const std::string& token_hash) override;
  Status deleteSessionsOfUser(int64_t user_id) override;
  Status upsertCategory(const appeals::Category& c) override;
  Result<int64_t> insertRoutingRule(const appeals::RoutingRule& r) override;
  Result<int64_t> insertAppeal(const appeals::Appeal& a) override;
  Status updateAppeal(const appeals::Appeal& a) override;
  Result<int64_t> insertRectification(const appeals::Rectification& r) override;
  Status updateRectification(const appeals::Rectification& r) override;
  Result<int64_t> insertAppealPhoto(const appeals::AppealPhoto& p) override;
  Result<int64_t> insertApiKey(const ApiKey& k) override;
  Status revokeApiKey(int64_t id, int64_t at) override;
  Status upsertCategoryAttribute(const appeals::CategoryAttribute& a) override;
  Status insertOpen311Submission(const Open311Submission& s) override;
  Result<int64_t> insertHall(const HallRow& h) override;
  Status updateHall(const HallRow& h) override;
  Result<int64_t> insertHallService(const HallServiceRow& s) override;
  Status updateHallService(const HallServiceRow& s) override;
  Result<int64_t> insertWindow(const WindowRow& w) override;
  Status updateWindow(const WindowRow& w) override;
  Status setStaffSkills(const StaffSkillRow& s) override;
  Result<int64_t> insertTicket(const TicketRow& t) override;
  Status updateTicket(const TicketRow& t) override;
  Status insertTicketRating(const TicketRatingRow& r) override;
  Result<int64_t> insertAppointment(const AppointmentRow& a) override;
  Status updateAppointment(const AppointmentRow& a) override;
  Status setAppointmentCapacity(int64_t hall_id, const std::string& service, int capacity) override;

  // Matters and applications (sql/matters.cc).
  Result<int64_t> insertMatter(const matters::Matter& draft, int64_t at) override;
  Status saveMatterDraft(const matters::Matter& draft, int64_t at) override;
  Result<matters::Matter> publishMatter(int64_t id, int64_t at, int64_t by_user) override;
  Status setJargonTerms(const std::vector<matters::JargonEntry>& terms, int64_t at) override;
  Result<int64_t> insertApplication(const matters::Application& a) override;
  Status updateApplication(const matters::Application& a) override;
  Status insertNotification(int64_t application_id, const matters::Notification& n) override;
  Status insertVisit(int64_t application_id, const matters::Visit& v) override;

  Status setHallPriorityWeights(int64_t hall_id, const std::map<std::string, int>& weights) override;
  Status replaceHallShifts(int64_t hall_id, const std::vector<HallShiftRow>& shifts) override;

  // Rate limits (sql/rate_buckets.cc, reached through store/rate_buckets.h rather than the Store
  // interface).
  Result<people::RateTake> takeRateToken(const std::string& kind, const std::string& key,
                                         const people::RateLimit& limit, int64_t now);
  Result<int64_t> activeTicketsOfPhone(int64_t hall_id, const std::string& phone);
  Result<int64_t> placesOfPhone(const std::string& phone, int64_t from, int64_t to);
  Status pruneRateBuckets(int64_t now);

 private:
  // Passes domain errors through; storage errors (kInternal, kUnavailable) also become sticky.
  Status check(Status s);
  // The chain step shared by both appends: `payload` is canonical already.
  Result<Event> appendCanonical(const EventDraft& draft, std::string payload);
  Result<int64_t> countRow(Statement& st);

  // The cached answer for `key` in `rows`, else `load()`'s, kept unless the read failed.
  template <class Map, class Load>
  typename Map::mapped_type cachedRow(Map& rows, const typename Map::key_type& key, Load load) {
    if (auto it = rows.find(key); it != rows.end()) return it->second;
    typename Map::mapped_type value = load();
    if (error_.isOk()) rows.emplace(key, value);
    return value;
  }

  ChainHead& head_;
  RoutingRowsCache& routing_rows_;
};

}  // namespace onedoor::sql
