// Store: the storage interface every backend (SQLite, PostgreSQL) implements, and that the
// contract suite in tests/contract tests. Domain and API code see only this file and types.h.
//
// Thread-safety: Store methods are safe from any thread. A ReadTx / WriteTx is confined to the
// callback it is passed to and must not escape it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "appeals/appeal.h"
#include "appeals/category.h"
#include "appeals/photo.h"
#include "appeals/rectification.h"
#include "core/result.h"
#include "matters/matter.h"
#include "matters/records.h"
#include "store/appointment_rows.h"
#include "store/hall_rows.h"
#include "store/types.h"

namespace onedoor {

class CanonicalJsonObject;  // core/canonical_json.h

// Filters for listing appeals; unset fields do not filter. Ordered by resolution_due ascending
// (the most urgent first), then id.
struct AppealQuery {
  std::optional<appeals::State> state;
  bool open_only = false;  // state != closed
  std::optional<int64_t> department_id;
  std::optional<int64_t> handler_id;
  std::optional<int64_t> overdue_at;     // only cases past a deadline they have not met at this time
  bool escalated_only = false;           // escalation_level > 0
  std::optional<std::string> category;
  std::optional<int64_t> created_from;   // created_at >= (epoch ms)
  std::optional<int64_t> created_to;     // created_at < (epoch ms)
  std::optional<appeals::Channel> channel;
  std::vector<std::string> categories;   // any of these category codes (empty: all)
  std::vector<appeals::State> states;    // any of these states (empty: all)
  std::vector<int64_t> ids;              // any of these ids (empty: all)
  bool newest_first = false;             // order by created_at descending instead
  int64_t limit = 200;
  int64_t offset = 0;
};

// Reads, available both in a read snapshot and inside a write transaction.
class Reader {
 public:
  virtual ~Reader() = default;
  virtual std::optional<User> userById(int64_t id) = 0;
  virtual std::optional<User> userByUsername(const std::string& username) = 0;
  virtual std::vector<User> listUsers() = 0;  // ordered by id
  virtual std::optional<Department> departmentById(int64_t id) = 0;
  virtual std::vector<Department> listDepartments() = 0;  // ordered by id
  virtual std::optional<SessionRow> sessionByTokenHash(const std::string& token_hash) = 0;
  // Events with seq > after_seq, ascending, at most `limit`.
  virtual std::vector<Event> eventsAfter(int64_t after_seq, int64_t limit) = 0;
  // The newest `limit` events, descending by seq.
  virtual std::vector<Event> latestEvents(int64_t limit) = 0;
  virtual int64_t lastSeq() = 0;  // 0 when the ledger is empty
  // Events about one subject (e.g. "appeal:12"), ascending: a case's timeline.
  virtual std::vector<Event> eventsBySubject(const std::string& subject) = 0;

  // Appeals.
  virtual std::vector<appeals::Category> listCategories() = 0;  // ordered by group, code
  virtual std::optional<appeals::Category> categoryByCode(const std::string& code) = 0;
  virtual std::vector<appeals::RoutingRule> listRoutingRules() = 0;
  // What routing a new case reads (the appeal intake, on the writer): the rules of one category,
  // ordered by id, and the enabled handlers of one department, ordered by id. The same rows as
  // listRoutingRules() / listUsers() filtered, without reading every user per appeal.
  virtual std::vector<appeals::RoutingRule> routingRulesFor(const std::string& category) = 0;
  virtual std::vector<User> departmentHandlers(int64_t department_id) = 0;
  virtual std::optional<appeals::Appeal> appealById(int64_t id) = 0;
  virtual std::optional<appeals::Appeal> appealByTrackingCode(const std::string& code) = 0;
  virtual std::vector<appeals::Appeal> listAppeals(const AppealQuery& q) = 0;
  // Rectifications, newest first; open ones only when `open_only`.
  virtual std::vector<appeals::Rectification> listRectifications(bool open_only, int64_t limit) = 0;
  virtual std::optional<appeals::Rectification> rectificationById(int64_t id) = 0;
  // Photos sent with an appeal: metadata only (no bytes), oldest first.
  virtual std::vector<appeals::AppealPhoto> listAppealPhotos(int64_t appeal_id) = 0;
  // One photo with its bytes; nullopt when it does not exist or belongs to another appeal.
  virtual std::optional<appeals::AppealPhoto> appealPhoto(int64_t appeal_id, int64_t photo_id) = 0;

