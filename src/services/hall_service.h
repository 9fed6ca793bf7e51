// The live service hall: tickets, windows, presence at windows, remedies and ratings over the
// Store, with the pure hall::Dispatcher deciding call-next, waits, glass doors and remedies.
// Thread-safety: the per-hall Dispatcher caches are touched only on the store's writer thread
// (inside WriteFns and the store's batch-end hook), never in done callbacks, which run on the
// store's completion thread. The hook builds one immutable HallSnapshot per hall and commit batch;
// the done callbacks publish it under a mutex once the batch is durable. snapshot(), publishers and
// the notifier are safe from any thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "hall/ticket_lifecycle.h"
#include "hall/dispatcher.h"
#include "services/hall_cache.h"
#include "services/calendar_book.h"
#include "store/store.h"

namespace onedoor::services {

// Who asks for a window command (resolved from the session by the API).
struct HallActor {
  int64_t user_id = 0;
  std::string role;  // clerk | supervisor | admin | system
};

// A "near the front" notification for the SMS gateway.
struct NearFrontNotice {
  std::string ticket_id;  // public code
  std::string number;
  std::string phone;  // empty when the citizen gave none
  int ahead = 0;
  int64_t hall_id = 0;
};

// The result of one hall write, filled inside the WriteFn and used once it commits.
struct HallOutcome {
  int64_t hall_id = 0;
  int64_t version = 0;
  std::optional<TicketRow> ticket;
  std::optional<WindowRow> window;
  std::vector<nlohmann::json> events;  // WebSocket messages, sent after commit
  std::vector<NearFrontNotice> notices;
  std::optional<int64_t> rectification_id;
  bool fn_failed = false;  // the WriteFn itself refused (as opposed to its batch failing to commit)
  // The hall's snapshot as the write's commit batch left it (set on the writer thread at the end of
  // the batch; null when the dispatcher had to be dropped); published by committed().
  std::shared_ptr<const HallSnapshot> snapshot;
  bool snapshot_built = false;
  bool from_peer = false;  // a refresh because another node wrote: its messages stay on this node
  // issueWrite: the holder's secret, returned once with the new ticket (only its hash is stored).
  std::string holder_token;
};

struct IssueInput {
  std::string service;
  std::vector<std::string> services;  // a visit with several services (first = service when set)
  std::string priority = "normal";
  std::string channel = "kiosk";       // kiosk | remote | appointment
  std::string phone;
  // Set by the appointment service's check-in only (never from a request body): placed by this time.
  std::optional<int64_t> appointment;
  // A registered kiosk or a staff session issues it: only then does a priority class count at once.
  // Otherwise a claimed class is recorded (ticket.issued "claimed_priority") and the ticket waits
  // as normal until a clerk confirms the class at a window (WindowCmd::kConfirmPriority).
  bool trusted = false;
};

enum class WindowCmd {
  kCallNext, kRecall, kNoShow, kStart, kFinish, kTransfer, kRedirect,
  kSignIn, kSignOut, kSetState, kReskill, kConfirmPriority,
};

struct WindowArgs {
  std::string service;                // transfer
  int64_t window_id = 0;              // redirect target
  std::string state;                  // set state
  std::vector<std::string> services;  // reskill
  std::string number;                 // confirm priority: today's waiting ticket with this number
  std::string priority;               // confirm priority: the class the clerk saw proof of
};

struct RemedyInput {
  std::string kind;  // open_window | switch_window
  int64_t window_id = 0;
  int64_t staff_user_id = 0;
  std::string service;
};

class HallService {
 public:
  HallService(const Clock& clock, const CalendarBook& calendars);
  ~HallService();

  // Installs the batch-end hook on the store the hall's writes go to (before the first write).
  void attach(Store& store);

  // Sinks for committed hall writes: WebSocket publisher (hall id, JSON text) and the SMS notifier.
  // Set before serving; called from done callbacks (the store's completion thread); must not block.
  std::function<void(int64_t hall_id, const std::string& message)> publish;
  std::function<void(const NearFrontNotice&)> notify;