  // Events with from_ms <= at < to_ms whose subject starts with `subject_prefix`, ascending by seq.
  virtual std::vector<Event> eventsBetween(int64_t from_ms, int64_t to_ms, const std::string& subject_prefix,
                                           int64_t limit) = 0;

  // Open311: API keys, category attributes, what a client sent with a request.
  virtual std::vector<ApiKey> listApiKeys() = 0;  // ordered by id
  virtual std::optional<ApiKey> apiKeyById(int64_t id) = 0;
  virtual std::optional<ApiKey> apiKeyByHash(const std::string& key_hash) = 0;
  // Ordered by order, then code.
  virtual std::vector<appeals::CategoryAttribute> listCategoryAttributes(const std::string& category) = 0;
  virtual std::optional<Open311Submission> open311Submission(int64_t appeal_id) = 0;

  // The live service hall (sql/hall.cc). Lists are ordered by id unless said otherwise.
  virtual std::vector<HallRow> listHalls() = 0;
  virtual std::optional<HallRow> hallById(int64_t id) = 0;
  virtual std::vector<HallServiceRow> listHallServices(int64_t hall_id) = 0;
  virtual std::vector<WindowRow> listWindows(int64_t hall_id) = 0;  // ordered by number
  virtual std::optional<WindowRow> windowById(int64_t id) = 0;
  virtual std::vector<StaffSkillRow> listStaffSkills(int64_t hall_id) = 0;  // ordered by user id
  // Tickets waiting, called or being served in the hall.
  virtual std::vector<TicketRow> listLiveTickets(int64_t hall_id) = 0;
  virtual std::optional<TicketRow> ticketById(int64_t id) = 0;
  virtual std::optional<TicketRow> ticketByCode(const std::string& public_code) = 0;
  // The ticket finished most recently at the window (any state that has finished_at), if any.
  virtual std::optional<TicketRow> lastFinishedAtWindow(int64_t window_id) = 0;
  // Tickets called since `since`, newest call first.
  virtual std::vector<TicketRow> recentCalls(int64_t hall_id, int64_t since, int64_t limit) = 0;
  virtual std::optional<TicketRatingRow> ticketRating(int64_t ticket_id) = 0;

  // Matters and applications (sql/matters.cc)
  // Every matter with its draft, ordered by code.
  virtual std::vector<matters::MatterRecord> listMatters() = 0;
  virtual std::optional<matters::MatterRecord> matterById(int64_t id) = 0;
  // The current published version; nullopt when unknown or never published.
  virtual std::optional<matters::Matter> publishedMatter(int64_t id) = 0;
  virtual std::optional<matters::Matter> publishedMatterVersion(int64_t id, int version) = 0;
  // Every matter's current published version, ordered by code (never-published ones left out).
  virtual std::vector<matters::Matter> listPublishedMatters() = 0;
  virtual std::vector<matters::MatterVersionInfo> listMatterVersions(int64_t id) = 0;  // newest first
  // The saved jargon list in its order; nullopt when an administrator never saved one.
  virtual std::optional<std::vector<matters::JargonEntry>> jargonTerms() = 0;
  // Applications come with their notifications and visits, oldest first.
  virtual std::optional<matters::Application> applicationById(int64_t id) = 0;
  virtual std::optional<matters::Application> applicationByCode(const std::string& code) = 0;
  virtual std::vector<matters::Application> listApplications(const matters::ApplicationQuery& q) = 0;
  // Applications with from_ms <= finished_at < to_ms, ascending by finished_at.
  virtual std::vector<matters::Application> finishedApplications(int64_t from_ms, int64_t to_ms) = 0;