  // Several nodes on one database: every message this node publishes is also sent to the other
  // nodes (Store::notifyNodes), and a message from another node is published here too and
  // refreshes this node's snapshot of that hall from the database. Call once, after attach().
  void shareWithNodes(Store& store);

  WriteFn issueWrite(int64_t hall_id, IssueInput in, std::shared_ptr<HallOutcome> out);
  WriteFn windowWrite(int64_t window_id, WindowCmd cmd, WindowArgs args, HallActor actor,
                      std::shared_ptr<HallOutcome> out);
  // The holder's commands: `holder_token` is the secret returned when the ticket was issued.
  WriteFn cancelWrite(std::string ticket_code, std::string holder_token, std::shared_ptr<HallOutcome> out);
  WriteFn rateWrite(std::string ticket_code, std::string holder_token, int rating, std::string comment,
                    std::shared_ptr<HallOutcome> out);
  // The window's paired rating pad (the API checked its device token) rates the visit it offers:
  // the last ticket finished at the window within the last 10 minutes, not yet rated.
  WriteFn padRateWrite(int64_t window_id, int rating, std::string comment, std::shared_ptr<HallOutcome> out);
  WriteFn remedyWrite(int64_t hall_id, RemedyInput in, HallActor actor, std::shared_ptr<HallOutcome> out);
  // Stores the hall's priority weights (validated: see hall_settings.h) with a hall.settings_saved
  // event, and rebuilds the hall's dispatcher so the new head starts order the queues at once.
  WriteFn weightsWrite(int64_t hall_id, std::map<std::string, int> weights, HallActor actor,
                       std::shared_ptr<HallOutcome> out);
  // Rebuilds the hall's dispatcher and snapshot (and accumulates the glass-door index) without
  // changing anything else; bumps nothing. For readers that find no snapshot, and a periodic tick.
  WriteFn refreshWrite(int64_t hall_id, std::shared_ptr<HallOutcome> out);

  // The done callback for any of these writes: on success publishes the hall's snapshot built at
  // the end of the write's commit batch (see batchEnded), then the events and notices; on failure
  // nothing. Runs on the store's completion thread, once the write is durable.
  void committed(const HallOutcome& out, const Status& st);

  // The latest snapshot of a hall, or null before its first write since start.
  std::shared_ptr<const HallSnapshot> snapshot(int64_t hall_id) const;

  // Blocking helper (tests, demo traffic, CLI): submits the write and waits; runs committed().
  Status run(Store& store, WriteFn fn, const std::shared_ptr<HallOutcome>& out);

  const Clock& clock() const { return clock_; }
  // Start of the local day containing `ms` (ticket numbers and the glass-door index restart).
  int64_t dayStart(int64_t ms) const;

  // Tests: after every write that changed a hall's dispatcher, check its invariants
  // (Dispatcher::checkInvariants); a failure fails the write. Set before serving.
  void setCheckInvariants(bool on) { check_invariants_ = on; }

  // Renders a snapshot's public state (HallSnapshot::public_head, public_recent) once, on the writer
  // thread as the snapshot is built at the end of a commit batch. Set by the API (api/hall_render);
  // may be set at any time (a snapshot built without it is rendered by its first reader).
  using PublicRenderer = void (*)(HallSnapshot&);
  void setPublicRenderer(PublicRenderer fn) { render_public_.store(fn, std::memory_order_release); }

 private:
  struct WindowCtx;  // one window command's rows and cache (hall_service.cc)
  HallCache* cacheFor(WriteTx& tx, int64_t hall_id, int64_t now, Status& st);
  void dropCache(int64_t hall_id);
  WriteFn guarded(std::shared_ptr<HallOutcome> out, WriteFn body);
  Status finishWrite(WriteTx& tx, HallCache& c, HallRow& hall, int64_t now, HallOutcome& out);
  // The snapshot of a cache, with its public state rendered when a renderer is set.
  std::shared_ptr<HallSnapshot> buildSnapshot(const HallCache& c) const;
  // Window commands, one small function each (hall_service.cc).
  Status windowCommand(WindowCtx& x, WindowCmd cmd, const WindowArgs& args);
  Status callNext(WindowCtx& x);
  Status ticketCommand(WindowCtx& x, const hall::TicketCommand& cmd);
  Status commitTicket(WriteTx& tx, HallCache& c, HallChange& ch, const HallRow& h, const WindowRow* w,
                      TicketRow t, const hall::TicketChange& change, const std::string& actor, int64_t now,
                      HallOutcome& out);
  Status signIn(WindowCtx& x);
  Status signOut(WindowCtx& x);
  Status setWindowState(WindowCtx& x, const std::string& state);
  Status reskill(WindowCtx& x, const std::vector<std::string>& services);
  Status confirmPriority(WindowCtx& x, const WindowArgs& args);
  Status windowChanged(WindowCtx& x, HallChange& ch, const char* ledger_type, nlohmann::json extra);
  // The store's batch-end hook (writer thread): builds one snapshot per hall the batch wrote and
  // hands it to the batch's outcomes; when the batch failed to commit, drops those halls'
  // dispatchers (they hold changes that were rolled back) so the next write rebuilds them.
  void batchEnded(bool committed);
  // Another node wrote `hall_id`: rebuild its dispatcher and snapshot here (one refresh queued per
  // hall at a time). hall_id 0: every hall this node has a snapshot of.
  void refreshFromPeer(Store& store, int64_t hall_id);
  std::function<void(int64_t hall_id, const std::string& message)> share_;  // set by shareWithNodes
  std::mutex peer_mu_;
  std::unordered_set<int64_t> peer_refresh_queued_;  // guarded by peer_mu_

  const Clock& clock_;
  const CalendarBook& calendars_;
  std::unordered_map<int64_t, std::unique_ptr<HallCache>> caches_;  // writer thread only
  // Halls written in the current batch, and the outcomes of its successful hall writes (writer
  // thread only; see batchEnded()).
  std::unordered_set<int64_t> dirty_;
  std::vector<std::shared_ptr<HallOutcome>> batch_outs_;
  bool attached_ = false;
  // For side-by-side benchmarks only (env ONEDOOR_BENCH_SNAPSHOT_PER_WRITE=1): the old behaviour,
  // one snapshot per write and the dispatcher dropped after any refused write.
  bool per_write_ = false;
  // Halls whose cache the current write changed (writer thread only; see HallChange, guarded()).
  std::unordered_set<int64_t> moved_;
  bool check_invariants_ = false;
  std::atomic<PublicRenderer> render_public_{nullptr};
  mutable std::mutex snap_mu_;
  std::unordered_map<int64_t, std::shared_ptr<const HallSnapshot>> snaps_;
};

// The class a waiting ticket's holder claimed that no clerk has confirmed yet ("" when none).
std::string claimedPriority(Reader& r, const TicketRow& t);
// "very_satisfied" … "very_dissatisfied" for 5 … 1.
const char* hallRatingName(int rating);

// Whether `token` is the holder's secret of ticket `t` (returned once when it was issued).
bool holderValid(Reader& r, const TicketRow& t, const std::string& token);

// The last ticket finished at a window in the 10 minutes before `now` and not yet rated: what the
// window's rating pad offers.
std::optional<TicketRow> padTicket(Reader& r, int64_t window_id, int64_t now);

// A ticket number: the service's prefix and the day's count, at least three digits ("A007"); the
// 1,000th ticket of a service in a day is "A1000" (no wrap: a number is never given twice a day).
std::string formatTicketNumber(std::string_view prefix, int64_t n);

// Names and parsing shared with the API.
bool isPriorityClass(std::string_view p);
std::optional<int> parseHallRating(std::string_view s);  // "very_satisfied" … → 5 … 1

}  // namespace onedoor::services