  // Appointments (sql/appointments.cc)
  virtual std::optional<AppointmentRow> appointmentById(int64_t id) = 0;
  virtual std::optional<AppointmentRow> appointmentByCode(const std::string& code) = 0;
  // Appointments holding a place (booked or checked in) per slot start of one hall service, for
  // slots with from <= slot_start < to; ascending by slot start; slots with none are left out.
  virtual std::vector<std::pair<int64_t, int>> bookedPerSlot(int64_t hall_id, const std::string& service,
                                                             int64_t from, int64_t to) = 0;
  // Places per slot of a hall service (kDefaultAppointmentCapacity when never set).
  virtual int appointmentCapacity(int64_t hall_id, const std::string& service) = 0;
  // Booked appointments whose reminder is due at `now` and not sent yet, by reminder_due, id.
  virtual std::vector<AppointmentRow> dueAppointmentReminders(int64_t now, int64_t limit) = 0;

  // Hall settings: shifts and priority weights (sql/hall.cc)
  // Stored weight per priority class code; empty when the hall keeps the defaults.
  virtual std::map<std::string, int> hallPriorityWeights(int64_t hall_id) = 0;
  // Ordered by user id, then start, then id.
  virtual std::vector<HallShiftRow> listHallShifts(int64_t hall_id) = 0;
};

using ReadTx = Reader;

// Writes. Every state change must be accompanied by appendEvent in the same WriteTx.
class WriteTx : public Reader {
 public:
  // Assigns seq = lastSeq()+1, prev_hash = hash of the previous event (64 zeros for the first),
  // canonicalises payload_json (kInvalid if it is not JSON) and computes the hash.
  virtual Result<Event> appendEvent(const EventDraft& draft) = 0;
  // As appendEvent with the payload given as a JSON value (draft.payload_json is ignored). Its
  // dump() is already the canonical form (sorted keys, no whitespace, strict UTF-8), so the hot
  // paths skip canonicalJson's parse and re-serialisation; the stored bytes and hash are the same.
  virtual Result<Event> appendJsonEvent(const EventDraft& draft, const nlohmann::json& payload) = 0;
  // As appendJsonEvent with a flat object built by CanonicalJsonObject: no JSON tree at all.
  virtual Result<Event> appendObjectEvent(const EventDraft& draft, const CanonicalJsonObject& payload) = 0;
  virtual Result<int64_t> insertDepartment(const Department& d) = 0;  // d.id ignored; returns id
  // d.id ignored; returns the new id; kConflict when the username exists.
  virtual Result<int64_t> insertUser(const User& u) = 0;
  virtual Status setUserDisabled(int64_t user_id, bool disabled) = 0;            // kNotFound
  virtual Status setUserPresence(int64_t user_id, const std::string& presence) = 0;  // kNotFound
  virtual Status insertSession(const SessionRow& s) = 0;
  virtual Status deleteSession(const std::string& token_hash) = 0;  // no error when absent
  virtual Status deleteSessionsOfUser(int64_t user_id) = 0;

  // Appeals.
  virtual Status upsertCategory(const appeals::Category& c) = 0;
  virtual Result<int64_t> insertRoutingRule(const appeals::RoutingRule& r) = 0;  // r.id ignored
  // a.id ignored; kConflict when the tracking code exists (the caller draws a new one).
  virtual Result<int64_t> insertAppeal(const appeals::Appeal& a) = 0;
  virtual Status updateAppeal(const appeals::Appeal& a) = 0;  // by id; kNotFound when absent
  virtual Result<int64_t> insertRectification(const appeals::Rectification& r) = 0;  // r.id ignored
  virtual Status updateRectification(const appeals::Rectification& r) = 0;          // by id; kNotFound
  virtual Result<int64_t> insertAppealPhoto(const appeals::AppealPhoto& p) = 0;     // p.id ignored

  // Open311. insertApiKey: k.id ignored; returns the id. revokeApiKey: kNotFound, or kConflict when
  // already revoked.
  virtual Result<int64_t> insertApiKey(const ApiKey& k) = 0;
  virtual Status revokeApiKey(int64_t id, int64_t at) = 0;
  virtual Status upsertCategoryAttribute(const appeals::CategoryAttribute& a) = 0;  // kInvalid: unknown category
  virtual Status insertOpen311Submission(const Open311Submission& s) = 0;

  // The live service hall. Inserts ignore the row's id and return the new one; kConflict on a
  // duplicate code/number (hall code, service code, window number, ticket public code, a second
  // rating); updates are by id and kNotFound when absent.
  virtual Result<int64_t> insertHall(const HallRow& h) = 0;
  virtual Status updateHall(const HallRow& h) = 0;
  virtual Result<int64_t> insertHallService(const HallServiceRow& s) = 0;
  virtual Status updateHallService(const HallServiceRow& s) = 0;
  virtual Result<int64_t> insertWindow(const WindowRow& w) = 0;
  virtual Status updateWindow(const WindowRow& w) = 0;  // kConflict: the user sits at another window
  virtual Status setStaffSkills(const StaffSkillRow& s) = 0;  // insert or replace
  virtual Result<int64_t> insertTicket(const TicketRow& t) = 0;
  virtual Status updateTicket(const TicketRow& t) = 0;
  virtual Status insertTicketRating(const TicketRatingRow& r) = 0;

  // Matters and applications (sql/matters.cc)
  // A new matter from its first draft (id ignored; version 0, unpublished); returns the id.
  // kConflict on a duplicate code; kInvalid on an unknown department.
  virtual Result<int64_t> insertMatter(const matters::Matter& draft, int64_t at) = 0;
  // Replaces the draft of matter draft.id; kNotFound, kConflict (code taken), kInvalid (department).
  virtual Status saveMatterDraft(const matters::Matter& draft, int64_t at) = 0;
  // Publishes the draft as version current+1 (kept beside every earlier version) and returns it;
  // kNotFound.
  virtual Result<matters::Matter> publishMatter(int64_t id, int64_t at, int64_t by_user) = 0;
  // Replaces the jargon list (kInvalid: an empty or duplicate term).
  virtual Status setJargonTerms(const std::vector<matters::JargonEntry>& terms, int64_t at) = 0;
  // a.id ignored (notifications and visits too: add them with insertNotification / insertVisit);
  // kConflict when the code exists (the caller draws a new one); kInvalid on an unknown matter.
  virtual Result<int64_t> insertApplication(const matters::Application& a) = 0;
  // The application's own fields by id (not its notifications or visits); kNotFound.
  virtual Status updateApplication(const matters::Application& a) = 0;
  // Appended after the application's earlier ones; kInvalid on an unknown application.
  virtual Status insertNotification(int64_t application_id, const matters::Notification& n) = 0;
  virtual Status insertVisit(int64_t application_id, const matters::Visit& v) = 0;

  // Appointments (sql/appointments.cc)
  // a.id ignored; returns the new id. The capacity of the slot is checked here, inside the
  // transaction (the single writer), so concurrent bookings can never overbook: kConflict with
  // field "slot_start" when the slot is full; kConflict with field "code" when the code exists.
  virtual Result<int64_t> insertAppointment(const AppointmentRow& a) = 0;
  // By id; kNotFound when absent. Moving a booked appointment to another slot checks that slot's
  // capacity the same way (kConflict, field "slot_start").
  virtual Status updateAppointment(const AppointmentRow& a) = 0;
  virtual Status setAppointmentCapacity(int64_t hall_id, const std::string& service, int capacity) = 0;  // kInvalid < 0

  // Hall settings: shifts and priority weights (sql/hall.cc)
  // Replaces the hall's stored weights with `weights` (class code → weight).
  virtual Status setHallPriorityWeights(int64_t hall_id, const std::map<std::string, int>& weights) = 0;
  // Replaces all the hall's shifts (ids are ignored and assigned anew).
  virtual Status replaceHallShifts(int64_t hall_id, const std::vector<HallShiftRow>& shifts) = 0;
};

using WriteFn = std::function<Status(WriteTx&)>;
using WriteDone = std::function<void(Status)>;

// Counters for /metrics. Batch sizes are counted per commit.
struct StoreStats {
  int64_t queue_depth = 0;    // writes waiting for the writer thread now
  int64_t commits = 0;        // transactions committed
  int64_t writes = 0;         // WriteFns run
  int64_t failed_writes = 0;  // WriteFns that returned an error (rolled back alone)
  int64_t syncs = 0;          // syncs to disk that acknowledged writes (SQLite: fdatasync of the WAL)
  int64_t synced_writes = 0;  // writes those syncs made durable (synced_writes / syncs: writes per sync)
  // Histogram of writes per commit, upper bounds 1,2,4,8,16,32,64,128,+Inf (cumulative=false).
  std::vector<int64_t> batch_size_buckets;
  // Why writes fail now (empty while they work): the last batch could not commit (disk full, the
  // database gone), or, with `writes_stopped`, a sync to disk failed and nothing may commit again
  // until the node restarts. /healthz reports it.
  std::string write_problem;
  bool writes_stopped = false;
};

struct StoreOptions {
  // true: `done` reports a write only once it is durable (SQLite: the WAL is fdatasynced after the
  // commit, by a second thread). false: no sync at all; a power loss may undo acknowledged writes.
  bool synchronous_full = true;
  int read_connections = 4;
  int max_batch = 128;  // most WriteFns in one transaction
  // Read-only commands (ledger verify, check, list): the database must already be OneDoor's;
  // nothing is created (no directory, no file, no tables).
  bool must_exist = false;
  // `serve --init`: take an existing 0-byte file, or a database holding other tables, and add
  // OneDoor's tables to it. Without it such a database is refused untouched.
  bool adopt = false;
  // SQLite: PRAGMA quick_check before serving; a damaged file is refused with how to restore.
  bool quick_check = false;
};

class Store {
 public:
  virtual ~Store() = default;

  // Queues `fn` for the single writer. Queued writes are grouped into one transaction (group
  // commit); each runs inside its own savepoint, so a WriteFn that returns an error is rolled back
  // alone and the others still commit. `done` runs once the transaction is durable, with fn's
  // status (or the commit's or the sync's error), on the store's completion thread (SQLite: the
  // syncer, not the writer), one at a time and in commit order; it must be quick and must not
  // block. It must not touch state that WriteFns own (they run on the writer thread meanwhile).
  // It may submit() again, but not write() (that would wait for itself). Other readers may see
  // a write shortly before its `done` runs. After close(), `done` is called at once with
  // kUnavailable.
  virtual void submit(WriteFn fn, WriteDone done) = 0;

  // Runs fn on a read-only connection from the pool (a consistent snapshot). Any thread.
  virtual Status read(const std::function<Status(Reader&)>& fn) = 0;

  virtual StoreStats stats() const = 0;

  // Stops accepting writes, drains the queue (all queued writes commit and every `done` runs
  // exactly once), stops the store's threads. Idempotent; safe from a `done` (it then returns
  // before the remaining `done`s have run).
  virtual void close() = 0;

  // Adds a hook the writer thread runs after each batch's transaction ended, before the batch's
  // `done`s are handed on: `committed` is false when the batch as a whole failed (its writes rolled
  // back). For caches kept on the writer thread that must see where each batch ends (the hall builds
  // one read snapshot per batch). Any thread may add one; a hook must be quick and must not submit.
  virtual void addBatchEndHook(std::function<void(bool committed)> hook) = 0;

  // Several nodes on one database (`onedoor serve` processes sharing a PostgreSQL) tell each other
  // about changes that what they keep in memory must follow (the hall's live state, WebSocket
  // messages). notifyNodes sends `payload` (at most kMaxNodeMessage bytes) on `channel` to the
  // listeners of every other node, never back to this one; call it only once the change is
  // committed. A listener runs on the store's listener thread, one message at a time, and must be
  // quick; it is also called with an empty payload when the link to the database came back after
  // a loss (messages may have been missed: refresh everything). The SQLite store serves one node:
  // both do nothing there.
  static constexpr size_t kMaxNodeMessage = 7900;
  virtual void notifyNodes(const std::string& channel, const std::string& payload);
  virtual void listenNodes(const std::string& channel, std::function<void(const std::string& payload)> fn);

  // Blocking form of submit(): returns once fn's transaction is durable.
  Status write(WriteFn fn);
};

// Opens a store from a URL: "sqlite:PATH" (created with migrations applied when new) or
// "postgresql://user@host:port/database" (migrations applied; the database must exist). A
// database that is not OneDoor's is refused untouched unless options.adopt (see StoreOptions).
Result<std::unique_ptr<Store>> openStore(const std::string& url, const StoreOptions& options = {});

// `onedoor check`: SQLite's full integrity_check (every page, every index) of an existing
// database, without opening it for writing. ok, or kInternal naming the first problems. On
// PostgreSQL, which checks its own pages, only that the database is OneDoor's.
Status checkDatabaseIntegrity(const std::string& url);

}  // namespace onedoor
